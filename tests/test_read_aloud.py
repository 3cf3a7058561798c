"""Figures a collector reads aloud on the phone (issue 14, point 6): amounts exact with their
currency, whole days, nothing for a missing value, and a customer opened on the date and the
filters of the page it came from. Values on the golden book, worked out by hand from its CSVs:

C1 (Acme Tools, USD) on 2024-12-31: I101 10,000 paid by P1; I102 5,000 less P2 2,000 = 3,000
(due 11-09, 52 days past due); I103 8,000 (due 12-20, 11 days); I104 1,200 written off by P4;
CN1 -500 unapplied. Open 3,000 + 8,000 - 500 = 10,500.00; past due 3,000 + 8,000 = 11,000.00.
On 2024-11-30 CN1 and P4 are still to come: open 3,000 + 8,000 + 1,200 = 12,200.00, past due
I102 3,000 + I104 1,200 = 4,200.00.
C3 (Cobalt Mining, CAD): I302 CAD 8,000.00 open, USD 6,000.00 at 0.75.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from arlib import written
from arlib.figures import customers
from arlib.outputs import documents
from arlib.settings import Settings
from tests.conftest import ROOT
from tests.conftest import run_app as _run
from ui import formats

# what a reader must never see where a value is missing
MISSING = re.compile(r"\b(None|nan|NaN|NaT)\b|<NA>")
WHOLE = re.compile(r"^(-?\d{1,3}(,\d{3})*)?$")  # whole days, or nothing


def test_written_forms_of_amounts_days_dates_and_missing_values():
    assert written.money(10500, "USD") == "USD 10,500.00"
    assert written.money(-500.0, "USD") == "USD -500.00"
    assert written.money(1234567.891, "CAD") == "CAD 1,234,567.89"
    assert written.money(-0.001, "USD") == "USD 0.00"  # never '-0.00'
    assert written.money(2500, None) == "2,500.00"
    for empty in (None, float("nan"), written.pd.NA, written.pd.NaT):
        assert written.money(empty, "USD") == written.days(empty) == written.day(empty) == ""
        assert written.text(empty) == written.words(empty) == ""
    assert written.days(149.0) == "149" and written.days(-14) == "-14"
    assert (written.days(10.5), written.days(-10.5), written.days(6.4)) == ("11", "-11", "6")
    assert written.day(written.pd.Timestamp("2024-12-18 10:00")) == "2024-12-18"
    assert written.moment(written.pd.Timestamp("2024-12-18 10:00")) == "2024-12-18 10:00"
    assert written.moment(date(2024, 12, 18)) == "2024-12-18"
    assert written.words("unapplied_cash") == "unapplied cash"


def test_whole_days_columns_never_show_a_fraction():
    config = formats.column_config(["oldest_days", "late_days", "age_days", "countback_days"])
    assert [config[c]["type_config"]["format"] for c in config] == ["%d", "%d", "%d", "%.1f"]


# --- the app: what the browser draws, read from AppTest --------------------------------------

def _open(page: str, **params: str) -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return _run(at)


def _param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value  # AppTest may give a list


def _table(element) -> dict[str, list[str]]:
    """An st.dataframe as the browser draws it: heading -> the text of each cell (the pandas
    Styler's text where the table has one, the placeholder where the value is missing;
    hidden columns left out)."""
    data, proto = element.value, element.proto
    config = json.loads(proto.columns or "{}")
    styled = proto.arrow_data.styler.display_values
    texts = dataframe_util.convert_arrow_bytes_to_pandas_df(styled) if styled else None
    placeholder = proto.placeholder if proto.HasField("placeholder") else "None"
    shown = {}
    for name in data.columns:
        column = config.get(name, {})
        if column.get("hidden"):
            continue
        cells = texts[name] if texts is not None else data[name].astype(str)
        shown[column.get("label", name)] = [placeholder if written.missing(value) else str(text)
                                            for value, text in zip(data[name], cells,
                                                                   strict=True)]
    return shown


def _everything_read(at: AppTest) -> list[str]:
    """Every text a user reads on the page: tiles (value, help), captions, tables."""
    texts = [str(m.value) for m in at.metric] + [m.proto.help for m in at.metric]
    texts += [c.value for c in at.caption]
    for element in at.dataframe:
        for heading, cells in _table(element).items():
            texts += [heading, *cells]
    return texts


def _tables(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """The page's tables by their first heading."""
    return {next(iter(t)): t for t in (_table(e) for e in at.dataframe)}


