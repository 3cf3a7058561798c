"""Payment-timing curves (metrics.md §10.4): for each customer, the share of invoice money
still unpaid d days after the due date, by Kaplan–Meier over money (still-open amounts
censored, not ignored), blended with its region's and the portfolio's by history size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FIRST_DAY, LAST_DAY = -190, 550  # days after due the curves cover (clipped to them)
ENTRY, CASH, OTHER, OPEN = 0, 1, 2, 3  # kind_code of the curve rows


WIDTH = LAST_DAY - FIRST_DAY + 1


@dataclass(frozen=True)
class Steps:
    """Kaplan–Meier curves of many groups as steps: S(d) on the days money moved (`keys`:
    group × WIDTH + day − FIRST_DAY, sorted), the same until the next, 1 before the first."""

    keys: np.ndarray
    values: np.ndarray

    def at(self, group: np.ndarray, index: np.ndarray) -> np.ndarray:
        """S of each group (row) on each day index (day − FIRST_DAY)."""
        if not len(self.keys):
            return np.ones(np.shape(group))
        query = group * WIDTH + index
        last = np.searchsorted(self.keys, query, side="right") - 1
        mine = (last >= 0) & (self.keys[np.maximum(last, 0)] >= group * WIDTH)
        return np.where(mine, self.values[np.maximum(last, 0)], 1.0)

    def dense(self, groups: int) -> np.ndarray:
        """The curves on the whole grid: groups × days."""
        group, index = np.divmod(np.arange(groups * WIDTH), WIDTH)
        return self.at(group, index).reshape(groups, WIDTH)


def _along(values: np.ndarray, row: np.ndarray, rank: np.ndarray, fill: float,
           accumulate: np.ufunc) -> np.ndarray:
    """The running sum or product of the values within their group, in day order (row: the
    group's number among those with values, rank: the day's among the group's)."""
    table = np.full((row[-1] + 1, rank.max() + 1), fill)
    table[row, rank] = values
    return accumulate.accumulate(table, axis=1)[row, rank]


def _km(group: np.ndarray, kind: np.ndarray, day: np.ndarray, amount: np.ndarray) -> Steps:
    """Kaplan–Meier over money per group: S(d) = Π_{s ≤ d} (1 − cash paid on s / money at
    risk on s); money enters on its invoice date and leaves when paid, settled otherwise or
    still open on the as-of date (censored: at risk on that day, gone after)."""
    # only the days where money moved: elsewhere the hazard is 0 and S stays as it was, so
    # the steps are the day-by-day product's values (the same sums and products, in order)
    keys, inverse = np.unique(group * WIDTH + (day - FIRST_DAY), return_inverse=True)
    if not len(keys):
        return Steps(keys, np.ones(0))

    def summed(chosen: np.ndarray) -> np.ndarray:
        return np.bincount(inverse[chosen], weights=amount[chosen],
                           minlength=len(keys)).astype(float)  # int when nothing is chosen

    entry, cash, gone = (summed(kind == ENTRY), summed(kind == CASH),
                         summed((kind == OTHER) | (kind == OPEN)))
    owner = keys // WIDTH
    first = np.r_[True, owner[1:] != owner[:-1]]
    row = np.cumsum(first) - 1
    rank = np.arange(len(keys)) - np.flatnonzero(first)[row]
    exits = _along(cash + gone, row, rank, 0.0, np.add)
    before = np.where(first, 0.0, np.r_[0.0, exits[:-1]])  # left by the day before
    at_risk = _along(entry, row, rank, 0.0, np.add) - before
    hazard = np.divide(cash, at_risk, out=np.zeros_like(cash), where=at_risk > 1e-9)
    return Steps(keys, _along(1 - np.clip(hazard, 0, 1), row, rank, 1.0, np.multiply))


def _blend(weight: np.ndarray, own: np.ndarray, prior: np.ndarray) -> np.ndarray:
    return weight[:, None] * own + (1 - weight[:, None]) * prior


@dataclass(frozen=True)
class Curves:
    """Unpaid share S(d) on the grid FIRST_DAY..LAST_DAY of each customer asked for
    (blended: `weight` × its own steps + (1 − weight) × its segment's curve) and the
    portfolio's (for any other customer)."""

    customers: pd.Index
    weight: np.ndarray  # per customer: n / (n + k)
    own: Steps  # per customer (its number in `customers`)
    segments: np.ndarray  # the regions' blended curves, then the portfolio's: rows x days
    segment_of: np.ndarray  # per customer: its row in `segments`
    portfolio: np.ndarray  # days

    def at(self, rows: np.ndarray, index: np.ndarray) -> np.ndarray:
        """S of each customer (its number in `customers`, −1 for one not asked: the
        portfolio's) on each day index (day − FIRST_DAY)."""
        if not len(self.customers):
            return self.portfolio[index]
        mine = np.maximum(rows, 0)
        weight = self.weight[mine]
        blended = (weight * self.own.at(mine, index)
                   + (1 - weight) * self.segments[self.segment_of[mine], index])
        return np.where(rows >= 0, blended, self.portfolio[index])

    @property
    def survival(self) -> np.ndarray:
        """The asked customers' curves on the whole grid: customers × days."""
        row, index = np.divmod(np.arange(len(self.customers) * WIDTH), WIDTH)
        return self.at(row, index).reshape(len(self.customers), WIDTH)


def fit(rows: pd.DataFrame, *, customers: pd.DataFrame, prior_weight: float) -> Curves:
    """Each asked customer's curve (customer_id, region): its own by Kaplan–Meier blended
    with its region's, the region's with the portfolio's, each by n / (n + k) with n the
    invoices behind it; the portfolio's alone for a customer without history."""
    kind = rows.kind_code.to_numpy(dtype=np.int64)
    day = np.clip(rows.day.to_numpy(dtype=np.int64), FIRST_DAY, LAST_DAY)
    amount = rows.amount_base.to_numpy(dtype=float)
    invoices = np.where(kind == ENTRY, rows.count_rows.to_numpy(dtype=float), 0.0)
    portfolio = _km(np.zeros(len(rows), dtype=np.int64), kind, day, amount).dense(1)[0]

    region_code, regions = pd.factorize(rows.region, use_na_sentinel=True)
    has = region_code >= 0
    region_km = _km(region_code[has], kind[has], day[has], amount[has]).dense(len(regions))
    region_n = np.bincount(region_code[has], weights=invoices[has], minlength=len(regions))
    region_curve = _blend(region_n / (region_n + prior_weight), region_km, portfolio)

    asked = customers.drop_duplicates("customer_id").reset_index(drop=True)
    ids = pd.Index(asked.customer_id)
    mine = ids.get_indexer(rows.customer_id)
    known = mine >= 0
    own = _km(mine[known], kind[known], day[known], amount[known])
    n = np.bincount(mine[known], weights=invoices[known], minlength=len(ids))
    at = pd.Index(regions).get_indexer(asked.region) if len(regions) else np.full(len(ids), -1)
    return Curves(ids, n / (n + prior_weight), own,
                  np.vstack([region_curve, portfolio[None, :]]),
                  np.where(at >= 0, at, len(regions)), portfolio)


def week_shares(curves: Curves, customer_id: pd.Series, age: np.ndarray,
                weeks: int) -> np.ndarray:
    """Per open item (customer, days after due on the as-of date): the share of its balance
    expected in each week 1..weeks after the date, then after them (a last column), from
    S(age + 7w) conditional on S(age): (S(a+7(w−1)) − S(a+7w)) / S(a). An item the curve
    says should have been paid by now (S(a) = 0) is expected in week 1."""
    rows = curves.customers.get_indexer(customer_id)  # −1: no curve of its own
    points = np.clip(age[:, None] + 7 * np.arange(weeks + 1)[None, :], FIRST_DAY, LAST_DAY)
    s = curves.at(np.repeat(rows, weeks + 1), (points - FIRST_DAY).ravel()).reshape(
        points.shape)
    start = s[:, :1]
    gone = start <= 1e-12
    shares = np.divide(s[:, :-1] - s[:, 1:], start, out=np.zeros((len(age), weeks)),
                       where=~gone)
    after = np.divide(s[:, -1:], start, out=np.zeros((len(age), 1)), where=~gone)
    shares[gone[:, 0], 0] = 1.0
    return np.concatenate([shares, after], axis=1)
