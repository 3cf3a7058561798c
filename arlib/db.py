"""Opening the DuckDB store, creating its schema, keeping its fact tables in step with the
data, and running the named queries of `arlib/sql/`."""

from __future__ import annotations

import contextlib
import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from arlib import validation
from arlib.models import MODELS

SCHEMA_FILES = ("schema/loads.sql", "schema/load_files.sql", "schema/load_rejects.sql",
                "schema/facts_state.sql")
MACRO_FILES = (
    "schema/base_rate.sql", "schema/base_amount.sql", "schema/in_scope.sql",
    "schema/open_items.sql", "schema/documents_base.sql", "schema/settlements_base.sql",
    "schema/promises_base.sql",
)
VIEW_FILES = tuple(f"staging/stg_{m.table}.sql" for m in MODELS)
# Derived tables, rebuilt from the raw tables whenever a load changes the data, in build
# order; bump FACTS_LAYOUT when their queries change so that stored ones are rebuilt.
FACT_TABLES = ("fact_documents", "fact_settlements", "fact_items")
FACTS_LAYOUT = 1
# a query reads the fact tables when its text names one of these
_FACT_READERS = ("fact_", "open_items(", "documents_base(", "settlements_base(")
_REFRESH = threading.Lock()


@cache
def sql_text(name: str) -> str:
    """The text of `arlib/sql/<name>` (read once per process)."""
    return resources.files("arlib").joinpath("sql", name).read_text(encoding="utf-8")


@cache
def _reads_facts(name: str) -> bool:
    return any(marker in sql_text(name) for marker in _FACT_READERS)


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run one named query with named parameters on its own cursor; one DataFrame back.

    A query over the fact tables runs in one transaction with the check that they hold the
    data of that same snapshot, so that its figures never mix two loads."""
    with con.cursor() as cur:
        if not _reads_facts(name):
            return cur.execute(sql_text(name), params or None).df()
        cur.execute("begin transaction")
        try:
            if not facts_current(cur):
                cur.execute("rollback")
                refresh_facts(con)
                cur.execute("begin transaction")
                if not facts_current(cur):  # read-only, or a load landed meanwhile
                    _build_facts(cur, temporary=True)
            frame = cur.execute(sql_text(name), params or None).df()
        except BaseException:
            _rollback(cur)
            raise
        cur.execute("commit")
        return frame


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction left to roll back
        cur.execute("rollback")


def facts_current(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when the fact tables hold the data as it is in this cursor's snapshot."""
    try:
        row = cur.execute(sql_text("schema/facts_current.sql"), {"layout": FACTS_LAYOUT})
        return bool(row.fetchone()[0])
    except duckdb.CatalogException:  # a store created before the fact tables existed
        return False


def _build_facts(cur: duckdb.DuckDBPyConnection, *, temporary: bool) -> None:
    """(Re)build every fact table from the raw tables; temporary ones shadow the stored ones
    for this cursor only (a read-only store with stale facts)."""
    kind = "temp table" if temporary else "table"
    for table in FACT_TABLES:
        cur.execute(f"create or replace {kind} {table} as " + sql_text(f"facts/{table}.sql"))


def refresh_facts(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the stored fact tables when they are stale (one thread at a time); False when
    the store is read-only and they could not be."""
    with _REFRESH, con.cursor() as cur:
        cur.execute("begin transaction")
        try:
            if facts_current(cur):
                cur.execute("rollback")
                return True
            if cur.execute(sql_text("schema/is_read_only.sql")).fetchone()[0]:
                cur.execute("rollback")
                return False
            _build_facts(cur, temporary=False)
            cur.execute(sql_text("schema/facts_mark.sql"), {"layout": FACTS_LAYOUT})
        except BaseException:
            _rollback(cur)
            raise
        cur.execute("commit")
        return True


def _ensure_facts(cur: duckdb.DuckDBPyConnection) -> None:
    """Empty fact tables where missing, or in place of those of another layout (the macros
    bind to their columns); the first query over them fills them."""
    old = cur.execute(sql_text("schema/facts_old_layout.sql"), {"layout": FACTS_LAYOUT})
    verb = "create or replace table" if old.fetchone()[0] else "create table if not exists"
    for table in FACT_TABLES:
        cur.execute(f"{verb} {table} as select * from (" + sql_text(f"facts/{table}.sql")
                    + ") limit 0")
    if verb.startswith("create or replace"):
        cur.execute(sql_text("schema/facts_forget.sql"))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, the load log, the staging views, the fact tables and the
    macros where missing (idempotent)."""
    with con.cursor() as cur:
        for model in MODELS:
            cur.execute(validation.create_raw_table(model))
        for name in SCHEMA_FILES + VIEW_FILES:
            cur.execute(sql_text(name))
        _ensure_facts(cur)
        for name in MACRO_FILES:
            cur.execute(sql_text(name))


def open_database(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database file (`:memory:` for a scratch store), schema in place."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        ensure_schema(con)
    return con


def open_fresh(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file with its fact tables current: when a load
    left them stale, they are rebuilt first (read-write, briefly)."""
    con = open_database(path, read_only=True)
    with con.cursor() as cur:
        if facts_current(cur):
            return con
    con.close()
    writer = open_database(path)
    try:
        refresh_facts(writer)
    finally:
        writer.close()
    return open_database(path, read_only=True)


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Id of the latest load that changed data (0 for an empty store); a cache key for results."""
    return int(run_sql(con, "schema/data_version.sql").iloc[0, 0])
