"""The cash forecast as of a date (metrics.md §10): what was known on the date, each open
item's part placed on the day a method expects its cash, and the 13 weeks after the date."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from arlib.figures import periods, promises
from arlib.figures.forecast import curves, inputs, promised, shrink
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings

WEEKS = 13
AFTER = WEEKS + 1  # the week number of cash expected after the 13 weeks
METHODS = {"due_date": "Due date", "lateness": "Customer lateness",
           "curves": "Payment-timing curves"}
LINES = ("expected", "promised", "disputed")


class Later:
    """A value made on first use, once (the app's sessions share what a date reads)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self._make, self._lock, self._value = make, threading.Lock(), None

    @classmethod
    def made(cls, value: object) -> Later:
        """One made already."""
        later = cls(lambda: value)
        later.get()
        return later

    def get(self) -> object:
        """The value, made now if it was not yet."""
        with self._lock:
            if self._make is not None:
                self._value, self._make = self._make(), None
            return self._value


@dataclass(frozen=True)
class Known:
    """What the forecast of one as-of date reads: the open items split into their promised
    and other parts, each customer's days late and payment-timing curve (metrics.md §10)."""

    as_of: date
    parts: pd.DataFrame
    timing: Later  # (lateness, curves): made already, or read and fitted when first used
    currency: str | None = None  # the one currency it is narrowed to (None: every currency)

    @property
    def lateness(self) -> pd.DataFrame:
        """One row per customer asked for with its shrunk days late (`shrink.lateness`)."""
        return self.timing.get()[0]

    @property
    def curves(self) -> curves.Curves:
        """The payment-timing curves of the customers asked for (`curves.fit`)."""
        return self.timing.get()[1]


def _timing(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
            asked: pd.DataFrame) -> tuple[pd.DataFrame, curves.Curves]:
    """Each asked customer's days late and curve, read and fitted now."""
    k = settings.forecast_prior_weight
    history = inputs.lateness_history(con, as_of=as_of, settings=settings)
    rows = inputs.curve_rows(con, as_of=as_of, settings=settings)
    return (shrink.lateness(history, customers=asked, prior_weight=k),
            curves.fit(rows, customers=asked, prior_weight=k))


def known(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
          scope: Scope = EVERYONE, fitted: bool = True) -> Known:
    """The open items on the date (base currency and their own), split by the pending
    promises, with each customer's shrunk days late and curve; nothing dated after the date.
    `fitted=False` reads the days late and curves only when first used (on `con`, which must
    then still be open): the comparison with a week earlier needs only the open items."""
    # the reads are independent: run side by side (each on its own cursor; DuckDB leaves
    # the interpreter lock while it works), then fit on what they return
    k = settings.forecast_prior_weight
    with ThreadPoolExecutor(max_workers=4) as pool:
        items_read = pool.submit(inputs.open_items, con, as_of=as_of, settings=settings,
                                 scope=scope)
        book_read = pool.submit(promises.book, con, as_of=as_of, settings=settings,
                                with_pairs=False)
        if fitted:
            rows_read = pool.submit(inputs.curve_rows, con, as_of=as_of, settings=settings)
            history_read = pool.submit(inputs.lateness_history, con, as_of=as_of,
                                       settings=settings)
        items = items_read.result()
        asked = items[["customer_id", "region"]]
        if fitted:
            fit = pool.submit(curves.fit, rows_read.result(), customers=asked, prior_weight=k)
            late = shrink.lateness(history_read.result(), customers=asked, prior_weight=k)
        book = book_read.result().promises
        since = periods.days_before(settings.forecast_history_days - 1, on=as_of)
        weights = shrink.kept_weights(book[book.due_on >= since], customers=items.customer_id,
                                      prior_weight=k)
        pending = book[(book.status == "pending").to_numpy()
                       & promises.among(book.customer_id, items.customer_id)]
        parts = promised.split(items, pending, weights, as_of=as_of)
        timing = (Later.made((late, fit.result())) if fitted else
                  Later(lambda: _timing(con, as_of=as_of, settings=settings, asked=asked)))
        return Known(as_of, parts, timing)


def in_currency(known: Known, currency: str | None) -> Known:
    """The forecast narrowed to the items in one currency (None: all of them). The same as
    reading only those items: a promise covers items of its own currency only, and each
    customer's days late, kept rate and curve do not depend on which items are asked."""
    if currency is None:
        return known
    parts = known.parts[(known.parts.currency == currency).to_numpy()].reset_index(drop=True)
    return Known(known.as_of, parts, known.timing, currency)


def in_scope(known: Known, con: duckdb.DuckDBPyConnection, *, settings: Settings,
             scope: Scope) -> Known:
    """The forecast of every customer (`known` read for EVERYONE) narrowed to a scope's
    items: the same as reading the scope alone, since a promise covers its own customer's
    items only and each customer's days late, kept rate and curve do not depend on which
    customers are asked; only the scope's open items are read again."""
    if scope == EVERYONE:
        return known
    items = inputs.open_items(con, as_of=known.as_of, settings=settings, scope=scope)
    mine = promises.among(known.parts.item_id, items.item_id)
    return Known(known.as_of, known.parts[mine].reset_index(drop=True), known.timing,
                 known.currency)


def currencies(known: Known) -> list[str]:
    """The currencies of the open items on the date, sorted."""
    return sorted(known.parts.currency.dropna().unique().tolist())


def _day_numbers(values: pd.Series) -> np.ndarray:
    return pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype(np.int64)


def expected_days(known: Known, method: str) -> np.ndarray:
    """The day (number since 1970-01-01) each part's cash is expected by the method, never
    before the day after the as-of date: a promised part on its promise's date."""
    due = _day_numbers(known.parts.due_on)
    if method == "due_date":
        days = due
    elif method == "lateness":
        late = known.parts.customer_id.map(known.lateness.set_index("customer_id").late_days)
        days = due + np.floor(late.fillna(0.0).to_numpy(dtype=float) + 0.5).astype(np.int64)
    else:
        raise ValueError(f"unknown forecast method {method!r}: one of {', '.join(METHODS)}")
    fixed = known.parts.fixed_on.notna().to_numpy()
    days = np.where(fixed, _day_numbers(known.parts.fixed_on.where(fixed, None)), days)
    first = (known.as_of - date(1970, 1, 1)).days + 1
    return np.maximum(days, first)


def _week_of(days: np.ndarray, *, as_of: date) -> np.ndarray:
    """The week (1 to 13, 14 after them) of each day number after the date."""
    return np.minimum((days - (as_of - date(1970, 1, 1)).days + 6) // 7, AFTER)


@dataclass(frozen=True)
class Spread:
    """A method's forecast as one row of shares per part: the share of the part (in
    `known.parts`' order) the method expects in each week 1 to 13 and after them (column
    14), what `place` gives without a row per part and week."""

    known: Known
    method: str
    shares: np.ndarray  # parts x AFTER


def spread(known: Known, method: str) -> Spread:
    """The shares of each part per week: the whole part in the week of its day for due date
    and lateness, spread by its customer's curve for the curves (§10.4); a promised part
    whole in its promise's week."""
    parts = known.parts
    if method != "curves":
        week = _week_of(expected_days(known, method), as_of=known.as_of)
        shares = np.zeros((len(parts), AFTER))
        shares[np.arange(len(parts)), week - 1] = 1.0
        return Spread(known, method, shares)
    fixed = parts.fixed_on.notna().to_numpy()
    age = (known.as_of - date(1970, 1, 1)).days - _day_numbers(parts.due_on)
    shares = curves.week_shares(known.curves, parts.customer_id, age, WEEKS)
    first = (known.as_of - date(1970, 1, 1)).days + 1
    promised_day = np.maximum(_day_numbers(parts.fixed_on.where(fixed, None)), first)
    promised_week = _week_of(promised_day, as_of=known.as_of)
    shares[fixed] = 0.0
    shares[np.flatnonzero(fixed), promised_week[fixed] - 1] = 1.0
    return Spread(known, method, shares)


def rows(spread: Spread, weeks: list[int] | None = None) -> pd.DataFrame:
    """One row per part and week (of `weeks`, every week by default) with a share of it:
    the part's columns, the `week`, its `share` and the amounts times the share, parts in
    order and their weeks in order (week first when several weeks are asked for)."""
    chosen = spread.shares if weeks is None else spread.shares[:, [w - 1 for w in weeks]]
    if weeks is None:
        part, column = np.nonzero(chosen > 0)
        week = column + 1
    else:
        column, part = np.nonzero(chosen.T > 0)
        week = np.asarray(weeks, dtype=np.int64)[column]
    share = chosen[part, column]
    out = spread.known.parts.iloc[part].reset_index(drop=True)
    out["amount"] = out.amount.to_numpy() * share
    out["base_amt"] = out.base_amt.to_numpy() * share
    return out.assign(method=spread.method, expected_on=None, week=week.astype(np.int64),
                      share=share)


def place(known: Known, method: str) -> pd.DataFrame:
    """One row per part of an open item with the day and week (1 to 13, 14 after) its cash
    is expected by the method; amounts in the item's currency and base currency. The curves
    method gives one row per part and week instead, with the share of the part (no day)."""
    if method == "curves":
        return rows(spread(known, method))
    days = expected_days(known, method)
    week = _week_of(days, as_of=known.as_of)
    return known.parts.assign(
        method=method, expected_on=days.astype("datetime64[D]").astype(object),
        week=week.astype(np.int64))


def week_starts(*, as_of: date) -> pd.DataFrame:
    """One row per week 1 to 13 after the date: its first and last day."""
    weeks = list(range(1, WEEKS + 1))
    return pd.DataFrame({
        "week": weeks,
        "week_start_on": [as_of + timedelta(days=7 * (w - 1) + 1) for w in weeks],
        "week_end_on": [as_of + timedelta(days=7 * w) for w in weeks]})


def weekly(placed: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One row per week 1 to 13, then one for after the 13 weeks (week 14): base currency per
    line (expected, promised, disputed), `total_amt`, the cash expected (expected plus
    promised; disputed items apart), and `all_lines_amt` with the disputed line too (what the
    back-test scores)."""
    sums = placed.pivot_table(index="week", columns="line", values="base_amt", aggfunc="sum")
    return _weeks(sums.reindex(index=range(1, AFTER + 1), columns=list(LINES)).fillna(0.0),
                  as_of=as_of)


def _weeks(sums: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """The weekly table from the base amounts per week (index 1 to 14) and line (columns)."""
    out = sums.rename(columns={line: f"{line}_amt" for line in LINES}).reset_index()
    out = out.merge(week_starts(as_of=as_of), on="week", how="left")
    out["total_amt"] = (out.expected_amt + out.promised_amt).round(2)
    out["all_lines_amt"] = (out.total_amt + out.disputed_amt).round(2)
    for line in LINES:
        out[f"{line}_amt"] = out[f"{line}_amt"].round(2)
    return out[["week", "week_start_on", "week_end_on", "total_amt",
                *[f"{x}_amt" for x in LINES], "all_lines_amt"]]


def weekly_of(spread: Spread) -> pd.DataFrame:
    """The weekly table (`weekly`) of a method's shares: the same sums, week by week."""
    parts = spread.known.parts
    line = pd.Categorical(parts.line, categories=list(LINES)).codes
    base = parts.base_amt.to_numpy(dtype=float)
    sums = np.array([np.bincount(line, weights=base * spread.shares[:, w], minlength=len(LINES))
                     for w in range(AFTER)])
    return _weeks(pd.DataFrame(sums, index=pd.Index(range(1, AFTER + 1), name="week"),
                               columns=pd.Index(list(LINES), name="line")),
                  as_of=spread.known.as_of)


def by_currency_of(spread: Spread) -> pd.DataFrame:
    """One row per week and currency (`by_currency`) of a method's shares."""
    parts, shares = spread.known.parts, spread.shares
    code, names = pd.factorize(parts.currency, sort=True)
    width = max(len(names), 1)
    disputed = (parts.line == "disputed").to_numpy()
    amount, base = parts.amount.to_numpy(dtype=float), parts.base_amt.to_numpy(dtype=float)

    # one key per part and week (week × width + currency), parts in order within a key:
    # the sums of the placed rows, in their order
    key = (np.arange(AFTER)[None, :] * width + code[:, None]).ravel()
    size = AFTER * width

    def summed(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=(np.where(mask, values, 0.0)[:, None]
                                         * shares).ravel(), minlength=size)

    present = np.flatnonzero(np.bincount(key, weights=shares.ravel() > 0, minlength=size))
    return pd.DataFrame({
        "week": present // width + 1,
        "currency": pd.array(np.asarray(names, dtype=object)[present % width],
                             dtype=parts.currency.dtype),
        "total_currency_amt": np.round(summed(amount, ~disputed)[present], 2),
        "total_amt": np.round(summed(base, ~disputed)[present], 2),
        "disputed_currency_amt": np.round(summed(amount, disputed)[present], 2),
        "disputed_amt": np.round(summed(base, disputed)[present], 2)})


def by_currency(placed: pd.DataFrame) -> pd.DataFrame:
    """One row per week (1 to 14) and currency: the cash expected (expected plus promised)
    and disputed, in the currency and in base currency."""
    # summed by integer codes (week × currency): at a million invoices the curves place
    # about 900,000 rows
    code, names = pd.factorize(placed.currency, sort=True)
    key = (placed.week.to_numpy(dtype=np.int64) - 1) * max(len(names), 1) + code
    size = AFTER * max(len(names), 1)
    disputed = (placed.line == "disputed").to_numpy()
    amount = placed.amount.to_numpy(dtype=float)
    base = placed.base_amt.to_numpy(dtype=float)
    present = np.flatnonzero(np.bincount(key, minlength=size))

    def summed(values: np.ndarray) -> np.ndarray:
        return np.round(np.bincount(key, weights=values, minlength=size)[present], 2)

    return pd.DataFrame({
        "week": present // max(len(names), 1) + 1,
        "currency": pd.array(np.asarray(names, dtype=object)[present % max(len(names), 1)],
                             dtype=placed.currency.dtype),
        "total_currency_amt": summed(np.where(disputed, 0.0, amount)),
        "total_amt": summed(np.where(disputed, 0.0, base)),
        "disputed_currency_amt": summed(np.where(disputed, amount, 0.0)),
        "disputed_amt": summed(np.where(disputed, base, 0.0))})


def forecast(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
             method: str = "lateness", scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per part of an open item placed by the method (see `place`)."""
    return place(known(con, as_of=as_of, settings=settings, scope=scope), method)
