"""The fact tables: derived from the raw tables after each load (documents, settlements, open
item spans, promises, the stored promise allocation) and read by the figures.

They are current when built from the latest load that changed data, in this layout; a query
over them checks that in its own snapshot (arlib.store.db). Stale ones are rebuilt, one thread at a
time, or, on a read-only store, built as temporary tables for the one query. A refresh rebuilds
only the tables made from what the loads since their build changed (INPUTS, from the load log:
a call logged in the app rebuilds the promises, contacts and allocation, not the documents,
settlements and open items); when that is not known, all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from arlib import settings
from arlib.store import allocation
from arlib.store.queries import frame_of, rollback, sql_text

# in build order; bump LAYOUT when their queries change so that stored ones are rebuilt
SQL_TABLES = ("fact_documents", "fact_settlements", "fact_items", "fact_promises",
              "fact_contacts")
# made from the allocation worked out in Python (arlib.store.allocation), after the others
ALLOCATION_TABLES = ("fact_allocation_params", "fact_allocations")
LAYOUT = 8
# what each fact table is made from: raw tables (through their staging views, by the name
# the load log gives them) and fact tables built before it; the allocation tables also from
# the settings they were made with (fact_allocation_params). tests/test_facts_refresh.py
# checks these against the queries.
INPUTS: dict[str, frozenset[str]] = {
    "fact_documents": frozenset({"invoices", "customers", "fx_rates"}),
    "fact_settlements": frozenset({"payments", "customers", "fx_rates", "fact_documents"}),
    "fact_items": frozenset({"fact_documents", "fact_settlements", "disputes", "customers"}),
    "fact_promises": frozenset({"promises", "customers", "fx_rates"}),
    "fact_contacts": frozenset({"contacts"}),
    # cash_rows.sql narrows by scope through stg_customers (never for the stored allocation)
    "fact_allocation_params": frozenset({"fact_promises", "fact_settlements", "customers"}),
    "fact_allocations": frozenset({"fact_promises", "fact_settlements", "customers"}),
}
# raw tables no fact table is made from: a load of only these leaves every fact table as is
UNUSED = frozenset({"reps", "rep_absences", "holidays", "notes", "people"})
_RAW_INPUTS = frozenset().union(*INPUTS.values()) - set(INPUTS)
# a query reads the fact tables when its text names one of these
READERS = ("fact_", "open_items(", "documents_base(", "settlements_base(")
_REFRESH = threading.Lock()
_ALLOCATION_SCHEMA = pa.schema([
    ("book_rank", pa.int64()), ("promise_id", pa.string()), ("customer_id", pa.string()),
    ("cash_rank", pa.int64()), ("paid_on", pa.date32()), ("cents", pa.int64()),
    ("payment_id", pa.string()), ("invoice_id", pa.string())])

def reads(text: str) -> bool:
    """Whether a query (its text) reads the fact tables."""
    return any(marker in text for marker in READERS)


def current(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when the fact tables hold the data as it is in this cursor's snapshot."""
    try:
        built, layout, now = cur.execute(
            sql_text("store/sql/schema/facts_current.sql")).fetchall()[0]
    except duckdb.CatalogException:  # a store created before the fact tables existed
        return False
    return layout == LAYOUT and built == now


