"""Back-test of the cash forecast by replay (metrics.md §10.5): forecasts made as of past
dates with what was known then, against the cash that arrived on their items per week."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from arlib.figures import periods
from arlib.figures.forecast import inputs, weekly
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings

HORIZON_DAYS = 7 * weekly.WEEKS
BAND = (0.10, 0.90)  # the 80 % band: these conformal bounds of the scaled errors
MIN_PAST = 3  # replayed dates, complete before a date, needed to give it a band


def as_of_dates(*, last_on: date, first_on: date | None = None, months: int = 18,
                every_days: int = 28) -> list[date]:
    """The replayed dates, oldest first: every `every_days` days back from the last date
    whose 13 weeks are all in the data (last_on − 91), over the last `months` months
    (30.44 days each) and not before the first day of the data."""
    start = periods.days_before(round(months * 30.44), on=last_on)
    if first_on is not None:
        start = max(start, first_on)
    day, out = last_on - timedelta(days=HORIZON_DAYS), []
    while day >= start:
        out.append(day)
        day -= timedelta(days=every_days)
    return out[::-1]


def actual_weeks(known: weekly.Known, cash: pd.DataFrame) -> pd.DataFrame:
    """One row per week 1 to 13: the cash that arrived on the items open on the date,
    converted at each item's rate (base currency)."""
    rates = known.parts.drop_duplicates("item_id").set_index("item_id").fx_rate
    base = np.round(cash.paid_amt.to_numpy(dtype=float)
                    * cash.item_id.map(rates).to_numpy(dtype=float), 2)
    offset = (pd.to_datetime(cash.paid_on) - pd.Timestamp(known.as_of)).dt.days.to_numpy()
    week = (offset + 6) // 7
    sums = pd.Series(base).groupby(week).sum()
    return pd.DataFrame({"week": range(1, weekly.WEEKS + 1),
                         "actual_amt": sums.reindex(range(1, weekly.WEEKS + 1)).fillna(0.0)
                         .round(2).to_numpy()})


