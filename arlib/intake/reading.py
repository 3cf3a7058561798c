"""Reading canonical files into temporary text tables (`src_<n>`) with their line numbers.

Every cell is kept as text: typing and checks happen set-based afterwards
(`arlib.canonical.validation`), so a bad cell rejects its row instead of failing the file.
"""

from __future__ import annotations

import csv
import mmap
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from python_calamine import CalamineWorkbook

from arlib import settings
from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns

_CSV_OPTIONS = ("header = true, auto_detect = false, columns = $columns, delim = ',', "
                "quote = '\"', escape = '\"', store_rejects = true")


class LoadError(Exception):
    """A file cannot be read at all; the load stops and the store is left as it was."""


@dataclass
class Staged:
    """One file (or sheet) read into the temporary table `name`, with its read-time rejects."""

    name: str
    file_name: str
    table: str
    columns: set[str]
    rows_read: int
    read_rejects: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    insert_only: bool = False  # rows never replace stored rows (derived from an export)

    def record_read_rejects(self, cur: duckdb.DuckDBPyConnection, load_id: int) -> None:
        """Write rows the CSV reader could not split (wrong column count...) as rejects."""
        if self.read_rejects.empty:
            return
        frame = self.read_rejects.assign(load_id=load_id, file_name=self.file_name,
                                         table_name=self.table)
        cur.register("read_rejects_frame", frame)
        cur.execute("insert into load_rejects by name select * from read_rejects_frame")
        cur.unregister("read_rejects_frame")


def check_workbook(path: Path, name: str) -> None:
    """Refuse a workbook whose unpacked content is over AR_IMPORT_MAX_UNPACKED_MB, before a
    cell is read (an .xls or .ods that is not a zip archive is left to its reader)."""
    limit = settings.load().import_max_unpacked_mb
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return
    if unpacked > limit * 1024 * 1024:
        raise LoadError(f"{name}: the workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB, "
                        f"over the limit of {limit:,} MB (AR_IMPORT_MAX_UNPACKED_MB); nothing "
                        "was loaded. Export it as CSV, or split it.")


def check_sheet(sheet, name: str) -> None:
    """Refuse a sheet over AR_IMPORT_MAX_ROWS rows or AR_IMPORT_MAX_COLUMNS columns before
    its cells become Python values (`sheet` is a calamine sheet, its size already known)."""
    cfg = settings.load()
    rows, cols = sheet.total_height + 1, sheet.total_width + 1  # last indexes, from 0
    if rows > cfg.import_max_rows or cols > cfg.import_max_columns:
        raise LoadError(f"{name}: sheet '{sheet.name}' has {rows:,} rows and {cols:,} columns, "
                        f"over the limit of {cfg.import_max_rows:,} rows "
                        f"(AR_IMPORT_MAX_ROWS) and {cfg.import_max_columns:,} columns "
                        "(AR_IMPORT_MAX_COLUMNS); nothing was loaded.")


def csv_header(path: Path) -> list[str]:
    """The header row of a canonical CSV, trimmed and lower-cased; empty names numbered.

    Only the first line is decoded here: a bad byte further down rejects its own row later.
    """
    with path.open("rb") as fh:
        first = fh.readline(1 << 20)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}: not a UTF-8 text file (header row: {exc.reason} at "
                        f"byte {exc.start})") from exc
    try:
        row = next(csv.reader([text]), None)
    except csv.Error as exc:
        raise LoadError(f"{path.name}: the header row cannot be read as CSV ({exc})") from exc
    if not row or not any(cell.strip() for cell in row):
        raise LoadError(f"{path.name}: the file is empty (no header row)")
    return [cell.strip().lower() or f"unnamed_{i}" for i, cell in enumerate(row, 1)]


def blank_lines(path: Path) -> list[int]:
    """Line numbers of empty lines: the CSV reader skips them, the line count must not."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        found, line, pos = [], 1, 0
        for match in re.finditer(rb"\n(?=\r?(?:\n|$))", data):
            line += data[pos:match.start()].count(b"\n") + 1
            pos = match.start() + 1
            if match.start() + 1 < len(data):
                found.append(line)
        return found


def check_header(file_name: str, table: str, header: list[str]) -> list[str]:
    """Raise when required columns are missing or names repeat; warn about unknown ones."""
    cols = columns(BY_TABLE[table])
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise LoadError(f"{file_name}: column names repeat: {', '.join(repeated)}")
    missing = [c.name for c in cols if c.required and c.name not in header]
    if missing:
        raise LoadError(f"{file_name}: missing required columns for {table}: "
                        f"{', '.join(missing)} (found: {', '.join(header)})")
    known = {c.name for c in cols}
    unknown = [h for h in header if h not in known]
    return ([f"{file_name}: ignored unknown columns: {', '.join(unknown)}"] if unknown else [])


def _mixed_line_ends(path: Path) -> bool:
    """True when the file has both Windows (CRLF) and Unix (LF) line ends, which DuckDB's
    strict CSV reader refuses (a file edited on two systems)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"\r\n") != -1 and re.search(rb"(?<!\r)\n", data) is not None


@contextmanager
def _readable(path: Path) -> Iterator[Path]:
    """The file itself, or a copy with every CRLF turned into LF when line ends are mixed
    (same lines, so line numbers hold; the recorded size and sha256 stay the original's)."""
    if not _mixed_line_ends(path):
        yield path
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
        yield copy


