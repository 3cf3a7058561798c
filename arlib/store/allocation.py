"""FIFO allocation of cash to promises (metrics.md §3, step 2), vectorised in rounds.

Each customer's promises take its cash one after the other, so the allocation is sequential
within a customer; customers are independent. Round k allocates the k-th promise of every
customer at once with numpy (a round touches each cash row at most once), so the number of
Python steps is the largest number of promises of one customer, not the number of promises.
Amounts are integer cents.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = np.datetime64("1970-01-01", "D")
# dates as day numbers shifted to be non-negative, packed under the customer code
_DAY_OFFSET = 1 << 31


@dataclass(frozen=True)
class Promised:
    """The promises to allocate to, in allocation order, as arrays of one row per promise."""

    customer: np.ndarray  # int codes
    currency: np.ndarray  # int codes
    invoice: np.ndarray  # int codes, -1 for a promise on the whole account
    made_on: np.ndarray  # day numbers
    deadline: np.ndarray  # due_on + grace, day numbers
    need: np.ndarray  # cents


def codes(promises: pd.DataFrame, cash: pa.Table) -> tuple[dict[str, np.ndarray],
                                                            dict[str, np.ndarray]]:
    """Integer codes shared by promises and cash rows for customer, currency and invoice, in
    order of first appearance among the promises (-1 for a promise's missing invoice; a
    cash row's value that no promise has gets -2)."""
    ours, theirs = {}, {}
    for column in ("customer_id", "currency", "invoice_id"):
        encoded = pc.dictionary_encode(pa.array(promises[column], pa.string()))
        ours[column] = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False) \
            .astype(np.int64)
        where = pc.index_in(cash[column], value_set=encoded.dictionary)
        theirs[column] = where.fill_null(-2).to_numpy().astype(np.int64)
    return ours, theirs


def _ranks(groups: np.ndarray) -> np.ndarray:
    """Position of each element among the elements of its group, in array order."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    lengths = np.diff(np.r_[starts, len(groups)])
    ranks = np.empty(len(groups), dtype=np.int64)
    ranks[order] = np.arange(len(groups)) - np.repeat(starts, lengths)
    return ranks


def _spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every index of each [lo, hi) range, with the number of its range."""
    width = hi - lo
    owner = np.repeat(np.arange(len(lo)), width)
    first = np.repeat(np.cumsum(width) - width, width)
    return np.repeat(lo, width) + np.arange(int(width.sum())) - first, owner


def _search(haystack: np.ndarray, needles: np.ndarray, side: str) -> np.ndarray:
    """np.searchsorted with the needles looked up in order (far fewer cache misses)."""
    order = np.argsort(needles, kind="stable")
    found = np.empty(len(needles), dtype=np.int64)
    found[order] = np.searchsorted(haystack, needles[order], side=side)
    return found


def allocate(p: Promised, cash_customer: np.ndarray, cash_currency: np.ndarray,
             cash_invoice: np.ndarray, paid_on: np.ndarray,
             amount: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Allocate the cash rows (sorted by customer, then allocation order) to the promises.

    Returns the cents each promise took and one row per pair (promise, cash row, cents,
    seq), `seq` numbering the pairs in the order a one-by-one allocation makes them:
    customers by their first promise, then promises, then cash rows."""
    key = (cash_customer << 32) | (paid_on + _DAY_OFFSET)
    lo = _search(key, (p.customer << 32) | (p.made_on + _DAY_OFFSET), "left")
    hi = _search(key, (p.customer << 32) | (p.deadline + _DAY_OFFSET), "right")
    left, taken = amount.copy(), np.zeros(len(p.need), dtype=np.int64)
    rank = _ranks(p.customer)
    first_of_customer = np.full(int(p.customer.max(initial=-1)) + 1, len(p.customer))
    np.minimum.at(first_of_customer, p.customer, np.arange(len(p.customer)))
    rounds = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[rounds], np.arange(int(rank.max(initial=-1)) + 2))
    pairs = []
    for start, end in itertools.pairwise(bounds):
        now = rounds[start:end]
        now = now[hi[now] > lo[now]]
        rows, owner = _spans(lo[now], hi[now])
        who = now[owner]
        fits = (cash_currency[rows] == p.currency[who]) & (
            (p.invoice[who] < 0) | (cash_invoice[rows] == p.invoice[who]))
        avail = np.where(fits, left[rows], 0)
        before = np.cumsum(avail) - avail
        before -= np.repeat(before[np.cumsum(hi[now] - lo[now]) - (hi[now] - lo[now])],
                            hi[now] - lo[now])
        take = np.clip(p.need[who] - before, 0, avail)
        left[rows] -= take
        np.add.at(taken, who, take)
        got = take > 0
        pairs.append((who[got], rows[got], take[got]))
    who, rows, take = (np.concatenate([part[i] for part in pairs]) if pairs
                       else np.empty(0, dtype=np.int64) for i in range(3))
    order = np.lexsort((rows, rank[who], first_of_customer[p.customer[who]]))
    return taken, pd.DataFrame({"promise": who[order], "row": rows[order],
                                "cents": take[order], "seq": np.arange(len(order))})


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


def text_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One plain string array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.string())
    return values.cast(pa.string())


def concat(parts: list[Pairs]) -> Pairs:
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
    ours, theirs = codes(promises.iloc[rows], cash)
    # the cash rows grouped by the promises' customer codes, in allocation order within one
    order = np.lexsort((np.arange(cash.num_rows), theirs["customer_id"]))
    paid_on = cash["paid_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    taken_live, found = allocate(
        Promised(
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
                        text_array(cash["payment_id"].take(at)),
                        text_array(cash["invoice_id"].take(at)))


def stored_table(promises: pd.DataFrame, pairs: Pairs) -> pa.Table:
    """The rows of fact_allocations from a full-book allocation."""
    picked = promises.iloc[pairs.promise]
    return pa.table({
        "book_rank": pa.array(picked.book_rank, pa.int64()),
        "promise_id": pa.array(picked.promise_id, pa.string()),
        "customer_id": pa.array(picked.customer_id, pa.string()),
        "cash_rank": pa.array(pairs.cash_rank, pa.int64()),
        "paid_on": pa.array((pairs.paid_on + EPOCH).astype("datetime64[D]"), pa.date32()),
        "cents": pa.array(pairs.cents, pa.int64()),
        "payment_id": pairs.payment_id, "invoice_id": pairs.invoice_id})
