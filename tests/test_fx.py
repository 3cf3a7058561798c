"""Missing FX rates (issue 14, point 4): one definition (arlib.store.fx), the import's warning,
the report command's error, and every converting page showing the message and the balances
per original currency instead of failing.

The book: USD base; EUR rates from 2024-02-01, none for GBP.
  C1 Acme Tools (USD): I1 1,000.00 of 2024-01-02 due 02-01, P1 pays 400.00 on 02-20.
  E1 Euro GmbH (EUR):  E11 500.00 of 2024-01-10 due 02-09 (before the first EUR rate),
                       P2 pays 100.00 of it on 01-25 (no rate either), E12 300.00 of 02-15
                       due 03-16 (rate 1.10); promise PR1 200.00 made 01-20 (no rate).
  G1 Brit Ltd (GBP):   G11 200.00 of 2024-03-05 due 04-04 (no GBP rate at all).
Open on 2024-03-31 (due basis), in each document's currency: USD 600.00 (59 days, 31-60);
EUR 400.00 (51 days, 31-60) and 300.00 (15 days, 1-30); GBP 200.00 (not due: current).
"""

from __future__ import annotations

import html
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from arlib.figures import aging, dso, overview
from arlib.outputs.report_text import load_report_text
from arlib.settings import Settings
from arlib.store import db, facts, fx, loader
from tests.conftest import GOLDEN, ROOT
from tests.conftest import run_app as _run

BOOK = {
    "customers": "customer_id,name,rep_id,region,currency,terms_days\n"
                 "C1,Acme Tools,R1,East,USD,30\n"
                 "E1,Euro GmbH,R1,West,EUR,30\n"
                 "G1,Brit Ltd,R2,West,GBP,30\n",
    "reps": "rep_id,name\nR1,Rep One\nR2,Rep Two\n",
    "fx_rates": "currency,on,rate_to_base\nEUR,2024-02-01,1.10\nEUR,2024-03-01,1.20\n",
    "invoices": "invoice_id,customer_id,invoice_on,due_on,amount,currency\n"
                "I1,C1,2024-01-02,2024-02-01,1000.00,USD\n"
                "E11,E1,2024-01-10,2024-02-09,500.00,EUR\n"
                "E12,E1,2024-02-15,2024-03-16,300.00,EUR\n"
                "G11,G1,2024-03-05,2024-04-04,200.00,GBP\n",
    "payments": "payment_id,customer_id,invoice_id,paid_on,amount,currency,method\n"
                "P1,C1,I1,2024-02-20,400.00,USD,ach\n"
                "P2,E1,E11,2024-01-25,100.00,EUR,wire\n",
    "promises": "promise_id,customer_id,rep_id,invoice_id,made_on,due_on,amount,currency\n"
                "PR1,E1,R1,E11,2024-01-20,2024-02-10,200.00,EUR\n",
}
AS_OF = date(2024, 3, 31)
MESSAGE = ("Missing FX rates: no EUR rate on or before 2024-01-10, needed by 1 document, "
           "1 payment row and 1 promise (the first EUR rate is dated 2024-02-01); no GBP rate "
           "on or before 2024-03-05, needed by 1 document (there is no GBP rate at all). "
           "Amounts in these currencies cannot be converted to USD until fx_rates holds a "
           "rate of each dated on or before its date.")
COLUMNS = ["currency", "first_on", "first_rate_on", "count_documents", "count_payments",
           "count_promises", "count_items"]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fx_book")
    for table, text in BOOK.items():
        (folder / f"{table}.csv").write_text(text)
    return folder


@pytest.fixture(scope="module")
def loaded(book):
    con = db.open_database(":memory:")
    report = loader.load(con, [book], settings=Settings())
    yield con, report
    con.close()


def _rows(frame) -> list[list]:
    return frame[COLUMNS].values.tolist()


# --- the one definition ------------------------------------------------------------------------

def test_each_currency_with_its_first_date_without_a_rate(loaded):
    con, _ = loaded
    assert _rows(fx.missing_rates(con, settings=Settings())) == [
        ["EUR", date(2024, 1, 10), date(2024, 2, 1), 1, 1, 1, 3],
        ["GBP", date(2024, 3, 5), None, 1, 0, 0, 1]]
    assert fx.message(fx.missing_rates(con, settings=Settings(), as_of=AS_OF),
                      base_currency="USD") == MESSAGE


