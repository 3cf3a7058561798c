"""Promises to pay (metrics.md §3): FIFO allocation of cash, statuses and kept rates.

The allocation is sequential (each promise takes what earlier promises left), which is why it
runs in Python over per-customer arrays; amounts are integer cents so that the tolerance
boundary is exact.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import duckdb
import numpy as np
import pandas as pd

from arlib.db import run_sql
from arlib.scope import EVERYONE, Scope
from arlib.settings import Settings

STATUSES = ("kept", "partial", "broken", "pending", "superseded")
RATED = ("kept", "partial", "broken")


@dataclass(frozen=True)
class Book:
    """Promises with status and allocated amount, and the payment-to-promise pairs."""

    promises: pd.DataFrame
    allocations: pd.DataFrame


def _cents(values: pd.Series) -> np.ndarray:
    """Money as int64 cents (amounts have at most two decimals)."""
    return np.round(values.to_numpy(dtype=float) * 100).astype(np.int64)


def _days(values: pd.Series) -> np.ndarray:
    """Dates as int64 day numbers since 1970-01-01."""
    return pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype(np.int64)


def _texts(values: pd.Series) -> list[str | None]:
    """A text column as a list, missing values as None."""
    return values.astype(object).where(values.notna(), None).tolist()


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back to datetime.date objects."""
    return np.asarray(days, dtype="datetime64[D]").astype(object)


@dataclass
class _Cash:
    """One customer's cash rows as plain lists (row access on a DataFrame is far too slow)."""

    paid_on: list[int]
    currency: list[str]
    invoice_id: list[str | None]
    payment_id: list[str]
    left: list[int]


def _allocate_customer(promised: list[tuple], cash: _Cash, grace: int, taken: np.ndarray,
                       pairs: list[tuple]) -> None:
    """Allocate one customer's cash rows to its promises in order; cents into `taken`."""
    for row, promise_id, rep_id, invoice_id, made_on, due_on, need, currency in promised:
        got = 0
        lo = bisect.bisect_left(cash.paid_on, made_on)
        hi = bisect.bisect_right(cash.paid_on, due_on + grace)
        for i in range(lo, hi):
            if got >= need:
                break
            if cash.left[i] <= 0 or cash.currency[i] != currency or (
                    invoice_id is not None and cash.invoice_id[i] != invoice_id):
                continue
            part = min(cash.left[i], need - got)
            cash.left[i] -= part
            got += part
            pairs.append((promise_id, rep_id, cash.payment_id[i], cash.invoice_id[i],
                          cash.paid_on[i], part, len(pairs)))
        taken[row] = got


def _cash_by_customer(cash: pd.DataFrame) -> dict[str, _Cash]:
    """Split cash rows (sorted by customer, then allocation order) into per-customer lists."""
    customers = _texts(cash.customer_id)
    columns = [_days(cash.paid_on).tolist(), _texts(cash.currency), _texts(cash.invoice_id),
               _texts(cash.payment_id), _cents(cash.amount).tolist()]
    starts = [0, *(np.flatnonzero(cash.customer_id.to_numpy()[1:]
                                  != cash.customer_id.to_numpy()[:-1]) + 1).tolist()]
    ends = [*starts[1:], len(customers)]
    return {customers[a]: _Cash(*(c[a:b] for c in columns)) for a, b in zip(starts, ends,
                                                                             strict=True)
            if b > a}


