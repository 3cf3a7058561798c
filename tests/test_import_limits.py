"""Issue 21, point 1: import limits hold on what is read, not on the file's size. A workbook
is a zip archive: a small file can unpack to gigabytes of cells (a 5.5 MB file loaded
2,088,000 rows with 3.7 GB of memory). Each limit ends in a message naming it and the file,
with nothing loaded."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from arlib import settings
from arlib.intake.reading import LoadError
from arlib.store import loader

pytestmark = pytest.mark.hostile


@pytest.fixture
def limits(monkeypatch):
    def set_limits(**values):
        for key, value in values.items():
            monkeypatch.setenv(f"AR_IMPORT_{key.upper()}", str(value))
        settings.load.cache_clear()
    yield set_limits
    settings.load.cache_clear()


def _workbook(path, *, rows: int, cols: int = 8, sheet: str = "invoices"):
    """A workbook of repeated text that compresses far below its unpacked size."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["invoice_id", "customer_id", "doc_type", "invoice_on", "due_on", "amount",
               "currency", "reference"][:cols] + [f"extra_{i}" for i in range(cols - 8)])
    for n in range(rows):
        ws.append([f"I{n}", "C1", "invoice", "2024-09-15", "2024-10-15", "10.00", "USD",
                   "a" * 50][:cols] + ["x"] * (cols - 8))
    book.save(path)
    return path


def _stored(con) -> int:
    return con.execute("select count(*) from raw_invoices").fetchone()[0]


def test_a_workbook_that_unpacks_over_the_limit_is_refused_before_a_cell_is_read(
        empty_con, tmp_path, limits):
    path = _workbook(tmp_path / "bomb.xlsx", rows=15_000)
    assert path.stat().st_size < 1024 * 1024  # the file itself is small...
    limits(max_unpacked_mb=1)  # ...what it unpacks to is not
    with pytest.raises(LoadError, match=r"^bomb\.xlsx: the workbook unpacks to \d+ MB, over the "
                                        r"limit of 1 MB \(AR_IMPORT_MAX_UNPACKED_MB\); nothing"):
        loader.load(empty_con, [path])
    assert _stored(empty_con) == 0


def test_a_sheet_over_the_row_or_column_limit_is_refused_naming_it(empty_con, tmp_path,
                                                                    limits):
    limits(max_rows=100, max_columns=20)
    path = _workbook(tmp_path / "long.xlsx", rows=150)
    with pytest.raises(LoadError, match=r"^long\.xlsx: sheet 'invoices' has 151 rows and 8 "
                                        r"columns, over the limit of 100 rows"):
        loader.load(empty_con, [path])
    wide = _workbook(tmp_path / "wide.xlsx", rows=3, cols=30)
    with pytest.raises(LoadError, match=r"has 4 rows and 30 columns, .* and 20 columns "
                                        r"\(AR_IMPORT_MAX_COLUMNS\)"):
        loader.load(empty_con, [wide])
    assert _stored(empty_con) == 0


def test_a_workbook_within_the_limits_loads(empty_con, tmp_path, limits):
    limits(max_rows=100)
    loader.load(empty_con, [_workbook(tmp_path / "fine.xlsx", rows=99)])
    assert _stored(empty_con) == 99