def stale(cur: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The fact tables (build order) whose inputs changed since they were built, in this
    cursor's snapshot: every one when that is not known (no build recorded, another layout,
    a load that changed data without saying which known table)."""
    everything = SQL_TABLES + ALLOCATION_TABLES
    try:
        built = cur.execute(sql_text("store/sql/schema/facts_built.sql")).fetchall()
    except duckdb.CatalogException:  # a store created before the fact tables existed
        return everything
    if not built or built[0][1] != LAYOUT:
        return everything
    load_id, _, grace_days, base_currency = built[0]
    changed: set[str] = set()
    for _, tables, files in cur.execute(sql_text("store/sql/schema/facts_changes.sql"),
                                        {"load_id": load_id}).fetchall():
        if not tables or files == 0 or not set(tables) <= UNUSED | _RAW_INPUTS:
            return everything
        changed.update(tables)
    cfg = settings.load()
    if (grace_days, base_currency) != (cfg.promise_grace_days, cfg.base_currency):
        changed.add("settings")
    for table in everything:
        if changed & INPUTS[table] or (table in ALLOCATION_TABLES and "settings" in changed):
            changed.add(table)
    return tuple(t for t in everything if t in changed)


def _allocation_rows(cur: duckdb.DuckDBPyConnection) -> tuple[pa.Table, dict[str, Any]]:
    """The FIFO allocation of the whole book under the configured settings, and those
    settings (the parameters of fact_allocation_params)."""
    cfg = settings.load()
    promises = frame_of(cur.sql(sql_text("store/sql/facts/allocation_promises.sql"),
                                params={"base_currency": cfg.base_currency}).to_arrow_table())
    cash = cur.sql(sql_text("store/sql/facts/cash_rows.sql"), params={
        "as_of": date.max, "first_on": date.min, "customer_id": None,
        "base_currency": cfg.base_currency, "grace_days": cfg.promise_grace_days,
        "customers": None, "scope_rep": None, "scope_region": None,
        "scope_reps": None}).to_arrow_table()
    _, found = allocation.live(promises, cash, cfg.promise_grace_days)
    return allocation.stored_table(promises, found), {"grace_days": cfg.promise_grace_days,
                                                 "base_currency": cfg.base_currency}


def _with_allocations(cur: duckdb.DuckDBPyConnection, rows: pa.Table, made: Callable[[], None]
                      ) -> None:
    """Run `made` with the allocation rows visible to SQL as allocation_rows."""
    cur.register("allocation_rows", rows.cast(_ALLOCATION_SCHEMA))
    try:
        made()
    finally:
        cur.unregister("allocation_rows")


def build(cur: duckdb.DuckDBPyConnection, *, temporary: bool,
          tables: tuple[str, ...] = SQL_TABLES + ALLOCATION_TABLES) -> None:
    """(Re)build the fact tables named (every one by default) from the raw tables and the
    others as stored; temporary ones shadow the stored ones for this cursor only (a read-only
    store with stale facts: every one, since a stored one may be stale too)."""
    _build_facts(cur, tuple(t for t in SQL_TABLES if t in tables), temporary=temporary)
    if not set(ALLOCATION_TABLES) & set(tables):
        return
    rows, made_with = _allocation_rows(cur)
    _with_allocations(cur, rows, lambda: _build_facts(
        cur, ALLOCATION_TABLES, temporary=temporary,
        params={"fact_allocation_params": made_with}))


def refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the stored fact tables when they are stale (one thread at a time); False when
    the store is read-only and they could not be."""
    with _REFRESH, con.cursor() as cur:
        cur.execute("begin transaction")
        try:
            if current(cur):
                cur.execute("rollback")
                return True
            if cur.execute(sql_text("store/sql/schema/is_read_only.sql")).fetchall()[0][0]:
                cur.execute("rollback")
                return False
            build(cur, temporary=False, tables=stale(cur))
            cur.execute(sql_text("store/sql/schema/facts_mark.sql"), {"layout": LAYOUT})
        except BaseException:
            rollback(cur)
            raise
        cur.execute("commit")
        return True


def ensure(cur: duckdb.DuckDBPyConnection) -> None:
    """Empty fact tables of the current layout unless those stored are of it (the macros
    bind to their columns); the first query over them fills them."""
    if cur.execute(sql_text("store/sql/schema/facts_layout.sql"),
                   {"layout": LAYOUT}).fetchall()[0][0]:
        return
    _build_facts(cur, SQL_TABLES, temporary=False, empty=True)
    _with_allocations(cur, _ALLOCATION_SCHEMA.empty_table(), lambda: _build_facts(
        cur, ALLOCATION_TABLES, temporary=False, empty=True,
        params={"fact_allocation_params": {"grace_days": 0, "base_currency": ""}}))
    cur.execute(sql_text("store/sql/schema/facts_forget.sql"))


def _build_facts(cur: duckdb.DuckDBPyConnection, tables: tuple[str, ...], *, temporary: bool,
                 params: dict[str, dict[str, Any]] | None = None, empty: bool = False) -> None:
    """Create (or replace) fact tables from their queries `store/sql/facts/<table>.sql`, in
    order: temporary ones shadow the stored ones for this cursor only; `empty` ones have the
    columns and no rows. Table names come from arlib.store.facts' constant tuples."""
    kind = "temp table" if temporary else "table"
    for table in tables:
        query = sql_text(f"store/sql/facts/{table}.sql")
        if empty:
            query = f"select * from ({query}) limit 0"
        cur.execute(f"create or replace {kind} {table} as {query}", (params or {}).get(table))
