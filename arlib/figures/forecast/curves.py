"""Payment-timing curves (metrics.md §10.4): for each customer, the share of invoice money
still unpaid d days after the due date, by Kaplan–Meier over money (still-open amounts
censored, not ignored), blended with its region's and the portfolio's by history size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FIRST_DAY, LAST_DAY = -400, 730  # days after due the curves cover; later cash is censored


@dataclass(frozen=True)
class Curves:
    """Unpaid share S(d) on the grid FIRST_DAY..LAST_DAY: one row per customer asked
    for (blended), and the portfolio's (for any other customer)."""

    customers: pd.Index
    survival: np.ndarray  # customers x days
    portfolio: np.ndarray  # days


def _km(group: np.ndarray, kind: np.ndarray, day: np.ndarray, amount: np.ndarray,
        groups: int) -> np.ndarray:
    """Kaplan–Meier over money per group: S(d) = Π_{s ≤ d} (1 − cash paid on s / money at
    risk on s); money enters on its invoice date and leaves when paid, settled otherwise or
    still open on the as-of date (censored: at risk on that day, gone after)."""
    width = LAST_DAY - FIRST_DAY + 1
    idx = np.clip(day, FIRST_DAY, LAST_DAY) - FIRST_DAY
    late_cash = (kind == "cash") & (day > LAST_DAY)
    entry, cash, gone = (np.zeros((groups, width)) for _ in range(3))
    np.add.at(entry, (group[kind == "entry"], idx[kind == "entry"]), amount[kind == "entry"])
    paid = (kind == "cash") & ~late_cash
    np.add.at(cash, (group[paid], idx[paid]), amount[paid])
    left = ((kind == "other") | (kind == "open") | late_cash)
    np.add.at(gone, (group[left], idx[left]), amount[left])
    exits = np.cumsum(cash + gone, axis=1)
    at_risk = np.cumsum(entry, axis=1) - np.concatenate(
        [np.zeros((groups, 1)), exits[:, :-1]], axis=1)
    hazard = np.divide(cash, at_risk, out=np.zeros_like(cash), where=at_risk > 1e-9)
    return np.cumprod(1 - np.clip(hazard, 0, 1), axis=1)


def fit(rows: pd.DataFrame, *, customers: pd.DataFrame, prior_weight: float) -> Curves:
    """Each asked customer's curve (customer_id, region): its own by Kaplan–Meier blended
    with its region's, the region's with the portfolio's, each by n / (n + k) with n the
    invoices behind it; the portfolio's alone for a customer without history."""
    kind = rows.kind.to_numpy(dtype=object)
    day = rows.day.to_numpy(dtype=np.int64)
    amount = rows.amount_base.to_numpy(dtype=float)
    portfolio = _km(np.zeros(len(rows), dtype=np.int64), kind, day, amount, 1)[0]
    if not len(rows):
        portfolio = np.ones(LAST_DAY - FIRST_DAY + 1)
    regions = pd.Index(rows.region.dropna().unique())
    has_region = rows.region.notna().to_numpy()
    region_km = _km(regions.get_indexer(rows.region[has_region]), kind[has_region],
                    day[has_region], amount[has_region], len(regions))
    region_n = rows[has_region].groupby("region").invoice_id.nunique().reindex(regions)
    weight = (region_n / (region_n + prior_weight)).to_numpy()[:, None]
    region_curve = weight * region_km + (1 - weight) * portfolio

    asked = customers.drop_duplicates("customer_id").reset_index(drop=True)
    ids = pd.Index(asked.customer_id)
    mine = ids.get_indexer(rows.customer_id)
    known = mine >= 0
    own = _km(mine[known], kind[known], day[known], amount[known], len(ids))
    n = rows[known].groupby("customer_id").invoice_id.nunique().reindex(ids).fillna(0)
    w = (n / (n + prior_weight)).to_numpy()[:, None]
    at = regions.get_indexer(asked.region)
    segment = np.where((at >= 0)[:, None], region_curve[np.maximum(at, 0)] if len(regions)
                       else portfolio, portfolio)
    return Curves(ids, w * own + (1 - w) * segment, portfolio)


def week_shares(curves: Curves, customer_id: pd.Series, age: np.ndarray,
                weeks: int) -> np.ndarray:
    """Per open item (customer, days after due on the as-of date): the share of its balance
    expected in each week 1..weeks after the date, then after them (a last column), from
    S(age + 7w) conditional on S(age): (S(a+7(w−1)) − S(a+7w)) / S(a). An item the curve
    says should have been paid by now (S(a) = 0) is expected in week 1."""
    rows = curves.customers.get_indexer(customer_id)
    curve = np.where((rows >= 0)[:, None], curves.survival[np.maximum(rows, 0)],
                     curves.portfolio)
    points = np.clip(age[:, None] + 7 * np.arange(weeks + 1)[None, :], FIRST_DAY, LAST_DAY)
    s = np.take_along_axis(curve, points - FIRST_DAY, axis=1)
    start = s[:, :1]
    gone = start <= 1e-12
    shares = np.divide(s[:, :-1] - s[:, 1:], start, out=np.zeros((len(age), weeks)),
                       where=~gone)
    after = np.divide(s[:, -1:], start, out=np.zeros((len(age), 1)), where=~gone)
    shares[gone[:, 0], 0] = 1.0
    return np.concatenate([shares, after], axis=1)
