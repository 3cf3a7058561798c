"""Issue 7: every bad input ends in a clear message, and the store holding the golden book is
left exactly as it was (a LoadError), or only the bad rows are rejected with their reason.

Expected values are written out by hand; `snapshot` (tests/test_loader.py) is what
"unchanged" means: every table and view with all its rows.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from arlib.__main__ import main as cli_main
from arlib.intake.foreign import DateOrderNeeded
from arlib.intake.frames import ImportOptions
from arlib.intake.reading import LoadError
from arlib.outputs import export
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN
from tests.test_loader import rejects, snapshot

pytestmark = pytest.mark.hostile

QBO_HEADER = ",Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\n"
QBO_OPEN_HEADER = ",Date,Transaction type,Num,Term,Due date,Open balance\n"
INVOICES = "invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency,reference\n"
NOTES = "note_id,customer_id,author,created_at,text\n"


@pytest.fixture(scope="module")
def golden_template(tmp_path_factory) -> Path:
    """A closed database file holding the golden book, copied for each test."""
    path = tmp_path_factory.mktemp("bad_template") / "golden.duckdb"
    con = db.open_database(path)
    assert loader.load(con, [GOLDEN]).total("rejected") == 0
    con.close()
    return path


@pytest.fixture
def store(golden_template, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copyfile(golden_template, path)
    con = db.open_database(path)
    yield con
    con.close()


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def fails_unchanged(con, paths: list[Path], message: str, **kwargs) -> LoadError:
    """Load, expect a LoadError matching `message`, and check the store did not change."""
    before = snapshot(con)
    with pytest.raises(LoadError, match=message) as info:
        loader.load(con, paths, **kwargs)
    assert snapshot(con) == before
    return info.value


# ---------------------------------------------------------------- unreadable files


def _empty(folder: Path) -> Path:
    return write(folder / "export.csv", b"")


def _blank_lines_only(folder: Path) -> Path:
    return write(folder / "export.csv", b" \r\n\n\t\n")


def _random_bytes(folder: Path) -> Path:
    return write(folder / "export.csv", random.Random(7).randbytes(4096))


def _png(folder: Path) -> Path:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8
    return write(folder / "scan.png", data)


def _png_named_csv(folder: Path) -> Path:
    return write(folder / "aging.csv", _png(folder).read_bytes())


def _unknown_layout(folder: Path) -> Path:
    return write(folder / "ledger.csv", "Doc No,Client,Bill Date,Payment Due,Value,Curr\n"
                                        "A-1,K001,2026-03-01,2026-03-31,100.50,USD\n")


def _missing_required_column(folder: Path) -> Path:
    return write(folder / "invoices.csv", "invoice_id,customer_id,invoice_on,amount\n"
                                          "I900,C1,2024-12-01,100.00\n")


def _no_rows_under_the_header(folder: Path) -> Path:
    return write(folder / "aging.csv", "A/R Aging Detail\n" + QBO_HEADER + "TOTAL,,,,,,,0.00\n")


def _broken_xlsx(folder: Path) -> Path:
    return write(folder / "aging.xlsx", b"PK\x03\x04 this is no workbook")


UNREADABLE = {
    "empty-file": (_empty, r"^export\.csv: the file is empty$"),
    "blank-lines-only": (_blank_lines_only, r"^export\.csv: the file is empty$"),
    "random-bytes": (_random_bytes,
                     r"^export\.csv: not a text file \(binary content\); expected a CSV, TSV "
                     r"or XLSX export$"),
    "png": (_png, r"^scan\.png: not a text file \(binary content\)"),
    "png-named-csv": (_png_named_csv, r"^aging\.csv: not a text file \(binary content\)"),
    "unknown-layout": (
        _unknown_layout,
        r"^ledger\.csv: unknown layout\. Columns found: Doc No, Client, Bill Date, Payment Due, "
        r"Value, Curr\. To load as a canonical table: invoices needs invoice_id, customer_id, "
        r"invoice_on, due_on, amount; .*--mapping PRESET"),
    "missing-required-column": (
        _missing_required_column,
        r"^invoices\.csv: missing required columns for invoices: due_on \(found: invoice_id, "
        r"customer_id, invoice_on, amount\)$"),
    "no-rows-under-header": (_no_rows_under_the_header,
                             r"^aging\.csv: no data rows under the header \(line 2\)$"),
    "broken-xlsx": (_broken_xlsx, r"^aging\.xlsx: cannot be read as an XLSX workbook"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_file_raises_a_clear_message_and_changes_nothing(case, store, tmp_path):
    make, message = UNREADABLE[case]
    fails_unchanged(store, [make(tmp_path)], message)


@pytest.mark.parametrize("data", [b",,,\n", b",,\r\n,,\r\n", b'"', b'""\n'])
def test_a_file_of_empty_cells_only_is_empty(data, store, tmp_path):
    fails_unchanged(store, [write(tmp_path / "export.csv", data)],
                    r"^export\.csv: the file is empty")


def _damaged_sheet_part(source: Path, target: Path) -> Path:
    """A copy of a workbook whose worksheet's zip entry header is broken (the zip directory is
    intact, so the workbook opens and lists its sheets)."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as book:
        [sheet] = [i for i in book.infolist() if i.filename.startswith("xl/worksheets/")]
    data[sheet.header_offset] ^= 0xFF
    return write(target, bytes(data))


