"""Long tables capped in the browser (issue 16, point 3): the first rows in the page's order,
a line saying how many of how many, every row in a download, selections on the rows shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.conftest import run_app as _run


@pytest.fixture
def two_rows(monkeypatch):
    from ui import tables
    monkeypatch.setattr(tables, "ROWS_SHOWN", 2)


def _open(page: str, **params: str) -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return _run(at)


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_a_long_table_shows_its_first_rows_and_selects_among_them(app_env, two_rows):
    at = _open("pages/visits.py")
    # the golden book's four customers, ranked: two shown, in the ranking's order
    assert at.dataframe[0].value.customer_name.tolist() == ["Acme Tools", "Birch Supply"]
    assert "Showing the first 2 of 4 customers, in the order given; sorting a column sorts " \
           "these. The downloads below hold every row." in _captions(at)
    at.session_state["visits_20241227_20241001_all_all"] = {
        "selection": {"rows": [1], "columns": [], "cells": []}}
    _run(at)
    assert [t.value for t in at.title] == ["Birch Supply"]


def test_a_short_table_says_nothing(app_env):
    at = _open("pages/visits.py")
    assert len(at.dataframe[0].value) == 4
    assert not [c for c in _captions(at) if c.startswith("Showing the first")]


def test_customer_tables_offer_every_row_in_a_csv(app_env, two_rows):
    at = _open("pages/customer.py", customer="C1", customer_as_of="2024-12-31")
    contacts = next(d.value for d in at.dataframe if "contact_id" in d.value.columns)
    assert len(contacts) == 2
    assert "Showing the first 2 of 5 contacts, in the order given; sorting a column sorts " \
           "these. The CSV holds every row." in _captions(at)
    every_row = [b.proto.id for b in at.get("download_button") if b.proto.label == "CSV of all"]
    assert any(i.endswith("all_C1_contacts_20241231.csv") for i in every_row), every_row
