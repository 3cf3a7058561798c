"""A file in any known layout (or a saved mapping) as canonical tables, with its tie-out.

`convert` is the one entry point: it reads the file, finds its header and layout, converts
the detail rows and keeps the file's own totals to compare with what loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from arlib.intake.frames import ImportOptions, Source, cents, latest_date, money
from arlib.intake.grid import Grid, read_grids
from arlib.intake.layouts import LAYOUTS, Layout
from arlib.intake.presets import Preset, canonical_layouts, describe_needs
from arlib.intake.proposals import propose
from arlib.intake.reading import LoadError
from arlib.intake.shape import Total, header_index, normalise, shape
from arlib.intake.values import AmbiguousDates, normalise_amounts

MIN_CONFIDENCE = 0.8
SAMPLES = 3


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


def _candidates(presets: list[Preset]) -> list[Layout]:
    # saved mappings first: a user's own mapping of a header beats a built-in guess
    return [p.layout() for p in presets] + list(LAYOUTS) + canonical_layouts()


def detect(grid: Grid, presets: list[Preset]) -> tuple[Layout | None, int, float]:
    """The best layout for a grid, the index of its header row and the confidence (0-1)."""
    layouts = _candidates(presets)
    at, score = header_index(grid, lambda h: max(lay.confidence(h) for lay in layouts))
    if score < MIN_CONFIDENCE:
        return None, at, score
    header = [normalise(c) for c in grid.rows[at]]
    best = max(layouts, key=lambda lay: lay.confidence(header))
    return best, at, score


def unknown_layout_message(grid: Grid, at: int) -> str:
    """What an unrecognised file holds and what a known table needs."""
    found = [c.strip() for c in grid.rows[at] if c.strip()]
    return (f"{grid.file_name}: unknown layout. Columns found: {', '.join(found)}. "
            f"{describe_needs()} Map the columns once on the Import page (or pass "
            "--mapping PRESET) and the mapping is recognised from then on.")


def convert_grid(grid: Grid, presets: list[Preset], options: ImportOptions,
                 mapping: Preset | None = None) -> Converted:
    """Convert one grid: the given mapping, else the detected layout; LoadError otherwise."""
    if mapping is not None:
        layout = mapping.layout()
        at, confidence = header_index(grid, layout.confidence)
        if confidence <= 0:
            at = 0
    else:
        layout, at, confidence = detect(grid, presets)
        if layout is None:
            raise LoadError(unknown_layout_message(grid, at))
    # what the user chose now wins over what a saved mapping remembers
    options = replace(options, date_order=options.date_order or layout.date_order,
                      decimal=options.decimal or layout.decimal)
    shaped = shape(grid, at, report=layout.report, key_column=layout.key_column)
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


def convert(path: Path, name: str, presets: list[Preset], options: ImportOptions,
            mapping: Preset | None = None) -> list[Converted]:
    """Every grid of a file converted (a workbook's sheets: those of a known layout)."""
    grids = read_grids(path, name)
    if len(grids) == 1 or mapping is not None:
        return [convert_grid(grids[0], presets, options, mapping)]
    out = []
    for grid in grids:
        layout, _, _ = detect(grid, presets)
        if layout is not None:
            out.append(convert_grid(grid, presets, options))
    if not out:
        raise LoadError(unknown_layout_message(grids[0], header_index(grids[0],
                                                                      lambda h: 0)[0]))
    return out


def inspect(path: Path, name: str, presets: list[Preset]) -> Inspection:
    """The first grid of a file described for the mapping screen."""
    grid = read_grids(path, name)[0]
    layout, at, confidence = detect(grid, presets)
    header = grid.rows[at]
    below = grid.rows[at + 1:at + 1 + SAMPLES]
    columns = pd.DataFrame({
        "column": [h.strip() for h in header],
        "samples": [" | ".join(r[i].strip() for r in below if i < len(r) and r[i].strip())
                    for i in range(len(header))]})
    columns = columns[columns["column"] != ""].reset_index(drop=True)
    table, proposal = propose(list(columns["column"]))
    return Inspection(grid.file_name, layout, round(confidence, 2), grid.lines[at], columns,
                      table, proposal)


def tie_out(conv: Converted, rejected_lines: set[int]) -> pd.DataFrame:
    """The file's own totals against the sum of the loaded detail rows they cover: one row
    per total and column (amounts in the file's currency, as printed)."""
    rows = []
    detail = conv.detail[~conv.detail["_line"].isin(rejected_lines)]
    for total in conv.totals:
        if total.scope == "group":
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
