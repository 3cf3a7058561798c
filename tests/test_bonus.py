"""The quarterly bonus (metrics.md §11): plan versions and the payout on the golden book,
hand-computed from the spec's worked example (tiers, gate, cap)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from arlib import settings
from arlib.figures.bonus import payout as bonus_payout
from arlib.figures.bonus import plan as bonus_plan
from arlib.figures.scope import Scope
from arlib.store import db, loader
from tests.conftest import GOLDEN

TIERS = [{"at": 0.5, "pays": 0.5}, {"at": 1.0, "pays": 1.0}, {"at": 1.2, "pays": 1.5}]


def golden_plan(**changes) -> bonus_plan.Plan:
    """The plan of metrics.md §11.2's worked example."""
    fields = {
        "quarter": "2024Q4", "cap": 1.2,
        "measures": [
            {"figure": "attributed_amt", "weight": 0.5, "target": 20000, "tiers": TIERS},
            {"figure": "per_contact_amt", "weight": 0.3, "target": 1000, "tiers": TIERS},
            {"figure": "contacts_per_day", "weight": 0.2, "target": 0.1, "tiers": TIERS}],
        "gates": [{"figure": "kept_rate_pct", "minimum": 0.3, "blocks": ["per_contact_amt"]}],
        "reps": [{"rep_id": "R1", "target_payout": 10000, "targets": {"attributed_amt": 5000}},
                 {"rep_id": "R2", "target_payout": 8000},
                 {"rep_id": "R3", "target_payout": 4000}]}
    return bonus_plan.Plan.model_validate({**fields, **changes})