def test_a_viewer_is_stopped_only_by_rates_their_customers_need(loaded):
    con, _ = loaded
    # E1 (EUR) is Rep One's, G1 (GBP) Rep Two's; C1 (USD) needs no rate
    assert _rows(fx.missing_rates(con, settings=Settings(), reps={"R1"})) == [
        ["EUR", date(2024, 1, 10), date(2024, 2, 1), 1, 1, 1, 3]]
    assert _rows(fx.missing_rates(con, settings=Settings(), reps={"R2"})) == [
        ["GBP", date(2024, 3, 5), None, 1, 0, 0, 1]]
    assert fx.missing_rates(con, settings=Settings(), reps=set()).empty


def test_only_rows_dated_by_the_as_of_date_count(loaded):
    con, _ = loaded
    # 2024-01-05: only the USD invoice exists; 2024-01-20: E11 and PR1, not yet P2 nor G11
    assert fx.missing_rates(con, settings=Settings(), as_of=date(2024, 1, 5)).empty
    assert _rows(fx.missing_rates(con, settings=Settings(), as_of=date(2024, 1, 20))) == [
        ["EUR", date(2024, 1, 10), date(2024, 2, 1), 1, 0, 1, 2]]
    assert fx.message(fx.missing_rates(con, settings=Settings(), as_of=date(2024, 1, 5)),
                      base_currency="USD") == ""


def test_one_customer_counts_only_its_own_rows(loaded):
    con, _ = loaded
    assert fx.missing_rates(con, settings=Settings(), customer_id="C1").empty
    assert _rows(fx.missing_rates(con, settings=Settings(), as_of=AS_OF, customer_id="E1")) == [
        ["EUR", date(2024, 1, 10), date(2024, 2, 1), 1, 1, 1, 3]]


def test_the_same_rows_under_the_as_of_policy_which_revalues_balances_only(loaded):
    con, _ = loaded
    policy = Settings(fx_policy="as_of")
    assert _rows(fx.missing_rates(con, settings=policy, as_of=AS_OF)) == _rows(
        fx.missing_rates(con, settings=Settings(), as_of=AS_OF))
    # sales are converted at their own date under both policies (docs/rules.md): E11's
    # missing rate of 2024-01-10 still stops the DSO family, as does GBP (no rate at all) at
    # the as-of date; which of the two the query meets first is DuckDB's order, not ours
    with pytest.raises(Exception, match=r"no (EUR rate on or before 2024-01-10|GBP rate on "
                                        r"or before 2024-03-31)"):
        dso.family(con, as_of=AS_OF, settings=policy)


def test_what_is_missing_is_what_the_figures_fail_on(loaded):
    con, _ = loaded
    with pytest.raises(Exception, match="missing FX rate"):
        overview.headline(con, as_of=AS_OF, settings=Settings())
    # nothing to convert on 2024-01-05: the headline works (I1, 1,000.00 USD, not yet due)
    head = overview.headline(con, as_of=date(2024, 1, 5), settings=Settings())
    assert head.open_ar_amt == 1000.0


def test_balances_per_original_currency_need_no_rate(loaded):
    con, _ = loaded
    frame = aging.by_original_currency(con, as_of=AS_OF, settings=Settings()).set_index(
        "currency")
    assert frame.loc["EUR", ["1-30_amt", "31-60_amt", "total_amt"]].tolist() == [
        300.0, 400.0, 700.0]
    assert frame.loc["GBP", ["current_amt", "total_amt"]].tolist() == [200.0, 200.0]
    assert frame.loc["USD", ["31-60_amt", "total_amt"]].tolist() == [600.0, 600.0]
    one = aging.by_original_currency(con, as_of=AS_OF, settings=Settings(), customer_id="E1")
    assert one.currency.tolist() == ["EUR"] and one.total_amt.tolist() == [700.0]


# --- the import --------------------------------------------------------------------------------

def test_the_import_warns_and_still_commits(loaded):
    _, report = loaded
    assert report.committed and report.changed and report.total("rejected") == 0
    assert report.by_table().set_index("table_name").inserted["invoices"] == 4
    assert report.fx_warning == MESSAGE
    assert _rows(report.missing_rates)[0] == ["EUR", date(2024, 1, 10), date(2024, 2, 1),
                                              1, 1, 1, 3]
    text = load_report_text(report, db_path=":memory:")
    assert f"Warning: {MESSAGE}" in text.splitlines()