def stage_csv(cur: duckdb.DuckDBPyConnection, path: Path, table: str, index: int) -> Staged:
    """Read one canonical CSV into `src_<index>`; rows the reader cannot split become rejects."""
    header = csv_header(path)
    warnings = check_header(path.name, table, header)
    options = _CSV_OPTIONS + f", rejects_table = 'rej_{index}', rejects_scan = 'scan_{index}'"
    name = f"src_{index}"
    with _readable(path) as readable:
        # a line longer than the reader's max_line_size (2 MB) is dropped without a reject
        # (DuckDB 1.x): no line is longer than the file, so none is dropped; an over-long
        # cell is then rejected by its length check with its line
        params = {"path": str(readable), "columns": dict.fromkeys(header, "VARCHAR"),
                  "longest": max(readable.stat().st_size + 1, 2_097_152)}
        try:
            cur.execute(f"create temp table read_{index} as select row_number() over () as _k, "
                        f"* from read_csv($path, {options}, max_line_size = $longest)", params)
        except duckdb.Error as exc:
            raise LoadError(f"{path.name}: cannot be read as CSV: {exc}") from exc
    rejects = cur.execute(
        f"select line, column_name, csv_line as value, error_type || ': ' || error_message "
        f"as reason from rej_{index} order by line").df()
    good = cur.execute(f"select count(*) from read_{index}").fetchall()[0][0]
    blanks = blank_lines(path)
    total = good + rejects["line"].nunique()
    # The reader skips rows it rejects and empty lines, so a good row's line is the k-th line
    # that is neither.
    cur.execute(f"""
        create temp table {name} as
        with lines as (
            select line, row_number() over (order by line) as k
            from range(2, $last) as t(line)
            where line not in (select line from rej_{index})
                and not list_contains($blanks, line)
        )
        select l.line as _line, r.* exclude (_k)
        from read_{index} as r
        join lines as l on l.k = r._k
    """, {"last": total + len(blanks) + 2, "blanks": blanks})
    return Staged(name, path.name, table, set(header), total, rejects, warnings)


def cell_text(value: Any) -> str | None:
    """A workbook cell as the text a CSV would hold (dates ISO, whole numbers without .0)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr() would write small numbers as 6.32e-05, which is not a canonical number
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.min.time() else \
            value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def stage_workbook(cur: duckdb.DuckDBPyConnection, path: Path, first: int) -> list[Staged]:
    """Read each sheet named after a canonical table into `src_<n>`; other sheets are warned."""
    check_workbook(path, path.name)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise LoadError(f"{path.name}: cannot be read as an XLSX workbook: {exc}") from exc
    staged, warnings = [], []
    for sheet in book.sheet_names:
        table = sheet.strip().lower()
        if table not in BY_TABLE:
            warnings.append(f"{path.name}: sheet '{sheet}' ignored, not a canonical table name")
            continue
        try:
            found = book.get_sheet_by_name(sheet)
            check_sheet(found, path.name)
            rows = found.to_python(skip_empty_area=False)
        except LoadError:  # over a limit: said as it is
            raise
        except Exception as exc:  # a damaged sheet inside a readable archive
            raise LoadError(f"{path.name}: cannot be read as an XLSX workbook: sheet "
                            f"'{sheet}' is damaged ({exc})") from exc
        if not rows:
            continue
        header = [str(h).strip().lower() or f"unnamed_{i}" for i, h in enumerate(rows[0], 1)]
        file_name = f"{path.name}[{sheet}]"
        sheet_warnings = check_header(file_name, table, header)
        # Python loop over cells: workbooks are bounded (1,048,576 rows) and small in practice.
        cells = [[cell_text(v) for v in r] for r in rows[1:]]
        frame = pd.DataFrame(cells, columns=header, dtype=object)
        frame.insert(0, "_line", range(2, len(frame) + 2))
        # empty rows are skipped, as the CSV reader skips empty lines
        frame = frame[[any(c is not None for c in r) for r in cells]]
        name = f"src_{first + len(staged)}"
        cur.register("sheet_frame", frame)
        cur.execute(f"create temp table {name} as "
                    "select _line, columns(* exclude (_line))::varchar from sheet_frame")
        cur.unregister("sheet_frame")
        staged.append(Staged(name, file_name, table, set(header), len(frame),
                             pd.DataFrame(columns=["line", "column_name", "value", "reason"]),
                             sheet_warnings))
    if not staged:
        raise LoadError(f"{path.name}: no sheet is named after a canonical table "
                        f"(sheets: {', '.join(book.sheet_names)})")
    staged[0].warnings[:0] = warnings
    return staged


def stage_frame(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame, file_name: str,
                table: str, index: int, *, insert_only: bool = False) -> Staged:
    """Stage canonical rows converted from an export (`_line` plus text columns) as
    `src_<index>`; the lines are the export's own."""
    known = {c.name for c in columns(BY_TABLE[table])}
    keep = ["_line", *[c for c in frame.columns if c in known]]
    text = frame[keep].astype({c: object for c in keep[1:]})
    name = f"src_{index}"
    cur.register("export_frame", text)
    cur.execute(f"create temp table {name} as "
                "select _line::bigint as _line, columns(* exclude (_line))::varchar "
                "from export_frame")
    cur.unregister("export_frame")
    return Staged(name, file_name, table, set(keep[1:]), len(text),
                  pd.DataFrame(columns=["line", "column_name", "value", "reason"]),
                  insert_only=insert_only)
