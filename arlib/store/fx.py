"""Missing FX rates, defined once: which currencies have rows that need a rate to the base
currency on a date with none on or before it, and the message that names them (the import's
report, every page that converts, the report command)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from arlib.settings import Settings
from arlib.store.db import run_sql
from arlib.store.queries import sql_text

QUERY = "store/sql/fx/missing_rates.sql"


def _params(settings: Settings, as_of: date | None, customer_id: str | None,
            reps: Collection[str] | None = None) -> dict[str, Any]:
    return {"base_currency": settings.base_currency, "as_of": as_of, "customer_id": customer_id,
            "reps": None if reps is None else sorted(reps)}


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    """first_on and first_rate_on as dates (None where a currency has no rate at all)."""
    for col in ("first_on", "first_rate_on"):
        frame[col] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in frame[col]]
    return frame


def missing_rates(con: duckdb.DuckDBPyConnection, *, settings: Settings,
                  as_of: date | None = None, customer_id: str | None = None,
                  reps: Collection[str] | None = None) -> pd.DataFrame:
    """One row per currency with documents, payment rows or promises dated on or before
    `as_of` (any date when None), of one customer when given, of the customers owned today
    by `reps` (the viewer's rep scope) when given, that need a rate to the base currency and
    have none on or before their date: the first such date (first_on), the currency's first
    rate (first_rate_on, None when it has none) and the rows per kind. Empty when every
    amount can be converted."""
    return _dates(run_sql(con, QUERY, **_params(settings, as_of, customer_id, reps)))


def missing_in_load(cur: duckdb.DuckDBPyConnection, *, settings: Settings) -> pd.DataFrame:
    """missing_rates over every date, read on a load's own cursor inside its transaction
    (the rows as they will be once it commits)."""
    return _dates(cur.execute(sql_text(QUERY), _params(settings, None, None)).df())


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _currency(row: Any) -> str:
    kinds = [_count(int(n), word) for n, word in ((row.count_documents, "document"),
                                                  (row.count_payments, "payment row"),
                                                  (row.count_promises, "promise")) if n]
    needed_by = ", ".join(kinds[:-1]) + " and " + kinds[-1] if len(kinds) > 1 else kinds[0]
    first_rate = (f"the first {row.currency} rate is dated {row.first_rate_on:%Y-%m-%d}"
                  if row.first_rate_on else f"there is no {row.currency} rate at all")
    return (f"no {row.currency} rate on or before {row.first_on:%Y-%m-%d}, needed by "
            f"{needed_by} ({first_rate})")


def message(missing: pd.DataFrame, *, base_currency: str) -> str:
    """The sentence naming each currency and the first date with no rate ('' when none)."""
    if missing.empty:
        return ""
    which, needs = (("this currency", "a rate dated on or before that date") if len(missing) == 1
                    else ("these currencies", "a rate of each dated on or before its date"))
    return ("Missing FX rates: " + "; ".join(_currency(r) for r in missing.itertuples())
            + f". Amounts in {which} cannot be converted to {base_currency} until fx_rates "
            f"holds {needs}.")
