"""Cool-off: customers nobody calls for a while after a hostile contact or note (metrics.md §12)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_sql


def cooling_off(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer kept off the call lists on the date: the latest hostile event
    (contact or note), when it happened and when the cool-off lifts (timestamps, no zone)."""
    return run_sql(con, "figures/sql/day/cool_offs.sql", as_of=as_of,
                   outcomes=list(settings.hostile_outcomes), words=list(settings.hostile_words),
                   hours=settings.cool_off_hours, **scope.params())
