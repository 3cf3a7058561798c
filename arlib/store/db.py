"""Opening the DuckDB store, creating its schema, and running the named query files of every
package (over fact tables that arlib.store.facts keeps in step with the data)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from arlib import settings
from arlib.canonical import validation
from arlib.canonical.models import MODELS
from arlib.store import facts
from arlib.store.queries import frame_of, rollback, sql_text

SCHEMA_FILES = tuple(f"store/sql/schema/{name}.sql" for name in (
    "loads", "loads_origin", "load_files", "owner_changes", "load_rejects", "facts_state", "roster",
    "audit", "bonus_plans", "bonus_freezes", "bonus_signoffs", "bonus_reopened"))
MACRO_FILES = tuple(f"store/sql/schema/{name}.sql" for name in (
    "base_rate", "base_amount", "in_scope", "open_items", "documents_base", "settlements_base",
    "promises_base"))
VIEW_FILES = tuple(f"store/sql/staging/stg_{m.table}.sql" for m in MODELS)


@cache
def _reads_facts(name: str) -> bool:
    return facts.reads(sql_text(name))


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run one named query with named parameters on its own cursor; one DataFrame back.

    A query over the fact tables runs in one transaction with the check that they hold the
    data of that same snapshot, so that its figures never mix two loads."""
    return _run(con, name, params, lambda cur, text, values: cur.execute(text, values).df())


def run_arrow(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pa.Table:
    """Like run_sql, with the rows as an Arrow table (no Python object per value: for large
    results that Python code reads column by column)."""
    return _run(con, name, params,
                lambda cur, text, values: cur.sql(text, params=values).to_arrow_table())


def run_frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Like run_sql, the same DataFrame faster for large text-heavy results: the rows come
    as Arrow columns (text is not turned into Python strings and back). The query must
    return no DECIMAL column (cast money to double: the values .df() would give)."""
    return frame_of(run_arrow(con, name, **params))


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any],
         fetch: Callable[[duckdb.DuckDBPyConnection, str, dict | None], Any]) -> Any:
    with con.cursor() as cur:
        if not _reads_facts(name):
            return fetch(cur, sql_text(name), params or None)
        cur.execute("begin transaction")
        try:
            if not facts.current(cur):
                cur.execute("rollback")
                facts.refresh(con)
                cur.execute("begin transaction")
                if not facts.current(cur):  # read-only, or a load landed meanwhile
                    facts.build(cur, temporary=True)
            result = fetch(cur, sql_text(name), params or None)
        except BaseException:
            rollback(cur)
            raise
        cur.execute("commit")
        return result


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, the load log, the staging views, the fact tables and the
    macros where missing (idempotent)."""
    with con.cursor() as cur:
        for model in MODELS:
            cur.execute(validation.create_raw_table(model))
        stored = set(cur.execute(sql_text("store/sql/schema/raw_columns.sql")).fetchall())
        for model in MODELS:  # columns added to a model after the store was made
            for column in validation.columns(model):
                if (f"raw_{model.table}", column.name) not in stored:
                    cur.execute(validation.add_column(model, column.name))
        for name in SCHEMA_FILES + VIEW_FILES:
            cur.execute(sql_text(name))
        facts.ensure(cur)
        for name in MACRO_FILES:
            cur.execute(sql_text(name))


def open_database(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database file (`:memory:` for a scratch store), schema in place."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    # bounded, so that a big import spills to disk instead of taking the machine's memory
    con.execute(sql_text("store/sql/schema/memory_limit.sql"),
                {"memory_limit": settings.load().memory_limit.strip()})
    if not read_only:
        ensure_schema(con)
    return con


def open_fresh(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file with its fact tables current: when a load
    left them stale, they are rebuilt first (read-write, briefly)."""
    con = open_database(path, read_only=True)
    with con.cursor() as cur:
        if facts.current(cur):
            return con
    con.close()
    writer = open_database(path)
    try:
        facts.refresh(writer)
    finally:
        writer.close()
    return open_database(path, read_only=True)


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Id of the latest load that changed data (0 for an empty store); a cache key for results."""
    return int(run_sql(con, "store/sql/schema/data_version.sql").iloc[0, 0])
