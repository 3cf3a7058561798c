"""The CFO's headline figures as of a date (metrics.md §1 and the open promises)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib import aging
from arlib.db import run_sql
from arlib.settings import Settings


def headline(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings) -> pd.Series:
    """One record of base-currency figures as of the date: open AR, past due, unapplied,
    disputed, customers with a balance, open promises (count and amount)."""
    frame = run_sql(con, "overview/headline.sql", as_of=as_of,
                    grace_days=settings.promise_grace_days, **aging.params(settings))
    return frame.iloc[0]

