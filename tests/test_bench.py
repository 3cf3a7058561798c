"""The quick benchmark (issue 8): a 50,000-invoice book through `python -m arlib bench`'s
harness; every call is measured against its scan floor, and the pandas reference agrees.
Times are not asserted here (a loaded machine makes them noise): `python -m arlib bench`
prints the calls over 20x their floor."""

from __future__ import annotations

import json

import pytest

from arlib.bench import run, table

pytestmark = pytest.mark.slow  # a book of 50,000 invoices is written and imported


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    return run.bench(50_000, keep=tmp_path_factory.mktemp("bench"), log=lambda _: None)


def test_the_book_has_the_size_asked_for(measured):
    rows = measured["book"]["rows"]
    assert 45_000 <= rows["invoices"] <= 55_000
    assert {"payments", "contacts", "promises", "disputes"} <= set(rows)
    assert measured["import"]["rejected"] == 0


def test_every_call_is_measured_against_its_scan_floor(measured):
    for name, t in measured["calls"].items():
        assert t["floor_ratio_best"] > 0, name
    # the check the bench prints: a call over the limit is named with its ratio
    name = next(iter(measured["calls"]))
    ratio = measured["calls"][name]["floor_ratio_best"]
    assert f"{name}: {ratio:.1f}x its floor" in table.over_floor(measured, ratio / 2)


def test_the_pandas_reference_agrees(measured):
    checked = {k: v for k, v in measured["pandas"].items() if k != "frames_load_s"}
    assert set(checked) == {"aging.buckets", "dso.trend (24 month ends)",
                            "reps.scorecard (quarter)"}
    for name, result in checked.items():
        assert result["agree"], f"{name}: {result['problem']}"


def test_the_results_are_a_json_report_with_the_machine_and_budgets(measured):
    text = json.dumps(measured, default=str)
    assert json.loads(text)["machine"]["cores"] >= 1
    assert {b["what"] for b in measured["budgets"]} >= {
        "aging.buckets, s", "customer drill-down, s", "page overview, s"}
    assert set(measured["pages"]) >= {"overview", "dso", "aging", "promises", "scorecard",
                                      "customer", "call list", "key accounts"}
    assert "Book:" in table.text(measured)
