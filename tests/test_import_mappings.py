"""Issue 15, point 2: mappings that say what exports contain (document types by value, rows
skipped, open versus original amount, customer ids and names, currency, negative amounts),
and the QuickBooks Online unapplied payment whose Num is empty.

Expected figures are computed by hand from the rows written in each test.
"""

from __future__ import annotations

import json
from pathlib import Path

from arlib.__main__ import main as cli_main
from arlib.intake.preset_files import read_preset, save_preset
from arlib.intake.presets import Preset
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


# an unknown system's report: title lines, group rows naming the customer, subtotals,
# invoices, an unnumbered payment and a credit note mixed, amounts in pounds
LEDGER = """Northwind Ledger Pro
Receivables by Customer
As of Mar 31, 2026

Doc Type,Doc Ref,Posted,Due,Original,Remaining,Status
Acme Corp
INV,D-1,2026-03-01,2026-03-31,"£1,000.00",£600.00,Open
PMT,,2026-03-10,,-£200.00,-£200.00,Open
Total Acme Corp,,,,,£400.00,
Beta Ltd
CRN,C-9,2026-03-12,,-£30.00,-£30.00,Open
INV,D-3,2026-03-15,2026-04-14,£300.00,£300.00,Open
Total Beta Ltd,,,,,£270.00,
Grand Total,,,,,£670.00,
"""
LEDGER_MAP = {"doc_type": "Doc Type", "invoice_id": "Doc Ref", "invoice_on": "Posted",
              "due_on": "Due", "amount": "Original", "open_amount": "Remaining"}
LEDGER_TYPES = {"INV": "invoice", "PMT": "payment", "CRN": "credit_note"}


def _documents_preset(**kw) -> Preset:
    return Preset(name="Northwind", table="invoices", target="documents",
                  columns=kw.pop("columns", dict(LEDGER_MAP)),
                  signature=["Doc Type", "Doc Ref", "Posted", "Due", "Original", "Remaining",
                             "Status"], types=kw.pop("types", dict(LEDGER_TYPES)), **kw)


def test_a_documents_mapping_routes_rows_and_ties_out_to_the_files_total(tmp_path):
    path = _write(tmp_path, "northwind.csv", LEDGER)
    con = db.open_database(":memory:")
    report = loader.load(con, [path], mapping=_documents_preset())
    inv = con.execute("select invoice_id, customer_id, doc_type, amount, currency "
                      "from raw_invoices order by invoice_id").fetchall()
    assert [(a, b, c, str(d), e) for a, b, c, d, e in inv] == [
        ("C-9", "Beta Ltd", "credit_note", "-30.00", "GBP"),
        ("D-1", "Acme Corp", "invoice", "1000.00", "GBP"),
        ("D-3", "Beta Ltd", "invoice", "300.00", "GBP")]
    pays = con.execute("select customer_id, invoice_id, amount, method from raw_payments "
                       "order by amount").fetchall()
    # D-1's paid part (1,000 - 600) before the snapshot, and the unapplied 200.00
    assert [(a, b, str(c), d) for a, b, c, d in pays] == [
        ("Acme Corp", None, "200.00", None), ("Acme Corp", "D-1", "400.00", "before_snapshot")]
    # 600 - 200 - 30 + 300, the file's own grand total
    assert str(con.execute(OPEN_AR).fetchone()[0]) == "670.00"
    assert set(report.tieouts["difference"]) == {"0.00"}, report.tieouts.to_string()
    names = con.execute("select customer_id, name from raw_customers order by 1").fetchall()
    assert names == [("Acme Corp", "Acme Corp"), ("Beta Ltd", "Beta Ltd")]


def test_a_documents_mapping_survives_saving_and_the_cli(tmp_path):
    folder = tmp_path / "presets"
    saved = save_preset(_documents_preset(negative="payment", skip={"Status": ["Void"]},
                                          constants={"currency": "GBP"}), folder)
    again = read_preset(saved)
    assert again == _documents_preset(negative="payment", skip={"Status": ["Void"]},
                                      constants={"currency": "GBP"})
    assert json.loads(saved.read_text())["target"] == "documents"


FLAT = """Type,Customer No,Customer Name,Date,Open,Status
Invoice,K1,Kestrel Ltd,2026-03-01,100.00,Open
Invoice,K2,Heron plc,2026-03-02,55.00,Draft
Invoice,K3,Void Co,2026-03-03,70.00,void
Invoice,K4,Nodate Inc,,10.00,Open
Invoice,K5,Badamount Inc,2026-03-04,ten,Open
Journal,K1,Kestrel Ltd,2026-03-05,-40.00,Open
"""