@pytest.fixture
def con():
    """A fresh store holding the golden book (plans are written to it)."""
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def test_quarter_dates():
    assert bonus_plan.quarter_dates("2024Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    assert bonus_plan.quarter_dates("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert bonus_plan.next_quarter("2024Q4") == "2025Q1"
    assert bonus_plan.quarter_of(day=date(2024, 8, 15)) == "2024Q3"
    with pytest.raises(bonus_plan.PlanError, match="like 2024Q4"):
        bonus_plan.quarter_dates("Q4 2024")


def test_a_plan_with_problems_names_each_and_stores_nothing(con):
    bad = golden_plan(
        quarter="2024-4",
        measures=[{"figure": "attributed_amt", "weight": 0.5, "target": 1, "tiers": TIERS},
                  {"figure": "attributed_amt", "weight": 0.2, "target": 1, "tiers": TIERS},
                  {"figure": "calls", "weight": 0.2, "target": 1,
                   "tiers": [{"at": 1, "pays": 1}, {"at": 0.5, "pays": 0.5}]}],
        reps=[{"rep_id": "R1", "target_payout": 1}, {"rep_id": "R1", "target_payout": 2}])
    with pytest.raises(bonus_plan.PlanError) as caught:
        bonus_plan.save(con, bad, author="Maria")
    found = caught.value.problems
    assert "quarter '2024-4' is not written like 2024Q4" in found
    assert "figure 'attributed_amt' counts twice" in found
    assert any(p.startswith("figure 'calls' is not one of") for p in found)
    assert "the weights add up to 0.9, not 1" in found
    assert "calls: the tiers' attainments must rise ([1.0, 0.5])" in found
    assert "gate on 'kept_rate_pct' blocks 'per_contact_amt', which the plan does not count" \
        in found
    assert "rep 'R1' is on the plan twice" in found
    assert bonus_plan.quarters(con) == []


def test_versions_author_and_copy_to_next_quarter(con):
    first = bonus_plan.save(con, golden_plan(), author="Maria", saved_at=datetime(2025, 1, 2))
    second = bonus_plan.save(con, golden_plan(cap=1.5), author="Omar", note="cap raised",
                             saved_at=datetime(2025, 1, 3))
    assert (first.version, second.version) == (1, 2)
    listed = bonus_plan.versions(con, quarter="2024Q4")
    assert list(listed.version) == [2, 1] and list(listed.author) == ["Omar", "Maria"]
    assert bonus_plan.stored(con, quarter="2024Q4").plan.cap == 1.5
    assert bonus_plan.stored(con, quarter="2024Q4", version=1).plan == golden_plan()
    copied = bonus_plan.copy_to_next(con, quarter="2024Q4", author="Maria")
    assert (copied.plan.quarter, copied.version) == ("2025Q1", 1)
    assert copied.note == "copied from 2024Q4 version 2"
    assert copied.plan.measures == golden_plan().measures and copied.plan.cap == 1.5
    assert bonus_plan.quarters(con) == ["2025Q1", "2024Q4"]
    assert bonus_plan.stored(con, quarter="2023Q1") is None
    with pytest.raises(bonus_plan.PlanError, match="no plan saved for 2023Q1"):
        bonus_plan.copy_to_next(con, quarter="2023Q1", author="Maria")


def test_payout_on_the_golden_book_by_hand(con):
    # metrics.md §11.2 worked example, figures from expected.json's scorecard
    result = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    reps = result.reps.set_index("rep_id")
    assert reps.payout_amt.to_dict() == {"R1": 4500.0, "R2": 9600.0, "R3": 400.0}
    assert reps.score_pct.to_dict() == pytest.approx({"R1": 0.45, "R2": 1.3, "R3": 0.1})
    assert reps.capped.to_dict() == {"R1": False, "R2": True, "R3": False}
    lines = result.lines.set_index(["rep_id", "figure"])
    # R1: cash 3,000 against its own target 5,000 -> 0.6 -> tier 0.5 pays 0.5 x weight 0.5
    r1_cash = lines.loc[("R1", "attributed_amt")]
    assert (r1_cash.value, r1_cash.target) == (3000.0, 5000.0)
    assert r1_cash.attainment_pct == pytest.approx(0.6)
    assert (r1_cash.tier_at_pct, r1_cash.weighted_score_pct) == (0.5, pytest.approx(0.25))
    # R1's dollars per contact 3,000 / 7 is below the first tier and gated (kept rate 0.25)
    r1_per = lines.loc[("R1", "per_contact_amt")]
    assert r1_per.value == pytest.approx(3000 / 7)
    assert math.isnan(r1_per.tier_at_pct) and r1_per.weighted_score_pct == 0
    assert r1_per.gated_by == "Promise-kept rate (count) below 0.3"
    # R1: 7 contacts over 61 working days = 0.1148 a day against 0.1 -> tier 1.0
    assert lines.loc[("R1", "contacts_per_day")].tier_at_pct == 1.0
    # R2: 6,250 a contact against 1,000 -> top tier, kept rate 0.5 passes the gate
    r2_per = lines.loc[("R2", "per_contact_amt")]
    assert pd.isna(r2_per.gated_by) and r2_per.weighted_score_pct == pytest.approx(0.45)
    assert lines.loc[("R2", "attributed_amt")].attainment_pct == pytest.approx(1.25)
    # R3 has no promise due: the kept rate is undefined, and the gate fails
    assert lines.loc[("R3", "per_contact_amt")].gated_by is not None
    assert lines.loc[("R3", "contacts_per_day")].weighted_score_pct == pytest.approx(0.1)


def test_payout_scope_chooses_reps_not_figures(con):
    whole = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    one = bonus_payout.payout(con, golden_plan(), settings=settings.load(),
                              scope=Scope(rep_id="R2"))
    assert list(one.reps.rep_id) == ["R2"]
    assert one.reps.payout_amt.iloc[0] == whole.reps.set_index("rep_id").payout_amt["R2"]
    assert set(one.lines.rep_id) == {"R2"}


def test_rep_on_the_plan_without_figures_is_paid_nothing(con):
    plan = golden_plan(reps=[{"rep_id": "R9", "target_payout": 5000}])
    result = bonus_payout.payout(con, plan, settings=settings.load())
    assert result.reps.payout_amt.tolist() == [0.0]
    assert result.lines.value.isna().all()


def test_drill_down_gives_the_rows_behind_the_figures(con):
    result = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    rows = bonus_payout.drill_down(result, "R1")
    assert len(rows["contacts"]) == 7  # expected.json: R1 7 contacts in Q4
    assert rows["payments"].amount_base.sum() == pytest.approx(3000.0)


def test_payroll_files_and_statements_are_stamped(con):
    from io import BytesIO

    import openpyxl

    from arlib.outputs import bonus as bonus_files

    result = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    stamp = {"quarter": "2024Q4", "plan version": 3, "data load id": 1,
             "attribution window days": 14}
    csv = bonus_files.payroll_csv(result, stamp).decode("utf-8-sig").splitlines()
    assert csv[0].startswith("quarter,plan_version,data_load_id,rep_id,rep_name")
    assert csv[1].startswith("2024Q4,3,1,R1,Ana Ortiz") and csv[1].endswith(",4500.0,0.0,4500.0")
    book = openpyxl.load_workbook(BytesIO(bonus_files.payroll_xlsx(result, stamp)))
    assert book.sheetnames == ["About", "Payroll", "Lines", "Contacts", "Payments",
                               "Payments to promises"]
    about = {r[0]: r[1] for r in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["plan version"] == "3" and about["attribution window days"] == "14"
    assert book["Contacts"].max_row - 1 == 12  # R1 7, R2 4, R3 1 (expected.json)
    html = bonus_files.statements_html(result, stamp, currency="USD")
    assert html.count("<section class='rep'>") == 3
    assert "page-break-after: always" in html
    assert "USD 9,600.00" in html and "capped at 120.0%" in html


def test_payout_keeps_to_the_viewers_reps(con):
    # a manager of R1 and R3 (Scope.reps): their rows, each figure as on the whole book
    team = bonus_payout.payout(con, golden_plan(), settings=settings.load(),
                               scope=Scope(reps=frozenset({"R1", "R3"})))
    assert team.reps.set_index("rep_id").payout_amt.to_dict() == {"R1": 4500.0, "R3": 400.0}
    nobody = bonus_payout.payout(con, golden_plan(), settings=settings.load(),
                                 scope=Scope(reps=frozenset()))
    assert nobody.reps.empty and nobody.lines.empty


def test_portfolio_figures_past_due_reduction_and_cei_by_hand(con):
    # past due of the customers each rep owns (golden book, due-date aging, disputed
    # included): 2024-09-30 R1 = I104 1,200 + I201 4,000 = 5,200, R2 nothing yet;
    # 2024-12-31 R1 = I102 3,000 + I103 8,000 + I201 4,000 = 15,000, R2 = I302 6,000
    # CEI (§2) of R1's C1 and C2: AR(09-30) 15,200, Q4 sales 5,000 + 8,000 - 500 + 6,000 =
    # 18,500, AR(12-31) 19,500 of which current 6,000: (15,200 + 18,500 - 19,500) /
    # (15,200 + 18,500 - 6,000) = 51.26 %; R2's C3 and C4: (0 + 23,500 - 8,500) /
    # (23,500 - 2,500) = 71.43 %; R3 owns no customer: undefined
    tiers = [{"at": 0.5, "pays": 0.5}, {"at": 1.0, "pays": 1.0}]
    plan = golden_plan(measures=[
        {"figure": "cei_pct", "weight": 0.6, "target": 70, "tiers": tiers},
        {"figure": "past_due_reduction_pct", "weight": 0.4, "target": 0.2, "tiers": tiers}],
        gates=[], reps=[{"rep_id": "R1", "target_payout": 10000},
                        {"rep_id": "R2", "target_payout": 8000},
                        {"rep_id": "R3", "target_payout": 4000}])
    result = bonus_payout.payout(con, plan, settings=settings.load())
    lines = result.lines.set_index(["rep_id", "figure"]).value
    assert lines[("R1", "past_due_reduction_pct")] == pytest.approx((5200 - 15000) / 5200)
    assert math.isnan(lines[("R2", "past_due_reduction_pct")])
    assert lines[("R1", "cei_pct")] == pytest.approx(14200 / 27700 * 100)
    assert lines[("R2", "cei_pct")] == pytest.approx(15000 / 21000 * 100)
    assert math.isnan(lines[("R3", "cei_pct")])
    # R1: CEI 51.26 / 70 = 0.73 -> 0.5 x 0.6 = 0.3; past due grew -> 0; 0.3 x 10,000
    # R2: CEI 71.43 / 70 = 1.02 -> 0.6; reduction undefined -> 0; 0.6 x 8,000
    assert result.reps.set_index("rep_id").payout_amt.to_dict() == {
        "R1": 3000.0, "R2": 4800.0, "R3": 0.0}
