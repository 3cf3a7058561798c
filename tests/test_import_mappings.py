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


def _qbo(rows: str, total: str) -> str:
    return ('"Maple Crest Trading, LLC"\nA/R Aging Detail Report\n"As of Jul 25, 2026"\n\n'
            ",Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\n"
            f"{rows}TOTAL,,,,,,,\"{total}\"\n")


def test_amount_currencies_by_symbol_and_code():
    from arlib.intake.values import AMBIGUOUS, amount_currencies
    cells = ["£1,200.00", "1.200,00 EUR", "US$5.00", "$5", "5.00", None, "(€12,00)", "C$3"]
    assert amount_currencies(cells) == ["GBP", "EUR", "USD", AMBIGUOUS, None, None, "EUR",
                                        "CAD"]


def test_amounts_in_pounds_load_as_gbp_and_mixed_symbols_per_row(tmp_path):
    rows = (',07/02/2026,Invoice,1,Keystone,08/21/2026,"£1,200.00","£1,200.00"\n'
            ',07/03/2026,Invoice,2,Tidewater,08/02/2026,€300.50,€300.50\n'
            ',07/04/2026,Invoice,3,Tidewater,08/03/2026,"£99.00","£99.00"\n')
    path = _write(tmp_path, "aging.csv", _qbo(rows, "1,599.50"))
    con = db.open_database(":memory:")
    loader.load(con, [path])
    got = con.execute("select invoice_id, currency, amount from raw_invoices "
                      "order by invoice_id").fetchall()
    assert [(i, c, str(a)) for i, c, a in got] == [
        ("1", "GBP", "1200.00"), ("2", "EUR", "300.50"), ("3", "GBP", "99.00")]


def test_dollar_alone_stays_in_the_files_currency_with_a_warning(tmp_path):
    rows = ',07/02/2026,Invoice,1,Keystone,08/21/2026,$250.00,$250.00\n'
    path = _write(tmp_path, "aging.csv", _qbo(rows, "250.00"))
    con = db.open_database(":memory:")
    report = loader.load(con, [path])
    assert con.execute("select currency from raw_invoices").fetchone()[0] in (None, "USD")
    assert any("'$' alone" in w and "aging.csv" in w for w in report.warnings), report.warnings
