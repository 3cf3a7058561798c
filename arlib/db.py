"""Opening the DuckDB store, creating its schema, keeping its fact tables in step with the
data, and running the named queries of `arlib/sql/`."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

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
FACT_TABLES = ("fact_documents", "fact_settlements", "fact_items", "fact_promises")
FACTS_LAYOUT = 2
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
    return _frame(run_arrow(con, name, **params))


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
# nullable pandas types .df() uses for whole numbers and booleans with missing values
_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
             pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(),
             pa.uint16(): pd.UInt16Dtype(), pa.uint32(): pd.UInt32Dtype(),
             pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _column(col: pa.ChunkedArray) -> Any:
    """One Arrow column as the array .df() makes for that DuckDB type."""
    kind = col.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # .df() gives a text column without any value the object dtype
        if col.null_count == len(col):
            return np.full(len(col), None, dtype=object)
        return pd.array(col, dtype=_TEXT)
    if pa.types.is_date32(kind):
        return col.to_numpy(zero_copy_only=False).astype("datetime64[us]")
    if pa.types.is_timestamp(kind) and kind.tz is None:
        return col.cast(pa.timestamp("us")).to_numpy(zero_copy_only=False)
    if pa.types.is_floating(kind):
        return col.to_numpy(zero_copy_only=False)
    if kind in _NULLABLE:
        return col.to_numpy() if col.null_count == 0 else _NULLABLE[kind].__from_arrow__(col)
    raise TypeError(f"run_frame cannot convert {kind} the way .df() does; cast it in SQL")


def _frame(table: pa.Table) -> pd.DataFrame:
    return pd.DataFrame({name: _column(col) for name, col in zip(table.column_names,
                                                                 table.columns, strict=True)})


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any],
         fetch: Callable[[duckdb.DuckDBPyConnection, str, dict | None], Any]) -> Any:
    with con.cursor() as cur:
        if not _reads_facts(name):
            return fetch(cur, sql_text(name), params or None)
        cur.execute("begin transaction")
        try:
            if not facts_current(cur):
                cur.execute("rollback")
                refresh_facts(con)
                cur.execute("begin transaction")
                if not facts_current(cur):  # read-only, or a load landed meanwhile
                    _build_facts(cur, temporary=True)
            result = fetch(cur, sql_text(name), params or None)
        except BaseException:
            _rollback(cur)
            raise
        cur.execute("commit")
        return result


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction left to roll back
        cur.execute("rollback")


def facts_current(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when the fact tables hold the data as it is in this cursor's snapshot."""
    try:
        row = cur.execute(sql_text("schema/facts_current.sql"), {"layout": FACTS_LAYOUT})
        return bool(row.fetchall()[0][0])
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
            if cur.execute(sql_text("schema/is_read_only.sql")).fetchall()[0][0]:
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
    """Empty fact tables of the current layout unless those stored are of it (the macros
    bind to their columns); the first query over them fills them."""
    stored = cur.execute(sql_text("schema/facts_layout.sql"), {"layout": FACTS_LAYOUT})
    if stored.fetchall()[0][0]:
        return
    for table in FACT_TABLES:
        cur.execute(f"create or replace table {table} as select * from ("
                    + sql_text(f"facts/{table}.sql") + ") limit 0")
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
