"""My day per role (issue 20 with issue 17): a signed-in rep sees their own day without
picking, records calls and confirms people; a viewer (the CFO) reads only."""

from __future__ import annotations

from tests.test_auth import _as, _texts, signed_env  # noqa: F401 (the fixture, used by name)


def test_a_signed_in_rep_gets_their_own_day_and_records(signed_env):  # noqa: F811
    at = _as("rep", "day", as_of="2024-12-31")  # ana@example.com is R1
    lines = at.dataframe[0].value
    assert list(lines.customer_name) == ["Birch Supply", "Acme Tools"]
    assert any(b.label == "Record" for b in at.get("form_submit_button"))
    assert any(b.label == "Confirmed today" for b in at.get("form_submit_button"))


def test_a_viewer_reads_a_reps_day_but_records_nothing(signed_env):  # noqa: F811
    at = _as("viewer", "day", as_of="2024-12-31", rep="R1")
    assert list(at.dataframe[0].value.customer_name) == ["Birch Supply", "Acme Tools"]
    buttons = {b.label for b in at.get("form_submit_button")}
    assert "Record" not in buttons and "Confirmed today" not in buttons
    assert "your role reads only" in _texts(at)