def test_a_preview_warns_too_and_loading_the_rates_clears_it(book, tmp_path):
    con = db.open_database(":memory:")
    preview = loader.load(con, [book], dry_run=True, settings=Settings())
    assert not preview.committed and preview.fx_warning == MESSAGE
    loader.load(con, [book], settings=Settings())
    rates = tmp_path / "fx_rates.csv"
    rates.write_text("currency,on,rate_to_base\nEUR,2024-01-01,1.09\nGBP,2024-03-01,1.27\n")
    report = loader.load(con, [rates], settings=Settings())
    assert report.fx_warning == "" and report.missing_rates.empty
    con.close()


def test_no_warning_when_every_rate_is_there(golden_con):
    con = db.open_database(":memory:")
    report = loader.load(con, [GOLDEN], settings=Settings())
    assert report.fx_warning == "" and report.missing_rates.empty
    assert "Missing FX" not in load_report_text(report, db_path=":memory:")
    con.close()
    assert fx.missing_rates(golden_con, settings=Settings(), as_of=date(2024, 12, 31)).empty


# --- the command line --------------------------------------------------------------------------

def _arlib(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "arlib", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_the_report_command_exits_non_zero_with_the_message(book):
    out = _arlib("report", str(book), "--as-of", "2024-03-31", "--from", "2024-01-01")
    assert out.returncode == 1
    assert out.stderr == f"error: {MESSAGE}\n" and out.stdout == ""
    # before any row needs a rate the report runs: I1 alone, 1,000.00 not yet due
    out = _arlib("report", str(book), "--as-of", "2024-01-05", "--from", "2024-01-01",
                 "--json")
    assert out.returncode == 0, out.stderr
    assert '"total": 1000.0' in out.stdout


def test_the_import_command_prints_the_warning(book, tmp_path):
    out = _arlib("import", str(book), "--db", str(tmp_path / "ar.duckdb"))
    assert out.returncode == 0, out.stderr
    assert f"Warning: {MESSAGE}" in out.stdout.splitlines()


# --- the pages ---------------------------------------------------------------------------------

def _app_on(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """Point the app at a new database file holding the book in `folder`."""
    path = tmp_path / "app.duckdb"
    con = db.open_database(path)
    loader.load(con, [folder], settings=Settings())
    facts.refresh(con)
    con.close()
    monkeypatch.setenv("AR_DB_PATH", str(path))
    monkeypatch.setenv("AR_PRESETS_DIR", str(tmp_path / "presets"))
    from arlib import settings
    settings.load.cache_clear()


@pytest.fixture
def fx_app(book, tmp_path, monkeypatch):
    """The app on a new database holding the book."""
    _app_on(book, tmp_path, monkeypatch)
    yield tmp_path
    from arlib import settings
    settings.load.cache_clear()


@pytest.fixture
def golden_app(tmp_path, monkeypatch):
    """The app on a new database holding the golden book."""
    _app_on(GOLDEN, tmp_path, monkeypatch)
    yield tmp_path
    from arlib import settings
    settings.load.cache_clear()


def _texts(elements) -> list[str]:
    return [html.unescape(e.value) for e in elements]


def _page(page: str, as_of: date = AS_OF, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    _run(at)
    if page != "pages/overview.py":
        at.switch_page(page)
        _run(at)
    if page == "pages/customer.py":
        at.date_input(key="customer_as_of").set_value(as_of)
    else:
        at.date_input(key="as_of").set_value(as_of)
    return _run(at)


def _fx_warnings(at: AppTest) -> list[str]:
    return [w for w in _texts(at.warning) if w.startswith("Missing FX rates")]


def _per_currency(at: AppTest) -> dict[str, dict[str, float]]:
    frame = next(d.value for d in at.dataframe if "currency" in d.value.columns)
    return frame.set_index("currency").to_dict("index")


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/aging.py"])
def test_overview_and_aging_name_the_rates_and_show_balances_per_currency(fx_app, page):
    at = _page(page)
    assert _fx_warnings(at) == [f"{MESSAGE}\n\nNo figure in USD is shown until then: it "
                                "would leave those amounts out. Load the rates on the "
                                "**Import data** page."]
    assert not at.metric and not at.get("vega_lite_chart")  # no base-currency figure at all
    assert "Open balances by original currency, as of 2024-03-31" in _texts(at.subheader)
    rows = _per_currency(at)
    assert list(rows) == ["EUR", "GBP", "USD"]
    assert (rows["EUR"]["1-30_amt"], rows["EUR"]["31-60_amt"], rows["EUR"]["total_amt"]) == (
        300.0, 400.0, 700.0)
    assert (rows["GBP"]["current_amt"], rows["GBP"]["total_amt"]) == (200.0, 200.0)
    assert (rows["USD"]["31-60_amt"], rows["USD"]["total_amt"]) == (600.0, 600.0)


@pytest.mark.parametrize("page", ["pages/dso.py", "pages/promises.py", "pages/scorecard.py",
                                  "pages/calls.py", "pages/visits.py"])
def test_every_other_converting_page_shows_the_message_instead_of_failing(fx_app, page):
    at = _page(page)
    assert len(_fx_warnings(at)) == 1 and not at.metric
    assert _per_currency(at)["EUR"]["total_amt"] == 700.0


def test_the_region_filter_narrows_the_balances_shown(fx_app):
    at = _page("pages/aging.py", region="East")
    assert len(_fx_warnings(at)) == 1  # the rates are missing for the book as a whole
    assert list(_per_currency(at)) == ["USD"]


def test_the_customer_page_names_the_customers_own_rows(fx_app):
    at = _page("pages/customer.py", customer="E1")
    assert [t.value for t in at.title] == ["Euro GmbH"]
    assert _fx_warnings(at)[0].startswith(
        "Missing FX rates: no EUR rate on or before 2024-01-10, needed by 1 document, 1 payment "
        "row and 1 promise (the first EUR rate is dated 2024-02-01). Amounts in this currency "
        "cannot be converted to USD")
    rows = _per_currency(at)
    assert list(rows) == ["EUR"]
    assert (rows["EUR"]["1-30_amt"], rows["EUR"]["31-60_amt"]) == (300.0, 400.0)
    items = next(d.value for d in at.dataframe if "item_id" in d.value.columns)
    assert items[["item_id", "currency", "open_currency_amt", "days_past_due", "bucket"]
                 ].values.tolist() == [["E11", "EUR", 400.0, 51, "31-60"],
                                       ["E12", "EUR", 300.0, 15, "1-30"]]
    assert not at.metric


def test_a_customer_with_every_rate_shows_its_page_in_full(fx_app):
    at = _page("pages/customer.py", customer="C1")
    assert not _fx_warnings(at)
    tiles = {m.label: m.value for m in at.metric}  # I1: 1,000.00 less 400.00, past due
    assert "600" in tiles["Open"] and "600" in tiles["Past due"]


def test_before_any_row_needs_a_rate_the_overview_shows_its_figures(fx_app):
    at = _page("pages/overview.py", as_of=date(2024, 1, 5))
    assert not _fx_warnings(at)
    assert "1,000" in {m.label: m.value for m in at.metric}["Open AR"]


def test_no_warning_on_the_golden_book(golden_app):
    at = _page("pages/overview.py", as_of=date(2024, 12, 31))
    assert not _fx_warnings(at)
    assert "28" in {m.label: m.value for m in at.metric}["Open AR"]  # 28,000.00


def test_the_import_page_warns_in_the_preview_and_after_commit(golden_app):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    _run(at)
    body = b"invoice_id,customer_id,invoice_on,due_on,amount,currency\n" \
           b"X1,C1,2024-11-05,2024-12-05,100.00,EUR\n"
    at.file_uploader[0].set_value([("invoices.csv", body, "text/csv")])
    _run(at)
    at.button(key="import_preview_button").click()
    _run(at)
    wanted = ("Missing FX rates: no EUR rate on or before 2024-11-05, needed by 1 document "
              "(there is no EUR rate at all). Amounts in this currency cannot be converted "
              "to USD until fx_rates holds a rate dated on or before that date.")
    assert _fx_warnings(at) == [f"{wanted}\n\nThe rows load on commit all the same; until "
                                "the rates are loaded, the pages show balances per original "
                                "currency and no converted figure."]
    at.button(key="import_commit").click()
    _run(at)
    assert any(s.startswith("Committed. Load 2 added 1 new rows") for s in _texts(at.success))
    assert _fx_warnings(at)[0].startswith(f"{wanted}\n\nThe rows were loaded all the same")
    at.switch_page("pages/overview.py")
    _run(at)
    at.date_input(key="as_of").set_value(date(2024, 12, 31))
    _run(at)
    assert _fx_warnings(at)[0].startswith(wanted)
    assert _per_currency(at)["EUR"]["total_amt"] == 100.0
