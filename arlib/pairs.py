"""Payment-to-promise pairs as of a date (metrics.md §3): the FIFO allocation read from the
stored one (fact_allocations, made after each load over the whole book) or worked out live.

The stored allocation holds as of any date D for every customer with no promise superseded
after D (one made by D whose successor came after D but by its due date: live at D, not in
the full book): promises made after D take only cash paid after D, and cash after D is
simply not taken yet, so the pairs paid by D are the same. Those customers, and any book
under other grace days or base currency than the stored one, are allocated live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arlib import allocation
from arlib.db import run_arrow, run_sql
from arlib.scope import Scope
from arlib.settings import Settings

PAIR_COLUMNS = ["promise_id", "rep_id", "payment_id", "invoice_id", "paid_on", "allocated_amt",
                "seq"]
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Pairs:
    """Payment rows to promises: promise by position in the book, cash row by its rank."""

    promise: np.ndarray
    cash_rank: np.ndarray
    cents: np.ndarray
    paid_on: np.ndarray  # day numbers
    payment_id: pa.Array
    invoice_id: pa.Array


def _days(values: pd.Series) -> np.ndarray:
    return pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype(np.int64)


def _text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One plain string array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.string())
    return values.cast(pa.string())


def _concat(parts: list[Pairs]) -> Pairs:
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return Pairs(empty, empty, empty, empty, pa.array([], pa.string()),
                     pa.array([], pa.string()))
    numbers = [np.concatenate([getattr(p, n) for p in parts]).astype(np.int64)
               for n in ("promise", "cash_rank", "cents", "paid_on")]
    return Pairs(*numbers, *(pa.concat_arrays([getattr(p, n) for p in parts])
                             for n in ("payment_id", "invoice_id")))


def live(promises: pd.DataFrame, cash: pa.Table, grace_days: int) -> tuple[np.ndarray, Pairs]:
    """FIFO allocation of the cash rows (in allocation order) to the promises (a book, in
    allocation order) that are not superseded: cents per promise and the pairs."""
    rows = np.flatnonzero(~promises.is_superseded.to_numpy(dtype=bool))
    ours, theirs = allocation.codes(promises.iloc[rows], cash)
    # the cash rows grouped by the promises' customer codes, in allocation order within one
    order = np.lexsort((np.arange(cash.num_rows), theirs["customer_id"]))
    paid_on = cash["paid_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    taken_live, found = allocation.allocate(
        allocation.Promised(
            customer=ours["customer_id"], currency=ours["currency"], invoice=ours["invoice_id"],
            made_on=_days(promises.made_on.iloc[rows]),
            deadline=_days(promises.due_on.iloc[rows]) + grace_days,
            need=np.round(promises.amount.iloc[rows].to_numpy(dtype=float) * 100)
            .astype(np.int64)),
        theirs["customer_id"][order], theirs["currency"][order], theirs["invoice_id"][order],
        paid_on[order], cash["amount_cents"].to_numpy()[order])
    taken = np.zeros(len(promises), dtype=np.int64)
    taken[rows] = taken_live
    at = order[found.row.to_numpy()]
    return taken, Pairs(rows[found.promise.to_numpy()],
                        cash["cash_rank"].to_numpy()[at].astype(np.int64),
                        found.cents.to_numpy().astype(np.int64), paid_on[at],
                        _text(cash["payment_id"].take(at)), _text(cash["invoice_id"].take(at)))


def stored_table(promises: pd.DataFrame, pairs: Pairs) -> pa.Table:
    """The rows of fact_allocations from a full-book allocation."""
    picked = promises.iloc[pairs.promise]
    return pa.table({
        "book_rank": pa.array(picked.book_rank, pa.int64()),
        "promise_id": pa.array(picked.promise_id, pa.string()),
        "customer_id": pa.array(picked.customer_id, pa.string()),
        "cash_rank": pa.array(pairs.cash_rank, pa.int64()),
        "paid_on": pa.array((pairs.paid_on + _EPOCH).astype("datetime64[D]"), pa.date32()),
        "cents": pa.array(pairs.cents, pa.int64()),
        "payment_id": pairs.payment_id, "invoice_id": pairs.invoice_id})


def _stored(con: duckdb.DuckDBPyConnection, promises: pd.DataFrame, redo: np.ndarray,
            as_of: date, scope: Scope, customer_id: str | None) -> Pairs:
    """The stored pairs paid by the date of the book's customers that are not redone."""
    table = run_arrow(con, "promises/stored_pairs.sql", as_of=as_of, customer_id=customer_id,
                      **scope.params())
    if redo.any():
        table = table.filter(pc.invert(pc.is_in(table["customer_id"], value_set=pa.array(
            promises.customer_id.to_numpy()[redo], pa.string()))))
    # the book is in allocation order: a pair's promise is found by its rank
    ranks = promises.book_rank.to_numpy()
    wanted = table["book_rank"].to_numpy()
    where = np.searchsorted(ranks, wanted)
    found = ranks[np.minimum(where, len(ranks) - 1)] == wanted if len(ranks) else wanted < 0
    table = table.filter(pa.array(found))
    return Pairs(where[found].astype(np.int64),
                 table["cash_rank"].to_numpy(), table["cents"].to_numpy(),
                 table["paid_on"].to_numpy().astype("datetime64[D]").astype(np.int64),
                 _text(table["payment_id"]), _text(table["invoice_id"]))