def allocate(promises: pd.DataFrame, cash: pd.DataFrame, grace_days: int) -> tuple[
        np.ndarray, pd.DataFrame]:
    """FIFO allocation of cash rows to the promises (in allocation order) not superseded.

    Returns cents allocated per promise row and one row per payment-row-to-promise pair with
    the pair's order of allocation (`seq`).
    """
    taken = np.zeros(len(promises), dtype=np.int64)
    live = np.flatnonzero(~promises.is_superseded.to_numpy(dtype=bool))
    rows = zip(live.tolist(), *(_texts(promises[c].iloc[live]) for c in
                                ("promise_id", "rep_id", "invoice_id")),
               _days(promises.made_on.iloc[live]).tolist(),
               _days(promises.due_on.iloc[live]).tolist(),
               _cents(promises.amount.iloc[live]).tolist(),
               _texts(promises.currency.iloc[live]), strict=True)
    by_customer: dict[str, list[tuple]] = {}
    for customer, row in zip(_texts(promises.customer_id.iloc[live]), rows, strict=True):
        by_customer.setdefault(customer, []).append(row)
    pairs: list[tuple] = []
    cash_of = _cash_by_customer(cash)
    for customer, promised in by_customer.items():
        if customer in cash_of:
            _allocate_customer(promised, cash_of[customer], grace_days, taken, pairs)
    allocations = pd.DataFrame(pairs, columns=["promise_id", "rep_id", "payment_id",
                                               "invoice_id", "paid_on", "allocated_amt", "seq"])
    allocations["paid_on"] = _dates(allocations.paid_on.to_numpy(dtype=np.int64))
    allocations["allocated_amt"] = allocations.allocated_amt.to_numpy(dtype=float) / 100
    return taken, allocations


def _statuses(promises: pd.DataFrame, taken: np.ndarray, as_of: date,
              settings: Settings) -> np.ndarray:
    """kept when the cash allocated is at least the amount less the tolerance (exact, in
    cents), else pending until due + grace, else partial or broken; superseded first."""
    share = Fraction(str(settings.promise_tolerance))
    need = _cents(promises.amount)
    kept = taken * share.denominator >= need * (share.denominator - share.numerator)
    deadline = _days(promises.due_on) + settings.promise_grace_days
    pending = (as_of - date(1970, 1, 1)).days <= deadline
    return np.select([promises.is_superseded.to_numpy(dtype=bool), kept, pending, taken > 0],
                     ["superseded", "kept", "pending", "partial"], "broken").astype(object)


def book(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
         scope: Scope = EVERYONE, customer_id: str | None = None) -> Book:
    """Every promise made by the date with its status, allocated amount (promise currency and
    base at made_on) and the payment-to-promise pairs behind it."""
    # one customer's promises only ever take that customer's cash, so filtering is exact
    promises = run_sql(con, "promises/book.sql", as_of=as_of, customer_id=customer_id,
                       base_currency=settings.base_currency, **scope.params())
    cash = run_sql(con, "promises/cash_rows.sql", as_of=as_of, first_on=date.min,
                   customer_id=customer_id, base_currency=settings.base_currency,
                   grace_days=settings.promise_grace_days, **scope.params())
    taken, allocations = allocate(promises, cash, settings.promise_grace_days)
    promises["status"] = _statuses(promises, taken, as_of, settings)
    due = _days(promises.due_on)
    promises["made_on"] = _dates(_days(promises.made_on))
    promises["due_on"] = _dates(due)
    for column in ("customer_name", "invoice_id", "currency", "rep_id"):
        promises[column] = _texts(promises[column])
    promises["allocated_amt"] = taken / 100
    promises = promises[["promise_id", "customer_id", "customer_name", "rep_id", "invoice_id",
                         "made_on", "due_on", "amount", "currency", "fx_rate", "amount_base",
                         "is_superseded", "allocated_amt", "status"]]
    promises["allocated_base_amt"] = (promises.allocated_amt * promises.fx_rate).round(2)
    promises["due_month_on"] = _dates(due.astype("datetime64[D]").astype("datetime64[M]")
                                      .astype("datetime64[D]").astype(np.int64))
    return Book(promises, allocations)


def in_period(promises: pd.DataFrame, *, first_on: date, as_of: date) -> pd.DataFrame:
    """The promise list of a period: made on or before the date and due on or after its start."""
    return promises[(promises.made_on <= as_of) & (promises.due_on >= first_on)]


