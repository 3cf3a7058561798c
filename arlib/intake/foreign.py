"""A file in any known layout (or a saved mapping) as canonical tables, with its tie-out.

`convert` is the one entry point: it reads the file, finds its header and layout, converts
the detail rows and keeps the file's own totals to compare with what loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns as canonical_columns
from arlib.intake.detection import (
    MIN_CONFIDENCE,
    MIN_PLAUSIBLE,
    candidates,
    data_rows,
    detect,
    judge,
)
from arlib.intake.detection import header_row as find_header
from arlib.intake.frames import ImportOptions, Source, cents, latest_date, money
from arlib.intake.grid import Grid, read_grids
from arlib.intake.layouts import Layout
from arlib.intake.presets import Preset, describe_needs
from arlib.intake.proposals import propose
from arlib.intake.reading import LoadError
from arlib.intake.shape import Total, header_index, normalise, shape
from arlib.intake.values import AmbiguousDates, normalise_amounts

__all__ = ["MIN_CONFIDENCE", "MIN_PLAUSIBLE", "Converted", "DateOrderNeeded", "Inspection",
           "convert", "convert_grid", "detect", "inspect", "tie_out"]
SAMPLES = 3
PREVIEW_ROWS = 30  # rows of the file shown as read on the Import page


class DateOrderNeeded(LoadError):
    """The day/month order of a file's dates cannot be told from the data: ask the user."""

    def __init__(self, file_name: str, problem: AmbiguousDates) -> None:
        self.file_name, self.columns, self.examples = file_name, problem.columns, problem.examples
        super().__init__(f"{file_name}: {problem} (choose day-first or month-first: "
                         "--day-first / --month-first on the command line)")


@dataclass
class Inspection:
    """What a file looks like before it is loaded: its layout (or None), header and samples,
    and a proposed mapping for an unknown layout."""

    file_name: str
    layout: Layout | None
    confidence: float
    header_line: int
    columns: pd.DataFrame  # column, samples (first values under the header)
    table: str  # proposed canonical table (for an unknown layout)
    proposal: dict[str, str]  # canonical column -> file header
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets with data
    sheet: str | None = None  # the sheet described (proposed or chosen)
    header_row: int = 1  # the header's line in the file (= header_line)
    preview: pd.DataFrame | None = None  # the first rows as read: line, then the cells
    rows: list[list[str]] = field(default_factory=list)  # sample rows under the header


@dataclass
class Converted:
    """One file (or sheet) converted: its layout, canonical tables and the file's totals."""

    file_name: str
    layout: Layout
    confidence: float
    header: list[str]
    header_line: int
    tables: dict[str, pd.DataFrame]
    snapshot_on: str | None
    detail: pd.DataFrame  # the detail rows as read (tie-out base), amounts normalised
    totals: list[Total]
    mark: str  # the file's decimal mark, for its printed totals
    warnings: list[str] = field(default_factory=list)


def _at(grid: Grid, header_row: int | None) -> int | None:
    """The index of the grid row on the file's line `header_row` (None when not given)."""
    if header_row is None:
        return None
    if not grid.complete and header_row > grid.lines[-1]:
        raise LoadError(f"{grid.file_name}: line {header_row:,} is below the first "
                        f"{grid.lines[-1]:,} lines, the ones shown here: choose the line of "
                        "the column names among them")
    if header_row not in grid.lines:
        raise LoadError(f"{grid.file_name}: line {header_row} is empty or not in the file, so it "
                        "cannot be the header row (choose a line that holds the column names)")
    return grid.lines.index(header_row)


def _detect_at(grid: Grid, presets: list[Preset], at: int | None
               ) -> tuple[Layout | None, int, float]:
    """detect(), or the best layout for the header on the row the user chose."""
    if at is None:
        return detect(grid, presets)
    one = replace(grid, rows=grid.rows[at:], lines=grid.lines[at:])
    judged = [j for j in judge(one, candidates(presets)) if j.at == 0]
    if judged and judged[0].chosen:
        return judged[0].layout, at, judged[0].confidence
    return None, at, judged[0].confidence if judged else 0.0


def mapped_layout(mapping: Preset) -> Layout:
    """A saved mapping as a report-aware layout: group rows carried down, subtotal and total
    rows recognised (by label or arithmetic) and compared with its amount columns."""
    layout = mapping.layout()
    ids = [c.name for c in canonical_columns(BY_TABLE[mapping.table])
           if c.required and c.name.endswith("_id")]
    own = next((c for c in ids if c != "customer_id"), ids[0] if ids else None)
    key = normalise(mapping.columns[own]) if own in mapping.columns else None
    return replace(layout, report=True, key_column=key, tie=layout.amounts)


