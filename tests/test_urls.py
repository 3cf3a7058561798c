"""Issue 21, point 5: a link's filters are checked before any figure is drawn. A value the data
does not have is named with its parameter and the page shows no figure, instead of the bound
widget dropping it and the page showing the company's figures as if they were the link's.
Reps travel by id (an older link's "Name (ID)" still works)."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.conftest import run_app as _run

pytestmark = pytest.mark.hostile


def _open(page: str, **params: str) -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return _run(at)


def _param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def _tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _errors(at: AppTest) -> str:
    return html.unescape(" ".join(e.value for e in at.error))  # as the browser shows it


def test_a_rep_in_the_link_goes_by_id(app_env):
    at = _open("pages/overview.py", as_of="2024-12-31", rep="R1", period="Month")
    assert at.selectbox(key="rep").value == "R1"
    assert _tiles(at)["Open AR"] == "19.5k"  # C1 10,500 + C2 9,000, the golden book by hand
    assert _param(at, "rep") == "R1"


def test_an_older_link_with_the_reps_label_still_filters_and_is_rewritten_by_id(app_env):
    at = _open("pages/overview.py", as_of="2024-12-31", rep="Ana Ortiz (R1)")
    assert _tiles(at)["Open AR"] == "19.5k"
    assert _param(at, "rep") == "R1"


def test_picking_a_rep_writes_its_id_into_the_link_and_all_reps_removes_it(app_env):
    at = _open("pages/overview.py", as_of="2024-12-31")
    at.selectbox(key="rep").set_value("R2")
    _run(at)
    assert _param(at, "rep") == "R2"
    at.selectbox(key="rep").set_value(None)
    _run(at)
    assert _param(at, "rep") is None
    assert _tiles(at)["Open AR"] == "28.0k"  # the whole golden book again


@pytest.mark.parametrize(("page", "params", "named"), [
    ("pages/overview.py", {"rep": "R01"}, "rep = 'R01' is not a rep id of this data"),
    ("pages/overview.py", {"as_of": "2026-02-30"}, "as_of = '2026-02-30' is not a date"),
    ("pages/aging.py", {"as_of": "2001-01-01"}, "as_of = 2001-01-01 is before the first day"),
    ("pages/aging.py", {"region": "Nowhere"}, "region = 'Nowhere' is not a region of this data"),
    ("pages/aging.py", {"aging_basis": "Someday"}, "aging_basis = 'Someday' is not a basis"),
    ("pages/dso.py", {"dso_window": "-1"}, "dso_window = '-1' is not a sales window"),
    ("pages/dso.py", {"dso_method": "Magic DSO"}, "dso_method = 'Magic DSO' is not a method"),
    ("pages/promises.py", {"promises_status": "lost"}, "promises_status = 'lost' is not a"),
    ("pages/scorecard.py", {"scorecard_channels": "fax"}, "scorecard_channels = 'fax' is not"),
    ("pages/overview.py", {"period": "Fortnight"}, "period = 'Fortnight' is not a period"),
    ("pages/calls.py", {"currency": "Gold"}, "currency = 'Gold' is not a currency view"),
    ("pages/customer.py", {"customer": "C1", "customer_as_of": "9999-99-99"},
     "customer_as_of = '9999-99-99' is not a date"),
    ("pages/visits.py", {"region": "x" * 100_000}, "region is 100,000 characters long"),
])
def test_a_bad_link_names_its_parameter_and_shows_no_figure(app_env, page, params, named):
    at = _open(page, **params)
    assert named in _errors(at)
    assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")
    # the way on: the same page without the parameter the data does not have
    reset = [link.proto for link in at.get("page_link") if "without" in link.proto.label]
    stem = page.removeprefix("pages/").removesuffix(".py")
    assert len(reset) == 1 and reset[0].page == ("" if stem == "overview" else stem)


def test_a_good_link_shows_no_such_message(app_env):
    at = _open("pages/aging.py", as_of="2024-11-30", region="East", aging_basis="Invoice date",
               period="Quarter", currency="Original")
    assert not at.error and at.dataframe
