"""Issue 21, point 4: control characters. An id holding one (NUL, tab, line break…) is
rejected with its line, since 'I9\\x00' looks like 'I9' and never matches it; in free text
every control character but tab and line breaks is removed, so notes read as written, and the
report says so: per file and column, how many values and which characters (command line and
Import page)."""

from __future__ import annotations

import html
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from arlib.__main__ import main as cli_main
from arlib.settings import Settings
from arlib.store import loader
from tests.conftest import GOLDEN, ROOT, run_app

pytestmark = pytest.mark.hostile


def _book(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(GOLDEN, book)
    with (book / "invoices.csv").open("ab") as fh:
        fh.write(b"I9\x00,C1,invoice,2024-12-01,2024-12-31,100.00,USD,PO-9\n")
    with (book / "notes.csv").open("ab") as fh:
        fh.write(b"N99,C1,Ana Ortiz,2024-12-05 10:00,Call\x00 back\x07 on\tMonday\n")
    return book


def test_an_id_with_a_nul_is_rejected_and_free_text_loses_its_control_characters(
        empty_con, tmp_path):
    book = _book(tmp_path)
    lines = (book / "invoices.csv").read_bytes().count(b"\n")  # the appended row's line
    report = loader.load(empty_con, [book])
    rejects = report.rejects[report.rejects["file_name"] == "invoices.csv"]
    assert rejects[["line", "column_name"]].values.tolist() == [[lines, "invoice_id"]]
    assert "control character" in rejects["reason"].iloc[0]
    assert empty_con.execute("select count(*) from raw_invoices where invoice_id like 'I9%'"
                             ).fetchone() == (0,)
    text = empty_con.execute("select text from raw_notes where note_id = 'N99'").fetchone()[0]
    assert text == "Call back on\tMonday"  # NUL and BEL gone, the tab kept


def test_a_line_longer_than_the_csv_readers_limit_is_rejected_with_its_line_not_lost(
        empty_con, tmp_path):
    # DuckDB's reader drops a line over its 2 MB max_line_size without a reject: the row
    # vanished and the load said nothing. Now it is read, and its cell is rejected.
    path = tmp_path / "invoices.csv"
    head = "invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency,reference\n"
    row = "{},C1,invoice,2024-09-15,2024-10-15,10.00,USD,{}\n"
    path.write_text(head + row.format("I1", "ok") + row.format("I2", "x" * 3_000_000)
                    + row.format("I3", "ok"))
    report = loader.load(empty_con, [path])
    assert (report.total("rows_read"), report.total("inserted"), report.total("rejected")) == (
        3, 2, 1)
    reject = report.rejects.iloc[0]
    assert (reject["line"], reject["column_name"]) == (3, "reference")
    assert reject["value"].endswith("… (3000000 characters)") and len(reject["value"]) < 250


NOTE = "notes.csv: 1 value in 'text' had control characters removed (NUL, U+0007)"


def test_the_report_notes_the_values_whose_control_characters_were_removed(empty_con,
                                                                          tmp_path):
    book = _book(tmp_path)
    with (book / "customers.csv").open("ab") as fh:  # a name with a form feed and DEL
        fh.write(b"C99,Bad\x0c Name\x7f Ltd,R1,East,Boston,US,USD,30,25000,2015-03-01\n")
    report = loader.load(empty_con, [book])
    # the id with a NUL is rejected, not cleaned: invoices.csv has no note
    assert report.control_notes() == [
        "customers.csv: 1 value in 'name' had control characters removed (U+000C, U+007F)",
        NOTE]
    assert report.cleaned[["file_name", "table_name", "column_name", "cleaned"]
                          ].values.tolist() == [["customers.csv", "customers", "name", 1],
                                                ["notes.csv", "notes", "text", 1]]
    assert empty_con.execute("select name from raw_customers where customer_id = 'C99'"
                             ).fetchone() == ("Bad Name Ltd",)


def test_a_load_without_control_characters_has_no_note(empty_con):
    assert loader.load(empty_con, [GOLDEN]).control_notes() == []


def test_the_command_line_prints_the_note(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("arlib.__main__.load_settings",
                        lambda: Settings(presets_dir=tmp_path / "presets"))
    book = _book(tmp_path)
    assert cli_main(["import", str(book / "notes.csv"), "--db", str(tmp_path / "ar.duckdb")]
                    ) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"Note: {NOTE}."


def test_the_import_page_shows_the_note(app_env):
    body = (GOLDEN / "notes.csv").read_bytes() + (
        b"N99,C1,Ana Ortiz,2024-12-05 10:00,Call\x1b back\x07 on\tMonday\n")
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    at = run_app(at)
    at.file_uploader[0].set_value([("notes.csv", body, "text/csv")])
    at = run_app(at)
    at.button(key="import_preview_button").click()
    at = run_app(at)
    # texts from files are written as character references on the page (ui.formats.plain)
    assert [html.unescape(i.value) for i in at.info if "control" in i.value] == [
        "notes.csv: 1 value in 'text' had control characters removed (U+0007, U+001B)."]


def _page_preview(files: list[tuple[str, bytes]]) -> AppTest:
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    at = run_app(at)
    at.file_uploader[0].set_value([(name, body, "text/csv") for name, body in files])
    at = run_app(at)
    assert not at.error, [e.value for e in at.error]  # read as text, not refused as binary
    at.button(key="import_preview_button").click()
    return run_app(at)


def _shown_rejects(at: AppTest) -> list[list]:
    frame = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    return frame[["file_name", "line", "column_name", "value", "reason"]].values.tolist()


ID_REASON = "holds a control character (NUL, tab, line break…), which no id may hold"


def test_the_import_page_reads_a_csv_with_nul_bytes_as_the_command_line_does(app_env):
    # the page once refused such a file as binary while the command line loaded it: a NUL in
    # an id rejects its row with the reason, a NUL in free text is removed with a note
    book = _book(app_env)
    files = [(n, (book / n).read_bytes()) for n in ("invoices.csv", "notes.csv")]
    at = _page_preview(files)
    assert [html.unescape(i.value) for i in at.info if "control" in i.value] == [
        "notes.csv: 1 value in 'text' had control characters removed (NUL, U+0007)."]
    lines = files[0][1].count(b"\n")  # the appended invoice's line
    assert _shown_rejects(at) == [["invoices.csv", lines, "invoice_id", "I9\x00", ID_REASON]]
    assert {m.label: m.value for m in at.metric} == {
        "Rows read": "15", "New": "1", "Updated": "0", "Unchanged": "13", "Rejected": "1"}
    at.button(key="import_commit").click()
    at = run_app(at)
    assert any(html.unescape(s.value).startswith("Committed. Load 2 added 1 new row")
               for s in at.success), [s.value for s in at.success]
    con = duckdb.connect(str(app_env / "app.duckdb"))  # the app's instance: same process
    try:  # what the command line stores from the same files (the first test above)
        assert con.execute("select text from raw_notes where note_id = 'N99'").fetchall() == [
            ("Call back on\tMonday",)]
        assert con.execute("select count(*) from raw_invoices where invoice_id like 'I9%'"
                           ).fetchall() == [(0,)]
        assert con.execute("select file_name, line, column_name from load_rejects "
                           "where load_id = 2").fetchall() == [("invoices.csv", lines,
                                                               "invoice_id")]
    finally:
        con.close()


def test_an_export_with_nul_bytes_is_read_as_text_on_the_page_and_the_command_line(
        app_env, empty_con):
    # a QuickBooks export: a NUL in a customer (its id) rejects the customer's rows, a NUL in
    # a document number rejects that line, the other rows load
    body = (ROOT / "tests" / "fixtures" / "layouts" / "qbo_aging_detail.csv").read_bytes()
    body = body.replace(b"Invoice,1052,", b"Invoice,10\x0052,", 1)
    path = app_env / "qbo_aging_detail.csv"
    path.write_bytes(body)
    cli = loader.load(empty_con, [path])
    # line 11 gives an invoice and the settlement of its paid part: both rejected
    expected = [["qbo_aging_detail.csv", 11, "invoice_id", "10\x0052", ID_REASON],
                ["qbo_aging_detail.csv", 11, "invoice_id", "10\x0052", ID_REASON],
                ["qbo_aging_detail.csv", 11, "payment_id", "settled-10\x0052", ID_REASON]]
    assert cli.rejects[["file_name", "line", "column_name", "value", "reason"]
                       ].values.tolist() == expected
    assert (cli.total("rows_read"), cli.total("inserted"), cli.total("rejected")) == (13, 11, 2)
    at = _page_preview([(path.name, body)])
    assert _shown_rejects(at) == expected
    assert {m.label: m.value for m in at.metric}["Rejected"] == "2"
