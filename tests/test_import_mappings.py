"""Issue 15, point 2: mappings that say what exports contain (document types by value, rows
skipped, open versus original amount, customer ids and names, currency, negative amounts),
and the QuickBooks Online unapplied payment whose Num is empty.

Expected figures are computed by hand from the rows written in each test.
"""

from __future__ import annotations

from pathlib import Path

from arlib.store import db, loader

QBO_UNAPPLIED = """\ufeff"Maple Crest Trading, LLC"
A/R Aging Detail Report
"As of Jul 25, 2026"

,Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance
Current
,07/02/2026,Invoice,1072,Keystone Ridge Farms,08/01/2026,"4,015.80","4,015.80"
,07/18/2026,Invoice,1075,Tidewater Cafe,08/17/2026,985.00,985.00
,07/20/2026,Payment,,Tidewater Cafe,07/20/2026,-500.00,-500.00
Total for Current,,,,,,,"4,500.80"
TOTAL,,,,,,,"4,500.80"
"""

# open AR over the raw tables: invoices less their settlements, less unapplied cash
OPEN_AR = """
select (select coalesce(sum(amount), 0) from raw_invoices)
     - (select coalesce(sum(amount), 0) from raw_payments)
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_qbo_unapplied_payment_with_empty_num_loads_as_unapplied_cash(tmp_path):
    path = _write(tmp_path, "aging.csv", QBO_UNAPPLIED)
    con = db.open_database(":memory:")
    report = loader.load(con, [path])
    pays = con.execute("select payment_id, customer_id, invoice_id, amount, paid_on "
                       "from raw_payments").fetchall()
    assert len(pays) == 1
    pid, customer, invoice, amount, paid_on = pays[0]
    assert pid and pid.startswith("PMT-")
    assert (customer, invoice, str(amount), str(paid_on)) == (
        "Tidewater Cafe", None, "500.00", "2026-07-20")
    # 4,015.80 + 985.00 - 500.00
    assert str(con.execute(OPEN_AR).fetchone()[0]) == "4500.80"
    assert not report.tieouts.empty
    assert (report.tieouts["difference"] == "0.00").all(), report.tieouts.to_string()


def test_an_unnumbered_payment_gets_the_same_id_when_loaded_twice(tmp_path):
    path = _write(tmp_path, "aging.csv", QBO_UNAPPLIED)
    con = db.open_database(":memory:")
    loader.load(con, [path])
    first = con.execute("select payment_id from raw_payments").fetchall()
    loader.load(con, [_write(tmp_path, "again.csv", QBO_UNAPPLIED)])
    assert con.execute("select payment_id from raw_payments").fetchall() == first
