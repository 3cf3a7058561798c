"""Promises to pay (metrics.md §3): FIFO allocation of cash, statuses and kept rates.

The allocation is sequential within a customer (each promise takes what earlier promises
left): arlib.store.allocation runs it in rounds over numpy arrays, arlib.figures.pairs reads
it from the stored one where that holds; amounts are integer cents so that the tolerance boundary is
exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arlib import written
from arlib.figures import pairs, periods
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame

STATUSES = ("kept", "partial", "broken", "pending", "superseded")
PAIR_COLUMNS = ["promise_id", "rep_id", "payment_id", "invoice_id", "paid_on", "allocated_amt",
                "seq"]
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
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


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back to datetime.date objects."""
    return np.asarray(days, dtype="datetime64[D]").astype(object)


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
         scope: Scope = EVERYONE, customer_id: str | None = None,
         with_pairs: bool = True) -> Book:
    """Every promise made by the date with its status, allocated amount (promise currency and
    base at made_on) and the payment-to-promise pairs behind it (none with
    `with_pairs=False`: the cash forecast needs only the amounts)."""
    # one customer's promises only ever take that customer's cash, so filtering is exact
    promises = run_frame(con, "figures/sql/promises/book.sql", as_of=as_of, customer_id=customer_id,
                         base_currency=settings.base_currency, **scope.params())
    taken, allocations = pairs.as_of(con, promises, on=as_of, settings=settings, scope=scope,
                                     customer_id=customer_id, framed=with_pairs)
    promises = promises.drop(columns=["is_superseded_later", "book_rank"])
    promises["status"] = pd.array(_statuses(promises, taken, as_of, settings), dtype=_TEXT)
    made, due = _days(promises.made_on), _days(promises.due_on)
    promises["made_on"], promises["due_on"] = _dates(made), _dates(due)
    for column in ("customer_name", "invoice_id", "currency", "rep_id"):
        if promises[column].hasnans:  # missing text as None, as the pages expect
            promises[column] = promises[column].astype(object).where(promises[column].notna(),
                                                                       None)
    promises.insert(12, "allocated_amt", taken / 100)
    promises["allocated_base_amt"] = (promises.allocated_amt * promises.fx_rate).round(2)
    promises["due_month_on"] = _dates(due.astype("datetime64[D]").astype("datetime64[M]")
                                      .astype("datetime64[D]").astype(np.int64))
    return Book(promises, allocations)


def among(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """Which of the text values are among the allowed ones (pandas' isin on text turns every
    value into a Python string first; Arrow does not)."""
    return pc.is_in(pa.array(values, pa.string()),
                    value_set=pa.array(allowed, pa.string())).to_numpy(zero_copy_only=False)


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
                      & (promises.due_on >= periods.days_before(days - 1, on=as_of))]
    counts = recent.groupby("customer_id").size().rename("count_broken").reset_index()
    return counts[counts.count_broken >= 2].sort_values("count_broken", ascending=False,
                                                        ignore_index=True)


def due_soon(promises: pd.DataFrame, *, as_of: date, days: int = 7) -> pd.DataFrame:
    """Pending promises due from the date to `days` days after it: the lead's call list."""
    frame = promises[(promises.status == "pending") & (promises.due_on >= as_of)
                     & (promises.due_on <= periods.days_after(days, on=as_of))]
    return frame.sort_values(["due_on", "amount_base"], ascending=[True, False],
                             ignore_index=True)


def recently_broken(promises: pd.DataFrame, *, as_of: date, grace_days: int,
                    days: int = 30) -> pd.DataFrame:
    """Promises broken or partly kept whose deadline (due + grace) fell in the last `days`."""
    deadline = _days(promises.due_on) + grace_days
    today = (as_of - date(1970, 1, 1)).days
    frame = promises[promises.status.isin(("broken", "partial")).to_numpy()
                     & (deadline > today - days) & (deadline < today)]
    return frame.sort_values("due_on", ascending=False, ignore_index=True)


def with_payments(book: Book) -> pd.DataFrame:
    """The promises with the payments allocated to each, as text, in the promise's currency
    ('P2 USD 2,000.00 on 2024-11-25')."""
    pairs = book.allocations
    currencies = dict(zip(book.promises.promise_id.tolist(), book.promises.currency.tolist(),
                          strict=True))
    texts: dict[str, list[str]] = {}
    for promise, payment, amount, day in zip(pairs.promise_id.tolist(), pairs.payment_id.tolist(),
                                             pairs.allocated_amt.tolist(),
                                             pairs.paid_on.tolist(), strict=True):
        texts.setdefault(promise, []).append(
            f"{payment} {written.money(amount, currencies.get(promise))} on "
            f"{written.day(day)}")
    listed = {promise: "; ".join(parts) for promise, parts in texts.items()}
    payments = np.array([listed.get(p, "") for p in book.promises.promise_id.tolist()],
                        dtype=object)
    return book.promises.assign(payments=payments, promised_amt=book.promises.amount)


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
        "listing": listing[among(listing.promise_id, period.promise_id)].reset_index(
            drop=True),
    }
