"""The Forecast page (issue 18, point 4) on the golden book: it draws, picks the method the
back-test scores best, switches methods from the URL, and builds no export unasked."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from arlib.outputs import export
from tests.conftest import ROOT, run_app


def _page(as_of="2024-12-31", **params):
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.query_params["as_of"] = as_of
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/forecast.py")
    return run_app(at)


def test_forecast_page_draws_and_builds_no_export_unasked(app_env, monkeypatch):
    built: list[str] = []
    for name in ("to_csv_bytes", "to_xlsx_bytes"):
        real = getattr(export, name)
        monkeypatch.setattr(export, name, lambda *a, _n=name, _r=real, **k: (
            built.append(_n), _r(*a, **k))[1])
    at = _page()
    assert at.title[0].value == "Cash-in forecast"
    assert at.get("download_button")
    assert built == []
    # the default is the back-test's best; its caption says so, with the WAPE
    assert at.radio(key="forecast_method").value in ("due_date", "lateness", "curves")
    assert any("13-week WAPE" in c.value or "No back-test yet" in c.value for c in at.caption)
    # golden, due date: 29,500 open, of which 4,000 disputed: 25,500 in 13 weeks, 1,111
    # promised (see tests/test_forecast.py)
    at.radio(key="forecast_method").set_value("due_date")
    run_app(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cash expected in 13 weeks (USD)"] == "25,500"
    assert metrics["of which promised (USD)"] == "1,111"
    assert metrics["Disputed, apart (USD)"] == "4,000"
    assert built == []


def test_an_unknown_method_in_the_link_is_named(app_env):
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.query_params["forecast_method"] = "Magic"
    at.switch_page("pages/forecast.py")
    run_app(at)
    errors = [html.unescape(e.value) for e in at.error]
    assert any("forecast_method = 'Magic'" in e and "is not a forecast method" in e
               for e in errors), errors


def test_the_currency_filter_narrows_the_forecast(app_env):
    """Golden, due date, only CAD: I302's 8,000 CAD = 6,000 USD, overdue (week 1), nothing
    promised or disputed (tests/test_forecast.py); a currency the data lacks is named."""
    at = _page(forecast_method="Due date", forecast_currency="CAD")
    assert not at.exception and not at.error, ([e.value for e in at.exception],
                                               [e.value for e in at.error])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cash expected in 13 weeks (USD)"] == "6,000"
    assert metrics["of which promised (USD)"] == "0"
    assert metrics["Disputed, apart (USD)"] == "0"
    assert any("8,000.00 CAD expected in 13 weeks" in c.value for c in at.caption)
    at.selectbox(key="forecast_currency").set_value(None)
    run_app(at)
    assert {m.label: m.value for m in at.metric}["Cash expected in 13 weeks (USD)"] == "25,500"
    errors = [html.unescape(e.value) for e in _page(forecast_currency="XYZ").error]
    assert any("forecast_currency = 'XYZ'" in e and "is not a currency" in e
               for e in errors), errors
