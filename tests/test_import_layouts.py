"""Issue 7: each ERP layout fixture loads with no mapping, and its figures match the ones
computed by hand in tests/fixtures/layouts/expected.json.

Open amounts are computed here with our own SQL over the raw tables (amount less settlements
applied up to the date, less unapplied cash), never read off arlib's aging code.
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arlib.store import db, loader
from tests.conftest import GOLDEN

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"
EXPECTED: dict[str, dict] = {k: v for k, v in json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")).items() if not k.startswith("_")}
FILES = sorted(EXPECTED)

# open amount per currency ("" when the row names none) as of $d, over the raw tables only
OPEN_BY_CURRENCY = """
with settled as (
    select invoice_id, sum(amount) as settled
    from raw_payments
    where invoice_id is not null and paid_on <= $d
    group by invoice_id
),
items as (
    select coalesce(i.currency, '') as currency, i.amount - coalesce(s.settled, 0) as open_amt
    from raw_invoices as i
    left join settled as s using (invoice_id)
    where i.invoice_on <= $d
    union all
    select coalesce(currency, ''), -amount
    from raw_payments
    where invoice_id is null and paid_on <= $d
)
select currency, sum(open_amt) from items group by currency having sum(open_amt) <> 0
"""


def _money(value: Decimal | str) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


@pytest.fixture(scope="module")
def loaded():
    """Each fixture loaded once into its own fresh store: (connection, report) by file."""
    out = {}
    for name in FILES:
        con = db.open_database(":memory:")
        out[name] = (con, loader.load(con, [FIXTURES / name]))
    yield out
    for con, _ in out.values():
        con.close()


def test_every_fixture_file_has_expected_figures_and_every_entry_a_file():
    # the Odoo fixtures have their own test file (tests/test_import_odoo.py)
    on_disk = {p.name for p in FIXTURES.iterdir() if p.name not in ("README.md", "expected.json")
               and not p.name.startswith("odoo_")}
    assert on_disk == set(FILES)
    assert len(FILES) == 16


@pytest.mark.parametrize("name", FILES)
def test_layout_is_detected_with_confidence(loaded, name):
    _, report = loaded[name]
    want = EXPECTED[name]["layout"]
    assert report.files, name
    assert {f.layout for f in report.files} == {want}
    assert len(report.sources) == 1
    assert float(report.sources["confidence"].iloc[0]) >= 0.8
    assert report.status == "committed"
    assert report.committed


@pytest.mark.parametrize("name", FILES)
def test_snapshot_date_is_the_files_as_of_date_or_stated_as_derived(loaded, name):
    con, report = loaded[name]
    snapshot = report.sources["snapshot_on"].iloc[0]
    want = EXPECTED[name]["snapshot_on"]
    if want is not None:
        assert snapshot == want
        return
    # the file prints no key date: either none, or its latest document date, said in a warning
    if snapshot is not None:
        latest = con.execute("select max(invoice_on) from raw_invoices").fetchall()[0][0]
        assert snapshot == latest.isoformat()
        assert any(f"snapshot date is taken as its latest document date, {snapshot}" in w
                   for w in report.warnings), report.warnings


@pytest.mark.parametrize("name", FILES)
def test_documents_and_customers_stored(loaded, name):
    con, report = loaded[name]
    want = EXPECTED[name]
    counts = dict(con.execute(
        "select coalesce(doc_type, 'invoice'), count(*) from raw_invoices group by 1").fetchall())
    assert counts.get("invoice", 0) == want["invoices"]
    assert counts.get("credit_note", 0) == want["credit_notes"]
    assert set(counts) <= {"invoice", "credit_note"}
    assert con.execute("select count(*) from raw_customers").fetchall()[0][0] == \
        want["customers"]
    # every document names a stored customer: no orphans from a layout's own customers
    assert report.orphans.empty
    assert report.rejects.empty
    assert report.total("rejected") == 0


@pytest.mark.parametrize("name", FILES)
def test_open_amount_per_currency_at_the_snapshot(loaded, name):
    con, report = loaded[name]
    snapshot = report.sources["snapshot_on"].iloc[0]
    if snapshot is not None:
        as_of = date.fromisoformat(snapshot)
    else:  # the file's latest event date
        as_of = con.execute("select greatest((select max(invoice_on) from raw_invoices), "
                            "(select max(paid_on) from raw_payments))").fetchall()[0][0]
    got = {cur: _money(total) for cur, total in
           con.execute(OPEN_BY_CURRENCY, {"d": as_of}).fetchall()}
    assert got == EXPECTED[name]["open_by_currency"]


@pytest.mark.parametrize("name", FILES)
def test_tie_out_covers_the_files_totals_with_no_difference(loaded, name):
    _, report = loaded[name]
    totals = EXPECTED[name]["file_totals"]
    if totals is None:
        assert report.tieouts.empty
        return
    tie = report.tieouts
    printed = {totals["grand_total_label"]: totals["grand_total"], **totals["subtotals"]}
    assert not tie.empty
    assert (tie["difference"] == "0.00").all(), tie.to_string()
    # a subtotal printed without a label (Sage 50's per customer) is named by the importer
    assert set(printed) <= set(tie["total"])
    assert tie["line"].nunique() == len(printed) + len(totals.get("customer_subtotals", {}))
    # the printed figure of the open-amount column, read by the importer, is the hand figure
    amounts = tie[tie["column"].isin([totals.get("column", "open balance"), "total"])]
    main = amounts[amounts["total"].isin(printed)]
    assert dict(zip(main["total"], main["file_total"], strict=True)) == printed
    unlabelled = amounts[~amounts["total"].isin(printed)]
    assert sorted(unlabelled["file_total"]) == \
        sorted(totals.get("customer_subtotals", {}).values())
    assert (tie["loaded"] == tie["file_total"]).all()


@pytest.mark.parametrize("name", FILES)
def test_loading_the_same_fixture_twice_changes_nothing(name):
    con = db.open_database(":memory:")
    try:
        first = loader.load(con, [FIXTURES / name])
        before = {t: con.execute(f"select * from raw_{t} order by all").fetchall()
                  for t in ("invoices", "payments", "customers", "disputes")}
        second = loader.load(con, [FIXTURES / name])
        after = {t: con.execute(f"select * from raw_{t} order by all").fetchall()
                 for t in ("invoices", "payments", "customers", "disputes")}
        assert first.status == "committed"
        assert second.status == "no_change"
        assert (second.total("inserted"), second.total("updated")) == (0, 0)
        assert second.total("unchanged") == first.total("inserted")
        assert after == before
        assert con.execute("select load_id, status from loads order by 1").fetchall() == \
            [(1, "committed"), (2, "no_change")]
    finally:
        con.close()


def test_canonical_csv_under_another_file_name_is_detected_as_invoices(tmp_path):
    path = tmp_path / "export_2026.csv"
    shutil.copyfile(GOLDEN / "invoices.csv", path)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [path])
        assert [(f.file_name, f.table_name, f.layout) for f in report.files] == \
            [("export_2026.csv", "invoices", "canonical")]
        assert report.files[0].inserted == len(rows) == 10
        assert report.rejects.empty
        stored = con.execute("select invoice_id, amount from raw_invoices").fetchall()
        assert {i: a for i, a in stored} == {r["invoice_id"]: Decimal(r["amount"]) for r in rows}
        assert con.execute("select count(*) from raw_customers").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_zoho_export_is_never_taken_for_xero_aged_receivables(tmp_path):
    """Zoho's line export holds Xero Aged Receivables Detail's four signature columns (a past
    bug); even with a short export template it is Zoho, and its drafts and voids load nothing."""
    path = tmp_path / "export_invoices_2026.csv"
    path.write_text(
        "Invoice Date,Invoice Number,Invoice Status,Customer Name,Due Date,Total,Balance,"
        "Item Name\n"
        "2026-07-01,INV-1,Sent,Alpha Ltd,2026-07-31,100.00,100.00,Widget\n"
        "2026-07-01,INV-1,Sent,Alpha Ltd,2026-07-31,100.00,100.00,Gadget\n"
        "2026-07-02,INV-2,Draft,Beta Ltd,2026-08-01,50.00,50.00,Widget\n", encoding="utf-8")
    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [path])
        assert {f.layout for f in report.files} == {"zoho_invoices"}
        assert con.execute("select invoice_id, customer_id, amount from raw_invoices"
                           ).fetchall() == [("INV-1", "Alpha Ltd", Decimal("100.00"))]
        assert con.execute("select customer_id from raw_customers").fetchall() == \
            [("Alpha Ltd",)]
    finally:
        con.close()
