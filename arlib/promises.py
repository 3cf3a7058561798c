"""Promises to pay (metrics.md §3): FIFO allocation of cash, statuses and kept rates.

The allocation is sequential (each promise takes what earlier promises left), which is why it
runs in Python over per-customer arrays; amounts are integer cents so that the tolerance
boundary is exact.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import duckdb
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


def _cents(values: pd.Series) -> list[int]:
    return [round(float(v) * 100) for v in values]


@dataclass
class _Cash:
    """One customer's cash rows as plain lists (row access on a DataFrame is far too slow)."""

    paid_on: list[date]
    currency: list[str]
    invoice_id: list[str | None]
    payment_id: list[str]
    left: list[int]


def _allocate_customer(promises: list[tuple], cash: _Cash, grace: timedelta,
                       pairs: list[tuple]) -> dict[str, int]:
    """Allocate one customer's cash rows to its promises in order; cents per promise."""
    taken: dict[str, int] = {}
    for promise_id, rep_id, invoice_id, made_on, due_on, need, currency in promises:
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
                          cash.paid_on[i], part / 100, len(pairs)))
        taken[promise_id] = got
    return taken


def _lists(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[list]:
    """Columns as Python lists with missing values as None."""
    return [[None if v is None or v != v else v for v in frame[c].to_numpy(dtype=object)]
            for c in columns]


def _cash_by_customer(cash: pd.DataFrame) -> dict[str, _Cash]:
    """Split cash rows (sorted by customer, then allocation order) into per-customer lists."""
    out: dict[str, _Cash] = {}
    customers, *columns = _lists(cash, ("customer_id", "paid_on", "currency", "invoice_id",
                                        "payment_id"))
    columns.append(_cents(cash.amount))
    start = 0
    for end in range(1, len(customers) + 1):
        if end == len(customers) or customers[end] != customers[start]:
            out[customers[start]] = _Cash(*(c[start:end] for c in columns))
            start = end
    return out


def allocate(promises: pd.DataFrame, cash: pd.DataFrame, grace_days: int) -> tuple[
        dict[str, int], pd.DataFrame]:
    """FIFO allocation of cash rows to live (not superseded) promises.

    Returns cents allocated per promise and one row per payment-row-to-promise pair with the
    pair's order of allocation (`seq`).
    """
    by_customer: dict[str, list[tuple]] = {}
    customers, *columns = _lists(promises, ("customer_id", "promise_id", "rep_id",
                                            "invoice_id", "made_on", "due_on"))
    rows = zip(*columns, _cents(promises.amount), promises.currency.tolist(), strict=True)
    for customer, row in zip(customers, rows, strict=True):
        by_customer.setdefault(customer, []).append(row)
    pairs: list[tuple] = []
    taken: dict[str, int] = {}
    grace = timedelta(days=grace_days)
    cash_of = _cash_by_customer(cash)
    for customer, rows_of in by_customer.items():
        if customer in cash_of:
            taken.update(_allocate_customer(rows_of, cash_of[customer], grace, pairs))
        else:
            taken.update((row[0], 0) for row in rows_of)
    allocations = pd.DataFrame(pairs, columns=["promise_id", "rep_id", "payment_id",
                                               "invoice_id", "paid_on", "allocated_amt", "seq"])
    return taken, allocations


def _status(row, taken: int, as_of: date, settings: Settings) -> str:
    if row.is_superseded:
        return "superseded"
    need = Decimal(round(float(row.amount) * 100))
    if taken >= need * (1 - Decimal(str(settings.promise_tolerance))):
        return "kept"
    if as_of <= row.due_on + timedelta(days=settings.promise_grace_days):
        return "pending"
    return "partial" if taken > 0 else "broken"


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
    for frame, cols in ((promises, ("made_on", "due_on")), (cash, ("paid_on",))):
        for col in cols:
            frame[col] = pd.to_datetime(frame[col]).dt.date
        frame.replace({float("nan"): None}, inplace=True)
    live = promises[~promises.is_superseded]
    taken, allocations = allocate(live, cash, settings.promise_grace_days)
    promises["allocated_amt"] = [taken.get(pid, 0) / 100 for pid in promises.promise_id]
    promises["status"] = [_status(r, taken.get(r.promise_id, 0), as_of, settings)
                          for r in promises.itertuples(index=False)]
    promises["allocated_base_amt"] = (promises.allocated_amt * promises.fx_rate).round(2)
    promises["due_month_on"] = [d.replace(day=1) for d in promises.due_on]
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
