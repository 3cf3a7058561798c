"""The app under streamlit.testing.v1.AppTest, on a database file holding the golden book."""

from __future__ import annotations

import base64
import json
from datetime import date

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import GOLDEN, ROOT


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """Point the app at a new database file that it must build from the golden 'sample'."""
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "app.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(GOLDEN))
    from arlib import settings
    settings.load.cache_clear()
    yield tmp_path
    settings.load.cache_clear()


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def _plotly_array(value) -> list:
    """Plotly 6+ sends numeric arrays as base64 typed arrays ({dtype, bdata})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_builds_the_store_on_first_launch_and_shows_golden_figures(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    assert (app_env / "app.duckdb").exists()
    assert any("sample data" in i.value for i in at.sidebar.info)
    # The default as-of date is the last event in the data (contact K7 on 2024-12-27).
    assert at.date_input(key="overview_as_of").value == date(2024, 12, 27)
    at.date_input(key="overview_as_of").set_value(date(2024, 12, 31))
    _run(at)
    tiles = _metrics(at)
    assert tiles["Open AR"] == "28.0k"
    assert tiles["Past due"] == "21.0k"
    assert tiles["Unapplied"] == "-1,500"
    assert tiles["In dispute"] == "4,000"
    assert tiles["Open promises"] == "1"


def test_overview_chart_and_table_show_the_buckets(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    _run(at)
    at.date_input(key="overview_as_of").set_value(date(2024, 12, 31))
    _run(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = dict(zip(spec["data"][0]["x"], _plotly_array(spec["data"][0]["y"]), strict=True))
    assert bars["1-30"] == 14000.0 and bars["120+"] == 4000.0 and bars["unapplied"] == -1500.0
    table = at.dataframe[0].value
    assert list(table.bucket) == ["current", "1-30", "31-60", "61-90", "91-120", "120+",
                                  "unapplied"]
    assert round(table.open_amt.sum(), 2) == 28000.0


def test_overview_changes_with_the_as_of_date(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.date_input(key="overview_as_of").set_value(date(2024, 9, 30))
    _run(at)
    tiles = _metrics(at)
    assert tiles["Open AR"] == "15.2k"
    assert tiles["Past due"] == "5,200"


def test_app_with_no_data_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(tmp_path / "no_such_folder"))
    from arlib import settings
    settings.load.cache_clear()
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    settings.load.cache_clear()
    assert any("No data loaded" in w.value for w in at.sidebar.warning)
    assert any("no data to show" in i.value for i in at.info)


def test_as_of_date_is_restored_from_the_link(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["overview_as_of"] = "2024-09-30"
    _run(at)
    assert at.date_input(key="overview_as_of").value == date(2024, 9, 30)
    assert _metrics(at)["Open AR"] == "15.2k"
