"""The state of the store: which dates it covers, its latest load, first-launch sample data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from arlib.settings import Settings
from arlib.store import loader
from arlib.store.db import open_database, run_sql


@dataclass(frozen=True)
class StoreStatus:
    """Latest load of the store and whether the data is the built-in sample."""

    load_id: int
    loaded_at: datetime | None
    source: str
    count_data_loads: int
    count_orphans: int
    is_sample: bool


def date_range(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """First and last dated event in the store (None, None when it is empty)."""
    row = run_sql(con, "store/sql/status/date_range.sql").iloc[0]
    return tuple(None if pd.isna(v) else pd.Timestamp(v).date()
                 for v in (row.first_on, row.last_on))


def reps(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per rep: id and name (for filters)."""
    return run_sql(con, "store/sql/status/reps.sql")


def customer_names(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per customer: id, name and owner rep (for search)."""
    return run_sql(con, "store/sql/status/customer_names.sql")


def regions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The customer regions in the store, sorted (for filters)."""
    return run_sql(con, "store/sql/status/regions.sql")["region"].tolist()


def loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per load, newest first: time, file names, layout, status and row counts."""
    return run_sql(con, "store/sql/load/history.sql")


def status(con: duckdb.DuckDBPyConnection, settings: Settings) -> StoreStatus:
    """The latest load (id 0 when nothing was ever loaded) and if it is the sample data."""
    frame = run_sql(con, "store/sql/status/store_status.sql")
    if frame.empty:
        return StoreStatus(0, None, "", 0, 0, False)
    row = frame.iloc[0]
    sample = str(settings.resolved_sample_dir())
    return StoreStatus(int(row.load_id), row.loaded_at.to_pydatetime(), row.source,
                       int(row.count_data_loads), int(row.count_orphans),
                       all(s.strip() == sample for s in str(row.source).split(",")))


def open_store(settings: Settings) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """Open the configured database; on first launch build it from the sample data.

    Returns the connection and whether this call loaded the sample data.
    """
    path: Path = settings.resolved_db_path()
    is_new = not path.exists()
    con = open_database(path)
    sample = settings.resolved_sample_dir()
    if is_new and sample.is_dir() and any(sample.glob("*.csv")):
        loader.load(con, [sample])
        return con, True
    return con, False
