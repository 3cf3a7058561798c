"""Introduction calls: new customers with credit, and accounts handed over (metrics.md §12)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib import written
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_sql

COVER = "who you are, the terms, how to reach you, who approves payment"


def introductions(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                  scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer to introduce oneself to on the date: why (new or hand-over),
    in words, and what to cover (the owner's name, the terms)."""
    rows = run_sql(con, "figures/sql/day/introductions.sql", as_of=as_of,
                   new_days=settings.introduction_days, **scope.params())
    def reason(row) -> str:
        if row.kind == "new":
            return (f"new customer since {written.day(row.customer_since)} with a credit "
                    f"limit of {written.money(row.credit_limit_amt, settings.base_currency)}, "
                    "no contact yet")
        if not pd.isna(row.handed_on):  # a change of owner a load recorded
            before = written.text(row.handed_from_name) or written.text(row.handed_from_rep)
            return (f"handed over from {before or 'no rep'} on {written.day(row.handed_on)}, "
                    "no contact by its owner since")
        other = written.text(row.last_other_name) or written.text(row.last_other_rep)
        return (f"handed over: {other} last worked it on {written.day(row.last_other_on)}, "
                "no contact by its owner yet")

    why = [reason(row) for row in rows.itertuples()]
    cover = [f"who you are ({written.text(n) or written.text(r) or 'the owner'}), the terms "
             f"({'not on file' if pd.isna(t) else f'{int(t)} days'}), how to reach you, "
             "who approves payment"
             for n, r, t in zip(rows.rep_name, rows.rep_id, rows.terms_days, strict=True)]
    return pd.DataFrame({"customer_id": rows.customer_id, "kind": rows.kind, "why": why,
                         "cover": cover})
