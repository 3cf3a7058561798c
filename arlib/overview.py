"""The CFO's headline figures as of a date (metrics.md §1 and the open promises)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib import aging, promises
from arlib.db import run_sql
from arlib.scope import EVERYONE, Scope
from arlib.settings import Settings


def headline(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
             scope: Scope = EVERYONE) -> pd.Series:
    """One record of base-currency figures as of the date: open AR, past due, unapplied,
    disputed, customers with a balance, pending promises (count, amount, still to come)."""
    head = run_sql(con, "overview/headline.sql", as_of=as_of,
                   **aging.params(settings, scope)).iloc[0]
    book = promises.book(con, as_of=as_of, settings=settings, scope=scope).promises
    pending = book[book.status == "pending"]
    head["count_open_promises"] = len(pending)
    head["open_promises_amt"] = round(float(pending.amount_base.sum()), 2)
    head["open_promises_due_amt"] = round(float(
        (pending.amount_base - pending.allocated_base_amt).sum()), 2)
    return head

