"""Sign-off of a frozen bonus quarter (metrics.md §11.5): approval, then each rep's
acknowledgment, each once, recorded with who, when and the snapshot's hash."""

from __future__ import annotations

from datetime import datetime

import pytest

from arlib.figures.bonus import signoff
from tests.test_bonus import con  # noqa: F401 (the fixture)
from tests.test_bonus_freeze import _frozen_golden


def test_no_sign_off_before_the_freeze(con):  # noqa: F811
    with pytest.raises(signoff.SignOffError, match="2024Q4 is not frozen"):
        signoff.approve(con, quarter="2024Q4", approved_by="Maria")


def test_approve_then_each_rep_acknowledges_once(con):  # noqa: F811
    _, _, item = _frozen_golden(con)
    with pytest.raises(signoff.SignOffError, match="not approved yet"):
        signoff.acknowledge(con, quarter="2024Q4", rep_id="R1", acknowledged_by="Ana")
    signoff.approve(con, quarter="2024Q4", approved_by="Maria",
                    approved_at=datetime(2025, 1, 7, 10, 0))
    with pytest.raises(signoff.SignOffError, match="approved already"):
        signoff.approve(con, quarter="2024Q4", approved_by="Omar")
    signoff.acknowledge(con, quarter="2024Q4", rep_id="R1", acknowledged_by="ana@example.com",
                        acknowledged_at=datetime(2025, 1, 8, 9, 30))
    with pytest.raises(signoff.SignOffError, match="acknowledged already for R1"):
        signoff.acknowledge(con, quarter="2024Q4", rep_id="R1", acknowledged_by="Ana")
    with pytest.raises(signoff.SignOffError, match="R9 has no statement"):
        signoff.acknowledge(con, quarter="2024Q4", rep_id="R9", acknowledged_by="X")
    with pytest.raises(signoff.SignOffError, match="name of who signs is missing"):
        signoff.acknowledge(con, quarter="2024Q4", rep_id="R2", acknowledged_by="  ")
    done = signoff.status(con, quarter="2024Q4")
    assert (done.approved_by, done.approved_at) == ("Maria", datetime(2025, 1, 7, 10, 0))
    rows = done.reps.set_index("rep_id")
    assert rows.loc["R1", "acknowledged_by"] == "ana@example.com"
    assert rows.loc["R1", "acknowledged_at"] == datetime(2025, 1, 8, 9, 30)
    assert rows.acknowledged_by.isna().tolist() == [False, True, True]
    assert rows.loc["R1", "payout_amt"] == 4500.0
    assert not done.complete
    for rep in ("R2", "R3"):
        signoff.acknowledge(con, quarter="2024Q4", rep_id=rep, acknowledged_by=rep)
    assert signoff.status(con, quarter="2024Q4").complete
    stored = con.execute("select distinct content_hash from bonus_signoffs").fetchall()
    assert stored == [(item.content_hash,)]