def _reuses_store(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    made = run_sql(con, "promises/stored_allocation.sql")
    return len(made) == 1 and int(made.grace_days.iloc[0]) == settings.promise_grace_days \
        and made.base_currency.iloc[0] == settings.base_currency


def as_of(con: duckdb.DuckDBPyConnection, promises: pd.DataFrame, *, on: date,
          settings: Settings, scope: Scope, customer_id: str | None) -> tuple[np.ndarray,
                                                                              pd.DataFrame]:
    """Cents allocated to each promise of the book (promises/book.sql as of `on`) and the
    pairs as the pages show them, numbered in the order a one-by-one allocation makes them."""
    customers = promises.customer_id.to_numpy()
    if _reuses_store(con, settings):
        later = promises.is_superseded_later.to_numpy(dtype=bool)
        redo = np.isin(customers, customers[later]) if later.any() else np.zeros(
            len(promises), dtype=bool)
        parts = [_stored(con, promises, redo, on, scope, customer_id)]
    else:
        redo, parts = np.ones(len(promises), dtype=bool), []
    if redo.any():
        again = np.flatnonzero(redo)
        cash = run_arrow(con, "promises/cash_rows.sql", as_of=on, first_on=date.min,
                         customer_id=customer_id, base_currency=settings.base_currency,
                         grace_days=settings.promise_grace_days,
                         customers=None if redo.all() else sorted(set(customers[again])),
                         **scope.params())
        _, found = live(promises.iloc[again], cash, settings.promise_grace_days)
        parts.append(Pairs(again[found.promise], *(getattr(found, n) for n in (
            "cash_rank", "cents", "paid_on", "payment_id", "invoice_id"))))
    pairs = _concat(parts)
    taken = np.zeros(len(promises), dtype=np.int64)
    np.add.at(taken, pairs.promise, pairs.cents)
    if len(pairs.promise) == 0:
        return taken, pd.DataFrame(columns=PAIR_COLUMNS)
    return taken, _frame(promises, pairs)


def _frame(promises: pd.DataFrame, pairs: Pairs) -> pd.DataFrame:
    """The pairs in allocation order: customers by their first live promise, then promises,
    then cash rows; seq numbers them."""
    live_rows = ~promises.is_superseded.to_numpy(dtype=bool)
    codes, _ = pd.factorize(promises.customer_id)
    first = np.full(codes.max(initial=-1) + 1, len(promises), dtype=np.int64)
    np.minimum.at(first, codes[live_rows], np.flatnonzero(live_rows))
    order = np.lexsort((pairs.cash_rank, pairs.promise, first[codes[pairs.promise]]))
    picked = pairs.promise[order]
    at = pa.array(order)
    return pd.DataFrame({
        "promise_id": promises.promise_id.array.take(picked),
        "rep_id": promises.rep_id.array.take(picked),
        "payment_id": pd.array(pairs.payment_id.take(at), dtype=_TEXT),
        "invoice_id": pd.array(pairs.invoice_id.take(at), dtype=_TEXT),
        "paid_on": (pairs.paid_on[order] + _EPOCH).astype("datetime64[D]").astype(object),
        "allocated_amt": pairs.cents[order] / 100, "seq": np.arange(len(order))})
