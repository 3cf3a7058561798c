"""Payment-timing curves (metrics.md §10.4): for each customer, the share of invoice money
still unpaid d days after the due date, by Kaplan–Meier over money (still-open amounts
censored, not ignored), blended with its region's and the portfolio's by history size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FIRST_DAY, LAST_DAY = -190, 550  # days after due the curves cover (clipped to them)
ENTRY, CASH, OTHER, OPEN = 0, 1, 2, 3  # kind_code of the curve rows


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
    idx = day - FIRST_DAY
    entry, cash, gone = (np.zeros(groups * width) for _ in range(3))
    flat = group * width + idx
    for target, chosen in ((entry, kind == ENTRY), (cash, kind == CASH),
                           (gone, (kind == OTHER) | (kind == OPEN))):
        target += np.bincount(flat[chosen], weights=amount[chosen], minlength=groups * width)
    entry, cash, gone = (a.reshape(groups, width) for a in (entry, cash, gone))
    exits = np.cumsum(cash + gone, axis=1)
    at_risk = np.cumsum(entry, axis=1)
    at_risk[:, 1:] -= exits[:, :-1]
    hazard = np.divide(cash, at_risk, out=np.zeros_like(cash), where=at_risk > 1e-9)
    return np.cumprod(1 - np.clip(hazard, 0, 1), axis=1)


def _blend(weight: np.ndarray, own: np.ndarray, prior: np.ndarray) -> np.ndarray:
    return weight[:, None] * own + (1 - weight[:, None]) * prior


def fit(rows: pd.DataFrame, *, customers: pd.DataFrame, prior_weight: float) -> Curves:
    """Each asked customer's curve (customer_id, region): its own by Kaplan–Meier blended
    with its region's, the region's with the portfolio's, each by n / (n + k) with n the
    invoices behind it; the portfolio's alone for a customer without history."""
    kind = rows.kind_code.to_numpy(dtype=np.int64)
    day = np.clip(rows.day.to_numpy(dtype=np.int64), FIRST_DAY, LAST_DAY)
    amount = rows.amount_base.to_numpy(dtype=float)
    invoices = np.where(kind == ENTRY, rows.count_rows.to_numpy(dtype=float), 0.0)
    portfolio = _km(np.zeros(len(rows), dtype=np.int64), kind, day, amount, 1)[0]

    region_code, regions = pd.factorize(rows.region, use_na_sentinel=True)
    has = region_code >= 0
    region_km = _km(region_code[has], kind[has], day[has], amount[has], len(regions))
    region_n = np.bincount(region_code[has], weights=invoices[has], minlength=len(regions))
    region_curve = _blend(region_n / (region_n + prior_weight), region_km, portfolio)

    asked = customers.drop_duplicates("customer_id").reset_index(drop=True)
    ids = pd.Index(asked.customer_id)
    mine = ids.get_indexer(rows.customer_id)
    known = mine >= 0
    own = _km(mine[known], kind[known], day[known], amount[known], len(ids))
    n = np.bincount(mine[known], weights=invoices[known], minlength=len(ids))
    at = pd.Index(regions).get_indexer(asked.region)
    segment = (np.where((at >= 0)[:, None], region_curve[np.maximum(at, 0)], portfolio)
               if len(regions) else np.broadcast_to(portfolio, (len(ids), len(portfolio))))
    return Curves(ids, _blend(n / (n + prior_weight), own, segment), portfolio)


def week_shares(curves: Curves, customer_id: pd.Series, age: np.ndarray,
                weeks: int) -> np.ndarray:
    """Per open item (customer, days after due on the as-of date): the share of its balance
    expected in each week 1..weeks after the date, then after them (a last column), from
    S(age + 7w) conditional on S(age): (S(a+7(w−1)) − S(a+7w)) / S(a). An item the curve
    says should have been paid by now (S(a) = 0) is expected in week 1."""
    rows = curves.customers.get_indexer(customer_id)
    table = np.vstack([curves.survival, curves.portfolio[None, :]])
    rows = np.where(rows >= 0, rows, len(table) - 1)  # no curve of its own: the portfolio's
    points = np.clip(age[:, None] + 7 * np.arange(weeks + 1)[None, :], FIRST_DAY, LAST_DAY)
    s = table[rows[:, None], points - FIRST_DAY]
    start = s[:, :1]
    gone = start <= 1e-12
    shares = np.divide(s[:, :-1] - s[:, 1:], start, out=np.zeros((len(age), weeks)),
                       where=~gone)
    after = np.divide(s[:, -1:], start, out=np.zeros((len(age), 1)), where=~gone)
    shares[gone[:, 0], 0] = 1.0
    return np.concatenate([shares, after], axis=1)
