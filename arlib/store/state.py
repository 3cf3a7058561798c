"""The state of the store: which dates it covers, its latest load, the sample book (built into
the default database on first launch, or loaded on request)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from arlib import settings as app_settings
from arlib.settings import Settings
from arlib.store import loader
from arlib.store.db import open_database, run_sql


@dataclass(frozen=True)
class StoreStatus:
    """Latest load of the store, and whether the store holds the built-in sample book."""

    load_id: int
    loaded_at: datetime | None
    source: str
    count_data_loads: int
    count_orphans: int
    is_sample: bool  # a load of the sample folder changed data: its invented rows are in
    count_own_loads: int = 0  # loads of other files that changed data

    @property
    def is_empty(self) -> bool:
        """No load ever changed data: the store holds no rows."""
        return self.count_data_loads == 0


def date_range(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """First and last dated event in the store (None, None when it is empty)."""
    row = run_sql(con, "store/sql/status/date_range.sql").iloc[0]
    return tuple(None if pd.isna(v) else pd.Timestamp(v).date()
                 for v in (row.first_on, row.last_on))


def reps(con: duckdb.DuckDBPyConnection, *, only: Collection[str] | None = None
         ) -> pd.DataFrame:
    """One row per rep: id and name (for filters); `only` those rep ids (the viewer's rep
    scope) when given."""
    return run_sql(con, "store/sql/status/reps.sql", reps=_listed(only))


def _listed(reps: Collection[str] | None) -> list[str] | None:
    """A viewer's rep scope as a query parameter: a sorted list, or None for no restriction."""
    return None if reps is None else sorted(reps)


def find_customers(con: duckdb.DuckDBPyConnection, query: str, *, max_rows: int = 20,
                   reps: Collection[str] | None = None) -> pd.DataFrame:
    """Up to `max_rows` customers (id, name, owner rep) whose id or name holds `query`, ignoring
    case, the closest first (the search box: a few rows, not every customer, per keystroke);
    only customers owned today by one of `reps` (the viewer's rep scope) when given."""
    return run_sql(con, "store/sql/status/find_customers.sql", query=query, max_rows=max_rows,
                   reps=_listed(reps))


def regions(con: duckdb.DuckDBPyConnection, *, reps: Collection[str] | None = None
            ) -> list[str]:
    """The regions of the customers in the store, sorted (for filters); of the customers
    owned today by one of `reps` (the viewer's rep scope) when given."""
    return run_sql(con, "store/sql/status/regions.sql", reps=_listed(reps))["region"].tolist()


def loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per load, newest first: time, file names, layout, status and row counts."""
    return run_sql(con, "store/sql/load/history.sql")


def loads_from(con: duckdb.DuckDBPyConnection, *, path: str) -> pd.DataFrame:
    """One row per load (id, status, files that brought no row) of files read from under
    the folder `path`."""
    return run_sql(con, "store/sql/load/loads_from.sql", path=path)


def status(con: duckdb.DuckDBPyConnection, settings: Settings) -> StoreStatus:
    """The latest load (id 0 when nothing was ever loaded), whether the sample book was
    loaded, and how many loads of other files changed data."""
    frame = run_sql(con, "store/sql/status/store_status.sql")
    if frame.empty:
        return StoreStatus(0, None, "", 0, 0, False)
    row = frame.iloc[0]
    sources = run_sql(con, "store/sql/status/data_sources.sql")
    sample = sources.source.map(lambda source: is_sample_source(source, settings))
    return StoreStatus(int(row.load_id), row.loaded_at.to_pydatetime(), row.source,
                       int(row.count_data_loads), int(row.count_orphans),
                       is_sample=bool(sample.any()),
                       count_own_loads=int(sources.count_loads[~sample].sum()))


def is_sample_source(source: str, settings: Settings) -> bool:
    """Whether a load's source (its paths, comma-separated) is the sample folder: a relative
    path is taken from the app's folder, as the settings take theirs (`python -m arlib
    import sample_data` run there)."""
    sample = settings.resolved_sample_dir().resolve()
    parts = [Path(part.strip()) for part in str(source).split(",")]
    root = app_settings.REPO_ROOT  # read now: tests move the app's folder
    return all((p if p.is_absolute() else root / p).resolve() == sample for p in parts)


def sample_available(settings: Settings) -> bool:
    """Whether the sample folder (setting AR_SAMPLE_DIR) holds CSV files to load."""
    sample = settings.resolved_sample_dir()
    return sample.is_dir() and any(sample.glob("*.csv"))


def load_sample(con: duckdb.DuckDBPyConnection, settings: Settings, *,
                progress: loader.Progress | None = None) -> loader.LoadReport:
    """Load the sample book (the folder of setting AR_SAMPLE_DIR) through the normal
    loader: all files in one transaction, recorded as a load of that folder."""
    return loader.load(con, [settings.resolved_sample_dir()], progress=progress,
                       origin="sample")


def open_store(settings: Settings) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """Open the configured database. On the first launch of the default database
    (`Settings.uses_default_db`), build it from the sample book; a database at any other
    path starts empty, so that a user's first import is theirs alone.

    Returns the connection and whether this call loaded the sample book.
    """
    path: Path = settings.resolved_db_path()
    is_new = not path.exists()
    con = open_database(path)
    if is_new and settings.uses_default_db() and sample_available(settings):
        load_sample(con, settings)
        return con, True
    return con, False