@pytest.mark.parametrize("kind", ["export", "canonical"])
def test_a_workbook_with_a_damaged_sheet_is_refused(kind, store, tmp_path):
    if kind == "export":
        source = Path(__file__).resolve().parent / "fixtures" / "layouts" / \
            "bc_customer_ledger_entries.xlsx"
    else:
        source = tmp_path / "source.xlsx"
        book = openpyxl.Workbook()
        book.active.title = "reps"
        book.active.append(["rep_id", "name"])
        book.active.append(["R9", "Ida"])
        book.save(source)
    path = _damaged_sheet_part(source, tmp_path / "book.xlsx")
    fails_unchanged(store, [path], r"^book\.xlsx: cannot be read as an XLSX workbook")


def test_unreadable_file_stops_a_load_of_good_files_too(store, tmp_path):
    good = write(tmp_path / "invoices.csv",
                 INVOICES + "I900,C1,invoice,2024-12-01,2024-12-31,100.00,USD,\n")
    bad = _random_bytes(tmp_path)
    fails_unchanged(store, [good, bad], r"^export\.csv: not a text file")
    assert store.execute("select count(*) from raw_invoices where invoice_id = 'I900'")\
        .fetchall() == [(0,)]


# ---------------------------------------------------------------- rows rejected with a reason


def test_text_in_the_only_amount_column_of_an_export_rejects_that_row(store, tmp_path):
    path = write(tmp_path / "open.csv", QBO_OPEN_HEADER
                 + "Alder Creek Bakery,,,,,,\n"
                 + ",05/14/2026,Invoice,2031,Net 30,06/13/2026,twelve hundred\n"
                 + ",06/19/2026,Invoice,2044,Net 30,07/19/2026,487.60\n")
    report = loader.load(store, [path])
    assert rejects(report) == [("open.csv", 3, "amount", "twelve hundred",
                                "is not a number (expected digits with a dot for decimals, "
                                "e.g. 1234.50)")]
    assert store.execute("select invoice_id, amount from raw_invoices where invoice_id in "
                         "('2031', '2044')").fetchall() == [("2044", Decimal("487.60"))]


def test_text_in_the_amount_cell_of_an_aging_detail_rejects_that_row(store, tmp_path):
    path = write(tmp_path / "aging.csv", QBO_HEADER
                 + ",03/14/2026,Invoice,1041,Harbor Lane,04/13/2026,abc,\"2,450.00\"\n"
                 + ",03/15/2026,Invoice,1042,Harbor Lane,04/14/2026,100.00,100.00\n")
    report = loader.load(store, [path])
    assert [(line, col, value) for _, line, col, value, _ in rejects(report)] == \
        [(2, "amount", "abc")]
    assert store.execute("select count(*) from raw_invoices where invoice_id = '1041'")\
        .fetchall() == [(0,)]


def test_text_in_the_open_balance_cell_of_an_aging_detail_rejects_that_row(store, tmp_path):
    path = write(tmp_path / "aging.csv", QBO_HEADER
                 + ",03/14/2026,Invoice,1041,Harbor Lane,04/13/2026,\"2,450.00\",n/a\n"
                 + ",03/15/2026,Invoice,1042,Harbor Lane,04/14/2026,100.00,100.00\n")
    report = loader.load(store, [path])
    assert [(line, value) for _, line, _, value, _ in rejects(report)] == [(2, "n/a")]
    assert store.execute("select count(*) from raw_invoices where invoice_id = '1041'")\
        .fetchall() == [(0,)]


