"""Cash-in forecast (metrics.md §10) on the golden book, every figure worked out by hand from
its CSVs (customers, invoices, payments, promises, disputes, fx_rates), not from the code."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from arlib.figures.forecast import weekly
from arlib.settings import Settings

AS_OF = date(2024, 12, 31)
# weeks after 2024-12-31: 1 = Jan 1-7, 2 = Jan 8-14, 3 = Jan 15-21, 4 = Jan 22-28, 5 = Jan 29-Feb 4

# Open on 12-31 with a positive balance (invoices less payments by 12-31):
#   I102 C1 5,000 - P2 2,000 = 3,000 USD due 11-09 · I103 C1 8,000 USD due 12-20
#   I201 C2 4,000 USD due 08-31, disputed (D1 open) · I202 C2 6,000 USD due 2025-01-14
#   I302 C3 8,000 CAD due 12-16 = 6,000 USD at 0.75 · I401 C4 2,500 USD due 2025-01-11
#   (I101, I301 paid; I104 written off; CN1 and P5 are negative: no cash to come)
# PR6 (C4, I401, 2,500 due 2025-01-05) is the one pending promise. C4 has no rated promise,
# so its weight is the portfolio's amount kept rate: rated PR1 kept 2,000/2,000, PR2 broken
# 0/3,000, PR3 broken 0/15,000 (20,000 CAD), PR4 kept 15,000/15,000, PR5 partial
# 1,000/1,500, PR8 broken 0/4,000: 18,000 / 40,500 = 4/9. PR6 moves 2,500 x 4/9 = 1,111.11
# of I401 to 2025-01-05 (week 1); the other 1,388.89 follows the method.
PROMISED = 1111.11
REST_I401 = 1388.89


@pytest.fixture(scope="module")
def known(golden_con):
    return weekly.known(golden_con, as_of=AS_OF, settings=Settings())


def _weeks(known, method):
    frame = weekly.weekly(weekly.place(known, method), as_of=AS_OF)
    return frame.set_index("week")


def test_due_date_method_by_hand(known):
    weeks = _weeks(known, "due_date")
    # week 1: overdue I102 3,000 + I103 8,000 + I302 6,000 = 17,000, and PR6's 1,111.11
    assert weeks.loc[1, "expected_amt"] == 17000.00
    assert weeks.loc[1, "promised_amt"] == PROMISED
    assert weeks.loc[1, "total_amt"] == 18111.11
    # disputed I201 (overdue) on its own line, not in the total
    assert weeks.loc[1, "disputed_amt"] == 4000.00
    # week 2: I401's rest on its due date 01-11 and I202 on 01-14
    assert weeks.loc[2, "total_amt"] == pytest.approx(REST_I401 + 6000.00)
    assert weeks.loc[2, "week_start_on"] == date(2025, 1, 8)
    assert weeks.loc[2, "week_end_on"] == date(2025, 1, 14)
    assert weeks.loc[3:, "total_amt"].sum() == 0
    # everything open and positive is somewhere: 29,500 (golden open AR 28,000 + 1,500)
    assert weeks[["total_amt", "disputed_amt"]].to_numpy().sum() == pytest.approx(29500.00)


def test_customer_lateness_by_hand(known):
    # cash on invoices in the 365 days to 12-31 (days after due, base amount):
    #   C1: P1 I101 10-20 vs 10-15 = 5 days x 10,000; P2 I102 11-25 vs 11-09 = 16 x 2,000
    #   C3: P3 I301 12-10 vs 11-15 = 25 days x 15,000 (20,000 CAD)
    portfolio = (5 * 10000 + 16 * 2000 + 25 * 15000) / 27000          # 16.9259
    east = (2 * (82000 / 12000) + 5 * portfolio) / (2 + 5)             # 14.0423 (C1, 2 invoices)
    west = (1 * 25 + 5 * portfolio) / (1 + 5)                          # 18.2716 (C3, 1 invoice)
    c1 = (2 * (82000 / 12000) + 5 * east) / 7                          # 11.9826 -> 12 days
    c3 = (1 * 25 + 5 * west) / 6                                       # 19.3930 -> 19 days
    late = known.lateness.set_index("customer_id").late_days
    assert late["C1"] == pytest.approx(c1)
    assert late["C2"] == pytest.approx(east)      # no history: its region's
    assert late["C3"] == pytest.approx(c3)
    assert late["C4"] == pytest.approx(west)
    weeks = _weeks(known, "lateness")
    # I102 11-09+12 and I103 12-20+12 = 2025-01-01; I302 12-16+19 = 01-04: all week 1
    assert weeks.loc[1, "expected_amt"] == 17000.00
    assert weeks.loc[1, "promised_amt"] == PROMISED
    assert weeks.loc[1, "disputed_amt"] == 4000.00
    # I202 01-14+14 = 01-28 (week 4); I401's rest 01-11+18 = 01-29 (week 5)
    assert weeks.loc[4, "total_amt"] == 6000.00
    assert weeks.loc[5, "total_amt"] == REST_I401
    assert weeks.loc[[2, 3, *range(6, 15)], "total_amt"].sum() == 0


def test_per_currency_and_converted(known):
    cur = weekly.by_currency(weekly.place(known, "due_date"))
    cad = cur[(cur.week == 1) & (cur.currency == "CAD")].iloc[0]
    assert (cad.total_currency_amt, cad.total_amt) == (8000.00, 6000.00)
    usd = cur[(cur.week == 1) & (cur.currency == "USD")].iloc[0]
    assert (usd.total_currency_amt, usd.disputed_currency_amt) == (11000.00 + PROMISED, 4000.00)


def test_account_promise_shrunk_kept_rate(golden_con):
    """As of 2024-12-18 PR5 (C2, the whole account, 1,500 USD due 12-20) is pending. C2's
    rated promises: PR8 broken (0 of 4,000), so 1 promise at 0; portfolio: PR1 kept 2,000,
    PR2 broken 3,000, PR3 broken 15,000, PR4 kept 15,000, PR8 broken 4,000 = 17,000/39,000.
    Weight (1 x 0 + 5 x 17/39) / 6 = 0.363248; 1,500 x that = 544.87 on 12-20 (week 1).
    It takes I202 (I201 is disputed, so never promised); I202's other 5,455.13 is due
    01-14 (27 days: week 4) or, 14 days late (C2 has no history, East's 14.04), 01-28 (41
    days: week 6)."""
    on = date(2024, 12, 18)
    known = weekly.known(golden_con, as_of=on, settings=Settings())
    parts = known.parts[known.parts.customer_id == "C2"].set_index(["item_id", "line"])
    assert parts.loc[("I202", "promised"), "amount"] == 544.87
    assert parts.loc[("I202", "promised"), "promise_id"] == "PR5"
    assert parts.loc[("I202", "expected"), "amount"] == 5455.13
    assert parts.loc[("I201", "disputed"), "amount"] == 4000.00
    for method, week in (("due_date", 4), ("lateness", 6)):
        placed = weekly.place(known, method)
        c2 = placed[placed.customer_id == "C2"].set_index("line")
        assert c2.loc["promised", "week"] == 1
        assert c2.loc["expected", "week"] == week


def test_nothing_known_after_the_date(golden_con):
    """As of 2024-09-30 only I101, I104 and I201 exist; no cash yet on invoices in the
    window, so every customer is 0 days late and lateness places items as due date does."""
    on = date(2024, 9, 30)
    known = weekly.known(golden_con, as_of=on, settings=Settings())
    assert sorted(known.parts.item_id) == ["I101", "I104", "I201"]
    assert (known.lateness.late_days == 0).all()
    a = weekly.weekly(weekly.place(known, "due_date"), as_of=on)
    b = weekly.weekly(weekly.place(known, "lateness"), as_of=on)
    assert a.equals(b)
    # I104 (1,200, overdue) in week 1 and nothing else: I201 is disputed since 09-10
    # (overdue: week 1) and I101 since 09-20 (D2, resolved only 10-05; due 10-15, 15 days
    # after: week 3), both apart
    weeks = a.set_index("week")
    assert weeks.total_amt.to_dict() == {w: (1200.00 if w == 1 else 0.0) for w in range(1, 15)}
    assert (weeks.loc[1, "disputed_amt"], weeks.loc[3, "disputed_amt"]) == (4000.00, 10000.00)


def test_unknown_method_is_named(known):
    with pytest.raises(ValueError, match="unknown forecast method 'magic'"):
        weekly.place(known, "magic")


def test_what_changed_since_a_week_earlier(golden_con):
    """As of 2024-12-13 against 2024-12-06: I401 (2,500, dated 12-12) is new; P3 paid
    I301's 20,000 CAD (15,000 at 0.75) on 12-10; no promise made since 12-06 is pending
    (PR4, made 12-04, was kept by P3). Against 2024-12-20 (12-13): I202 (6,000, 12-15) is
    new, nothing paid on an item (P5 is unapplied), PR5 (made 12-16) and PR6 (12-20) are
    new pending promises."""
    from arlib.figures.forecast import views

    def known(on):
        return weekly.known(golden_con, as_of=on, settings=Settings())

    first = views.changes(known(date(2024, 12, 13)), known(date(2024, 12, 6))).set_index(
        "change")
    assert first.to_dict("index") == {
        "new invoices": {"count_items": 1, "change_amt": 2500.0},
        "paid or settled": {"count_items": 1, "change_amt": -15000.0},
        "new promises (weighted)": {"count_items": 0, "change_amt": 0.0}}
    second = views.changes(known(date(2024, 12, 20)), known(date(2024, 12, 13))).set_index(
        "change")
    assert second.loc["new invoices"].to_dict() == {"count_items": 1, "change_amt": 6000.0}
    assert second.loc["paid or settled", "count_items"] == 0
    assert second.loc["new promises (weighted)", "count_items"] == 2


def test_narrowed_to_one_currency(known):
    """The currency filter: only CAD leaves I302 (8,000 CAD due 12-16 = 6,000 USD at 0.75,
    overdue: week 1) and nothing else (C3 has no pending promise, no disputed CAD item);
    only USD leaves the rest: week 1 = I102 3,000 + I103 8,000 + PR6's 1,111.11, I201's
    4,000 disputed apart, week 2 = I401's 1,388.89 + I202's 6,000. Each in its currency too,
    and the two add up to the whole forecast."""
    from arlib.figures.forecast import views

    assert weekly.currencies(known) == ["CAD", "USD"]
    assert weekly.in_currency(known, None) is known
    cad = views.page(weekly.spread(weekly.in_currency(known, "CAD"), "due_date"),
                     bands=pd.DataFrame(columns=["method", "week", "low_pct",
                                                 "high_pct"]))["weeks"].set_index("week")
    assert (cad.loc[1, "total_amt"], cad.loc[1, "total_currency_amt"]) == (6000.00, 8000.00)
    assert cad.loc[2:, "total_amt"].sum() == 0 and cad.disputed_amt.sum() == 0
    usd = _weeks(weekly.in_currency(known, "USD"), "due_date")
    assert (usd.loc[1, "total_amt"], usd.loc[1, "disputed_amt"]) == (11000.00 + PROMISED,
                                                                     4000.00)
    assert usd.loc[2, "total_amt"] == pytest.approx(REST_I401 + 6000.00)
    for method in weekly.METHODS:  # each week rounded to the cent on its own
        whole = _weeks(known, method)
        parts = [_weeks(weekly.in_currency(known, c), method) for c in ("CAD", "USD")]
        assert (parts[0].all_lines_amt + parts[1].all_lines_amt).to_numpy() == pytest.approx(
            whole.all_lines_amt.to_numpy(), abs=0.011)


def test_narrowed_to_a_scope_as_if_read_alone(golden_con, known):
    """The whole book's forecast narrowed to a region's items is the region's own forecast:
    East (C1, C2) keeps I102, I103, I201 and I202, with the same parts and amounts."""
    from arlib.figures.scope import Scope

    east = Scope(region="East")
    alone = weekly.known(golden_con, as_of=AS_OF, settings=Settings(), scope=east)
    narrowed = weekly.in_scope(known, golden_con, settings=Settings(), scope=east)
    assert sorted(narrowed.parts.item_id.unique()) == ["I102", "I103", "I201", "I202"]
    for method in weekly.METHODS:
        assert _weeks(narrowed, method).equals(_weeks(alone, method))


def test_open_items_alone_then_fitted_when_first_used(golden_con, known):
    """`fitted=False` (the comparison with a week earlier) reads the same parts, and the
    days late and curves when first used are those read at once."""
    import numpy as np

    later = weekly.known(golden_con, as_of=AS_OF, settings=Settings(), fitted=False)
    pd.testing.assert_frame_equal(later.parts, known.parts)
    pd.testing.assert_frame_equal(later.lateness, known.lateness)
    assert np.array_equal(later.curves.survival, known.curves.survival)
    narrowed = weekly.in_currency(later, "CAD")
    assert narrowed.curves is later.curves  # fitted once, shared by what is narrowed
    for method in weekly.METHODS:
        assert _weeks(later, method).equals(_weeks(known, method))