def test_skipped_values_are_counted_and_rejected_rows_create_no_customer(tmp_path):
    path = _write(tmp_path, "flat.csv", FLAT)
    preset = Preset(name="Flat", table="invoices", target="documents",
                    columns={"doc_type": "Type", "customer_id": "Customer No",
                             "customer_name": "Customer Name", "invoice_on": "Date",
                             "open_amount": "Open"},
                    signature=["Type", "Customer No", "Customer Name", "Date", "Open",
                               "Status"],
                    types={"Invoice": "invoice"}, skip={"Status": ["draft", "VOID"]},
                    negative="payment")
    con = db.open_database(":memory:")
    report = loader.load(con, [path], mapping=preset)
    assert any("2 rows of Draft, void" in w and "flat.csv" in w for w in report.warnings), \
        report.warnings
    assert con.execute("select customer_id, name from raw_customers").fetchall() == [
        ("K1", "Kestrel Ltd")]
    # the Journal row, negative and not listed, is a payment as the mapping says: unapplied
    pays = con.execute("select customer_id, invoice_id, amount from raw_payments").fetchall()
    assert [(a, b, str(c)) for a, b, c in pays] == [("K1", None, "40.00")]
    stored = con.execute("select amount from raw_invoices").fetchall()
    assert [str(a) for (a,) in stored] == ["100.00"]


def test_the_cli_applies_a_saved_documents_mapping(tmp_path, capsys):
    saved = save_preset(_documents_preset(), tmp_path / "presets")
    store = tmp_path / "ar.duckdb"
    code = cli_main(["import", str(_write(tmp_path, "northwind.csv", LEDGER)), "--mapping",
                     str(saved), "--db", str(store)])
    assert code == 0, capsys.readouterr().err
    con = db.open_database(str(store))
    try:
        # 600 - 200 - 30 + 300, as in the file's grand total
        assert str(con.execute(OPEN_AR).fetchone()[0]) == "670.00"
        # one file read, though it fed three tables
        assert con.execute("select files from loads").fetchall() == [(1,)]
        assert con.execute("select count(*) from load_files").fetchone() == (3,)
    finally:
        con.close()


def test_the_mapping_editor_proposes_documents_for_a_report_with_a_type_column(app_env):
    from tests.test_import_page import _click, _frame, _import_page, _run, _upload
    at = _upload(_import_page(), ("northwind.csv", LEDGER.encode()))
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["Load it into the table"].value == "documents"
    assert {r: boxes[label].value for r, label in [
        ("type", "Document type"), ("number", "Document number"), ("date", "Date (required)"),
        ("open", "Open amount"), ("original", "Original amount")]} == {
        "type": "Doc Type", "number": "Doc Ref", "date": "Posted", "open": "Remaining",
        "original": "Original"}
    assert (boxes["INV"].value, boxes["PMT"].value, boxes["CRN"].value) == (
        "invoice", "payment", "credit_note")
    assert next(r for r in at.radio if r.label == "Currency").value == "detect"
    at = _click(at, "import_preview_button")
    # D-1, C-9, D-3; D-1's settled 400.00 and the unapplied 200.00; Acme Corp and Beta Ltd
    assert _frame(at, "rows_read").set_index("table_name").inserted.to_dict() == {
        "customers": 2, "invoices": 3, "payments": 2}
    next(b for b in at.button if b.label == "Save mapping").click()
    at = _run(at)
    saved = json.loads((app_env / "presets" / "northwind.json").read_text())
    assert (saved["target"], saved["types"]) == ("documents", {
        "INV": "invoice", "PMT": "payment", "CRN": "credit_note"})


def test_saving_under_a_taken_name_asks_to_replace_and_overwrites_nothing_until_asked(app_env):
    from tests.test_import_page import _click, _import_page, _texts, _upload
    folder = app_env / "presets"
    save_preset(_documents_preset(), folder)  # 'Northwind', saved as northwind.json
    before = (folder / "northwind.json").read_text()
    # another header (no Status column), so the file is not recognised by the saved one
    text = LEDGER.replace(",Status", "").replace(",Open\n", "\n").replace(",\n", "\n")
    at = _upload(_import_page(), ("northwind.csv", text.encode()))
    at = _click(at, next(b.key for b in at.button if b.label == "Save mapping"))
    assert "A mapping named 'Northwind' is already saved (northwind.json). Replace it with " \
        "this one, or change the mapping name above." in _texts(at.warning)
    assert (folder / "northwind.json").read_text() == before
    at = _click(at, next(b.key for b in at.button if b.label == "Replace 'Northwind'"))
    assert ("Mapping 'northwind' saved as northwind.json (the mapping of that name replaced): "
            "files with this header are recognised by it from now on.") in _texts(at.info)
    saved = read_preset(folder / "northwind.json")
    assert (saved.name, "Status" in saved.signature) == ("northwind", False)
    assert [p.name for p in folder.iterdir()] == ["northwind.json"]