def unknown_layout_message(grid: Grid, at: int) -> str:
    """What an unrecognised file holds and what a known table needs."""
    found = [c.strip() for c in grid.rows[at] if c.strip()]
    return (f"{grid.file_name}: unknown layout. Columns found: {', '.join(found)}. "
            f"{describe_needs()} Map the columns once on the Import page (or pass "
            "--mapping PRESET) and the mapping is recognised from then on.")


def convert_grid(grid: Grid, presets: list[Preset], options: ImportOptions,
                 mapping: Preset | None = None, *, header_row: int | None = None
                 ) -> Converted:
    """Convert one grid: the given mapping, else the detected layout; LoadError otherwise.
    `header_row` (the file's line number) is the header the user chose."""
    chosen = _at(grid, header_row)
    if mapping is not None:
        layout = mapped_layout(mapping)
        at, confidence = header_index(grid, layout.confidence)
        if chosen is not None:
            at, confidence = chosen, layout.confidence(
                [normalise(c) for c in grid.rows[chosen]])
        elif confidence <= 0:
            at = find_header(grid)
    else:
        layout, at, confidence = _detect_at(grid, presets, chosen)
        if layout is None:
            raise LoadError(unknown_layout_message(grid, at))
    # what the user chose now wins over what a saved mapping remembers
    options = replace(options, date_order=options.date_order or layout.date_order,
                      decimal=options.decimal or layout.decimal)
    shaped = shape(grid, at, report=layout.report, key_column=layout.key_column,
                   amounts=layout.tie)
    if shaped.frame.empty:
        raise LoadError(f"{grid.file_name}: no data rows under the header (line "
                        f"{shaped.header_line})")
    try:
        src = Source(grid.file_name, shaped, options, layout.dates, layout.amounts)
    except AmbiguousDates as exc:
        raise DateOrderNeeded(grid.file_name, exc) from exc
    detail = shaped.frame.copy()
    try:
        tables = layout.convert(src)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        # a file that matches a header but not the layout's content: say so, never a traceback
        raise LoadError(f"{grid.file_name}: looks like {layout.name} but cannot be read as "
                        f"one ({type(exc).__name__}: {exc})") from exc
    warnings = list(src.warnings)
    dropped = [c for c in layout.drop if c in shaped.header]
    if dropped:
        warnings.append(f"{grid.file_name}: ignored columns that are not data "
                        f"(model output): {', '.join(dropped)}")
    snapshot = src.snapshot_on()
    if snapshot is None and layout.kind == "snapshot" and "invoices" in tables:
        snapshot = latest_date(tables["invoices"]["invoice_on"])
        warnings.append(f"{grid.file_name}: the file states no 'As of' date, so its snapshot "
                        f"date is taken as its latest document date, {snapshot} (set another "
                        "on the Import page or with --snapshot-on)")
    return Converted(grid.file_name, layout, round(confidence, 2), shaped.header,
                     shaped.header_line, {t: f for t, f in tables.items() if len(f)},
                     snapshot, detail, shaped.totals, src.mark, warnings)


def _sheet(grids: list[Grid], sheet: str | None, name: str) -> list[Grid]:
    """The grids of the chosen sheet (all when none is chosen)."""
    if sheet is None:
        return grids
    found = [g for g in grids if g.sheet == sheet]
    if not found:
        names = ", ".join(repr(g.sheet) for g in grids if g.sheet) or "none"
        raise LoadError(f"{name}: no sheet '{sheet}' with data (sheets with data: {names})")
    return found


def _mapped_grid(grids: list[Grid], mapping: Preset) -> Grid:
    """The sheet whose header the mapping matches best (the first on a tie)."""
    layout = mapping.layout()
    return max(grids, key=lambda g: header_index(g, layout.confidence)[1])


def convert(path: Path, name: str, presets: list[Preset], options: ImportOptions,
            mapping: Preset | None = None, *, sheet: str | None = None,
            header_row: int | None = None,
            tick: Callable[[float], None] | None = None) -> list[Converted]:
    """Every grid of a file converted (a workbook's sheets: those of a known layout).
    `sheet` (a sheet name) and `header_row` (the header's line) are the user's choices;
    `tick` is told the share of a text file read (grid.read_text)."""
    grids = _sheet(read_grids(path, name, tick=tick), sheet, name)
    if mapping is not None:
        return [convert_grid(_mapped_grid(grids, mapping), presets, options, mapping,
                             header_row=header_row)]
    if len(grids) == 1 or header_row is not None:
        return [convert_grid(grids[0], presets, options, header_row=header_row)]
    out = []
    for grid in grids:
        layout, _, _ = detect(grid, presets)
        if layout is not None:
            out.append(convert_grid(grid, presets, options))
    if not out:
        raise LoadError(unknown_layout_message(grids[0], find_header(grids[0])))
    return out