def test_customer_page_reads_exact_amounts_where_it_said_10_5k(app_env):
    at = _open("pages/customer.py", customer="C1", customer_as_of="2024-12-31")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Open"] == "USD 10,500.00"  # was '10.5k'
    assert tiles["Past due"] == "USD 11,000.00"  # was '11.0k'
    assert tiles["In dispute"] == "USD 0.00"
    items = _tables(at)["Item ID"]
    assert items["Item ID"] == ["I102", "CN1", "I103"]
    assert items["Open"] == ["USD 3,000.00", "USD -500.00", "USD 8,000.00"]
    assert items["Open (USD)"] == items["Open"]  # USD items: the same amounts
    assert items["Days past due"] == ["52", "26", "11"]
    assert items["Item type"] == ["invoice", "credit note", "invoice"]
    assert "Currency" not in items and "currency" not in items  # each amount carries it
    paid = _tables(at)["Paid on"]
    assert paid["Late days"] == ["123", "16", "5"]  # whole days, never '16.0'
    assert paid["Paid"] == ["USD 1,200.00", "USD 2,000.00", "USD 10,000.00"]
    assert paid["Reference"][-1] == ""  # P1 has none: blank, not 'None'
    promises_ = _tables(at)["Promise ID"]
    assert promises_["Promised"] == ["USD 3,000.00", "USD 2,000.00"]
    assert promises_["Payments"] == ["", "P2 USD 2,000.00 on 2024-11-25"]
    assert _tables(at)["Contact at"]["Contact at"][0] == "2024-12-18 10:00"


def test_a_customer_in_another_currency_reads_both_amounts(app_env):
    at = _open("pages/customer.py", customer="C3", customer_as_of="2024-12-31")
    assert {m.label: m.value for m in at.metric}["Open"] == "USD 6,000.00"
    items = _tables(at)["Item ID"]
    assert (items["Open"], items["Open (USD)"]) == (["CAD 8,000.00"], ["USD 6,000.00"])
    assert _tables(at)["Promise ID"]["Promised"] == ["CAD 20,000.00", "CAD 20,000.00"]
    paid = _tables(at)["Paid on"]
    assert (paid["Paid"], paid["Paid (USD)"]) == (["CAD 20,000.00"], ["USD 15,000.00"])


@pytest.mark.parametrize("as_of", ["2024-10-15", "2024-12-31"])
def test_no_customer_page_shows_a_missing_value_as_a_word(app_env, as_of):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    for customer in ("C1", "C2", "C3", "C4"):
        at.query_params["customer"] = customer
        at.query_params["customer_as_of"] = as_of
        at.switch_page("pages/customer.py")
        _run(at)
        texts = _everything_read(at)
        assert not [t for t in texts if MISSING.search(t)], (customer, as_of)
        for element in at.dataframe:
            for heading, cells in _table(element).items():
                if heading in ("Days past due", "Late days", "Age days"):
                    assert all(WHOLE.match(c) for c in cells), (customer, heading, cells)
                if heading in ("Open", "Open (USD)", "Paid", "Promised", "Disputed"):
                    assert all(re.match(r"^([A-Z]{3} -?[\d,]+\.\d\d)?$", c) for c in cells)
        assert all(e.proto.placeholder == "" for e in at.dataframe)  # blank, not 'None'


def test_c2_blanks_where_the_data_has_nothing(app_env):
    at = _open("pages/customer.py", customer="C2", customer_as_of="2024-12-31")
    contacts = _tables(at)["Contact at"]
    k7 = contacts["Contact ID"].index("K7")  # a no-answer call: nobody, no note
    assert (contacts["Person"][k7], contacts["Note"][k7]) == ("", "")
    assert contacts["Outcome"][k7] == "no answer"
    assert _tables(at)["Promise ID"]["Invoice ID"][0] == ""  # PR5: the whole account
    assert _tables(at)["Paid on"]["Late days"] == [""]  # P5 is unapplied cash
    assert _tables(at)["Dispute ID"]["Age days"] == ["112"]


def test_call_list_reads_exact_amounts(app_env):
    at = _open("pages/calls.py", as_of="2024-12-24")
    table = _table(at.dataframe[0])
    assert table["Customer name"] == ["Acme Tools", "Birch Supply"]
    assert table["At stake"] == ["USD 8,000.00", "USD 500.00"]  # I103; PR5 1,500 less 1,000
    assert table["Details"] == [
        "I103 due 2024-12-20 (4 days ago)",
        "PR5 USD 1,500.00 due 2024-12-20; D1 on I201: pricing, 105 days old"]
    assert table["Last contact on"] == ["2024-12-18", "2024-12-16"]


@pytest.mark.parametrize("as_of", ["2024-11-01", "2024-12-24", "2024-12-27", "2025-01-05"])
def test_no_call_list_shows_a_missing_value_as_a_word(app_env, as_of):
    at = _open("pages/calls.py", as_of=as_of)
    assert not [t for t in _everything_read(at) if MISSING.search(t)]


