"""The app under streamlit.testing.v1.AppTest, on a database file holding the golden book."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests import vega
from tests.conftest import ROOT, build_store
from tests.conftest import run_app as _run


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_builds_the_store_on_first_launch_and_shows_golden_figures(first_run_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    assert (first_run_env / "data" / "ar.duckdb").exists()  # the default database
    assert any("sample data" in i.value for i in at.sidebar.info)
    # The default as-of date is the last event in the data (contact K7 on 2024-12-27).
    assert at.date_input(key="as_of").value == date(2024, 12, 27)
    at.date_input(key="as_of").set_value(date(2024, 12, 31))
    _run(at)
    tiles = _metrics(at)
    assert tiles["Open AR"] == "28.0k"
    assert tiles["Past due"] == "21.0k"
    assert tiles["Unapplied"] == "-1,500"
    assert tiles["In dispute"] == "4,000"
    assert tiles["Promised"] == "1"
    # the default period is the quarter of the as-of date: 2024-10-01 .. 2024-12-31
    assert tiles["DSO"] == "70.3 d"  # expected.json dso.countback
    assert tiles["Best DSO"] == "28.3 d"
    assert tiles["ADD"] == "65.0 d"
    assert tiles["CEI"] == "60.0%"  # 59.96
    assert tiles["Kept"] == "33.3%"
    # countback at 2024-11-30 was 70.6 days (expected.json dso_trend)
    assert {m.label: m.delta for m in at.metric}["DSO"] == "-0.3 d"


def test_overview_charts_and_tables_hold_the_golden_figures(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    _run(at)
    at.date_input(key="as_of").set_value(date(2024, 12, 31))
    _run(at)
    dso_rows = vega.chart(at, "DSO at each month end")
    countback = dso_rows[dso_rows.method == "Countback DSO"].sort_values("as_of")
    # expected.json dso_trend: 46.6, 70.6, 70.3 at the last three month ends
    assert [round(v, 2) for v in countback.days.tail(3)] == [46.6, 70.6, 70.3]
    aging_rows = vega.chart(at, "Aging mix at each month end (USD)")
    at_end = aging_rows[aging_rows.as_of == aging_rows.as_of.max()]
    last = dict(zip(at_end.bucket, at_end.open_amt, strict=True))
    assert last == {"current": 8500.0, "1-30": 14000.0, "31-60": 3000.0, "61-90": 0.0,
                    "91-120": 0.0, "120+": 4000.0, "unapplied": -1500.0}
    top = at.dataframe[0].value
    assert list(zip(top.customer_name, top.past_due_amt, strict=True)) == [
        ("Acme Tools", 11000.0), ("Cobalt Mining", 6000.0), ("Birch Supply", 4000.0)]


def test_a_selected_past_due_customer_opens_the_customer_page(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.date_input(key="as_of").set_value(date(2024, 12, 31))
    _run(at)
    at.session_state["overview_top_20241231_20241001_all_all"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}}
    _run(at)
    assert [t.value for t in at.title] == ["Acme Tools"]
    assert at.query_params["customer"] in ("C1", ["C1"])  # AppTest may give a list
    # metrics.md §5 for C1 (issue 6): open 10,500, past due 11,000, exact (issue 14)
    assert {m.label: m.value for m in at.metric}["Open"] == "USD 10,500.00"
    assert {m.label: m.value for m in at.metric}["Past due"] == "USD 11,000.00"


def test_an_unknown_customer_link_says_so(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.query_params["customer"] = "NOPE"
    at.switch_page("pages/customer.py")
    _run(at)
    assert any("No customer with the id 'NOPE'" in w.value for w in at.warning)


def test_overview_changes_with_the_as_of_date(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.date_input(key="as_of").set_value(date(2024, 9, 30))
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
    assert any("No data loaded" in w.value for w in at.sidebar.warning)
    assert [t.value for t in at.title] == ["Import data"]  # an empty store opens there
    at.switch_page("pages/overview.py")
    _run(at)
    settings.load.cache_clear()
    assert any("No data loaded" in w.value for w in at.sidebar.warning)
    assert any("no data to show" in i.value for i in at.info)


def test_as_of_date_is_restored_from_the_link(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-09-30"
    _run(at)
    assert at.date_input(key="as_of").value == date(2024, 9, 30)
    assert _metrics(at)["Open AR"] == "15.2k"


def test_dso_page_shows_the_golden_trend_formula_and_breakdowns(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/dso.py")
    at.query_params["as_of"] = "2024-12-31"
    _run(at)
    at.date_input(key="as_of").set_value(date(2024, 12, 31))
    _run(at)
    table = at.dataframe[-1].value
    last = table.iloc[-1]
    # expected.json: countback 70.3, period 93.33, best possible 28.33, ADD 65.0
    assert (round(last.countback_days, 2), round(last.period_days, 2),
            round(last.best_possible_days, 2), round(last.add_days, 2)) == (70.3, 93.33,
                                                                           28.33, 65.0)
    formula = " ".join(m.value for m in at.markdown)
    assert "Countback DSO" in formula and "9.3 days" in formula  # 6,000 / 20,000 × 31
    regions = at.dataframe[0].value.set_index("group_key")
    assert round(regions.loc["East", "countback_days"], 2) == 95.0
    at.radio(key="dso_method").set_value("period_days")
    at.selectbox(key="dso_window").set_value(60)
    _run(at)
    formula = " ".join(m.value for m in at.markdown)
    # 60-day window: 28,000 / 16,000 × 60 = 105.0
    assert "USD 28,000.00 / USD 16,000.00 × 60" in formula and "105.0 days" in formula


def _open(app_env_page: str, as_of: str = "2024-12-31") -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page(app_env_page)
    _run(at)
    at.date_input(key="as_of").set_value(date.fromisoformat(as_of))
    return _run(at)


def test_aging_page_buckets_basis_currency_and_downloads(app_env):
    at = _open("pages/aging.py")
    buckets = at.dataframe[0].value.set_index("bucket")
    assert buckets.open_amt.round(2).to_dict() == {
        "current": 8500.0, "1-30": 14000.0, "31-60": 3000.0, "61-90": 0.0, "91-120": 0.0,
        "120+": 4000.0, "unapplied": -1500.0}
    assert buckets.disputed_amt["120+"] == 4000.0  # I201, dispute D1 open
    customers = at.dataframe[-1].value.set_index("customer_id")
    assert customers.total_amt.to_dict() == {"C1": 10500.0, "C2": 9000.0, "C3": 6000.0,
                                             "C4": 2500.0}
    assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download XLSX"}
    at.radio(key="aging_basis").set_value("invoice")
    at.radio(key="currency").set_value("original")
    _run(at)
    by_invoice = at.dataframe[0].value.set_index("bucket").open_amt.round(2)
    assert by_invoice["31-60"] == 14000.0  # I103 (41 d) + I302 (60 d) by invoice date
    currencies = at.dataframe[1].value.set_index("currency")
    assert currencies.loc["CAD", "total_amt"] == 8000.0  # I302 in CAD
    assert currencies.loc["CAD", "total_base_amt"] == 6000.0


def test_promises_page_rates_lists_and_payments(app_env):
    at = _open("pages/promises.py")
    by_rep = at.dataframe[0].value.set_index("rep_id")
    assert by_rep.kept_rate_pct.round(4).to_dict() == {"R1": 0.25, "R2": 0.5}  # expected.json
    listing = at.dataframe[-1].value.set_index("promise_id")
    assert listing.status.to_dict() == {"PR7": "superseded", "PR8": "broken", "PR1": "kept",
                                        "PR3": "broken", "PR2": "broken", "PR4": "kept",
                                        "PR5": "partial", "PR6": "pending"}
    assert listing.payments["PR1"] == "P2 USD 2,000.00 on 2024-11-25"
    assert listing.payments["PR5"] == "P5 USD 1,000.00 on 2024-12-20"
    at.multiselect(key="promises_status").set_value(["broken"])
    _run(at)
    assert sorted(at.dataframe[-1].value.promise_id) == ["PR2", "PR3", "PR8"]


def test_promises_call_list_and_recent_breaks(app_env):
    at = _open("pages/promises.py", as_of="2024-12-30")
    frames = [d.value for d in at.dataframe]
    # due in the next 7 days as of 12-30: PR6 is due 2025-01-05 (pending)
    assert any(list(fr.get("customer_name", [])) == ["Delta Foods"] for fr in frames)
    # broken or partial with a deadline (due + 3) after 11-30: PR3 (12-03), PR2 (12-13),
    # PR5 (12-23, partial: 1,000 of 1,500)
    assert any(sorted(fr.get("due_on", [])) == [date(2024, 11, 30), date(2024, 12, 10),
                                                date(2024, 12, 20)] for fr in frames)


def test_scorecard_figures_drill_down_and_channel_filter(app_env):
    at = _open("pages/scorecard.py")
    table = at.dataframe[0].value.set_index("rep_id")
    assert table.attributed_amt.to_dict() == {"R1": 3000.0, "R2": 25000.0, "R3": 0.0,
                                              "(unattributed)": 0.0}
    table = table.drop(index="(unattributed)")  # contacts and days do not apply to it
    # expected.json reps
    assert table.count_contacts.to_dict() == {"R1": 7, "R2": 4, "R3": 1}
    assert table.working_days.to_dict() == {"R1": 61, "R2": 66, "R3": 12}
    assert round(table.per_contact_amt["R1"], 2) == 428.57
    assert table.portfolio_amt["R1"] == 13000.0
    at.session_state["scorecard_20241231_20241001_all_all"] = {
        "selection": {"rows": [1], "columns": [], "cells": []}}
    _run(at)
    contacts, payments, pairs = (d.value for d in at.dataframe[1:4])
    assert sorted(contacts.contact_id) == ["K10", "K12", "K8", "K9"]
    # R2 earned P1 by contact K12 (no promise took it) and P3 by its promise PR4
    assert dict(zip(payments.payment_id, payments.attributed_by, strict=True)) == {
        "P1": "contact", "P3": "promise"}
    assert pairs[["promise_id", "payment_id"]].values.tolist() == [["PR4", "P3"]]
    at.multiselect(key="scorecard_channels").set_value(["call"])
    _run(at)
    calls = at.dataframe[0].value.set_index("rep_id").count_contacts
    assert calls["R1"] == 6 and calls["R2"] == 3  # K3 was an email, K9 a visit


PAGE_FILES = ["pages/overview.py", "pages/dso.py", "pages/aging.py", "pages/promises.py",
              "pages/scorecard.py", "pages/calls.py", "pages/visits.py"]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_says_so_when_there_is_no_data(tmp_path, monkeypatch, page):
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(tmp_path / "no_such_folder"))
    from arlib import settings
    settings.load.cache_clear()
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page(page)
    _run(at)
    settings.load.cache_clear()
    assert any("no data to show" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_renders_a_single_customer_without_sales_or_promises(tmp_path, monkeypatch,
                                                                       page):
    book = tmp_path / "book"
    book.mkdir()
    (book / "customers.csv").write_text("customer_id,name,rep_id\nC1,Solo Ltd,R1\n")
    (book / "reps.csv").write_text("rep_id,name\nR1,Only Rep\nR2,Quiet Rep\n")
    # one old invoice: no sales in any DSO window of the as-of date, no promises, no contacts
    (book / "invoices.csv").write_text(
        "invoice_id,customer_id,invoice_on,due_on,amount\nI1,C1,2023-01-10,2023-02-09,99.99\n")
    build_store(tmp_path / "solo.duckdb", book)
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "solo.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(book))
    from arlib import settings
    settings.load.cache_clear()
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page(page)
    _run(at)
    at.date_input(key="as_of").set_value(date(2024, 6, 30))
    _run(at)
    settings.load.cache_clear()
    text = " ".join(str(m.value) for m in at.metric) + " ".join(m.value for m in at.markdown)
    assert "nan" not in text.lower().split() and "inf" not in text.lower()
    if page == "pages/overview.py":
        tiles = _metrics(at)
        assert tiles["Open AR"] == "100" and tiles["CEI"] == "0.0%"
        assert tiles["Kept"] == "n/a"  # no promises: undefined, not 0 %


def test_rep_and_region_filters_change_the_figures_and_the_link(app_env):
    at = _open("pages/overview.py")
    at.selectbox(key="region").set_value("West")
    _run(at)
    assert _metrics(at)["Open AR"] == "8,500"  # C3 6,000 + C4 2,500
    at.selectbox(key="region").set_value(None)
    at.selectbox(key="rep").set_value("R1")
    at.selectbox(key="period").set_value("month")
    _run(at)
    assert _metrics(at)["Open AR"] == "19.5k"  # C1 10,500 + C2 9,000
    assert at.caption[0].value.startswith("As of 2024-12-31, period from 2024-12-01")


def test_customer_page_shows_the_whole_account(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.query_params["customer"] = "C1"
    at.switch_page("pages/customer.py")
    _run(at)
    at.date_input(key="customer_as_of").set_value(date(2024, 12, 31))
    _run(at)
    tiles = _metrics(at)
    assert (tiles["Open"], tiles["Past due"], tiles["Credit used"]) == (
        "USD 10,500.00", "USD 11,000.00", "42.0%")
    frames = {tuple(d.value.columns[:2]): d.value for d in at.dataframe}
    contacts = frames[("contact_at", "contact_id")]
    assert sorted(contacts.contact_id) == ["K1", "K11", "K12", "K2", "K3"]
    promises_ = frames[("promise_id", "rep_id")]
    assert dict(zip(promises_.promise_id, promises_.status, strict=True)) == {
        "PR1": "kept", "PR2": "broken"}
    assert [b.label for b in at.get("download_button")] == [
        "Statement (printable HTML)", "Pre-visit brief (printable HTML)"]
    notes = frames[("created_at", "note_id")]
    assert notes.text.tolist() == [
        "AP moved to a new ERP in November; invoices must quote the PO number."]


def test_call_list_page_lists_reasons_and_opens_the_customer(app_env):
    at = _open("pages/calls.py", as_of="2024-12-24")
    table = at.dataframe[0].value
    assert table.customer_name.tolist() == ["Acme Tools", "Birch Supply"]
    assert table.reasons.tolist()[1] == ("light payment: promise partly kept; "
                                         "dispute open over 30 days")
    assert [b.label for b in at.get("download_button")] == ["Download CSV"]
    at.session_state["calls_20241224_20241001_all_all"] = {
        "selection": {"rows": [1], "columns": [], "cells": []}}
    _run(at)
    assert [t.value for t in at.title] == ["Birch Supply"]


def test_key_accounts_page_ranks_and_reweights(app_env):
    at = _open("pages/visits.py")
    table = at.dataframe[0].value
    assert table.customer_name.tolist() == ["Acme Tools", "Birch Supply", "Cobalt Mining",
                                            "Delta Foods"]
    for name in ("sales_12m", "open_ar", "past_due_30", "broken_promises",
                 "days_since_visit"):
        at.slider(key=f"visits_weight_{name}").set_value(0.0)
    _run(at)
    assert at.dataframe[0].value.customer_name.iloc[0] == "Birch Supply"  # disputes only
    at.multiselect(key="visits_flags").set_value(["new"])
    _run(at)
    assert at.dataframe[0].value.customer_name.tolist() == ["Delta Foods"]


def test_customer_search_opens_the_chosen_customer(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/customer.py")
    _run(at)
    assert any("No customer chosen" in w.value for w in at.warning)
    at.text_input(key="customer_query").input("c3")
    _run(at)
    assert at.selectbox(key="customer_search").options == ["Cobalt Mining (C3)"]
    at.selectbox(key="customer_search").set_value("C3")
    _run(at)
    assert [t.value for t in at.title] == ["Cobalt Mining"]
