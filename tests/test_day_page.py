"""The My day page in Streamlit's AppTest on the golden book (issue 20): a rep is picked,
the lines come in call order, and a link naming no rep or an unknown one stops cleanly."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.conftest import run_app as _run


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    _run(at)
    at.switch_page("pages/day.py")
    return _run(at)


def test_no_rep_picked_asks_for_one(app_env):
    at = _open(as_of="2024-12-31")
    assert any("Pick a rep in the sidebar" in i.value for i in at.info)
    assert not at.dataframe


def test_a_reps_lines_in_call_order(app_env):
    at = _open(as_of="2024-12-31", rep="R1")
    lines = at.dataframe[0].value
    assert list(lines.customer_name) == ["Birch Supply", "Acme Tools"]  # C2 follow-up, C1
    assert list(lines.best_time) == ["around 09:00", "around 09:00"]
    assert {b.label for b in at.get("download_button")} >= {
        "Printable day (HTML)", "Download CSV", "Recap as an email draft (.eml, statement "
        "attached)"}
    assert any("Ask for: Eli Park" in c.value for c in at.code)


def test_an_unknown_rep_in_the_link_stops_with_its_name(app_env):
    at = _open(as_of="2024-12-31", rep="<script>R9</script>")
    assert not at.dataframe
    assert at.error or at.warning  # the filters name the unknown rep id