def test_an_export_listing_the_same_number_twice_rejects_the_second(store, tmp_path):
    path = write(tmp_path / "aging.csv", "A/R Aging Detail\n\"As of Jul 25, 2026\"\n"
                 + QBO_HEADER
                 + ",03/14/2026,Invoice,1041,Harbor Lane,04/13/2026,100.00,100.00\n"
                 + ",03/15/2026,Invoice,1042,Harbor Lane,04/14/2026,200.00,200.00\n"
                 + ",03/16/2026,Invoice,1041,Harbor Lane,04/15/2026,300.00,300.00\n")
    report = loader.load(store, [path])
    assert rejects(report) == [("aging.csv", 6, "invoice_id", "1041",
                                "duplicate key: the same key is on line 4, which is kept")]
    assert report.duplicates == 1
    assert store.execute("select invoice_id, amount, _line from raw_invoices where invoice_id "
                         "in ('1041', '1042') order by 1").fetchall() == [
        ("1041", Decimal("100.00"), 4), ("1042", Decimal("200.00"), 5)]


CANONICAL_ROW_REJECTS = {
    "negative-invoice": (
        "I901,C1,invoice,2024-12-01,2024-12-31,-5,USD,\n", "amount", "-5",
        "an invoice amount must be positive"),
    "positive-credit-note": (
        "CN901,C1,credit_note,2024-12-01,2024-12-01,5.00,USD,\n", "amount", "5.00",
        "a credit note amount must be negative"),
    "due-before-invoice-date": (
        "I901,C1,invoice,2024-12-10,2024-12-01,50.00,USD,\n", "due_on", "2024-12-01",
        "due date is before invoice date"),
    "amount-with-three-decimals": (
        "I901,C1,invoice,2024-12-01,2024-12-31,5.125,USD,\n", "amount", "5.125",
        "has more than 2 decimal places"),
}


@pytest.mark.parametrize("case", sorted(CANONICAL_ROW_REJECTS))
def test_canonical_row_breaking_a_rule_is_rejected_and_the_rest_loads(case, store, tmp_path):
    row, column, value, reason = CANONICAL_ROW_REJECTS[case]
    path = write(tmp_path / "invoices.csv",
                 INVOICES + row + "I902,C1,invoice,2024-12-02,2025-01-01,75.00,USD,\n")
    before = store.execute("select * from raw_invoices order by all").fetchall()
    report = loader.load(store, [path])
    assert rejects(report) == [("invoices.csv", 2, column, value, reason)]
    after = store.execute("select * exclude (_load_id, _line) from raw_invoices "
                          "order by all").fetchall()
    new = ("I902", "C1", "invoice", date(2024, 12, 2), date(2025, 1, 1), Decimal("75.00"),
           "USD", None)
    assert sorted(after) == sorted([tuple(r[:-2]) for r in before] + [new])


def test_dates_far_beyond_the_data_are_rejected(store, tmp_path):
    # 2062 for 2026: a typing error, not a plan
    path = write(tmp_path / "invoices.csv",
                 INVOICES + "I901,C1,invoice,2062-03-01,2062-03-31,50.00,USD,\n")
    report = loader.load(store, [path])
    found = rejects(report)
    assert {(line, col, value) for _, line, col, value, _ in found} == {
        (2, "invoice_on", "2062-03-01"), (2, "due_on", "2062-03-31")}
    assert all(re.search(r"days after today", r[4]) for r in found), found
    assert store.execute("select count(*) from raw_invoices where invoice_id = 'I901'")\
        .fetchall() == [(0,)]


# ---------------------------------------------------------------- formulas stay text


FORMULAS = ["=SUM(A1:A9)", "+49 30 1234", "-2+3", "@cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x.example\",\"pay\")"]


