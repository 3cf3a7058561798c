"""Issue 21, point 4: control characters. An id holding one (NUL, tab, line break…) is
rejected with its line, since 'I9\\x00' looks like 'I9' and never matches it; in free text
every control character but tab and line breaks is removed, so notes read as written."""

from __future__ import annotations

import shutil

import pytest

from arlib.store import loader
from tests.conftest import GOLDEN

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
