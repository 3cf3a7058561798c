"""Gaming signals of a bonus quarter (metrics.md §11.7) on the golden book, by hand, and a
plan that excludes flagged contacts."""

from __future__ import annotations

from datetime import date

import pytest

from arlib import settings
from arlib.figures import reps
from arlib.figures.bonus import payout as bonus_payout
from arlib.figures.bonus import plan as bonus_plan
from arlib.figures.bonus import signals
from tests.test_bonus import con, golden_plan  # noqa: F401 (the fixture)


def test_signals_on_the_golden_book(con):  # noqa: F811
    card = reps.scorecard(con, first_on=date(2024, 10, 1), as_of=date(2024, 12, 31),
                          settings=settings.load())
    found = signals.signals(con, quarter="2024Q4", card=card, burst_days=5, quick_days=10)
    # every contact has an outcome; in the last 5 days (12-27 to 12-31) only K7 (R1); on a
    # customer with nothing past due that day only K10 (R2: C4's I401 is due 2025-01-11);
    # broken within 10 days of being made: PR2 (R1, 12-02 to 12-10) and PR3 (R2, 11-20 to
    # 11-30); PR8 took 21 days
    counts = found.counts.set_index("rep_id")
    assert counts.count_no_outcome.tolist() == [0, 0, 0]
    assert counts.count_last_days.to_dict() == {"R1": 1, "R2": 0, "R3": 0}
    assert counts.count_nothing_past_due.to_dict() == {"R1": 0, "R2": 1, "R3": 0}
    assert counts.count_quick_broken.to_dict() == {"R1": 1, "R2": 1, "R3": 0}
    assert counts.last_days_share_pct["R1"] == pytest.approx(1 / 7)
    assert found.contacts.contact_id.tolist() == ["K7", "K10"]
    assert sorted(found.promises.promise_id) == ["PR2", "PR3"]
    at_seven = signals.signals(con, quarter="2024Q4", card=card, quick_days=7)
    assert at_seven.promises.empty


def test_a_plan_excluding_last_days_contacts(con):  # noqa: F811
    # R1 without K7: 6 contacts; 6 / 61 = 0.098 a day -> tier 0.5 -> 0.1 (was 0.2); 3,000 / 6
    # = 500 a contact, still gated; cash 0.25: score 0.35 -> 3,500 (was 4,500)
    plan = golden_plan(exclude_signals=["last_days"])
    result = bonus_payout.payout(con, plan, settings=settings.load())
    assert result.reps.set_index("rep_id").payout_amt.to_dict() == {
        "R1": 3500.0, "R2": 9600.0, "R3": 400.0}
    lines = result.lines.set_index(["rep_id", "figure"]).value
    assert lines[("R1", "contacts_per_day")] == pytest.approx(6 / 61)
    assert lines[("R1", "per_contact_amt")] == pytest.approx(500.0)
    with pytest.raises(bonus_plan.PlanError, match="signal 'burst' is not one of"):
        bonus_plan.checked(golden_plan(exclude_signals=["burst"]))