def test_formula_like_cells_are_stored_exactly_and_neutralised_in_exports(store, tmp_path):
    notes = io.StringIO()
    writer = csv.writer(notes, lineterminator="\n")
    writer.writerow(["note_id", "customer_id", "author", "created_at", "text"])
    for i, text in enumerate(FORMULAS):
        writer.writerow([f"N9{i}", "C1", "=cmd", "2024-12-20 10:00", text])
    invoices = io.StringIO()
    writer = csv.writer(invoices, lineterminator="\n")
    writer.writerow(INVOICES.strip().split(","))
    for i, text in enumerate(FORMULAS):
        writer.writerow([f"I9{i}", "C1", "invoice", "2024-12-01", "2024-12-31", "10.00", "USD",
                         text])
    folder = tmp_path / "book"
    folder.mkdir()
    write(folder / "notes.csv", notes.getvalue())
    write(folder / "invoices.csv", invoices.getvalue())
    report = loader.load(store, [folder])
    assert report.rejects.empty

    stored_notes = store.execute("select text, author from raw_notes where note_id like 'N9%' "
                                 "order by note_id").fetchall()
    assert stored_notes == [(t, "=cmd") for t in FORMULAS]
    stored_refs = store.execute("select reference from raw_invoices where invoice_id like "
                                "'I9%' order by invoice_id").fetchall()
    assert [r[0] for r in stored_refs] == FORMULAS

    frame = store.execute("select note_id, author, text from raw_notes where note_id like "
                          "'N9%' order by note_id").df()
    text = export.to_csv_bytes(frame).decode("utf-8-sig")
    back = list(csv.DictReader(io.StringIO(text)))
    assert [r["text"] for r in back] == ["'" + t for t in FORMULAS]
    assert {r["author"] for r in back} == {"'=cmd"}
    assert [r["note_id"] for r in back] == [f"N9{i}" for i in range(len(FORMULAS))]

    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes({"Notes": frame})))
    cells = [row for row in book["Notes"].iter_rows(min_row=2, values_only=True)]
    assert [c[2] for c in cells] == ["'" + t for t in FORMULAS]
    assert all(book["Notes"].cell(r, 3).data_type == "s" for r in range(2, len(FORMULAS) + 2))


def test_formula_like_memo_of_an_export_is_kept_as_text(store, tmp_path):
    path = write(tmp_path / "aging.csv",
                 ",Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance,"
                 "Memo/Description\n"
                 ",03/14/2026,Invoice,1041,Harbor Lane,04/13/2026,100.00,100.00,=1+1\n"
                 ",03/15/2026,Invoice,1042,Harbor Lane,04/14/2026,100.00,100.00,@SUM(A1)\n")
    assert loader.load(store, [path]).rejects.empty
    assert store.execute("select invoice_id, reference from raw_invoices where invoice_id in "
                         "('1041', '1042') order by 1").fetchall() == \
        [("1041", "=1+1"), ("1042", "@SUM(A1)")]


# ---------------------------------------------------------------- very long fields


def test_a_note_of_20000_characters_is_rejected_for_its_length(store, tmp_path):
    long_text = "x" * 20_000
    path = write(tmp_path / "notes.csv", NOTES + "N90,C1,Ana,2024-12-20 10:00,short note\n"
                 + f"N91,C1,Ana,2024-12-20 11:00,{long_text}\n")
    report = loader.load(store, [path])
    # the rejected value is shown cut to 200 characters, with its length
    assert rejects(report) == [("notes.csv", 3, "text", "x" * 200 + "… (20000 characters)",
                                "is longer than 10000 characters")]
    assert store.execute("select note_id from raw_notes where note_id like 'N9%'").fetchall() \
        == [("N90",)]


def test_a_canonical_field_of_200000_characters_rejects_its_row(store, tmp_path):
    # the canonical reader takes the field; the length check rejects the row with its line
    path = write(tmp_path / "invoices.csv",
                 INVOICES + "I901,C1,invoice,2024-12-01,2024-12-31,10.00,USD,ok\n"
                 + "I902,C1,invoice,2024-12-01,2024-12-31,10.00,USD," + "y" * 200_000 + "\n")
    report = loader.load(store, [path])
    # shown cut: 200 characters and "… (200000 characters)"
    assert [(line, col, value[200:], reason) for _, line, col, value, reason in
            rejects(report)] == [(3, "reference", "… (200000 characters)",
                                  "is longer than 10000 characters")]


def _export_with_long_cell(line: int) -> str:
    """A QBO aging detail whose row on `line` holds a 200,000-character customer name."""
    rows = [QBO_HEADER]
    for n in range(2, line + 1):
        name = "z" * 200_000 if n == line else "Harbor Lane"
        rows.append(f",03/14/2026,Invoice,{1000 + n},{name},04/13/2026,1.00,1.00\n")
    return "".join(rows)


