"""Any export file as a grid of text cells with the file's own line numbers.

Reports come as CSV, TSV or XLSX in UTF-8 (with or without BOM), UTF-16 or Latin-1; every
cell is kept as text, so typing happens later and a bad cell rejects only its own row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from arlib.intake.reading import LoadError, cell_text, check_sheet, check_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DELIMITERS = (",", "\t", ";", "|")
# a CSV field longer than this is refused with its line (csv's own default is 128 KiB);
# the csv module keeps one limit per process, set here once
MAX_FIELD_CHARS = 100_000
csv.field_size_limit(MAX_FIELD_CHARS)
# what the Import page reads of a text file to show it and find its header and layout (those
# look at the first 50 rows): a 200 MB export read whole takes some 17 times its size in memory
HEAD_BYTES = 1 << 20
TICK_ROWS = 20_000  # rows read between two calls of a read's `tick`


@dataclass
class Grid:
    """One file (or sheet) as rows of text cells; `lines[i]` is row i's line in the file."""

    file_name: str
    rows: list[list[str]]
    lines: list[int]
    encoding: str
    delimiter: str
    sheet: str | None = None  # the workbook sheet it was read from
    complete: bool = True  # False: the first lines of a text file only (read_grids head)


def _decode(data: bytes, name: str, *, partial: bool = False) -> tuple[str, str]:
    """The text of a file and the encoding used: BOMs first, then UTF-8, then Latin-1.
    `partial`: `data` is the file's first bytes (a character cut at the end is left out)."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(data) > 3 and data[1:4:2] == b"\0\0" and data[0:4:2] != b"\0\0":
        encoding = "utf-16-le"  # UTF-16 without a BOM: every other byte of ASCII text is 0
    elif len(data) > 3 and data[0:4:2] == b"\0\0" and data[1:4:2] != b"\0\0":
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise LoadError(f"{name}: not readable as {encoding.upper()} text") from None
        # Windows exports are cp1252 (Latin-1 plus € and curly quotes); bytes cp1252 leaves
        # undefined fall back to plain Latin-1
        try:
            encoding, text = "cp1252", data.decode("cp1252")
        except UnicodeDecodeError:
            encoding, text = "latin-1", data.decode("latin-1")
    # a NUL here and there is text (the load rejects an id holding one and removes it from
    # free text, with a note); binary content is dense in NUL or in the other control bytes
    sample = text[:65536]
    nul = sample.count("\0")
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\0")
    if nul > len(sample) // 10 or controls > len(sample) // 100:
        raise LoadError(f"{name}: not a text file (binary content); expected a CSV, TSV or "
                        "XLSX export")
    return text, encoding


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several columns."""
    head = text.splitlines()[:50]
    best, best_score = ",", 0
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(head, delimiter=delim) if row]
        except csv.Error:  # e.g. a field over the limit: the full read names its line
            continue
        if not counts:
            continue
        widest = max(counts)
        score = (widest - 1) * sum(1 for c in counts if c == widest)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_text(name: str, data: bytes, *, partial: bool = False,
              tick: Callable[[float], None] | None = None) -> Grid:
    """A delimited text file as a grid; empty lines are skipped but keep their numbers.
    `partial`: `data` is the file's first bytes, and its last line (maybe cut) is left out.
    `tick` is called with the share of the text read every TICK_ROWS rows (a caller that
    raises there stops the read: the Import page's Cancel)."""
    if not data.strip():
        raise LoadError(f"{name}: the file is empty")
    text, encoding = _decode(data, name, partial=partial)
    if partial:
        text = text[:text.rfind("\n") + 1] or text
    delim = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows, lines, last = [], [], 0
    total = text.count("\n") + 1 if tick else 0
    try:
        for row in reader:
            first, last = last + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(first)
                if tick and len(rows) % TICK_ROWS == 0:
                    tick(min(first / total, 1.0))
    except csv.Error as exc:
        raise LoadError(f"{name}: line {last + 1} cannot be read as "
                        f"{'TSV' if delim == chr(9) else 'CSV'}: {exc}") from exc
    if partial and rows:  # a quoted cell may run on past the bytes read
        rows, lines = rows[:-1] or rows, lines[:-1] or lines
    if not rows:
        raise LoadError(f"{name}: the file is empty (no cell holds data)")
    return Grid(name, rows, lines, encoding, delim, complete=not partial)


def read_sheets(name: str, path: Path) -> list[Grid]:
    """Every non-empty sheet of a workbook as a grid (line = the sheet's row number)."""
    check_workbook(path, name)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise LoadError(f"{name}: cannot be read as an XLSX workbook: {exc}") from exc
    grids = []
    for sheet in book.sheet_names:
        try:
            found = book.get_sheet_by_name(sheet)
            check_sheet(found, name)
            values = found.to_python(skip_empty_area=False)
        except LoadError:  # over a limit: said as it is
            raise
        except Exception as exc:  # a damaged sheet inside a readable archive
            raise LoadError(f"{name}: cannot be read as an XLSX workbook: sheet '{sheet}' is "
                            f"damaged ({exc})") from exc
        rows, lines = [], []
        for number, row in enumerate(values, 1):
            cells = [cell_text(v) or "" for v in row]
            if any(c.strip() for c in cells):
                rows.append(cells)
                lines.append(number)
        if rows:
            grids.append(Grid(f"{name}[{sheet}]", rows, lines, "xlsx", "", sheet))
    if not grids:
        raise LoadError(f"{name}: the workbook has no data")
    return grids


def read_grids(path: Path, name: str | None = None, *, head: bool = False,
               tick: Callable[[float], None] | None = None) -> list[Grid]:
    """A file as grids: one for a text file, one per non-empty sheet for a workbook.
    `head`: of a text file only the first HEAD_BYTES, whole lines (what the Import page
    shows and detects); `tick`: see read_text."""
    name = name or path.name
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_sheets(name, path)
    if head:
        with path.open("rb") as fh:
            data = fh.read(HEAD_BYTES + 1)
        return [read_text(name, data[:HEAD_BYTES], partial=len(data) > HEAD_BYTES)]
    return [read_text(name, path.read_bytes(), tick=tick)]
