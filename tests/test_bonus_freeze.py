"""Freezing a bonus quarter (metrics.md §11.4) on the golden book: the readiness checks, the
snapshot and its hash, a frozen quarter never changing, and frozen beside live after a late
load (hand-computed)."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest

from arlib import settings
from arlib.figures.bonus import freeze
from arlib.figures.bonus import payout as bonus_payout
from arlib.figures.bonus import plan as bonus_plan
from arlib.store import loader
from tests.test_bonus import con, golden_plan  # noqa: F401 (the fixture)


def _frozen_golden(con):  # noqa: F811
    stored = bonus_plan.save(con, golden_plan(), author="Maria")
    result = bonus_payout.payout(con, stored.plan, settings=settings.load())
    return stored, result, freeze.freeze(con, result, stored, settings=settings.load(),
                                         frozen_by="Maria",
                                         frozen_at=datetime(2025, 1, 6, 9, 0))


def test_readiness_on_the_golden_book(con):  # noqa: F811
    result = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    checks = freeze.readiness(con, result, settings=settings.load()).set_index("check")
    # the golden book loads today, after 2024-12-31, without a rejected row or missing rate;
    # every contact has a rep and all Q4 cash is attributed (expected.json: 0 unattributed)
    assert checks.loc["Data loaded after the quarter's end"].ok
    assert checks.loc["Rejected rows"].ok and checks.loc["Missing FX rates"].ok
    assert checks.loc["Contacts without a rep"].ok
    assert checks.loc["Payments without a rep"].ok
    assert checks.loc["Reps with figures but not on the plan"].ok
    # reps.csv: R3 started 2024-12-16; rep_absences.csv: R1 away 2024-11-04 to 11-08
    changes = checks.loc["Reps started, left or absent in the quarter"]
    assert (changes.ok, changes["count"]) == (False, 2)
    assert changes.detail == "R1 absent 2024-11-04 to 2024-11-08; R3 started 2024-12-16"
    # a plan without R3: R3's figures are not paid
    short = golden_plan(reps=[{"rep_id": "R1", "target_payout": 1},
                              {"rep_id": "R2", "target_payout": 1}])
    off = freeze.readiness(con, bonus_payout.payout(con, short, settings=settings.load()),
                           settings=settings.load()).set_index("check")
    assert off.loc["Reps with figures but not on the plan"].detail == "R3"


def test_freeze_stores_a_hashed_snapshot_once(con):  # noqa: F811
    stored, result, item = _frozen_golden(con)
    again = freeze.frozen(con, quarter="2024Q4")
    assert again == item
    assert item.reps.set_index("rep_id").payout_amt.to_dict() == {
        "R1": 4500.0, "R2": 9600.0, "R3": 400.0}
    snap = item.snapshot
    assert (snap["quarter"], snap["plan_version"]) == ("2024Q4", 1)
    assert bonus_plan.Plan.model_validate(snap["plan"]) == golden_plan()
    assert snap["settings"]["attribution_window_days"] == 14
    assert snap["load_ids"] == [1]
    assert snap["code_version"] == freeze.code_version()  # the checkout's commit
    # the rows behind: R1 7, R2 4, R3 1 contacts; Q4 cash 3,000 + 25,000 + 0 (expected.json)
    assert len(item.rows("contacts")) == 12 and len(item.rows("contacts", "R1")) == 7
    assert item.rows("payments").amount_base.sum() == pytest.approx(28000.0)
    text = json.dumps(snap, sort_keys=True, separators=(",", ":"))
    assert item.content_hash == freeze.content_hash(text)
    with pytest.raises(freeze.FreezeError, match="2024Q4 is frozen already"):
        freeze.freeze(con, result, stored, settings=settings.load(), frozen_by="Omar")
    assert list(freeze.frozen_quarters(con).frozen_by) == ["Maria"]


def test_a_changed_snapshot_is_refused(con):  # noqa: F811
    _frozen_golden(con)
    con.execute("update bonus_freezes set snapshot_json = replace(snapshot_json, "
                "'4500.0', '9500.0')")
    with pytest.raises(freeze.FreezeError, match="does not match its hash"):
        freeze.frozen(con, quarter="2024Q4")


def test_frozen_never_changes_and_shows_beside_live_after_a_late_load(con, tmp_path):  # noqa: F811
    _, _, item = _frozen_golden(con)
    # a late payment: 2,000 USD from C2 on 2024-12-30, 10 days after PR5's due date (past
    # the 3 days' grace, so no promise takes it); C2's latest contact within 14 days is
    # K7 (R1, 12-27): R1's cash 3,000 -> 5,000
    late = tmp_path / "late"
    late.mkdir()
    with (late / "payments.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["payment_id", "customer_id", "invoice_id", "paid_on", "amount",
                         "currency", "method", "reference"])
        writer.writerow(["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    assert loader.load(con, [late]).changed
    live = bonus_payout.payout(con, golden_plan(), settings=settings.load())
    # R1 live: cash 5,000 / 5,000 = 1.0 -> 0.5; dollars per contact 5,000 / 7 = 714 gated
    # (kept rate 0.25) -> 0; contacts per day -> 0.2; score 0.7 x 10,000 = 7,000
    assert live.reps.set_index("rep_id").payout_amt["R1"] == 7000.0
    after = freeze.frozen(con, quarter="2024Q4")
    assert after == item  # the frozen quarter did not move
    shown = freeze.beside(after, live).set_index("rep_id")
    assert shown.loc["R1", ["frozen_payout_amt", "live_payout_amt", "change_amt"]].tolist() \
        == [4500.0, 7000.0, 2500.0]
    assert shown.loc[["R2", "R3"], "change_amt"].tolist() == [0.0, 0.0]
    checks = freeze.readiness(con, live, settings=settings.load()).set_index("check")
    assert checks.loc["Data loaded after the quarter's end"].detail.startswith("2 load(s)")


def test_frozen_statements_come_from_the_snapshot(con):  # noqa: F811
    from arlib.outputs import bonus as bonus_files

    _, _, item = _frozen_golden(con)
    html = bonus_files.frozen_statements_html(item, rep_ids=["R1"], currency="USD")
    assert html.count("<section class='rep'>") == 1
    assert "Ana Ortiz" in html and "USD 4,500.00" in html and item.content_hash in html
    assert "Ben Cole" not in html