def test_an_export_field_of_200000_characters_far_down_names_its_line(store, tmp_path):
    path = write(tmp_path / "aging.csv", _export_with_long_cell(60))
    fails_unchanged(store, [path], r"^aging\.csv: line 60 cannot be read as CSV: field larger "
                                   r"than field limit")


def test_an_export_field_of_200000_characters_near_the_top_names_its_line(store, tmp_path):
    path = write(tmp_path / "aging.csv", _export_with_long_cell(3))
    fails_unchanged(store, [path], r"^aging\.csv: line 3 cannot be read")


# ---------------------------------------------------------------- size limit


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(store, tmp_path):
    path = write(tmp_path / "invoices.csv",
                 INVOICES + "I901,C1,invoice,2024-12-01,2024-12-31,10.00,USD,\n" * 60)
    assert path.stat().st_size > 1000
    fails_unchanged(store, [path], r"^invoices\.csv: .* is over the import limit of .* per "
                                   r"file \(setting AR_IMPORT_MAX_MB\)$", max_bytes=1000)
    # just under the limit it loads
    assert loader.load(store, [path], max_bytes=path.stat().st_size).total("inserted") == 1


def test_the_size_message_tells_the_file_size_from_the_limit(store, tmp_path):
    # 1.4 MB against a limit of 1 MB
    path = write(tmp_path / "invoices.csv", INVOICES + "I901,C1,invoice,2024-12-01,2024-12-31,"
                 "10.00,USD," + "r" * 1_400_000 + "\n")
    error = fails_unchanged(store, [path], r"over the import limit", max_bytes=1024 * 1024)
    size, limit = re.search(r": (.+?) is over the import limit of (.+?) per file",
                            str(error)).groups()
    assert size != limit, str(error)


# ---------------------------------------------------------------- day / month order


AMBIGUOUS = (QBO_OPEN_HEADER
             + "Alder Creek Bakery,,,,,,\n"
             + ",03/04/2026,Invoice,2031,Net 30,04/05/2026,100.00\n"
             + ",02/03/2026,Invoice,2032,Net 30,03/04/2026,50.00\n")


def test_ambiguous_day_month_order_asks_which_naming_the_columns(store, tmp_path):
    path = write(tmp_path / "open.csv", AMBIGUOUS)
    error = fails_unchanged(store, [path], r"^open\.csv: The day/month order of the dates in "
                                           r"'date', 'due date' cannot be decided")
    assert isinstance(error, DateOrderNeeded)
    assert error.columns == ["date", "due date"]
    assert error.examples == ["03/04/2026", "04/05/2026"]
    assert "--day-first / --month-first" in str(error)


@pytest.mark.parametrize(("order", "dates"), [
    ("dmy", {"2031": (date(2026, 4, 3), date(2026, 5, 4)),
             "2032": (date(2026, 3, 2), date(2026, 4, 3))}),
    ("mdy", {"2031": (date(2026, 3, 4), date(2026, 4, 5)),
             "2032": (date(2026, 2, 3), date(2026, 3, 4))}),
])
def test_ambiguous_dates_load_in_the_order_chosen(order, dates, store, tmp_path):
    path = write(tmp_path / "open.csv", AMBIGUOUS)
    report = loader.load(store, [path], options=ImportOptions(date_order=order))
    assert report.rejects.empty
    got = store.execute("select invoice_id, invoice_on, due_on from raw_invoices where "
                        "invoice_id in ('2031', '2032')").fetchall()
    assert {i: (a, b) for i, a, b in got} == dates


