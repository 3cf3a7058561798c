"""Portfolio difficulty (issue 19, point 7; metrics.md §4.2), by hand on the golden book.

Open on 2024-09-30, the day before Q4: I101 (10,000, due 10-15), I104 (1,200, due 07-31) of
Acme Tools and I201 (4,000, due 08-31) of Birch Supply, all Ana's (R1); Ben's customers owed
nothing yet. By the due-date method all three are expected within the 13 weeks (overdue ones
in week 1): 15,200. Of them, only I101 was paid in cash by 2024-12-30 (P1, 10,000; I104 was
written off, and P5 is unapplied): 10,000, so 10,000 / 15,200 = 0.6579."""

from __future__ import annotations

import math
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from arlib.figures import difficulty
from arlib.figures.bonus import payout
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN, ROOT, run_app

Q4 = date(2024, 10, 1)


@pytest.fixture(scope="module")
def con():
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def test_expected_and_collected_by_hand(con):
    found = difficulty.portfolio(con, first_on=Q4, settings=Settings(), method="due_date")
    assert found.to_dict("records") == [{
        "rep_id": "R1", "expected_amt": 15200.0, "collected_amt": 10000.0,
        "collected_vs_expected_pct": pytest.approx(10000 / 15200)}]


def test_the_curves_expect_at_most_what_was_open_and_collect_the_same(con):
    # the golden book has no payment before Q4: its curves expect nothing in 13 weeks, and a
    # ratio over nothing is undefined rather than infinite
    [row] = difficulty.portfolio(con, first_on=Q4, settings=Settings()).to_dict("records")
    assert row["collected_amt"] == 10000.0 and 0 <= row["expected_amt"] <= 15200.0
    assert row["expected_amt"] > 0 or math.isnan(row["collected_vs_expected_pct"])


def test_the_bonus_figure_is_the_same_definition(con):
    table = payout.portfolio_figures(con, ["R1", "R2"], first_on=Q4,
                                     last_on=date(2024, 12, 31), settings=Settings())
    mine = difficulty.portfolio(con, first_on=Q4, settings=Settings())
    expected = mine.set_index("rep_id").collected_vs_expected_pct.get("R1")
    got = table.collected_vs_expected_pct["R1"]
    assert (math.isnan(got) and math.isnan(expected)) or got == expected
    assert math.isnan(table.collected_vs_expected_pct["R2"])  # Ben owed nothing on 09-30


def test_the_scorecard_shows_it_beside_dollars_per_contact_when_asked(app_env):
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/scorecard.py")
    run_app(at)
    assert "collected_vs_expected_pct" not in at.dataframe[0].value.columns
    at.toggle(key="scorecard_difficulty").set_value(True)
    run_app(at)
    table = at.dataframe[0].value.set_index("rep_id")
    assert table.loc["R1", "portfolio_collected_amt"] == 10000.0
    assert math.isnan(table.loc["R2", "portfolio_expected_amt"])  # nothing open on 09-30