def proposed_sheet(grids: list[Grid], presets: list[Preset]) -> Grid:
    """The sheet that holds the data: one of a known layout (the most confident), else the
    one with the most data rows under its header."""
    found = [(detect(g, presets), g) for g in grids]
    known = [(conf, g) for (layout, _, conf), g in found if layout is not None]
    if known:
        return max(known, key=lambda x: x[0])[1]
    return max(grids, key=lambda g: data_rows(g, find_header(g)))


def preview_frame(grid: Grid, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first rows of a grid as read: the file's line number, then the cells (A, B, …)."""
    width = max((len(r) for r in grid.rows[:rows]), default=0)
    names = [_letters(i) for i in range(width)]
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in grid.rows[:rows]],
                         columns=names, dtype=object)
    frame.insert(0, "line", grid.lines[:rows])
    return frame


def _letters(i: int) -> str:
    """A column's spreadsheet letter: 0 -> A, 26 -> AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def inspect(path: Path, name: str, presets: list[Preset], *, sheet: str | None = None,
            header_row: int | None = None) -> Inspection:
    """A file described for the Import page: its sheets, the sheet and header row proposed
    (or chosen: `sheet` by name, `header_row` by line), its layout or a proposed mapping.
    Of a text file only the first lines are read (grid.HEAD_BYTES): the load reads it all."""
    grids = read_grids(path, name, head=True)
    grid = _sheet(grids, sheet, name)[0] if sheet else proposed_sheet(grids, presets)
    layout, at, confidence = _detect_at(grid, presets, _at(grid, header_row))
    header = grid.rows[at]
    below = [r for r in grid.rows[at + 1:at + 1 + 50] if sum(1 for c in r if c.strip()) > 1]
    columns = pd.DataFrame({
        "column": [h.strip() for h in header],
        "samples": [" | ".join(r[i].strip() for r in below[:SAMPLES]
                               if i < len(r) and r[i].strip())
                    for i in range(len(header))]})
    keep = columns["column"] != ""
    rows = [[r[i] if i < len(r) else "" for i in range(len(header)) if keep[i]] for r in below]
    columns = columns[keep].reset_index(drop=True)
    table, proposal = propose(list(columns["column"]), rows=rows)
    return Inspection(grid.file_name, layout, round(confidence, 2), grid.lines[at], columns,
                      table, proposal, [g.sheet for g in grids if g.sheet], grid.sheet,
                      grid.lines[at], preview_frame(grid), rows)


def tie_out(conv: Converted, rejected_lines: set[int]) -> pd.DataFrame:
    """The file's own totals against the sum of the loaded detail rows they cover: one row
    per total and column (amounts in the file's currency, as printed)."""
    rows = []
    detail = conv.detail[~conv.detail["_line"].isin(rejected_lines)]
    for total in conv.totals:
        if total.scope == "rows":
            part = detail[detail["_line"].isin(total.covers)]
        elif total.scope == "group":
            part = detail[detail["_group"] == total.name]
        elif total.scope == "section":
            part = detail[detail["_section"] == total.name]
        else:
            part = detail
        for column in conv.layout.tie:
            printed = total.cells.get(column)
            if printed is None or column not in detail:
                continue
            src_total = _amount(printed, conv.mark)
            loaded = int(cents(part[column]).sum())
            rows.append({"file_name": conv.file_name, "total": total.label, "line": total.line,
                         "column": column, "file_total": src_total, "loaded": loaded})
    frame = pd.DataFrame(rows, columns=["file_name", "total", "line", "column", "file_total",
                                        "loaded"])
    frame["difference"] = frame["loaded"] - frame["file_total"]
    for col in ("file_total", "loaded", "difference"):
        frame[col] = money(frame[col].astype("Int64"))
    return frame


def _amount(text: str, mark: str) -> int | None:
    """A printed total in cents (None when it is not an amount)."""
    value = normalise_amounts([text], mark)[0]
    parsed = cents(pd.Series([value], dtype=object))[0]
    return None if pd.isna(parsed) else int(parsed)
