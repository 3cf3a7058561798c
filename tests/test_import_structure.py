"""Issue 15, points 1 and 3: the structure of any report is read (header found below title
lines, separators skipped, subtotals known by label or by arithmetic and tied out, sheets
listed and the data sheet proposed), and a layout is chosen only when the values under its
header read as that layout (a Zoho Books invoice export is not Xero Aged Receivables).

Every expected value is worked out by hand from the rows written here.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from arlib.intake import detection, foreign
from arlib.intake.frames import ImportOptions
from arlib.intake.grid import read_grids
from arlib.intake.layouts import BY_KEY, LAYOUTS
from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError

# Zoho Books' default invoice export (export-formats.md §9): one row per line item
ZOHO = ("Invoice Number,Invoice Date,Invoice Status,Customer Name,Due Date,Currency Code,"
        "Exchange Rate,Total,Balance,Item Name,Quantity,Item Price,Account,Payment Terms\n"
        "INV-000001,2026-03-02,Overdue,Acme Ltd,2026-04-01,USD,1,1200.00,1200.00,Widget,2,"
        "600.00,Sales,Net 30\n"
        "INV-000001,2026-03-02,Overdue,Acme Ltd,2026-04-01,USD,1,1200.00,1200.00,Bolt,0,0,"
        "Sales,Net 30\n"
        "INV-000002,2026-03-05,Paid,Bolt Inc,2026-04-04,EUR,1.08,300.00,0.00,Widget,1,300.00,"
        "Sales,Net 30\n")

# an ERP's aged receivables report of no built-in layout: title lines, a rule, groups,
# a labelled subtotal, a subtotal without label (its amount is the sum above it), a grand total
REPORT = """Harbour Supplies Ltd
Customer Ageing Report
As at 31 March 2026
------------------------------------------
Document No.,Party,Posting Date,Due Date,Outstanding Amount,CCY
Acme Ltd,,,,,
D-1,Acme Ltd,02/03/2026,01/04/2026,"1,200.00",GBP
D-2,Acme Ltd,15/03/2026,14/04/2026,300.50,GBP
Total Acme Ltd,,,,"1,500.50",
Bolt Inc,,,,,
D-3,Bolt Inc,20/02/2026,22/03/2026,99.50,GBP
D-4,Bolt Inc,21/02/2026,23/03/2026,-20.00,GBP
,,,,79.50,
==========================================
Grand Total,,,,"1,580.00",
Printed on Tuesday, 31 March 2026 10:15 GMT+1
"""
MAPPING = {"invoice_id": "Document No.", "customer_id": "Party", "invoice_on": "Posting Date",
           "due_on": "Due Date", "amount": "Outstanding Amount", "currency": "CCY"}
HEADER = list(MAPPING.values())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# --- honest detection -----------------------------------------------------------------------

def test_a_zoho_invoice_export_is_never_taken_for_xero_aged_receivables(tmp_path):
    grid = read_grids(_write(tmp_path / "zoho.csv", ZOHO))[0]
    xero = BY_KEY["xero_aged_receivables_detail"]
    # its header holds Xero's whole signature (invoice date, invoice number, due date, total)…
    (judged,) = detection.judge(grid, [xero])
    assert judged.header >= detection.MIN_CONFIDENCE
    # …but Xero takes the customer from group rows, and this file has none: no row would load
    assert judged.values == 0.0
    assert not judged.chosen
    layout, _, _ = foreign.detect(grid, [])
    assert layout is None or layout.key != xero.key


def test_without_a_layout_for_it_a_zoho_export_goes_to_mapping(tmp_path, monkeypatch):
    monkeypatch.setattr(detection, "LAYOUTS", tuple(la for la in LAYOUTS
                                                    if not la.key.startswith("zoho")))
    path = _write(tmp_path / "zoho.csv", ZOHO)
    found = foreign.inspect(path, path.name, [])
    assert found.layout is None
    assert found.header_row == 1
    assert found.proposal["invoice_id"] == "Invoice Number"
    assert found.proposal["customer_id"] == "Customer Name"
    assert found.proposal["currency"] == "Currency Code"
    with pytest.raises(LoadError, match=r"^zoho\.csv: unknown layout"):
        foreign.convert(path, path.name, [], ImportOptions())


def test_a_known_export_with_a_few_bad_cells_is_still_recognised(tmp_path):
    # 1 of 3 amounts unreadable: the layout stays (the row is rejected at load, not the file)
    text = ("Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\n"
            "03/14/2026,Invoice,1041,Harbor Lane,04/13/2026,abc,10.00\n"
            "03/15/2026,Invoice,1042,Harbor Lane,04/14/2026,100.00,100.00\n"
            "03/16/2026,Invoice,1043,Harbor Lane,04/15/2026,5.00,5.00\n")
    layout, at, _ = foreign.detect(read_grids(_write(tmp_path / "a.csv", text))[0], [])
    assert (layout.key, at) == ("qbo_aging_detail", 0)


# --- header, title, separators --------------------------------------------------------------

def test_the_header_of_an_unknown_report_is_found_below_its_title_lines(tmp_path):
    path = _write(tmp_path / "ageing.csv", REPORT)
    found = foreign.inspect(path, path.name, [])
    assert found.layout is None
    assert found.header_row == found.header_line == 5  # line 4 is the rule
    assert list(found.columns["column"]) == HEADER
    assert found.table == "invoices"
    assert found.proposal == MAPPING
    assert list(found.preview["line"][:6]) == [1, 2, 3, 4, 5, 6]
    assert found.preview.loc[4, "A"] == "Document No."


def test_a_mapped_report_carries_groups_and_ties_out_every_total(tmp_path):
    path = _write(tmp_path / "ageing.csv", REPORT)
    preset = Preset("ageing", "invoices", MAPPING, HEADER, date_order="dmy")
    (conv,) = foreign.convert(path, path.name, [], ImportOptions(), preset)
    assert conv.snapshot_on == "2026-03-31"  # "As at 31 March 2026"
    inv = conv.tables["invoices"]
    assert list(inv["invoice_id"]) == ["D-1", "D-2", "D-3", "D-4"]
    assert list(inv["_line"]) == [7, 8, 11, 12]
    assert list(inv["amount"]) == ["1200.00", "300.50", "99.50", "-20.00"]
    assert list(conv.detail["_group"]) == ["Acme Ltd", "Acme Ltd", "Bolt Inc", "Bolt Inc"]
    tie = foreign.tie_out(conv, set())
    # Acme 1200.00 + 300.50; Bolt 99.50 - 20.00 (no label: known by its sum); all 1580.00
    assert list(zip(tie["line"], tie["file_total"], tie["loaded"], tie["difference"],
                    strict=True)) == [(9, "1500.50", "1500.50", "0.00"),
                                      (13, "79.50", "79.50", "0.00"),
                                      (15, "1580.00", "1580.00", "0.00")]


def test_a_chosen_header_row_is_used_and_a_line_without_cells_is_refused(tmp_path):
    path = _write(tmp_path / "ageing.csv", REPORT)
    found = foreign.inspect(path, path.name, [], header_row=2)
    assert list(found.columns["column"]) == ["Customer Ageing Report"]
    found = foreign.inspect(path, path.name, [], header_row=5)
    assert found.proposal == MAPPING
    with pytest.raises(LoadError, match="line 99 is empty or not in the file"):
        foreign.inspect(path, path.name, [], header_row=99)


def test_a_date_alone_in_the_title_is_the_snapshot(tmp_path):
    text = REPORT.replace("As at 31 March 2026", "31 March 2026")
    path = _write(tmp_path / "ageing.csv", text)
    preset = Preset("ageing", "invoices", MAPPING, HEADER, date_order="dmy")
    (conv,) = foreign.convert(path, path.name, [], ImportOptions(), preset)
    assert conv.snapshot_on == "2026-03-31"


# --- workbooks ------------------------------------------------------------------------------

def _report_rows() -> list[list]:
    return [[c.strip('"') for c in line.split(",")] if "," in line else [line]
            for line in REPORT.replace('"1,200.00"', "1200.00").replace('"1,500.50"', "1500.50")
            .replace('"1,580.00"', "1580.00").splitlines() if not line.startswith("Printed")]


def test_every_sheet_is_listed_and_the_one_holding_data_proposed(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", {
        "Read me": [["This workbook was exported from Harbour ERP"], ["Do not edit"]],
        "Ageing": _report_rows(),
        "Empty": [],
    })
    found = foreign.inspect(path, path.name, [])
    assert found.sheets == ["Read me", "Ageing"]  # the empty sheet holds nothing to pick
    assert found.sheet == "Ageing"
    assert found.header_row == 5
    assert found.proposal == MAPPING
    chosen = foreign.inspect(path, path.name, [], sheet="Read me")
    assert chosen.sheet == "Read me"
    with pytest.raises(LoadError, match="no sheet 'Nope'"):
        foreign.inspect(path, path.name, [], sheet="Nope")


def test_a_mapping_finds_its_sheet_and_convert_honours_a_chosen_sheet(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", {
        "Read me": [["This workbook was exported from Harbour ERP"], ["Do not edit"]],
        "Ageing": _report_rows(),
    })
    preset = Preset("ageing", "invoices", MAPPING, HEADER, date_order="dmy")
    (conv,) = foreign.convert(path, path.name, [], ImportOptions(), preset)
    assert conv.file_name == "book.xlsx[Ageing]"
    assert list(conv.tables["invoices"]["invoice_id"]) == ["D-1", "D-2", "D-3", "D-4"]
    (conv,) = foreign.convert(path, path.name, [], ImportOptions(), preset, sheet="Ageing",
                              header_row=5)
    assert len(conv.tables["invoices"]) == 4
    assert set(foreign.tie_out(conv, set())["difference"]) == {"0.00"}
