"""Issue 21, point 9: the hostile and careless cases not tried before, on every page (AppTest).

- Two customers called "Acme Tools" (C1, C5) and two reps called "Ana Ortiz" (R1, R4): every
  table, chart and drill-down keeps them apart by id, and shows the id beside the name.
- Dates in the year 0001 load (the import refuses year 0 only) and every page renders on them,
  as of a day in year 1 too; a date in the year 9999 is rejected at the import as a typing
  error, and a link asking for 9999-12-31 is named instead of silently showing another day.
- The scorecard and call-list drill-downs with hostile text (HTML, script, Markdown, formulas,
  a right-to-left override, emoji, a 200-character name): shown as written, exports inert.

Expected figures are worked out by hand from the golden book (tests/conftest.py) and the rows
each test adds to it.
"""

from __future__ import annotations

import csv
import html
import io
import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
import streamlit as st
from streamlit.elements.widgets.button import ButtonMixin
from streamlit.testing.v1 import AppTest

from arlib import settings
from arlib.canonical.models import FAR_FUTURE_MESSAGE
from arlib.figures import periods
from arlib.outputs import charts, export
from arlib.store import db, loader
from tests import vega
from tests.conftest import GOLDEN, ROOT
from tests.conftest import run_app as _run
from tests.test_loader import rejects, snapshot
from tests.test_urls import _errors

pytestmark = pytest.mark.hostile

PAGES = ["pages/overview.py", "pages/dso.py", "pages/aging.py", "pages/promises.py",
         "pages/scorecard.py", "pages/calls.py", "pages/visits.py", "pages/customer.py",
         "pages/import.py"]


# --- books and the app on them ---------------------------------------------------------------

