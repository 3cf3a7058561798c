"""Opening the DuckDB store, creating its schema, and running the named queries of `arlib/sql/`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from arlib import validation
from arlib.models import MODELS

SCHEMA_FILES = ("schema/loads.sql", "schema/load_files.sql", "schema/load_rejects.sql")
MACRO_FILES = (
    "schema/base_rate.sql", "schema/in_scope.sql", "schema/open_items.sql",
    "schema/documents_base.sql", "schema/settlements_base.sql", "schema/promises_base.sql",
)
VIEW_FILES = tuple(f"staging/stg_{m.table}.sql" for m in MODELS)


@cache
def sql_text(name: str) -> str:
    """The text of `arlib/sql/<name>` (read once per process)."""
    return resources.files("arlib").joinpath("sql", name).read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run one named query with named parameters on its own cursor; one DataFrame back."""
    with con.cursor() as cur:
        return cur.execute(sql_text(name), params or None).df()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, the load log and the staging views where missing (idempotent)."""
    with con.cursor() as cur:
        for model in MODELS:
            cur.execute(validation.create_raw_table(model))
        for name in SCHEMA_FILES + VIEW_FILES + MACRO_FILES:
            cur.execute(sql_text(name))


def open_database(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database file (`:memory:` for a scratch store), schema in place."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        ensure_schema(con)
    return con


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Id of the latest load that changed data (0 for an empty store); a cache key for results."""
    return int(run_sql(con, "schema/data_version.sql").iloc[0, 0])
