"""Opening the DuckDB store, creating its schema, and running the named queries of
`arlib/sql/` (over fact tables that arlib.facts keeps in step with the data)."""

from __future__ import annotations

import contextlib
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


@cache
def sql_text(name: str) -> str:
    """The text of `arlib/sql/<name>` (read once per process)."""
    return resources.files("arlib").joinpath("sql", name).read_text(encoding="utf-8")


@cache
def _reads_facts(name: str) -> bool:
    from arlib import facts  # facts builds on this module

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


def frame_of(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as the DataFrame .df() would give for the same rows."""
    return pd.DataFrame({name: _column(col) for name, col in zip(table.column_names,
                                                                 table.columns, strict=True)})


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any],
         fetch: Callable[[duckdb.DuckDBPyConnection, str, dict | None], Any]) -> Any:
    from arlib import facts  # facts builds on this module

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


def rollback(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back the cursor's transaction, if it still has one."""
    with contextlib.suppress(duckdb.Error):  # no transaction left to roll back
        cur.execute("rollback")


def _build_facts(cur: duckdb.DuckDBPyConnection, tables: tuple[str, ...], *, temporary: bool,
                 params: dict[str, dict[str, Any]] | None = None, empty: bool = False) -> None:
    """Create (or replace) fact tables from their queries `arlib/sql/facts/<table>.sql`, in
    order: temporary ones shadow the stored ones for this cursor only; `empty` ones have the
    columns and no rows. Table names come from arlib.facts' constant tuples."""
    kind = "temp table" if temporary else "table"
    for table in tables:
        query = sql_text(f"facts/{table}.sql")
        if empty:
            query = f"select * from ({query}) limit 0"
        cur.execute(f"create or replace {kind} {table} as {query}", (params or {}).get(table))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, the load log, the staging views, the fact tables and the
    macros where missing (idempotent)."""
    from arlib import facts  # facts builds on this module

    with con.cursor() as cur:
        for model in MODELS:
            cur.execute(validation.create_raw_table(model))
        for name in SCHEMA_FILES + VIEW_FILES:
            cur.execute(sql_text(name))
        facts.ensure(cur, lambda tables, **how: _build_facts(cur, tables, **how))
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
    from arlib import facts  # facts builds on this module

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
    return int(run_sql(con, "schema/data_version.sql").iloc[0, 0])
