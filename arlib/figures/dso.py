"""The DSO family (metrics.md §2): period, countback, best possible, ADD, trend, CEI, DBT."""

from __future__ import annotations

import calendar
from datetime import date

import duckdb
import pandas as pd

from arlib import written
from arlib.figures import aging
from arlib.figures.periods import days_before, months_back
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_sql

COUNTBACK_MAX_MONTHS = 120


def inputs(con: duckdb.DuckDBPyConnection, *, dates: list[date], settings: Settings,
           scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per date: AR total and current, window sales, month-to-date sales (base)."""
    frame = run_sql(con, "figures/sql/dso/inputs.sql", as_of_dates=list(dates),
                    window_days=settings.dso_window_days, **aging.params(settings, scope))
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.date
    return frame


def monthly_sales(con: duckdb.DuckDBPyConnection, *, last_on: date, settings: Settings,
                  scope: Scope = EVERYONE) -> dict[date, float]:
    """Net sales per calendar month (keyed by its 1st) for the 120 months up to last_on."""
    first_on = months_back(COUNTBACK_MAX_MONTHS, as_of=last_on)
    frame = run_sql(con, "figures/sql/dso/monthly_sales.sql", first_on=first_on, last_on=last_on,
                    base_currency=settings.base_currency, **scope.params())
    return {pd.Timestamp(m).date(): float(s) for m, s in zip(frame.month_on, frame.sales_amt,
                                                             strict=True)}


def cents(amount: float) -> int:
    """Money as integer cents, so that sums and comparisons are exact (floats are not)."""
    return round(float(amount) * 100)


def _ratio_days(numerator: float, sales: float, days: int) -> float | None:
    """numerator / sales × days, undefined (None) when sales are not positive."""
    return numerator / sales * days if sales > 0 else None


def countback_steps(ar_total: float, *, as_of: date, month_to_date: float,
                    sales_by_month: dict[date, float]) -> pd.DataFrame:
    """The countback walk, one row per month used: its sales, the AR still to place before
    it, and the days it adds (all of its days, or the share the remaining AR covers)."""
    remaining, steps = cents(ar_total), []
    for back in range(COUNTBACK_MAX_MONTHS if remaining > 0 else 0):
        start = months_back(back, as_of=as_of)
        if back == 0:
            sales, span = cents(month_to_date), (as_of - start).days + 1
        else:
            sales = cents(sales_by_month.get(start, 0.0))
            span = calendar.monthrange(start.year, start.month)[1]
        last = sales > 0 and remaining <= sales
        steps.append((start, sales / 100, remaining / 100,
                      remaining / sales * span if last else float(span), span))
        if last:
            break
        remaining -= max(sales, 0)
    return pd.DataFrame(steps, columns=["month_on", "sales_amt", "ar_left_amt", "added_days",
                                        "month_days"])


def countback(ar_total: float, *, as_of: date, month_to_date: float,
              sales_by_month: dict[date, float]) -> float:
    """Countback DSO in days: walk back over calendar months until the AR is used up."""
    return float(countback_steps(ar_total, as_of=as_of, month_to_date=month_to_date,
                                 sales_by_month=sales_by_month).added_days.sum())


def trend(con: duckdb.DuckDBPyConnection, *, dates: list[date], settings: Settings,
          scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per date: period, countback, best possible DSO and ADD (days), with inputs."""
    frame = inputs(con, dates=dates, settings=settings, scope=scope)
    by_month = monthly_sales(con, last_on=max(dates), settings=settings, scope=scope)
    return with_days(frame, by_month, settings)


def with_days(frame: pd.DataFrame, by_month: dict[date, float],
              settings: Settings) -> pd.DataFrame:
    """The DSO family in days for rows of `inputs`, given the monthly sales up to the last."""
    frame = frame.reset_index(drop=True)
    n = settings.dso_window_days
    frame["period_days"] = [_ratio_days(a, s, n) for a, s in
                            zip(frame.ar_total_amt, frame.sales_window_amt, strict=True)]
    frame["best_possible_days"] = [_ratio_days(a, s, n) for a, s in
                                   zip(frame.ar_current_amt, frame.sales_window_amt, strict=True)]
    frame["add_days"] = [None if p is None else p - b for p, b in
                         zip(frame.period_days, frame.best_possible_days, strict=True)]
    frame["countback_days"] = [
        countback(a, as_of=d, month_to_date=m, sales_by_month=by_month) for a, d, m in
        zip(frame.ar_total_amt, frame.as_of, frame.sales_month_to_date_amt, strict=True)]
    frame["window_days"] = n
    return frame.astype({c: "float64" for c in ("period_days", "best_possible_days",
                                                "add_days")})


def family(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
           scope: Scope = EVERYONE) -> pd.Series:
    """The DSO family as of one date (one record; undefined figures are NaN)."""
    return trend(con, dates=[as_of], settings=settings, scope=scope).iloc[0]


def sales(con: duckdb.DuckDBPyConnection, *, first_on: date, last_on: date,
          settings: Settings, scope: Scope = EVERYONE) -> float:
    """Net sales dated in [first_on, last_on], base currency."""
    frame = run_sql(con, "figures/sql/dso/sales.sql", first_on=first_on, last_on=last_on,
                    base_currency=settings.base_currency, **scope.params())
    return float(frame.iloc[0, 0])


def cei(con: duckdb.DuckDBPyConnection, *, first_on: date, last_on: date,
        settings: Settings, scope: Scope = EVERYONE,
        ends: pd.DataFrame | None = None) -> dict[str, float | None]:
    """Collection effectiveness index (percent) for [first_on, last_on] with its inputs
    (`ends`: the `inputs` rows of the day before first_on and of last_on, when at hand)."""
    opening_on = days_before(1, on=first_on)
    if ends is None:
        ends = inputs(con, dates=[opening_on, last_on], settings=settings, scope=scope)
    # nothing is dated before 0001-01-01, so a period starting then opens with nothing
    opening_amt = (float(ends[ends.as_of == opening_on].iloc[0].ar_total_amt)
                   if first_on > date.min else 0.0)
    closing = ends[ends.as_of == last_on].iloc[0]
    period_sales = sales(con, first_on=first_on, last_on=last_on, settings=settings,
                         scope=scope)
    collectible = cents(opening_amt) + cents(period_sales)
    denominator = collectible - cents(closing.ar_current_amt)
    value = ((collectible - cents(closing.ar_total_amt)) / denominator * 100
             if denominator > 0 else None)
    return {"cei_pct": None if value is None else float(value),
            "opening_ar_amt": opening_amt,
            "sales_amt": period_sales, "closing_ar_amt": float(closing.ar_total_amt),
            "closing_current_amt": float(closing.ar_current_amt)}


def days_beyond_terms(con: duckdb.DuckDBPyConnection, *, first_on: date, last_on: date,
                      settings: Settings, scope: Scope = EVERYONE,
                      customer_id: str | None = None) -> pd.DataFrame:
    """One row per customer paying in the period: weighted days beyond terms, on-time share."""
    return run_sql(con, "figures/sql/dso/days_beyond_terms.sql", first_on=first_on, last_on=last_on,
                   base_currency=settings.base_currency, customer_id=customer_id,
                   **scope.params())


def by_group(con: duckdb.DuckDBPyConnection, *, as_of: date, group_by: str,
             settings: Settings, scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer region or owner rep (`group_by`): the DSO family as of the date
    with its inputs (one set-based query for all groups, the walk in Python)."""
    if group_by not in ("region", "rep_id"):
        raise ValueError(f"cannot group DSO by {group_by!r}")
    rows = run_sql(con, "figures/sql/dso/by_group.sql", as_of=as_of,
                   group_by=group_by.removesuffix("_id"),
                   window_days=settings.dso_window_days, **aging.params(settings, scope))
    n, out = settings.dso_window_days, []
    for key, part in rows.groupby("group_key", sort=True):
        months = {pd.Timestamp(m).date(): float(v) for m, v in
                  zip(part.month_on, part.sales_amt, strict=True) if pd.notna(m)}
        first = part.iloc[0]
        mtd = months.pop(as_of.replace(day=1), 0.0)
        out.append({"group_key": key, "ar_total_amt": first.ar_total_amt,
                    "ar_current_amt": first.ar_current_amt,
                    "sales_window_amt": first.sales_window_amt,
                    "period_days": _ratio_days(first.ar_total_amt, first.sales_window_amt, n),
                    "best_possible_days": _ratio_days(first.ar_current_amt,
                                                      first.sales_window_amt, n),
                    "countback_days": countback(first.ar_total_amt, as_of=as_of,
                                                month_to_date=mtd, sales_by_month=months)})
    frame = pd.DataFrame(out, columns=["group_key", "ar_total_amt", "ar_current_amt",
                                       "sales_window_amt", "period_days", "best_possible_days",
                                       "countback_days"])
    frame["add_days"] = frame.period_days - frame.best_possible_days
    return frame.astype({c: "float64" for c in ("period_days", "best_possible_days",
                                                "add_days")})


def formula(method: str, row: pd.Series, steps: pd.DataFrame, *, currency: str) -> str:
    """The chosen method's formula written out with the date's inputs (markdown)."""
    n, d = int(row.window_days), f"{row.as_of:%Y-%m-%d}"

    def money(value: float) -> str:
        return written.money(value, currency)

    def days(value: float) -> str:
        return "undefined (no positive sales in the window)" if pd.isna(value) \
            else f"**{value:,.1f} days**"

    if method == "period_days":
        return (f"**Period DSO** = AR / sales of the last {n} days × {n}  \n"
                f"= {money(row.ar_total_amt)} / {money(row.sales_window_amt)} × {n} "
                f"= {days(row.period_days)} (as of {d})")
    if method == "best_possible_days":
        return (f"**Best possible DSO** = current AR / sales of the last {n} days × {n}  \n"
                f"= {money(row.ar_current_amt)} / {money(row.sales_window_amt)} × {n} "
                f"= {days(row.best_possible_days)} (as of {d})")
    if method == "add_days":
        return (f"**Average days delinquent** = period DSO − best possible DSO  \n"
                f"= {days(row.period_days)} − {days(row.best_possible_days)} "
                f"= {days(row.add_days)} (as of {d})")
    lines = [f"**Countback DSO** as of {d}: start from the AR of {money(row.ar_total_amt)} "
             "and walk back month by month; a month whose sales do not cover what is left "
             "adds all its days, the last adds the share it covers:", ""]
    for s in steps.itertuples(index=False):
        share = s.added_days < s.month_days
        lines.append(f"- {s.month_on:%b %Y}: sales {money(s.sales_amt)}, AR left "
                     f"{money(s.ar_left_amt)} → "
                     + (f"{s.ar_left_amt:,.2f} / {s.sales_amt:,.2f} × {s.month_days} = "
                        f"{s.added_days:.1f} days" if share else f"{s.month_days} days"))
    lines.append(f"\n= {days(row.countback_days)}")
    return "\n".join(lines)