def _book(folder: Path, rows: dict[str, list[list[str]]]) -> Path:
    """The golden book in `folder` with `rows` added to its files."""
    folder.mkdir(parents=True)
    for source in GOLDEN.glob("*.csv"):
        shutil.copy(source, folder / source.name)
    for name, lines in rows.items():
        with (folder / name).open("a", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(lines)
    return folder


def _of_record(con) -> dict[str, list]:
    """Every row of the tables of record: the raw tables and the load log (the others are
    derived from them, and built when first read)."""
    return {t: rows for t, rows in snapshot(con)["rows"].items()
            if t.startswith(("raw", "load"))}


def _database(tmp_path_factory, name: str, rows: dict[str, list[list[str]]]) -> dict:
    """A database file holding the golden book plus `rows` (nothing rejected), its book
    folder and its tables as loaded."""
    root = tmp_path_factory.mktemp(name)
    book = _book(root / "book", rows)
    con = db.open_database(root / "app.duckdb")
    try:
        report = loader.load(con, [book])
        assert rejects(report) == []
        before = _of_record(con)
    finally:
        con.close()
    return {"db": root / "app.duckdb", "book": book, "rows": before}


@pytest.fixture
def on(monkeypatch):
    """Point the app at one of the databases below; afterwards it holds what it held."""
    used = []

    def use(store: dict) -> dict:
        monkeypatch.setenv("AR_DB_PATH", str(store["db"]))
        monkeypatch.setenv("AR_SAMPLE_DIR", str(store["book"]))
        monkeypatch.setenv("AR_PRESETS_DIR", str(store["db"].parent / "presets"))
        settings.load.cache_clear()
        used.append(store)
        return store

    yield use
    settings.load.cache_clear()
    for store in used:
        con = duckdb.connect(str(store["db"]))  # the app's instance, in this process
        try:
            assert _of_record(con) == store["rows"]  # no page changed a row
        finally:
            con.close()


def _open(page: str, **params: str) -> AppTest:
    """The app with the link's parameters, on `page`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    _run(at)
    if page != "pages/overview.py":
        at.switch_page(page)
        _run(at)
    return at


def _select(at: AppTest, key: str, row: int) -> AppTest:
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return _run(at)


def _tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """The data of every download button drawn, by label (a file is built when it is called,
    as when its button is clicked)."""
    made: dict = {}
    real = ButtonMixin.download_button

    def spy(self, label, data, *args, **kwargs):
        made[label] = data
        return real(self, label, data, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", spy)
    monkeypatch.setattr(st, "download_button",
                        lambda *a, **k: spy(st._main, *a, **k))  # bound when imported
    return made


# --- (a) two customers, two reps, one name -----------------------------------------------------

@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> dict:
    """R4 is another "Ana Ortiz" (R1's name) and C5 another "Acme Tools" (C1's), in the same
    city and region, owned by R4. C5 owes I501 3,000.00 (due 2024-12-01, 1,000.00 paid on
    12-12 as R4's promise PR501 asked) and I502 700.00 (due 2024-12-27): 2,700.00 open, all
    past due on 2024-12-31."""
    return _database(tmp_path_factory, "twins", {
        "reps.csv": [["R4", "Ana Ortiz", "East", "2022-01-10", ""]],
        "customers.csv": [["C5", "Acme Tools", "R4", "East", "Boston", "US", "USD", "30",
                           "25000", "2015-03-01"]],
        "invoices.csv": [["I501", "C5", "invoice", "2024-11-01", "2024-12-01", "3000.00", "USD",
                          "PO-9"],
                         ["I502", "C5", "invoice", "2024-11-27", "2024-12-27", "700.00", "USD",
                          "PO-10"]],
        "payments.csv": [["P501", "C5", "I501", "2024-12-12", "1000.00", "USD", "ach", ""]],
        "promises.csv": [["PR501", "C5", "R4", "I501", "2024-12-02", "2024-12-12", "1000.00",
                          "USD", ""]],
        "contacts.csv": [["K501", "C5", "R4", "2024-12-02 10:00", "call", "outbound", "promise",
                          "Dana Fox", "Will pay 1000 on the 12th"]],
    })


def test_shared_names_stay_apart_on_the_overview(on, twins):
    on(twins)
    at = _open("pages/overview.py", as_of="2024-12-31")
    top = at.dataframe[0].value
    # past due, by hand: C1 3,000 (I102) + 8,000 (I103); C5 2,000 (I501) + 700 (I502)
    assert list(zip(top.customer_name, top.customer_id, top.past_due_amt, strict=True)) == [
        ("Acme Tools", "C1", 11000.0), ("Cobalt Mining", "C3", 6000.0),
        ("Birch Supply", "C2", 4000.0), ("Acme Tools", "C5", 2700.0)]
    _select(at, "overview_top_20241231_20241001_all_all", 3)
    assert [t.value for t in at.title] == ["Acme Tools"]
    assert at.query_params["customer"] in ("C5", ["C5"])
    assert html.unescape(at.caption[0].value) == (
        "C5 · Boston, East · owner Ana Ortiz (R4) · terms 30 days · customer since "
        "2015-03-01")
    assert _tiles(at)["Open"] == "USD 2,700.00"


def test_shared_rep_names_stay_apart_in_the_filter_and_the_link(on, twins):
    on(twins)
    at = _open("pages/overview.py", as_of="2024-12-31")
    rep = at.selectbox(key="rep")
    assert rep.options == ["All reps", "Ana Ortiz (R1)", "Ben Cole (R2)", "Cara Diaz (R3)",
                           "Ana Ortiz (R4)"]
    rep.set_value("R4")
    _run(at)
    assert at.query_params["rep"] in ("R4", ["R4"])
    assert _tiles(at)["Open AR"] == "2,700"  # C5 only: R4 owns nothing else
    at = _open("pages/overview.py", as_of="2024-12-31", rep="R1")
    assert _tiles(at)["Open AR"] == "19.5k"  # C1 10,500 + C2 9,000, as without the twins


def test_shared_names_stay_apart_in_aging_by_customer(on, twins):
    on(twins)
    at = _open("pages/aging.py", as_of="2024-12-31")
    customers = at.dataframe[-1].value
    acme = customers[customers.customer_name == "Acme Tools"].set_index("customer_id")
    # C1: 3,000 (I102) + 8,000 (I103) - 500 (CN1, unapplied); C5: 2,000 + 700
    assert acme.total_amt.to_dict() == {"C1": 10500.0, "C5": 2700.0}
    assert acme.rep_id.to_dict() == {"C1": "R1", "C5": "R4"}
    row = customers.index[customers.customer_id == "C5"][0]
    _select(at, "aging_customers_due_20241231_20241001_all_all", int(row))
    assert at.query_params["customer"] in ("C5", ["C5"])


def test_shared_rep_names_stay_apart_on_the_scorecard_and_its_charts(on, twins):
    on(twins)
    at = _open("pages/scorecard.py", as_of="2024-12-31")
    table = at.dataframe[0].value
    assert table.rep_name.tolist() == ["Ana Ortiz", "Ben Cole", "Cara Diaz", "Ana Ortiz",
                                       "Cash no rep can claim"]
    ana = table[table.rep_name == "Ana Ortiz"].set_index("rep_id")
    # R4: one contact (K501), 66 working days (R1 61: a week away), P501 by its promise
    assert ana.count_contacts.to_dict() == {"R1": 7, "R4": 1}
    assert ana.working_days.to_dict() == {"R1": 61, "R4": 66}
    assert ana.attributed_amt.to_dict() == {"R1": 3000.0, "R4": 1000.0}
    assert ana.kept_rate_pct.to_dict() == {"R1": 0.25, "R4": 1.0}
    labels = ["Ana Ortiz (R1)", "Ben Cole", "Cara Diaz", "Ana Ortiz (R4)"]
    for title in ("Contacts per working day", "Collected per contact"):
        bars = vega.chart(at, title)
        assert list(bars.rep) == labels, title  # one bar each: a shared label is drawn as one bar
    _select(at, "scorecard_20241231_20241001_all_all", 3)
    assert [html.unescape(h.value) for h in at.main.subheader] == [
        "Behind the figures of Ana Ortiz (R4)"]
    contacts, payments, pairs = (d.value for d in at.dataframe[1:4])
    assert contacts.contact_id.tolist() == ["K501"]
    assert list(zip(payments.payment_id, payments.attributed_by, strict=True)) == [
        ("P501", "promise")]
    assert pairs[["promise_id", "payment_id"]].values.tolist() == [["PR501", "P501"]]


def test_shared_names_stay_apart_on_the_call_list(on, twins):
    on(twins)
    at = _open("pages/calls.py", as_of="2024-12-31")
    calls = at.dataframe[0].value
    assert "customer_id" in calls.columns
    acme = calls[calls.customer_name == "Acme Tools"]
    assert acme.customer_id.tolist() == ["C5"]  # I502 fell due 4 days ago; C1 owes none such
    assert acme.reasons.tolist() == ["invoice just fell due"]
    _select(at, "calls_20241231_20241001_all_all", int(acme.index[0]))
    assert at.query_params["customer"] in ("C5", ["C5"])


def test_shared_names_stay_apart_in_the_visit_plan(on, twins):
    on(twins)
    at = _open("pages/visits.py", as_of="2024-12-31")
    plan = at.dataframe[0].value
    acme = plan[plan.customer_name == "Acme Tools"]
    assert sorted(acme.customer_id) == ["C1", "C5"]
    bars = vega.chart(at, f"Top {len(plan)} accounts to visit")
    assert sorted(set(bars.account)) == ["Acme Tools (C1)", "Acme Tools (C5)", "Birch Supply",
                                 "Cobalt Mining", "Delta Foods"]
    row = int(acme.index[acme.customer_id == "C5"][0])
    _select(at, "visits_20241231_20241001_all_all", row)
    assert at.query_params["customer"] in ("C5", ["C5"])


def test_shared_names_stay_apart_on_the_promises_page(on, twins):
    on(twins)
    at = _open("pages/promises.py", as_of="2024-12-31")
    frames = [d.value for d in at.dataframe]
    assert all("customer_id" in f.columns for f in frames if "customer_name" in f.columns)
    listing = frames[-1]
    assert listing.loc[listing.promise_id == "PR501", "customer_id"].tolist() == ["C5"]


def test_shared_names_stay_apart_in_the_customer_search(on, twins):
    on(twins)
    at = _open("pages/customer.py")
    at.text_input(key="customer_query").input("acme")
    _run(at)
    search = at.selectbox(key="customer_search")
    assert search.options == ["Acme Tools (C1)", "Acme Tools (C5)"]
    search.set_value("C1")
    _run(at)
    assert html.unescape(at.caption[0].value).startswith(
        "C1 · Boston, East · owner Ana Ortiz (R1) ·")
    assert _tiles(at)["Open"] == "USD 10,500.00"


def test_chart_labels_add_the_id_only_to_names_that_repeat():
    import pandas as pd

    table = pd.DataFrame({"rep_id": ["R1", "R2", "R4", "R5"],
                          "rep_name": ["Ana <b>", "Ben", "Ana <b>", None],
                          "kept_rate_pct": [0.5, 0.25, 1.0, 0.0]})
    chart = charts.per_rep(table, "kept_rate_pct", title="t", axis="a", fmt=".0%")
    assert list(chart.data.rep) == ["Ana <b> (R1)", "Ben", "Ana <b> (R4)", "R5"]


# --- (b) the years 0001 and 9999 -----------------------------------------------------------

@pytest.fixture(scope="module")
def ancient(tmp_path_factory) -> dict:
    """C0, owned by R0, in the year 1: customer and rep since 0001-01-01, I0 100.00 dated
    0001-01-01 due 01-31, disputed from 01-15; PR0 (made 01-05) promised 60.00 by 01-20;
    40.00 paid on 02-01; a visit on 01-10; a note, a person and an absence in year 1 too."""
    return _database(tmp_path_factory, "ancient", {
        "reps.csv": [["R0", "Old Rep", "East", "0001-01-01", ""]],
        "customers.csv": [["C0", "Old Year Ltd", "R0", "East", "Rome", "US", "USD", "30",
                           "1000", "0001-01-01"]],
        "invoices.csv": [["I0", "C0", "invoice", "0001-01-01", "0001-01-31", "100.00", "USD",
                          "R-1"]],
        "payments.csv": [["P0", "C0", "I0", "0001-02-01", "40.00", "USD", "cash", ""]],
        "promises.csv": [["PR0", "C0", "R0", "I0", "0001-01-05", "0001-01-20", "60.00", "USD",
                          ""]],
        "contacts.csv": [["K0", "C0", "R0", "0001-01-10 09:00", "visit", "outbound", "promise",
                          "Nero", "in person"]],
        "disputes.csv": [["D0", "C0", "I0", "0001-01-15", "", "10.00", "USD", "pricing",
                          "Old Rep", "", ""]],
        "notes.csv": [["N0", "C0", "Old Rep", "0001-01-01 00:00", "first note"]],
        "people.csv": [["C0", "Nero", "AP", "", "", "true", "0001-01-01"]],
        "rep_absences.csv": [["R0", "0001-01-02", "0001-01-03", "vacation"]],
    })


def test_year_one_dates_are_stored_as_written(ancient):
    con = duckdb.connect(str(ancient["db"]), read_only=True)
    try:
        assert con.execute("select invoice_on, due_on from raw_invoices "
                           "where invoice_id = 'I0'").fetchall() == [(date(1, 1, 1),
                                                                      date(1, 1, 31))]
    finally:
        con.close()


LINKS = {
    "the last day": {"customer": "C0"},
    "a day in year 1": {"as_of": "0001-01-31", "customer": "C0",
                        "customer_as_of": "0001-01-31"},
    "the first day a date holds": {"as_of": "0001-01-01", "period": "Custom",
                                   "from": "0001-01-01", "customer": "C0",
                                   "customer_as_of": "0001-01-01"},
    "a leap day": {"as_of": "2024-02-29", "period": "Year", "customer": "C0",
                   "customer_as_of": "2024-02-29"},
}


@pytest.mark.slow
@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_year_one_dates(on, ancient, page, link):
    on(ancient)
    at = _open(page, **LINKS[link])
    assert at.title, f"{page} drew nothing for {link}"
    assert not at.error, [e.value for e in at.error]
    if page == "pages/customer.py":
        assert [t.value for t in at.title] == ["Old Year Ltd"]


def test_figures_as_of_a_day_in_year_one(on, ancient):
    on(ancient)
    at = _open("pages/overview.py", as_of="0001-01-31", period="Month")
    tiles = _tiles(at)
    # only I0 exists: 100 open, due that day (not past due), disputed; the period opens
    # with nothing (nothing can be dated earlier) and collects nothing: CEI undefined
    assert (tiles["Open AR"], tiles["Past due"], tiles["In dispute"]) == ("100", "0", "100")
    assert tiles["CEI"] == "n/a"
    at = _open("pages/customer.py", customer="C0", customer_as_of="0001-02-28")
    tiles = _tiles(at)
    # 40.00 paid on 02-01: 60.00 open, past due, disputed (D0 is open)
    assert (tiles["Open"], tiles["Past due"], tiles["In dispute"]) == (
        "USD 60.00", "USD 60.00", "USD 60.00")


def test_visit_flags_in_year_one_and_on_a_leap_day(on, ancient):
    on(ancient)
    at = _open("pages/visits.py", as_of="0001-01-31")
    plan = at.dataframe[0].value.set_index("customer_id")
    assert plan["flags"].to_dict() == {"C0": "new"}  # 30 days a customer: never legacy yet
    at = _open("pages/visits.py", as_of="2024-02-29")
    plan = at.dataframe[0].value.set_index("customer_id")
    # five years before 2024-02-29 is 2019-02-28; I0 past due since year 1, no cash since
    # 0001-02-01, no visit since 0001-01-10
    assert plan["flags"]["C0"] == "legacy, agency candidate, no visit in a year"


def test_periods_never_leave_the_years_a_date_holds():
    assert periods.months_back(23, as_of=date(1, 1, 31)) == date(1, 1, 1)
    assert periods.days_before(180, on=date(1, 1, 31)) == date(1, 1, 1)
    assert periods.days_after(7, on=date(9999, 12, 25)) == date(9999, 12, 31)
    assert periods.years_on(-5, on=date(2024, 2, 29)) == date(2019, 2, 28)
    assert periods.years_on(-5, on=date(5, 6, 1)) is None
    assert periods.trailing_month_ends(3, as_of=date(9999, 12, 31)) == [
        date(9999, 10, 31), date(9999, 11, 30), date(9999, 12, 31)]


def test_a_year_9999_date_is_rejected_at_the_import_and_nothing_changes(tmp_path):
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    before = snapshot(con)
    folder = tmp_path / "far"
    folder.mkdir()
    (folder / "invoices.csv").write_text(
        "invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency,reference\n"
        "I9999,C1,invoice,9999-12-31,9999-12-31,10.00,USD,\n")
    (folder / "payments.csv").write_text(
        "payment_id,customer_id,invoice_id,paid_on,amount,currency,method,reference\n"
        "P9999,C1,I101,9999-12-31,10.00,USD,ach,\n")
    (folder / "promises.csv").write_text(
        "promise_id,customer_id,rep_id,invoice_id,made_on,due_on,amount,currency,note\n"
        "PR9999,C1,R1,I102,2024-12-01,9999-12-31,10.00,USD,\n")
    report = loader.load(con, [folder])
    assert sorted(rejects(report)) == [
        ("invoices.csv", 2, "due_on", "9999-12-31", FAR_FUTURE_MESSAGE),
        ("invoices.csv", 2, "invoice_on", "9999-12-31", FAR_FUTURE_MESSAGE),
        ("payments.csv", 2, "paid_on", "9999-12-31", FAR_FUTURE_MESSAGE),
        ("promises.csv", 2, "due_on", "9999-12-31", FAR_FUTURE_MESSAGE)]
    assert FAR_FUTURE_MESSAGE == "is more than 730 days after today (a typing error?)"
    after = snapshot(con)
    # only the load log records the attempt: every table of data is as it was
    assert {t: rows for t, rows in after["rows"].items() if not t.startswith("load")} == {
        t: rows for t, rows in before["rows"].items() if not t.startswith("load")}
    con.close()


@pytest.mark.parametrize(("page", "key"), [("pages/aging.py", "as_of"),
                                           ("pages/customer.py", "customer_as_of")])
def test_a_link_to_year_9999_is_named_not_dropped(on, ancient, page, key):
    on(ancient)
    at = _open(page, customer="C0", **{key: "9999-12-31"})
    # the last day with data is 2024-12-27 (golden note N3)
    assert (f"{key} = 9999-12-31 is after the last day a page shows, 2034-12-27 (ten years "
            "after the last day with data).") in _errors(at)
    assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")


# --- (c) hostile text in the scorecard and call-list drill-downs ------------------------------

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.com","pay")'
RTL = "\u202e"  # right-to-left override: 'evil.exe' shows as 'exe.live'
REP_NAME = f"{SCRIPT} **Rep** [x](http://example.com) {RTL}evil 😀"
LONG_NAME = (f"{FORMULA} <img src=x onerror=alert(2)> :red[red] $x$ # {RTL}Ltd 😀 "
             ).ljust(200, "x")  # the longest name the import takes
NOTE = f"{FORMULA} {SCRIPT} **urgent** {RTL}dlrow 😀"
PERSON = "@SUM(A1) <b>Bob</b>"
PROMISE = "=PR9+1"  # an id that looks like a formula
REASON = f"+cmd|' /C calc'!A0 {SCRIPT}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """R9 and C9 with hostile names (C9's is 200 characters), a contact with a hostile note
    and person, I9 500.00 due 2024-12-27 (just due on 12-31), promise =PR9+1 of 500.00 due
    12-10 paid 200.00 on 12-09 (a light payment), and a dispute open since 11-01 with a
    hostile reason."""
    return _database(tmp_path_factory, "hostile", {
        "reps.csv": [["R9", REP_NAME, "East", "2022-01-10", ""]],
        "customers.csv": [["C9", LONG_NAME, "R9", "East", "Boston", "US", "USD", "30",
                           "25000", "2015-03-01"]],
        "invoices.csv": [["I9", "C9", "invoice", "2024-11-27", "2024-12-27", "500.00", "USD",
                          FORMULA],
                         ["I8", "C9", "invoice", "2024-10-01", "2024-10-31", "300.00", "USD",
                          ""]],
        "payments.csv": [["P9", "C9", "I9", "2024-12-09", "200.00", "USD", "ach", FORMULA]],
        "promises.csv": [[PROMISE, "C9", "R9", "I9", "2024-12-02", "2024-12-10", "500.00",
                          "USD", NOTE]],
        "contacts.csv": [["K99", "C9", "R9", "2024-12-02 10:00", "call", "outbound", "promise",
                          PERSON, NOTE]],
        "disputes.csv": [["D9", "C9", "I8", "2024-11-01", "", "300.00", "USD", REASON, "",
                          "", ""]],
    })


def _inert_csv(data: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(export.FORMULA_STARTS)
                and not c.lstrip("+-").replace(".", "", 1).isdigit()]
    return rows


def test_the_longest_name_is_the_limit():
    assert len(LONG_NAME) == 200


def test_hostile_text_in_the_scorecard_drill_down_is_shown_as_written(on, hostile, downloads):
    on(hostile)
    at = _open("pages/scorecard.py", as_of="2024-12-31")
    table = at.dataframe[0].value
    assert table.rep_name.tolist()[3] == REP_NAME
    row = table.index[table.rep_id == "R9"][0]
    for title in ("Contacts per working day", "Collected per contact"):
        labels = list(vega.chart(at, title).rep)
        assert REP_NAME in labels  # Vega draws markup as text, as written
    _select(at, "scorecard_20241231_20241001_all_all", int(row))
    (heading,) = at.main.subheader
    # every Markdown and HTML sign written as a character reference; the name isolated, so
    # its right-to-left override ends with it and never turns "(R9)" round
    assert "<" not in heading.value and "*" not in heading.value and "[" not in heading.value
    assert html.unescape(heading.value) == (
        f"Behind the figures of \u2068{REP_NAME}\u2069 (R9)")
    contacts, payments, pairs = (d.value for d in at.dataframe[1:4])
    assert contacts[["contact_id", "customer_name", "person", "note"]].values.tolist() == [
        ["K99", LONG_NAME, PERSON, NOTE]]
    assert payments[["payment_id", "attributed_by"]].values.tolist() == [["P9", "promise"]]
    assert pairs.promise_id.tolist() == [PROMISE]
    book = openpyxl.load_workbook(io.BytesIO(downloads["Download XLSX"]()))
    assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r
                if c.data_type == "f"]
    contacts_sheet = [[c.value for c in r] for r in book["Contacts"].iter_rows()]
    header = contacts_sheet[0]
    k9 = next(r for r in contacts_sheet if r[header.index("contact_id")] == "K99")
    assert k9[header.index("note")] == "'" + NOTE
    assert k9[header.index("person")] == "'" + PERSON
    assert k9[header.index("customer_name")] == "'" + LONG_NAME
    rows = _inert_csv(downloads["Download CSV"]())
    assert [r[1] for r in rows if r[0] == "R9"] == [REP_NAME]  # not a formula: as written


def test_hostile_text_in_the_call_list_is_shown_as_written(on, hostile, downloads):
    on(hostile)
    at = _open("pages/calls.py", as_of="2024-12-31")
    calls = at.dataframe[0].value
    c9 = calls[calls.customer_id == "C9"]
    assert c9.customer_name.tolist() == [LONG_NAME]
    assert c9.reasons.tolist() == ["invoice just fell due; light payment: promise partly "
                                   "kept; dispute open over 30 days"]
    assert c9.details.tolist() == [
        "I9 due 2024-12-27 (4 days ago); "
        f"{PROMISE} USD 500.00 due 2024-12-10; "
        f"D9 on I8: {REASON}, 60 days old"]
    rows = _inert_csv(downloads["Download CSV"]())
    header = rows[0]
    (row,) = [r for r in rows if r[header.index("customer_id")] == "C9"]
    assert row[header.index("customer_name")] == "'" + LONG_NAME
    assert row[header.index("details")] == c9.details.iloc[0]  # starts with I9: no formula
    _select(at, "calls_20241231_20241001_all_all", int(c9.index[0]))
    assert [html.unescape(t.value) for t in at.title] == [" ".join(LONG_NAME.split())]
    assert "<" not in at.title[0].value
