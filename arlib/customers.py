"""One customer as of a date (metrics.md §5): master data and open items."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib import aging
from arlib.db import run_sql
from arlib.settings import Settings


def header(con: duckdb.DuckDBPyConnection, *, customer_id: str) -> pd.Series | None:
    """The customer's master data and owner (one record), None for an unknown id."""
    frame = run_sql(con, "customers/header.sql", customer_id=customer_id)
    return None if frame.empty else frame.iloc[0]


def open_items(con: duckdb.DuckDBPyConnection, *, customer_id: str, as_of: date,
               settings: Settings) -> pd.DataFrame:
    """One row per open item of the customer as of the date, oldest due first."""
    return run_sql(con, "customers/open_items.sql", customer_id=customer_id, as_of=as_of,
                   **aging.params(settings))


def balances(items: pd.DataFrame, header: pd.Series, *, first_bucket: str) -> pd.Series:
    """The customer's open, past due and disputed balance (base currency) and the share of
    the credit limit in use, from its open items (one record)."""
    buckets = items[items.bucket != "unapplied"]
    open_amt = float(items.open_amt.sum())
    limit = header.credit_limit_amt
    return pd.Series({
        "open_amt": open_amt,
        "past_due_amt": float(buckets[buckets.bucket != first_bucket].open_amt.sum()),
        "disputed_amt": float(items[items.is_disputed].open_amt.sum()),
        "credit_limit_amt": limit,
        "credit_used_pct": open_amt / limit if limit and limit == limit and limit > 0 else None,
    })