def kept_rates(promises: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Counts per status and kept rates (count and amount) overall (one row, also without
    promises) or one row per group; a rate with nothing kept, partial or broken is NaN."""
    rated = promises.status.isin(RATED)
    counts = [f"count_{s}" for s in STATUSES]
    frame = promises.assign(
        **{f"count_{s}": promises.status.eq(s).astype(int) for s in STATUSES},
        count_rated=rated.astype(int),
        rated_amt=promises.amount_base.where(rated, 0.0).astype(float),
        rated_allocated_amt=promises.allocated_base_amt.where(rated, 0.0).astype(float))
    sums = [*counts, "count_rated", "rated_amt", "rated_allocated_amt"]
    out = (frame.groupby(by)[sums].sum().reset_index() if by
           else frame[sums].sum().to_frame().T.astype({c: int for c in counts}))
    out["kept_rate_pct"] = (out.count_kept / out.count_rated).where(out.count_rated > 0)
    out["kept_amount_rate_pct"] = (out.rated_allocated_amt / out.rated_amt).where(
        out.rated_amt > 0)
    return out.drop(columns=["count_rated", "rated_amt", "rated_allocated_amt"])


def repeat_breakers(promises: pd.DataFrame, *, as_of: date, days: int = 180) -> pd.DataFrame:
    """Customers with two or more broken promises due in the last `days` days."""
    recent = promises[(promises.status == "broken")
                      & (promises.due_on > as_of - timedelta(days=days))]
    counts = recent.groupby("customer_id").size().rename("count_broken").reset_index()
    return counts[counts.count_broken >= 2].sort_values("count_broken", ascending=False,
                                                        ignore_index=True)


def due_soon(promises: pd.DataFrame, *, as_of: date, days: int = 7) -> pd.DataFrame:
    """Pending promises due from the date to `days` days after it: the lead's call list."""
    frame = promises[(promises.status == "pending") & (promises.due_on >= as_of)
                     & (promises.due_on <= as_of + timedelta(days=days))]
    return frame.sort_values(["due_on", "amount_base"], ascending=[True, False],
                             ignore_index=True)


def recently_broken(promises: pd.DataFrame, *, as_of: date, grace_days: int,
                    days: int = 30) -> pd.DataFrame:
    """Promises broken or partly kept whose deadline (due + grace) fell in the last `days`."""
    deadline = promises.due_on.map(lambda d: d + timedelta(days=grace_days))
    frame = promises[promises.status.isin(("broken", "partial"))
                     & (deadline > as_of - timedelta(days=days)) & (deadline < as_of)]
    return frame.sort_values("due_on", ascending=False, ignore_index=True)


def with_payments(book: Book) -> pd.DataFrame:
    """The promises with the payments allocated to each, as text ('P2 2,000.00 on 2024-11-25')."""
    pairs = book.allocations.assign(text=[
        f"{p} {a:,.2f} on {d:%Y-%m-%d}" for p, a, d in
        zip(book.allocations.payment_id, book.allocations.allocated_amt,
            book.allocations.paid_on, strict=True)])
    listed = pairs.groupby("promise_id").text.agg("; ".join)
    return book.promises.assign(payments=book.promises.promise_id.map(listed).astype(object)
                                .fillna(""),
                                promised_amt=book.promises.amount)


def with_status(listing: pd.DataFrame, statuses: tuple[str, ...]) -> pd.DataFrame:
    """The promises whose status is one of `statuses`."""
    return listing[listing.status.isin(statuses)].reset_index(drop=True)


def views(book: Book, *, first_on: date, as_of: date,
          settings: Settings) -> dict[str, pd.DataFrame]:
    """Everything the promises page shows for the period [first_on, as_of]: kept rates by
    month of due date, by rep and by customer; repeat breakers; due in the next 7 days; broken
    in the last 30; and the period's promise list with its allocated payments."""
    period = in_period(book.promises, first_on=first_on, as_of=as_of)
    listing = with_payments(book)
    names = book.promises.drop_duplicates("customer_id").set_index("customer_id").customer_name
    breakers = repeat_breakers(book.promises, as_of=as_of)
    return {
        "by_month": kept_rates(period, ["due_month_on"]),
        "by_rep": kept_rates(period, ["rep_id"]),
        "by_customer": kept_rates(period, ["customer_id", "customer_name"]),
        "repeat_breakers": breakers.assign(customer_name=breakers.customer_id.map(names)),
        "due_soon": due_soon(listing, as_of=as_of),
        "recently_broken": recently_broken(listing, as_of=as_of,
                                           grace_days=settings.promise_grace_days),
        "listing": listing[listing.promise_id.isin(set(period.promise_id))].reset_index(
            drop=True),
    }
