"""The browser bench on the golden book (issue 16, point 7): every page completes in a real
browser, and a page ten times over its budget fails here, so a regression like a page that
builds a workbook on every run is caught without turning timings into a flaky test (the
budgets themselves are measured at a million invoices by `python -m arlib bench --browser`).
"""

from __future__ import annotations

import pytest

from arlib.bench import browser
from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import _chromium

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SLACK = 10  # times the budget: a shared two-core machine under a test run is not a bench


@pytest.fixture(scope="module")
def measured(tmp_path_factory, browser_type, browser_type_launch_args):
    _chromium()
    db_path = tmp_path_factory.mktemp("browser_bench") / "golden.duckdb"
    build_store(db_path, GOLDEN)
    # pytest-playwright's own Playwright: a second one cannot start inside its event loop
    chromium = browser_type.launch(**browser_type_launch_args)
    try:
        return browser.measure(db_path, runs=1, log=lambda _: None, browser=chromium)
    finally:
        chromium.close()


def test_every_page_completes_and_says_where_its_time_went(measured):
    for kind in ("first_load", "navigation", "filter"):
        assert set(measured[kind]) == set(browser.PAGES.values()), kind
        for page, got in measured[kind].items():
            for sample in got["samples"]:
                # the server ran the page at least once, and its phases add up to its runs
                assert sample["server_runs"] >= 1, (kind, page)
                parts = sample["pin_s"] + sample["sidebar_s"] + sample["body_s"]
                assert 0 < parts <= sample["run_s"] + 1e-3, (kind, page, sample)
    # three filter kinds per run, on every page
    assert [s["filter"] for s in measured["filter"]["Aging"]["samples"]] == \
        ["as_of", "rep", "region"]


def test_no_page_is_ten_times_over_its_budget(measured):
    over = [f"{b['what']}: {b['measured']:.2f} s (budget {b['budget']:g} s)"
            for b in measured["budgets"] if b["measured"] > SLACK * b["budget"]]
    assert over == []
