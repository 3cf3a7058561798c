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


def _allocate_customer(promises: pd.DataFrame, cash: pd.DataFrame, grace: timedelta,
                       pairs: list[tuple]) -> dict[str, int]:
    """Allocate one customer's cash rows to its promises in order; cents per promise."""
    paid_on = list(cash.paid_on)
    left = _cents(cash.amount)
    taken: dict[str, int] = {}
    for p in promises.itertuples(index=False):
        need, got = round(float(p.amount) * 100), 0
        lo = bisect.bisect_left(paid_on, p.made_on)
        hi = bisect.bisect_right(paid_on, p.due_on + grace)
        for i in range(lo, hi):
            if got >= need:
                break
            row = cash.iloc[i]
            if left[i] <= 0 or row.currency != p.currency or (
                    p.invoice_id is not None and row.invoice_id != p.invoice_id):
                continue
            part = min(left[i], need - got)
            left[i] -= part
            got += part
            pairs.append((p.promise_id, p.rep_id, row.payment_id, row.invoice_id, row.paid_on,
                          part / 100, len(pairs)))
        taken[p.promise_id] = got
    return taken


def allocate(promises: pd.DataFrame, cash: pd.DataFrame, grace_days: int) -> tuple[
        dict[str, int], pd.DataFrame]:
    """FIFO allocation of cash rows to live (not superseded) promises.

    Returns cents allocated per promise and one row per payment-row-to-promise pair with the
    pair's order of allocation (`seq`).
    """
    pairs: list[tuple] = []
    taken: dict[str, int] = {}
    grace = timedelta(days=grace_days)
    by_customer = dict(iter(cash.groupby("customer_id", sort=False)))
    for customer, group in promises.groupby("customer_id", sort=False):
        rows = by_customer.get(customer)
        if rows is None:
            taken.update(dict.fromkeys(group.promise_id, 0))
            continue
        taken.update(_allocate_customer(group, rows.reset_index(drop=True), grace, pairs))
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


def book(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings) -> Book:
    """Every promise made by the date with its status, allocated amount (promise currency and
    base at made_on) and the payment-to-promise pairs behind it."""
    promises = run_sql(con, "promises/book.sql", as_of=as_of,
                       base_currency=settings.base_currency)
    cash = run_sql(con, "promises/cash_rows.sql", as_of=as_of, first_on=date.min,
                   base_currency=settings.base_currency)
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
    """Counts per status and kept rates (count and amount) overall or per group."""
    frame = promises.assign(
        is_rated=promises.status.isin(RATED),
        **{f"count_{s}": promises.status.eq(s) for s in STATUSES})
    keys = by or ["all"]
    if not by:
        frame = frame.assign(all="all")
    rated = frame[frame.is_rated]
    out = frame.groupby(keys)[[f"count_{s}" for s in STATUSES]].sum()
    out["kept_rate_pct"] = (rated.groupby(keys)["count_kept"].sum()
                            / rated.groupby(keys).size()).reindex(out.index)
    out["kept_amount_rate_pct"] = (rated.groupby(keys)["allocated_base_amt"].sum()
                                   / rated.groupby(keys)["amount_base"].sum()).reindex(out.index)
    return out.reset_index().drop(columns=["all"], errors="ignore")


def repeat_breakers(promises: pd.DataFrame, *, as_of: date, days: int = 180) -> pd.DataFrame:
    """Customers with two or more broken promises due in the last `days` days."""
    recent = promises[(promises.status == "broken")
                      & (promises.due_on > as_of - timedelta(days=days))]
    counts = recent.groupby("customer_id").size().rename("count_broken").reset_index()
    return counts[counts.count_broken >= 2].sort_values("count_broken", ascending=False,
                                                        ignore_index=True)