def replay(con: duckdb.DuckDBPyConnection, *, dates: list[date], settings: Settings,
           methods: tuple[str, ...] = tuple(weekly.METHODS), scope: Scope = EVERYONE,
           progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """One row per replayed date, method and week 1 to 13: the cash forecast then
    (`forecast_amt`: every line, disputed too), the cash that arrived (`actual_amt`) and the
    80 % band from earlier dates with whether it held (`with_bands`), base currency."""
    rows = []
    for n, as_of in enumerate(dates, start=1):
        known = weekly.known(con, as_of=as_of, settings=settings, scope=scope)
        cash = inputs.cash_after(con, as_of=as_of, last_on=as_of + timedelta(HORIZON_DAYS),
                                 settings=settings, scope=scope)
        actual = actual_weeks(known, cash)
        for method in methods:
            made = weekly.weekly_of(weekly.spread(known, method))
            frame = made[made.week <= weekly.WEEKS][["week", "all_lines_amt"]].merge(
                actual, on="week")
            rows.append(frame.rename(columns={"all_lines_amt": "forecast_amt"}).assign(
                as_of=as_of, method=method))
        if progress is not None:
            progress(n, len(dates))
    columns = ["as_of", "method", "week", "forecast_amt", "actual_amt"]
    if not rows:
        return pd.DataFrame(columns=[*columns, "band_low_amt", "band_high_amt", "is_covered"])
    return with_bands(pd.concat(rows, ignore_index=True)[columns])


def _order_statistic(values: np.ndarray, level: float) -> float:
    """The conformal bound at `level` of n values: the ⌊level (n + 1)⌋-th smallest below the
    median (−inf when that rank is 0), the ⌈level (n + 1)⌉-th above it (the largest when the
    rank passes n)."""
    ordered, n = np.sort(values), len(values)
    if level < 0.5:
        rank = math.floor(level * (n + 1) + 1e-9)
        return float(ordered[rank - 1]) if rank >= 1 else -math.inf
    return float(ordered[min(math.ceil(level * (n + 1) - 1e-9), n) - 1])


def _with_totals(replayed: pd.DataFrame) -> pd.DataFrame:
    """The rows with `total_amt`, the 13-week forecast of their date and method, and
    `error_pct`, (actual − forecast) / that total (NaN when the method forecast nothing)."""
    total = replayed.groupby(["as_of", "method"]).forecast_amt.transform("sum").astype(float)
    error = (replayed.actual_amt.astype(float) - replayed.forecast_amt.astype(float)) / total
    return replayed.assign(total_amt=total, error_pct=error.where(total > 0))


def band_errors(replayed: pd.DataFrame) -> pd.DataFrame:
    """One row per method and week: the conformal 10 % and 90 % bounds (`low_pct`,
    `high_pct`) of the replayed errors (actual − forecast) scaled by each date's 13-week
    forecast, over the dates that forecast some cash (`count_dates`)."""
    rows = _with_totals(replayed).dropna(subset=["error_pct"])
    if rows.empty:
        return pd.DataFrame(columns=["method", "week", "low_pct", "high_pct", "count_dates"])
    grouped = rows.groupby(["method", "week"]).error_pct
    return pd.DataFrame({
        "low_pct": grouped.agg(lambda e: _order_statistic(e.to_numpy(), BAND[0])),
        "high_pct": grouped.agg(lambda e: _order_statistic(e.to_numpy(), BAND[1])),
        "count_dates": grouped.size()}).reset_index()


def band(forecast: np.ndarray, total: np.ndarray, low_pct: np.ndarray,
         high_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 80 % band of week forecasts F whose 13 weeks add up to T: [F + low × T,
    F + high × T], never below 0, rounded to the cent; NaN without bounds."""
    with np.errstate(invalid="ignore"):
        low = np.maximum(forecast + np.where(np.isneginf(low_pct), -np.inf, low_pct * total), 0)
        high = np.maximum(forecast + high_pct * total, 0)
    return np.round(low, 2), np.round(high, 2)


def with_bands(replayed: pd.DataFrame) -> pd.DataFrame:
    """The replayed rows with each date's 80 % band made only from the dates whose 13 weeks
    had all passed by then (at least MIN_PAST of them, else no band), and whether the cash
    that arrived fell inside it: the band's coverage out of sample."""
    out = replayed.assign(band_low_amt=np.nan, band_high_amt=np.nan, is_covered=pd.NA)
    totals = _with_totals(replayed).total_amt.to_numpy()
    dates = sorted(replayed.as_of.unique())
    for as_of in dates:
        past = [d for d in dates if (as_of - d).days >= HORIZON_DAYS]
        if len(past) < MIN_PAST:
            continue
        errors = band_errors(replayed[replayed.as_of.isin(past)])
        now = (out.as_of == as_of).to_numpy()
        bounds = out[now].merge(errors, on=["method", "week"], how="left")
        low, high = band(bounds.forecast_amt.to_numpy(dtype=float), totals[now],
                         bounds.low_pct.to_numpy(dtype=float),
                         bounds.high_pct.to_numpy(dtype=float))
        low, high = np.nan_to_num(low), np.nan_to_num(high)  # no bound: the band is 0
        out.loc[now, "band_low_amt"] = low
        out.loc[now, "band_high_amt"] = high
        actual = bounds.actual_amt.to_numpy()
        out.loc[now, "is_covered"] = (actual >= low - 0.005) & (actual <= high + 0.005)
    return out


def _wape(errors: pd.Series, actual: pd.Series) -> float:
    total = actual.sum()
    return float(errors.abs().sum() / total) if total > 0 else float("nan")


def _coverage(covered: pd.Series) -> float:
    held = covered.dropna()
    return float(held.astype(bool).mean()) if len(held) else float("nan")


@dataclass(frozen=True)
class Scores:
    """Accuracy per method: WAPE per horizon week and over the 13 weeks, bias."""

    by_week: pd.DataFrame
    summary: pd.DataFrame


def scores(replayed: pd.DataFrame) -> Scores:
    """WAPE per method and horizon week (Σ|forecast − actual| / Σ actual over the dates),
    per method over all 13 weeks (`wape_pct`), bias (Σ(forecast − actual) / Σ actual) and,
    for rows with a band (`with_bands`), the share of weeks whose cash fell inside it
    (`coverage_pct`), fractions; best (lowest 13-week WAPE) first; NaN when undefined."""
    if replayed.empty:
        return Scores(pd.DataFrame(columns=["method", "week", "wape_pct", "coverage_pct",
                                            "forecast_amt", "actual_amt"]),
                      pd.DataFrame(columns=["method", "wape_pct", "bias_pct", "count_dates",
                                            "coverage_pct", "forecast_amt", "actual_amt"]))
    frame = replayed.assign(error=replayed.forecast_amt - replayed.actual_amt)
    by_week = (frame.groupby(["method", "week"])
               .apply(lambda g: pd.Series({"wape_pct": _wape(g.error, g.actual_amt),
                                           "coverage_pct": _coverage(g.is_covered),
                                           "forecast_amt": g.forecast_amt.sum(),
                                           "actual_amt": g.actual_amt.sum()}),
                      include_groups=False).reset_index())
    summary = (frame.groupby("method")
               .apply(lambda g: pd.Series({
                   "wape_pct": _wape(g.error, g.actual_amt),
                   "bias_pct": (float(g.error.sum() / g.actual_amt.sum())
                                if g.actual_amt.sum() > 0 else float("nan")),
                   "count_dates": g.as_of.nunique(),
                   "coverage_pct": _coverage(g.is_covered),
                   "forecast_amt": g.forecast_amt.sum(),
                   "actual_amt": g.actual_amt.sum()}), include_groups=False)
               .reset_index().sort_values(["wape_pct", "method"], ignore_index=True))
    summary["count_dates"] = summary.count_dates.astype(np.int64)
    return Scores(by_week, summary)