def test_cli_day_first_flag_reads_ambiguous_dates(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("arlib.__main__.load_settings",
                        lambda: Settings(presets_dir=tmp_path / "presets"))
    path = write(tmp_path / "open.csv", AMBIGUOUS)
    store = tmp_path / "ar.duckdb"
    assert cli_main(["import", str(path), "--db", str(store)]) == 1
    assert "choose day-first" in capsys.readouterr().err
    assert not store.exists()
    assert cli_main(["import", str(path), "--db", str(store), "--day-first"]) == 0
    con = db.open_database(store, read_only=True)
    try:
        assert con.execute("select invoice_on from raw_invoices where invoice_id = '2031'")\
            .fetchall() == [(date(2026, 4, 3),)]
    finally:
        con.close()


# ---------------------------------------------------------------- encodings and formats


SMALL_EXPORT = [
    ["Maple Crest Trading"],
    ["Open Invoices Report"],
    ["As of Jul 25, 2026"],
    [],
    ["", "Date", "Transaction type", "Num", "Term", "Due date", "Open balance"],
    ["Café Olé", "", "", "", "", "", ""],
    ["", "05/14/2026", "Invoice", "2031", "Net 30", "06/13/2026", "1,250.00"],
    ["", "06/26/2026", "Credit Memo", "2047", "", "06/26/2026", "-150.00"],
    ["Total for Café Olé", "", "", "", "", "", "1,100.00"],
    ["Müller GmbH", "", "", "", "", "", ""],
    ["", "07/01/2026", "Invoice", "2052", "Net 15", "07/16/2026", "890.00"],
    ["Total for Müller GmbH", "", "", "", "", "", "890.00"],
    ["TOTAL", "", "", "", "", "", "1,990.00"],
]


def _text_variant(delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(SMALL_EXPORT)
    return out.getvalue()


def _xlsx_cell(value: str):
    """A workbook cell as a spreadsheet holds it: real dates and numbers."""
    if re.fullmatch(r"\d\d/\d\d/\d{4}", value):
        return datetime.strptime(value, "%m/%d/%Y")
    if re.fullmatch(r"-?[\d,]+\.\d\d", value):
        return float(value.replace(",", ""))
    return value or None


def _variant(kind: str, folder: Path) -> Path:
    if kind == "xlsx":
        book = openpyxl.Workbook()
        for row in SMALL_EXPORT:
            book.active.append([_xlsx_cell(v) for v in row])
        book.save(folder / "open.xlsx")
        return folder / "open.xlsx"
    encodings = {"utf-8": ("utf-8", ","), "utf-8-bom": ("utf-8-sig", ","),
                 "utf-16": ("utf-16", ","), "utf-16-tsv": ("utf-16", "\t"),
                 "latin-1": ("latin-1", ","), "tsv": ("utf-8", "\t"),
                 "semicolon": ("utf-8", ";")}
    encoding, delimiter = encodings[kind]
    return write(folder / ("open.txt" if delimiter == "\t" else "open.csv"),
                 _text_variant(delimiter), encoding)


VARIANTS = ["utf-8", "utf-8-bom", "utf-16", "utf-16-tsv", "latin-1", "tsv", "semicolon", "xlsx"]


def _stored(path: Path) -> dict[str, list[tuple]]:
    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [path])
        assert report.rejects.empty
        assert {f.layout for f in report.files} == {"qbo_open_invoices"}
        assert (report.tieouts["difference"] == "0.00").all()
        return {t: con.execute(f"select * exclude (_load_id) from raw_{t} order by all")
                .fetchall() for t in ("invoices", "payments", "customers")}
    finally:
        con.close()


@pytest.fixture(scope="module")
def utf8_rows(tmp_path_factory) -> dict[str, list[tuple]]:
    return _stored(_variant("utf-8", tmp_path_factory.mktemp("utf8")))


def test_the_small_export_loads_the_rows_written_by_hand(utf8_rows):
    assert utf8_rows["invoices"] == sorted([
        ("2031", "Café Olé", "invoice", date(2026, 5, 14), date(2026, 6, 13),
         Decimal("1250.00"), None, None, 7),
        ("2047", "Café Olé", "credit_note", date(2026, 6, 26), date(2026, 6, 26),
         Decimal("-150.00"), None, None, 8),
        ("2052", "Müller GmbH", "invoice", date(2026, 7, 1), date(2026, 7, 16),
         Decimal("890.00"), None, None, 11),
    ])
    assert utf8_rows["payments"] == []
    assert [(c[0], c[1]) for c in utf8_rows["customers"]] == \
        [("Café Olé", "Café Olé"), ("Müller GmbH", "Müller GmbH")]


@pytest.mark.parametrize("kind", [v for v in VARIANTS if v != "utf-8"])
def test_encodings_and_formats_of_one_export_load_identical_rows(kind, utf8_rows, tmp_path):
    path = _variant(kind, tmp_path)
    assert _stored(path) == utf8_rows
