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
    why = [f"new customer since {written.day(s)} with a credit limit of "
           f"{written.money(a, settings.base_currency)}, no contact yet" if k == "new" else
           f"handed over: {written.text(n) or written.text(r)} last worked it on "
           f"{written.day(o)}, no contact by its owner yet"
           for k, s, a, n, r, o in zip(rows.kind, rows.customer_since, rows.credit_limit_amt,
                                       rows.last_other_name, rows.last_other_rep,
                                       rows.last_other_on, strict=True)]
    cover = [f"who you are ({written.text(n) or written.text(r) or 'the owner'}), the terms "
             f"({'not on file' if pd.isna(t) else f'{int(t)} days'}), how to reach you, "
             "who approves payment"
             for n, r, t in zip(rows.rep_name, rows.rep_id, rows.terms_days, strict=True)]
    return pd.DataFrame({"customer_id": rows.customer_id, "kind": rows.kind, "why": why,
                         "cover": cover})
