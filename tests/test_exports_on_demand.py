"""Issue 16, point 3: nothing heavy is built unasked. Exports (CSV, XLSX, statement, brief) are
built when their button is clicked, not on every run of the page: the scorecard spent 30 s of
each run at a million invoices building a stamped workbook nobody had asked for."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from arlib.outputs import documents, export
from tests.conftest import ROOT
from tests.conftest import run_app as _run

BUILDERS = [(export, "to_csv_bytes"), (export, "to_xlsx_bytes"),
            (documents, "statement_html"), (documents, "brief_html")]


@pytest.mark.parametrize("page", ["pages/scorecard.py", "pages/aging.py", "pages/calls.py",
                                  "pages/visits.py", "pages/customer.py"])
def test_no_page_builds_an_export_until_it_is_asked_for(app_env, monkeypatch, page):
    built: list[str] = []
    for module, name in BUILDERS:
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _n=name, _r=real, **k: (
            built.append(_n), _r(*a, **k))[1])
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.query_params["as_of"] = "2024-12-31"
    at.query_params["customer"] = "C1"
    at.switch_page(page)
    _run(at)
    assert at.get("download_button"), f"{page} offers no download"
    assert built == []