def test_overview_compact_tiles_carry_the_exact_amount_on_hover(app_env):
    at = _open("pages/overview.py", as_of="2024-12-31")
    helps = {m.label: m.proto.help for m in at.metric}
    assert {m.label: m.value for m in at.metric}["Open AR"] == "28.0k"  # compact tile...
    assert helps["Open AR"].endswith("USD 28,000.00")  # ...with the exact amount on hover
    assert helps["Promised"].endswith("Still to come: USD 2,500.00")  # PR6, pending


# --- drilling down keeps the date -------------------------------------------------------------

def test_a_customer_opened_from_aging_keeps_its_as_of(app_env):
    # under a region filter too: a link may not set a parameter bound to the page's widgets
    at = _open("pages/aging.py", as_of="2024-11-30", region="East")
    table = at.dataframe[-1].value
    row = table.customer_id.tolist().index("C1")
    at.session_state["aging_customers_due_20241130_20241001_all_East"] = {
        "selection": {"rows": [row], "columns": [], "cells": []}}
    _run(at)
    assert [t.value for t in at.title] == ["Acme Tools"]
    assert _param(at, "customer") == "C1"
    assert _param(at, "customer_as_of") == "2024-11-30"  # the link holds the date
    assert at.date_input(key="customer_as_of").value == date(2024, 11, 30)
    tiles = {m.label: m.value for m in at.metric}
    assert (tiles["Open"], tiles["Past due"]) == ("USD 12,200.00", "USD 4,200.00")
    # ...and the page with its filters, under other names, for the way back
    assert (_param(at, "back_page"), _param(at, "back_region")) == ("aging", "East")
    [back] = _back_links(at)
    assert back.page == "aging" and "region=East" in back.query_string
    assert "as_of=2024-11-30" in back.query_string
    assert "filtered to region East" in [c.value for c in at.caption]


def test_a_customer_link_naming_no_page_offers_no_way_back(app_env):
    at = _open("pages/customer.py", customer="C1", back_page="../app", back_region="East")
    assert [t.value for t in at.title] == ["Acme Tools"]
    assert not _back_links(at)


def _back_links(at: AppTest) -> list:
    """The customer page's link back to the page it was opened from (not the menu's)."""
    return [link.proto for link in at.get("page_link") if "opened from" in link.proto.help]


def test_the_customer_search_keeps_the_date_too(app_env):
    at = _open("pages/calls.py", as_of="2024-11-30")
    assert at.date_input(key="as_of").value == date(2024, 11, 30)
    at.text_input(key="customer_query").input("C1")
    _run(at)
    at.selectbox(key="customer_search").set_value("C1")
    _run(at)
    assert _param(at, "customer_as_of") == "2024-11-30"
    assert {m.label: m.value for m in at.metric}["Open"] == "USD 12,200.00"
    at.date_input(key="customer_as_of").set_value(date(2024, 12, 31))
    _run(at)
    at.text_input(key="customer_query").input("cobalt")  # from the customer page: its date
    _run(at)
    at.selectbox(key="customer_search").set_value("C3")
    _run(at)
    assert [t.value for t in at.title] == ["Cobalt Mining"]
    assert _param(at, "customer_as_of") == "2024-12-31"


# --- the printable documents --------------------------------------------------------------

def _text(page: str) -> str:
    """The words of an HTML page, as printed (style and tags dropped, entities read)."""
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_statement_and_brief_read_exact_amounts_in_each_currency(golden_con):
    as_of = date(2024, 12, 31)
    p = customers.profile(golden_con, customer_id="C3", as_of=as_of, settings=Settings())
    statement = _text(documents.statement_html(p, as_of=as_of, currency="USD"))
    assert "I302 invoice 2024-11-01 2024-12-16 15 CAD 8,000.00 USD 6,000.00" in \
        " ".join(statement.split())
    assert "Balance by currency: CAD 8,000.00" in statement
    p = customers.profile(golden_con, customer_id="C2", as_of=as_of, settings=Settings())
    brief = " ".join(_text(documents.brief_html(p, as_of=as_of, currency="USD")).split())
    assert "USD 9,000.00 USD 4,000.00 USD 4,000.00 USD 10,000.00" in brief  # the numbers
    assert "D1 I201 USD 4,000.00 112 pricing" in brief
    assert "Renew broken promise PR8: USD 4,000.00 due 2024-10-31" in brief


@pytest.mark.parametrize("as_of", [date(2024, 9, 30), date(2024, 12, 31)])
def test_no_document_prints_a_missing_value_as_a_word(golden_con, as_of):
    for customer in ("C1", "C2", "C3", "C4"):
        p = customers.profile(golden_con, customer_id=customer, as_of=as_of,
                              settings=Settings())
        for page in (documents.statement_html(p, as_of=as_of, currency="USD"),
                     documents.brief_html(p, as_of=as_of, currency="USD")):
            assert not MISSING.search(_text(page)), (customer, as_of)
            assert not re.search(r"\b\d+\.0 days", _text(page))  # whole days
