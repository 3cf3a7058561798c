"""The CFO's headline figures and aging buckets as of a date (metrics.md §1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from arlib.db import run_sql
from arlib.settings import Settings


def aging_params(settings: Settings) -> dict[str, Any]:
    """The settings every query over `open_items` takes, as named parameters."""
    return {
        "base_currency": settings.base_currency,
        "fx_policy": settings.fx_policy,
        "aging_basis": settings.aging_basis,
        "bucket_edges": list(settings.aging_bucket_edges),
        "bucket_labels": settings.bucket_labels(),
    }


def headline(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings) -> pd.Series:
    """One record of base-currency figures as of the date: open AR, past due, unapplied,
    disputed, customers with a balance, open promises (count and amount)."""
    frame = run_sql(con, "overview/headline.sql", as_of=as_of,
                    grace_days=settings.promise_grace_days, **aging_params(settings))
    return frame.iloc[0]


def buckets(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings) -> pd.DataFrame:
    """One row per aging bucket, then `unapplied`: open amount in base currency and item count."""
    return run_sql(con, "overview/buckets.sql", as_of=as_of, **aging_params(settings))
