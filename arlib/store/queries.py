"""The query files of every package and how their results come back: the text of a named
query, Arrow columns as the DataFrame DuckDB's .df() gives, a rollback that cannot fail."""

from __future__ import annotations

import contextlib
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa


@cache
def sql_text(name: str) -> str:
    """The text of the query file `arlib/<name>`, for example `figures/sql/aging/by_customer.sql`
    (read once per process)."""
    return resources.files("arlib").joinpath(name).read_text(encoding="utf-8")


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


def rollback(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back the cursor's transaction, if it still has one."""
    with contextlib.suppress(duckdb.Error):  # no transaction left to roll back
        cur.execute("rollback")
