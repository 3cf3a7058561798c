"""Payment-to-promise pairs as of a date (metrics.md §3): the FIFO allocation read from the
stored one (fact_allocations, made after each load over the whole book) or worked out live.

The stored allocation holds as of any date D for every customer with no promise superseded
after D (one made by D whose successor came after D but by its due date: live at D, not in
the full book): promises made after D take only cash paid after D, and cash after D is
simply not taken yet, so the pairs paid by D are the same. Those customers, and any book
under other grace days or base currency than the stored one, are allocated live.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arlib.figures.scope import Scope
from arlib.settings import Settings
from arlib.store.allocation import EPOCH, Pairs, concat, live, text_array
from arlib.store.db import run_arrow, run_sql

PAIR_COLUMNS = ["promise_id", "rep_id", "payment_id", "invoice_id", "paid_on", "allocated_amt",
                "seq"]
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def _stored(con: duckdb.DuckDBPyConnection, promises: pd.DataFrame, redo: np.ndarray,
            as_of: date, scope: Scope, customer_id: str | None) -> Pairs:
    """The stored pairs paid by the date of the book's customers that are not redone."""
    table = run_arrow(con, "figures/sql/promises/stored_pairs.sql", as_of=as_of,
                      customer_id=customer_id,
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
                 text_array(table["payment_id"]), text_array(table["invoice_id"]))


def _reuses_store(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    made = run_sql(con, "figures/sql/promises/stored_allocation.sql")
    return len(made) == 1 and int(made.grace_days.iloc[0]) == settings.promise_grace_days \
        and made.base_currency.iloc[0] == settings.base_currency


def as_of(con: duckdb.DuckDBPyConnection, promises: pd.DataFrame, *, on: date,
          settings: Settings, scope: Scope, customer_id: str | None,
          framed: bool = True) -> tuple[np.ndarray, pd.DataFrame]:
    """Cents allocated to each promise of the book (promises/book.sql as of `on`) and the
    pairs as the pages show them, numbered in the order a one-by-one allocation makes them
    (none with `framed=False`, for a caller that needs only the amounts)."""
    customers = promises.customer_id.to_numpy()
    if _reuses_store(con, settings):
        later = promises.is_superseded_later.to_numpy(dtype=bool)
        # by hash, not np.isin's sort of Python strings (0.1 s at a million invoices)
        redo = (promises.customer_id.isin(pd.unique(customers[later])).to_numpy(dtype=bool)
                if later.any() else np.zeros(len(promises), dtype=bool))
        parts = [_stored(con, promises, redo, on, scope, customer_id)]
    else:
        redo, parts = np.ones(len(promises), dtype=bool), []
    if redo.any():
        again = np.flatnonzero(redo)
        cash = run_arrow(con, "store/sql/facts/cash_rows.sql", as_of=on, first_on=date.min,
                         customer_id=customer_id, base_currency=settings.base_currency,
                         grace_days=settings.promise_grace_days,
                         customers=None if redo.all() else sorted(set(customers[again])),
                         **scope.params())
        _, found = live(promises.iloc[again], cash, settings.promise_grace_days)
        parts.append(Pairs(again[found.promise], *(getattr(found, n) for n in (
            "cash_rank", "cents", "paid_on", "payment_id", "invoice_id"))))
    pairs = concat(parts)
    taken = np.zeros(len(promises), dtype=np.int64)
    np.add.at(taken, pairs.promise, pairs.cents)
    if len(pairs.promise) == 0 or not framed:
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
        "paid_on": (pairs.paid_on[order] + EPOCH).astype("datetime64[D]").astype(object),
        "allocated_amt": pairs.cents[order] / 100, "seq": np.arange(len(order))})
