"""Issue 15, point 5: Odoo's aged receivable exports load with no mapping and tie out to the
file's own totals: the Aged Receivable report of Odoo Accounting (Enterprise, lines
unfolded) and the OCA account_financial_report Aged Partner Balance with move lines, each as
XLSX and as the same cells saved as CSV.

Every figure below was worked out by hand from the fixture rows (tests/fixtures/layouts/
README.md), never read off the importer. Open amounts are summed with our own SQL over the
raw tables.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from arlib.intake.grid import read_grids
from arlib.store import db, loader

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "layouts"
ENTERPRISE = ("odoo_aged_receivable.xlsx", "odoo_aged_receivable.csv")
OCA = ("odoo_oca_aged_partner_balance.xlsx", "odoo_oca_aged_partner_balance.csv")
FILES = ENTERPRISE + OCA
LAYOUT = {name: "odoo_aged_receivable" for name in ENTERPRISE} | {
    name: "oca_aged_partner_balance" for name in OCA}

# the same ten move lines in both reports: (move, partner, open amount)
INVOICES = {
    "INV/2024/00012": ("Azure Interior", "1200.00"),
    "INV/2024/00031": ("Azure Interior", "845.50"),
    "INV/2024/00007": ("Deco Addict", "2310.40"),
    "INV/2024/00019": ("Deco Addict", "675.00"),
    "INV/2024/00002": ("Gemini Furniture", "980.10"),
    "INV/2024/00014": ("Gemini Furniture", "312.65"),
    "INV/2024/00025": ("Gemini Furniture", "1425.35"),
}
CREDIT_NOTES = {"RINV/2024/00003": ("Azure Interior", "-150.25")}
PAYMENTS = {"PBNK1/2024/00005": ("Deco Addict", "500.00")}  # unapplied cash
# 1200.00 + 845.50 - 150.25 | 2310.40 + 675.00 - 500.00 | 980.10 + 312.65 + 1425.35
OPEN_BY_CUSTOMER = {"Azure Interior": "1895.25", "Deco Addict": "2485.40",
                    "Gemini Furniture": "2718.10"}
OPEN_AR = "7098.75"  # 1895.25 + 2485.40 + 2718.10

# the totals each file prints, by line: label, column, amount (column names as normalised)
ENTERPRISE_TOTALS = {
    (5, "Azure Interior"): {"at date": "845.50", "1-30": "1049.75", "total": "1895.25"},
    (9, "Deco Addict"): {"1-30": "-500.00", "31-60": "675.00", "61-90": "2310.40",
                         "total": "2485.40"},
    (13, "Gemini Furniture"): {"1-30": "1425.35", "91-120": "312.65", "older": "980.10",
                               "total": "2718.10"},
    (17, "Total"): {"at date": "845.50", "1-30": "1975.10", "31-60": "675.00",
                    "61-90": "2310.40", "91-120": "312.65", "older": "980.10",
                    "total": "7098.75"},
}
_OCA_COLUMNS = ("residual", "current", "age ≤ 30 d.", "age ≤ 60 d.", "age ≤ 90 d.",
                "age ≤ 120 d.", "older")
_CUMUL = "Partner cumul aged balance"
OCA_TOTALS = {
    (14, _CUMUL): ("1895.25", "845.50", "1049.75", "0.00", "0.00", "0.00", "0.00"),
    (21, _CUMUL): ("2485.40", "0.00", "-500.00", "675.00", "2310.40", "0.00", "0.00"),
    # account 121000: Azure Interior and Deco Addict
    (23, "Total"): ("4380.65", "845.50", "549.75", "675.00", "2310.40", "0.00", "0.00"),
    (33, _CUMUL): ("2718.10", "0.00", "1425.35", "0.00", "0.00", "312.65", "980.10"),
    # account 121100 (PoS): Gemini Furniture alone
    (35, "Total"): ("2718.10", "0.00", "1425.35", "0.00", "0.00", "312.65", "980.10"),
}
OCA_TOTALS_BY_COLUMN = {key: dict(zip(_OCA_COLUMNS, values, strict=True))
                        for key, values in OCA_TOTALS.items()}

OPEN_BY_CUSTOMER_SQL = """
with settled as (
    select invoice_id, sum(amount) as settled
    from raw_payments where invoice_id is not null and paid_on <= $d group by invoice_id
),
items as (
    select i.customer_id, i.amount - coalesce(s.settled, 0) as open_amt
    from raw_invoices as i left join settled as s using (invoice_id)
    where i.invoice_on <= $d
    union all
    select customer_id, -amount from raw_payments where invoice_id is null and paid_on <= $d
)
select customer_id, sum(open_amt) from items group by customer_id order by customer_id
"""


def _money(value) -> str:
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


def test_the_csv_holds_the_same_report_as_the_workbook():
    for xlsx, text in (ENTERPRISE, OCA):
        book = read_grids(FIXTURES / xlsx)[0]
        saved = read_grids(FIXTURES / text)[0]
        assert book.lines == saved.lines
        assert len(book.rows) == len(saved.rows) > 15


@pytest.mark.parametrize("name", FILES)
def test_detected_with_its_name_and_confidence(loaded, name):
    _, report = loaded[name]
    assert report.status == "committed"
    assert {f.layout for f in report.files} == {LAYOUT[name]}
    assert len(report.sources) == 1
    assert float(report.sources["confidence"].iloc[0]) >= 0.9


@pytest.mark.parametrize("name", FILES)
def test_snapshot_date_is_read_from_the_title_or_filter(loaded, name):
    # Enterprise prints "As of 12/31/2024"; OCA's "Date at filter" row 31/12/2024
    _, report = loaded[name]
    assert report.sources["snapshot_on"].iloc[0] == "2024-12-31"
    assert not any("snapshot date is taken" in w for w in report.warnings), report.warnings


@pytest.mark.parametrize("name", FILES)
def test_every_move_line_is_loaded_once_under_its_named_partner(loaded, name):
    con, report = loaded[name]
    assert report.rejects.empty
    assert report.orphans.empty
    stored = con.execute("select invoice_id, customer_id, doc_type, amount from raw_invoices "
                         "order by invoice_id").fetchall()
    want = sorted([(i, c, "invoice", Decimal(a)) for i, (c, a) in INVOICES.items()]
                  + [(i, c, "credit_note", Decimal(a)) for i, (c, a) in CREDIT_NOTES.items()])
    assert stored == want
    paid = con.execute("select payment_id, customer_id, invoice_id, paid_on::varchar, amount "
                       "from raw_payments").fetchall()
    assert paid == [("PBNK1/2024/00005", "Deco Addict", None, "2024-12-18",
                     Decimal("500.00"))]
    customers = con.execute("select customer_id, name from raw_customers order by 1").fetchall()
    assert customers == [(n, n) for n in sorted(OPEN_BY_CUSTOMER)]
    # no partner line, total, ending balance or percents row became a document
    assert report.total("inserted") == len(INVOICES) + len(CREDIT_NOTES) + len(PAYMENTS) + 3


@pytest.mark.parametrize("name", FILES)
def test_open_ar_and_each_customers_open_amount_are_the_hand_figures(loaded, name):
    con, _ = loaded[name]
    rows = con.execute(OPEN_BY_CUSTOMER_SQL, {"d": "2024-12-31"}).fetchall()
    assert {c: _money(v) for c, v in rows} == OPEN_BY_CUSTOMER
    assert _money(sum(v for _, v in rows)) == OPEN_AR


@pytest.mark.parametrize("name", ENTERPRISE)
def test_enterprise_partner_lines_and_total_tie_out_with_no_difference(loaded, name):
    _, report = loaded[name]
    tie = report.tieouts
    assert (tie["difference"] == "0.00").all(), tie.to_string()
    assert (tie["loaded"] == tie["file_total"]).all()
    got = {}
    for (line, label, column), amount in zip(
            zip(tie["line"], tie["total"], tie["column"], strict=True), tie["file_total"],
            strict=True):
        got.setdefault((line, label), {})[column] = amount
    assert got == ENTERPRISE_TOTALS


@pytest.mark.parametrize("name", OCA)
def test_oca_ending_balances_and_account_totals_tie_out_with_no_difference(loaded, name):
    _, report = loaded[name]
    tie = report.tieouts
    assert (tie["difference"] == "0.00").all(), tie.to_string()
    assert (tie["loaded"] == tie["file_total"]).all()
    got = {}
    for (line, label, column), amount in zip(
            zip(tie["line"], tie["total"], tie["column"], strict=True), tie["file_total"],
            strict=True):
        got.setdefault((line, label), {})[column] = amount
    # the "Percents" rows (lines 24 and 36) are neither totals nor documents
    assert got == OCA_TOTALS_BY_COLUMN


def test_a_partner_line_that_does_not_add_up_shows_a_difference(tmp_path):
    """The partner line is a check, not a decoration: 10.00 too much on it is reported."""
    text = (FIXTURES / "odoo_aged_receivable.csv").read_text(encoding="utf-8")
    path = tmp_path / "odoo_aged_receivable.csv"
    path.write_text(text.replace('Azure Interior,,,,,,845.50,"1,049.75",,,,,"1,895.25"',
                                 'Azure Interior,,,,,,845.50,"1,049.75",,,,,"1,905.25"'),
                    encoding="utf-8")
    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [path])
        tie = report.tieouts
        wrong = tie[tie["difference"] != "0.00"]
        assert list(zip(wrong["total"], wrong["column"], wrong["difference"],
                        strict=True)) == [("Azure Interior", "total", "-10.00")]
        # the lines under it still load as they are
        assert con.execute("select count(*) from raw_invoices").fetchall() == [(8,)]
    finally:
        con.close()


def test_an_older_header_spelling_is_recognised(tmp_path):
    """Odoo 15 names the buckets "1 - 30"… and has no Invoice Date: still the layout."""
    path = tmp_path / "aged_v15.csv"
    path.write_text(
        "YourCompany,,,,,,,,,,\n"
        "Aged Receivable,,,,,,,,,,\n"
        ",Due Date,Journal,Account,Exp. Date,Not Due,1 - 30,31 - 60,61 - 90,Older,Total\n"
        "Azure Interior,,,,,100.00,20.50,,,,120.50\n"
        "INV/2022/0001,01/20/2023,INV,121000,,100.00,,,,,100.00\n"
        "INV/2021/0044,12/15/2022,INV,121000,,,20.50,,,,20.50\n"
        "Total,,,,,100.00,20.50,,,,120.50\n", encoding="utf-8")
    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [path])
        assert {f.layout for f in report.files} == {"odoo_aged_receivable"}
        assert (report.tieouts["difference"] == "0.00").all()
        assert set(report.tieouts["total"]) == {"Azure Interior", "Total"}
        assert con.execute("select invoice_id, customer_id, amount from raw_invoices "
                           "order by 1").fetchall() == [
            ("INV/2021/0044", "Azure Interior", Decimal("20.50")),
            ("INV/2022/0001", "Azure Interior", Decimal("100.00"))]
    finally:
        con.close()


def test_the_command_line_loads_both_layouts(tmp_path):
    store = tmp_path / "ar.duckdb"
    for name in (ENTERPRISE[0], OCA[0]):
        out = subprocess.run([sys.executable, "-m", "arlib", "import", str(FIXTURES / name),
                              "--db", str(store)], cwd=ROOT, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        assert LAYOUT[name] in out.stdout
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert con.execute("select count(*) from raw_invoices").fetchall() == [(8,)]
        assert con.execute("select count(*) from raw_payments").fetchall() == [(1,)]
        assert con.execute("select count(*) from raw_customers").fetchall() == [(3,)]
    finally:
        con.close()
