"""arlib.store.db.run_frame gives the very DataFrame .df() gives, for every query read that way, and
the fact tables follow each load."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from arlib.figures import aging
from arlib.figures.scope import EVERYONE
from arlib.settings import Settings
from arlib.store import db, facts, loader
from tests.conftest import ROOT

CFG = Settings()
# (query, parameters) for every query the library reads with run_frame
FRAME_QUERIES = [
    ("figures/sql/promises/book.sql", {"customer_id": None, "base_currency": "USD",
                                       **EVERYONE.params()}),
    ("figures/sql/reps/contacts.sql", {"first_on": date(2026, 7, 1), "channels": None,
                                       **EVERYONE.params()}),
    ("figures/sql/reps/period_cash.sql", {"first_on": date(2026, 7, 1), "base_currency": "USD",
                              "window_days": 14, **EVERYONE.params()}),
    ("figures/sql/aging/by_customer.sql", {**aging.params(CFG), **EVERYONE.params()}),
    ("figures/sql/visits/factors.sql", {**aging.params(CFG), **EVERYONE.params()}),
    ("figures/sql/calls/last_contacts.sql", {}),
    ("store/sql/status/customer_names.sql", {}),
    ("figures/sql/overview/late_cash.sql", {"first_on": date(2026, 7, 1), "base_currency": "USD",
                                "min_days_past_due": 60, **EVERYONE.params()}),
]


@pytest.fixture(scope="module")
def sample_con():
    """The committed sample book (300 customers, three currencies) in memory."""
    con = db.open_database(":memory:")
    loader.load(con, [ROOT / "sample_data"])
    yield con
    con.close()


@pytest.mark.parametrize(("name", "params"), FRAME_QUERIES, ids=[q for q, _ in FRAME_QUERIES])
@pytest.mark.parametrize("as_of", [date(2026, 9, 30), date(2020, 1, 1)], ids=["full", "empty"])
def test_run_frame_is_df(sample_con, name, params, as_of):
    values = {**params, "as_of": as_of} if "$as_of" in db.sql_text(name) else params
    pd.testing.assert_frame_equal(db.run_frame(sample_con, name, **values),
                                  db.run_sql(sample_con, name, **values), check_exact=True)


def _one_invoice_book(tmp_path):
    """A book folder with one customer and one invoice of 100.00 due 2026-02-04."""
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "customers.csv").write_text("customer_id,name\nC1,One\n")
    (folder / "invoices.csv").write_text(
        "invoice_id,customer_id,invoice_on,due_on,amount\nI1,C1,2026-01-05,2026-02-04,100.00\n")
    return folder


def test_fact_tables_follow_each_load(tmp_path):
    folder = _one_invoice_book(tmp_path)
    con = db.open_database(tmp_path / "store.duckdb")
    loader.load(con, [folder])
    items = aging.buckets(con, as_of=date(2026, 3, 1), settings=CFG)
    assert items.open_amt.sum() == pytest.approx(100.0)
    (folder / "payments.csv").write_text(
        "payment_id,customer_id,invoice_id,paid_on,amount\nP1,C1,I1,2026-02-10,40.00\n")
    loader.load(con, [folder])  # the facts are stale now: the next figure rebuilds them
    assert aging.buckets(con, as_of=date(2026, 3, 1), settings=CFG).open_amt.sum() \
        == pytest.approx(60.0)
    con.close()
    # read-only with facts current: no rebuild needed, same figure
    ro = db.open_database(tmp_path / "store.duckdb", read_only=True)
    assert aging.buckets(ro, as_of=date(2026, 3, 1), settings=CFG).open_amt.sum() \
        == pytest.approx(60.0)
    ro.close()


def test_read_only_store_with_stale_facts_still_gives_current_figures(tmp_path):
    folder = _one_invoice_book(tmp_path)
    con = db.open_database(tmp_path / "store.duckdb")
    loader.load(con, [folder])  # no figure asked: the stored facts stay stale
    con.close()
    ro = db.open_database(tmp_path / "store.duckdb", read_only=True)
    assert aging.buckets(ro, as_of=date(2026, 3, 1), settings=CFG).open_amt.sum() \
        == pytest.approx(100.0)
    ro.close()
    fresh = db.open_fresh(tmp_path / "store.duckdb")  # rebuilds them, then reads
    with fresh.cursor() as cur:
        assert facts.current(cur)
    fresh.close()
