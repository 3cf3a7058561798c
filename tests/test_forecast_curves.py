"""Payment-timing curves (metrics.md §10.4): Kaplan–Meier over money with censoring, the
blend by history size and the weekly shares, on a small book worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from arlib.figures.forecast import curves, weekly
from arlib.settings import Settings

# days after the due date; K has three invoices (A, B, C), Y one; kinds: 0 entry, 1 cash,
# 2 settled otherwise, 3 still open (censored)
ROWS = pd.DataFrame(
    [("K", 0, -30, 400.0, 3), ("K", 1, 0, 100.0, 1),            # A, B, C enter; A paid day 0
     ("K", 1, 10, 50.0, 1), ("K", 3, 20, 50.0, 1),              # B: half paid, half open
     ("K", 3, 5, 200.0, 1),                                     # C open, 5 days past due
     ("Y", 0, -30, 100.0, 1), ("Y", 1, 30, 100.0, 1)],          # D paid day 30
    columns=["customer_id", "kind_code", "day", "amount_base", "count_rows"]).assign(
        region=None)


def _at(curve, day):
    return curve[day - curves.FIRST_DAY]


def test_kaplan_meier_over_money_censors_open_items():
    fit = curves.fit(ROWS, customers=pd.DataFrame({"customer_id": ["K", "Y", "Z"],
                                                   "region": [None, None, None]}),
                     prior_weight=5)
    # portfolio: day 0 400+100 at risk, 100 paid: 0.8; day 10: C left after day 5 (censored,
    # not paid) and A paid, 200 at risk, 50 paid: 0.8 x 0.75 = 0.6; day 30: B's other 50
    # censored on day 20, 100 (D) at risk, all paid: 0
    assert [_at(fit.portfolio, d) for d in (-1, 0, 9, 10, 29, 30)] == pytest.approx(
        [1, 0.8, 0.8, 0.6, 0.6, 0])
    # K alone: 0.75 on day 0, 0.375 from day 10 (100 at risk, 50 paid); blended with the
    # portfolio by 3 / (3 + 5)
    k = fit.survival[fit.customers.get_loc("K")]
    assert _at(k, 10) == pytest.approx(3 / 8 * 0.375 + 5 / 8 * 0.6)     # 0.515625
    assert _at(k, 30) == pytest.approx(3 / 8 * 0.375)                   # 0.140625
    # Z has no history: the portfolio's curve
    assert np.allclose(fit.survival[fit.customers.get_loc("Z")], fit.portfolio)
    # an item of K two days past due: S(2) = 3/8 x 0.75 + 5/8 x 0.8 = 0.78125; week 2 (days
    # 10-16) takes (0.78125 - 0.515625) / 0.78125 = 0.34, week 4 (days 24-30) 0.48, after 0.18
    shares = curves.week_shares(fit, pd.Series(["K"]), np.array([2]), 13)[0]
    expected = np.zeros(14)
    expected[[1, 3, 13]] = [0.34, 0.48, 0.18]
    assert shares == pytest.approx(expected)


def test_curves_method_keeps_every_item_whole(golden_con):
    """On the golden book as of 2024-12-31 the curves spread each part over the weeks and
    after them, and the parts still add up to the 29,500 open; the promised part stays on
    its date (week 1)."""
    known = weekly.known(golden_con, as_of=date(2024, 12, 31), settings=Settings())
    placed = weekly.place(known, "curves")
    assert placed.base_amt.sum() == pytest.approx(29500.00)
    assert placed.groupby(["item_id", "line"]).share.sum().to_numpy() == pytest.approx(1.0)
    promised = placed[placed.line == "promised"]
    assert promised[["week", "amount"]].to_numpy().tolist() == [[1, 1111.11]]


def _dense_km(group, kind, day, amount, groups):
    """The reference: Kaplan–Meier over money on every day of the grid (§10.4 as written)."""
    width = curves.LAST_DAY - curves.FIRST_DAY + 1
    flat = group * width + day - curves.FIRST_DAY
    entry, cash, gone = (np.bincount(flat[chosen], weights=amount[chosen],
                                     minlength=groups * width).astype(float).reshape(groups, width)
                         for chosen in (kind == 0, kind == 1, kind >= 2))
    exits = np.cumsum(cash + gone, axis=1)
    at_risk = np.cumsum(entry, axis=1)
    at_risk[:, 1:] -= exits[:, :-1]
    hazard = np.divide(cash, at_risk, out=np.zeros_like(cash), where=at_risk > 1e-9)
    return np.cumprod(1 - np.clip(hazard, 0, 1), axis=1)


def test_curves_from_the_days_money_moved_equal_the_day_by_day_product():
    """The fit keeps only the days money moved; on a generated book of 300 customers in
    three regions (and some without one) its curves equal the day-by-day Kaplan–Meier
    blended as §10.4 writes it, for customers with and without history."""
    rng = np.random.default_rng(18)
    n = 6000
    frame = pd.DataFrame({
        "customer_id": [f"C{i:03d}" for i in rng.integers(0, 300, n)],
        "kind_code": rng.choice([0, 1, 1, 2, 3], n),
        "day": rng.integers(curves.FIRST_DAY, curves.LAST_DAY + 1, n),
        "amount_base": np.round(rng.gamma(2.0, 500.0, n), 2),
        "count_rows": rng.integers(1, 4, n)})
    region = {f"C{i:03d}": (None if i % 7 == 0 else ["East", "West", "North"][i % 3])
              for i in range(320)}
    frame["region"] = frame.customer_id.map(region)
    asked = pd.DataFrame({"customer_id": list(region), "region": list(region.values())})
    fit = curves.fit(frame, customers=asked, prior_weight=5)

    kind, day = frame.kind_code.to_numpy(), frame.day.to_numpy()
    amount = frame.amount_base.to_numpy()
    invoices = np.where(kind == 0, frame.count_rows.to_numpy(), 0).astype(float)
    portfolio = _dense_km(np.zeros(n, dtype=np.int64), kind, day, amount, 1)[0]
    assert np.array_equal(fit.portfolio, portfolio)
    segments = {}
    for name in ("East", "West", "North"):
        mine = (frame.region == name).to_numpy()
        w = invoices[mine].sum() / (invoices[mine].sum() + 5)
        own = _dense_km(np.zeros(mine.sum(), dtype=np.int64), kind[mine], day[mine],
                        amount[mine], 1)[0]
        segments[name] = w * own + (1 - w) * portfolio
    survival = fit.survival
    for i, (customer, where) in enumerate(region.items()):
        mine = (frame.customer_id == customer).to_numpy()
        w = invoices[mine].sum() / (invoices[mine].sum() + 5)
        own = _dense_km(np.zeros(mine.sum(), dtype=np.int64), kind[mine], day[mine],
                        amount[mine], 1)[0]
        expected = w * own + (1 - w) * (portfolio if where is None else segments[where])
        assert np.allclose(survival[i], expected, rtol=0, atol=1e-12), customer
    # C300 to C319 have no history: their segment's curve
    assert np.array_equal(survival[list(region).index("C302")], segments[region["C302"]])
