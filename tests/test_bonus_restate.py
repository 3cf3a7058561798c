"""Restatements of a frozen bonus quarter (metrics.md §11.6) on the golden book: each late
load's rows, their cause and load, the figures and payouts they moved, and the adjustment
carried to the next quarter (hand-computed)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from arlib import settings
from arlib.figures.bonus import freeze, restate
from arlib.figures.bonus import payout as bonus_payout
from arlib.store import loader
from tests.test_bonus import con, golden_plan  # noqa: F401 (the fixture)
from tests.test_bonus_freeze import _frozen_golden


def _late(con, folder, table, header, *rows):  # noqa: F811
    folder.mkdir()
    with (folder / f"{table}.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    assert loader.load(con, [folder]).changed


def _restated(con, policy="adjust_next"):  # noqa: F811
    item = freeze.frozen(con, quarter="2024Q4")
    live = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    return restate.restatement(con, item, live, policy=policy)


PAYMENTS = ["payment_id", "customer_id", "invoice_id", "paid_on", "amount", "currency",
            "method", "reference"]


def test_nothing_moved_right_after_the_freeze(con):  # noqa: F811
    _frozen_golden(con)
    found = _restated(con)
    assert not found.changed and found.rows.empty and found.figures.empty
    assert found.adjustments.empty


def test_a_late_payment_is_carried_to_the_next_quarter(con, tmp_path):  # noqa: F811
    _frozen_golden(con)
    # P6: 2,000 USD from C2 on 2024-12-30, R1's through K7 (see test_bonus_freeze)
    _late(con, tmp_path / "late", "payments", PAYMENTS,
          ["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    found = _restated(con)
    assert found.payouts.set_index("rep_id").change_amt.to_dict() == {
        "R1": 2500.0, "R2": 0.0, "R3": 0.0}
    rows = found.rows
    assert rows[["rep_id", "kind", "key", "change", "cause", "load_id"]].values.tolist() == [
        ["R1", "payments", "P6", "added", "payment added after the freeze", 2]]
    figures = found.figures.set_index(["rep_id", "figure"])
    assert sorted(figures.index) == [("R1", "attributed_amt"), ("R1", "per_contact_amt")]
    cash = figures.loc[("R1", "attributed_amt")]
    assert (cash.frozen_value, cash.live_value) == (3000.0, 5000.0)
    assert (cash.frozen_score_pct, cash.live_score_pct) == (0.25, 0.5)
    per = figures.loc[("R1", "per_contact_amt")]  # 5,000 / 7, still gated: score 0
    assert per.live_value == pytest.approx(5000 / 7) and per.live_score_pct == 0
    assert found.adjustments.to_dict("records") == [
        {"rep_id": "R1", "rep_name": "Ana Ortiz", "from_quarter": "2024Q4",
         "to_quarter": "2025Q1", "adjustment_amt": 2500.0}]
    reopened = _restated(con, policy="reopen")
    assert reopened.reopen and reopened.adjustments.empty


def test_a_contact_dated_back_into_the_quarter_moves_figures_not_the_payout(con, tmp_path):  # noqa: F811
    _frozen_golden(con)
    _late(con, tmp_path / "late", "contacts",
          ["contact_id", "customer_id", "rep_id", "contact_at", "channel", "direction",
           "outcome", "person", "note"],
          ["K13", "C4", "R2", "2024-12-28 10:00", "call", "outbound", "reached", "", ""])
    found = _restated(con)
    assert not found.changed and found.adjustments.empty
    assert found.rows[["rep_id", "key", "change", "cause", "load_id"]].values.tolist() == [
        ["R2", "K13", "added", "contact dated into the quarter after the freeze", 2]]
    # R2: 5 contacts over 66 days = 0.0758 a day (tier 0.5 as before); 25,000 / 5 = 5,000 a
    # contact (top tier as before): values move, scores do not
    figures = found.figures.set_index(["rep_id", "figure"])
    assert figures.loc[("R2", "contacts_per_day")].live_value == pytest.approx(5 / 66)
    assert figures.loc[("R2", "per_contact_amt")].live_value == pytest.approx(5000.0)
    assert figures.frozen_score_pct.tolist() == pytest.approx(figures.live_score_pct.tolist())


def test_a_customer_moved_to_another_rep_is_named(con, tmp_path):  # noqa: F811
    _frozen_golden(con)
    _late(con, tmp_path / "late", "customers",
          ["customer_id", "name", "rep_id", "region", "city", "country", "currency",
           "terms_days", "credit_limit", "customer_since"],
          ["C2", "Birch Supply", "R2", "East", "Hartford", "US", "USD", "30", "10000",
           "2024-06-01"])
    found = _restated(con)
    assert not found.changed  # attribution follows promises and contacts, not the owner
    moved = found.rows[found.rows.kind == "payments"]
    assert moved[["rep_id", "key", "cause"]].values.tolist() == [
        ["R1", "P5", "customer moved to another rep (portfolio only)"]]
    assert moved.detail.iloc[0] == "owner_rep_id R1 → R2"
    assert pd.isna(moved.load_id.iloc[0])  # the payment itself was not reloaded


def test_the_adjustment_shows_on_both_statements_and_the_next_payroll(con, tmp_path):  # noqa: F811
    from arlib.figures.bonus import plan as bonus_plan
    from arlib.outputs import bonus as bonus_files

    _frozen_golden(con)
    _late(con, tmp_path / "late", "payments", PAYMENTS,
          ["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    carried = restate.carried_into(con, quarter="2025Q1", settings=settings.load())
    assert carried[["rep_id", "adjustment_amt"]].values.tolist() == [["R1", 2500.0]]
    # the frozen 2024Q4 statement says what is carried; it still pays 4,500
    item = freeze.frozen(con, quarter="2024Q4")
    html = bonus_files.frozen_statements_html(item, rep_ids=None, currency="USD",
                                              adjustments=carried)
    assert "USD 4,500.00" in html
    assert "Restated after the freeze: USD 2,500.00 carried to 2025Q1" in html
    # 2025Q1 under the copied plan: no Q1 activity in the book, so R1's own payout is 0 and
    # the payroll pays the 2,500 carried in
    bonus_plan.save(con, golden_plan(), author="Maria")
    bonus_plan.copy_to_next(con, quarter="2024Q4", author="Maria")
    q1 = bonus_payout.payout(con, bonus_plan.stored(con, quarter="2025Q1").plan,
                             settings=settings.load())
    rows = bonus_files.payroll(q1, {"plan version": 1, "data load id": 2}, carried)
    r1 = rows.set_index("rep_id").loc["R1"]
    assert (r1.payout_amt, r1.adjustment_amt, r1.total_amt) == (0.0, 2500.0, 2500.0)
    statement = bonus_files.statements_html(q1, {}, currency="USD", adjustments=carried)
    assert "Adjustment carried from 2024Q4 (restated after its freeze): USD 2,500.00" \
        in statement
    assert restate.carried_into(con, quarter="2024Q4", settings=settings.load()).empty


def test_reopen_keeps_the_old_snapshot_and_lets_the_quarter_be_frozen_again(con, tmp_path):  # noqa: F811
    import json
    from datetime import datetime

    from arlib.figures.bonus import plan as bonus_plan
    from arlib.figures.bonus import signoff

    _, _, first = _frozen_golden(con)
    signoff.approve(con, quarter="2024Q4", approved_by="Maria")
    _late(con, tmp_path / "late", "payments", PAYMENTS,
          ["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    assert _restated(con, policy="reopen").reopen
    freeze.reopen(con, quarter="2024Q4", reopened_by="Maria",
                  reopened_at=datetime(2025, 1, 20, 9, 0))
    assert freeze.frozen(con, quarter="2024Q4") is None
    kept = con.execute("select content_hash, snapshot_json, reopened_by, signoffs_json "
                       "from bonus_reopened").fetchall()
    assert len(kept) == 1 and kept[0][0] == first.content_hash
    assert freeze.content_hash(kept[0][1]) == first.content_hash  # unchanged
    assert [s["step"] for s in json.loads(kept[0][3])] == ["approved"]
    assert freeze.reopenings(con, quarter="2024Q4").reopened_by.tolist() == ["Maria"]
    # frozen again on today's data: R1 now 7,000, and a fresh sign-off
    stored = bonus_plan.stored(con, quarter="2024Q4")
    live = bonus_payout.payout(con, stored.plan, settings=settings.load())
    again = freeze.freeze(con, live, stored, settings=settings.load(), frozen_by="Maria")
    assert again.reps.set_index("rep_id").payout_amt["R1"] == 7000.0
    assert signoff.status(con, quarter="2024Q4").approved_by is None
    assert not _restated(con).changed
    with pytest.raises(freeze.FreezeError, match="2023Q4 is not frozen"):
        freeze.reopen(con, quarter="2023Q4", reopened_by="Maria")
