"""Which layout a grid holds, where its header is, and how sure that is.

A layout's header match alone is not trusted: its confidence is the header match times the
plausibility of the values under it (its date columns hold dates, its amount columns amounts,
and a trial conversion of the first rows gives rows with every required field), so a file
whose header happens to contain a layout's signature is not taken for it (docs/rules.md,
"Imports of exports").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns
from arlib.intake.frames import ImportOptions, Source
from arlib.intake.grid import Grid
from arlib.intake.layouts import LAYOUTS, Layout
from arlib.intake.presets import Preset, canonical_layouts
from arlib.intake.proposals import amount_share, date_share, header_words
from arlib.intake.shape import HEADER_SCAN_ROWS, normalise, shape
from arlib.intake.values import AmbiguousDates

MIN_CONFIDENCE = 0.8  # header match below this: not the layout
MIN_PLAUSIBLE = 0.5  # share of the values under the header that must read as the layout's
TRIAL_ROWS = 200  # rows under the header read to judge the values
_SEPARATOR = re.compile(r"^[\s\-_=*.~—–|+#]*$")


@dataclass(frozen=True)
class Judged:
    """One layout judged on a grid: header match, value plausibility and their product."""

    layout: Layout
    at: int
    header: float
    values: float

    @property
    def confidence(self) -> float:
        return self.header * self.values

    @property
    def chosen(self) -> bool:
        """True when both the header and the values under it say it is this layout."""
        return self.header >= MIN_CONFIDENCE and self.values >= MIN_PLAUSIBLE


def candidates(presets: list[Preset]) -> list[Layout]:
    """Layouts in the order they are tried: saved mappings first (a user's own mapping of a
    header beats a built-in guess), then the built-in and canonical layouts."""
    return [p.layout() for p in presets] + list(LAYOUTS) + canonical_layouts()


def _head(grid: Grid, at: int) -> Grid:
    """The grid cut to its header and the first rows under it."""
    end = at + 1 + TRIAL_ROWS
    return replace(grid, rows=grid.rows[:end], lines=grid.lines[:end])


def plausibility(layout: Layout, grid: Grid, at: int) -> float:
    """0-1: how well the first rows under the header at `at` read as `layout`: the share of
    its date cells that are dates, of its amount cells that are amounts, and of the rows a
    trial conversion gives with every required field (the lowest of the three)."""
    shaped = shape(_head(grid, at), at, report=layout.report, key_column=layout.key_column)
    frame = shaped.frame
    if frame.empty:  # nothing to judge: the header decides (and the load says it is empty)
        return 1.0
    shares = []
    for names, share in ((layout.dates, date_share), (layout.amounts, amount_share)):
        cells = [c for n in names if n in frame for c in frame[n].dropna()]
        if cells:
            shares.append(share(cells))
    options = ImportOptions(date_order=layout.date_order, decimal=layout.decimal)
    try:
        try:
            src = Source(grid.file_name, shaped, options, layout.dates, layout.amounts)
        except AmbiguousDates:  # the order is asked later; either reads the same values
            src = Source(grid.file_name, shaped, replace(options, date_order="mdy"),
                         layout.dates, layout.amounts)
        tables = layout.convert(src)
    except (ValueError, KeyError, IndexError, TypeError):
        return 0.0
    shares.append(_complete(tables))
    return min(shares)


def _complete(tables: dict) -> float:
    """Share of converted rows (customers aside, unless they are all) with every required
    field filled."""
    main = {t: f for t, f in tables.items() if t != "customers" and len(f)} or {
        t: f for t, f in tables.items() if len(f)}
    total = filled = 0
    for table, frame in main.items():
        need = [c.name for c in columns(BY_TABLE[table]) if c.required]
        present = frame.reindex(columns=need)
        ok = present.notna().all(axis=1) & present.fillna("").astype(str).apply(
            lambda s: s.str.strip().ne("")).all(axis=1)
        total += len(frame)
        filled += int(ok.sum())
    return filled / total if total else 0.0


def judge(grid: Grid, layouts: list[Layout]) -> list[Judged]:
    """Every layout whose header matches some row of the first ones, judged on its values;
    best first."""
    rows = [[normalise(c) for c in row] for row in grid.rows[:HEADER_SCAN_ROWS]]
    out = []
    for layout in layouts:
        scores = [layout.confidence(h) for h in rows]
        if not scores or max(scores) < MIN_CONFIDENCE:
            continue
        at = scores.index(max(scores))
        out.append(Judged(layout, at, max(scores), plausibility(layout, grid, at)))
    return sorted(out, key=lambda j: (not j.chosen, -j.confidence))


def detect(grid: Grid, presets: list[Preset]) -> tuple[Layout | None, int, float]:
    """The best layout for a grid, the index of its header row and the confidence (0-1);
    no layout (None) when none is chosen, with the most header-like row."""
    judged = judge(grid, candidates(presets))
    if judged and judged[0].chosen:
        return judged[0].layout, judged[0].at, judged[0].confidence
    at = header_row(grid)
    return None, at, judged[0].confidence if judged else 0.0


# --- the header of any file ---------------------------------------------------------------

def _is_value(cell: str) -> bool:
    """True for a cell that is a date or an amount (not a header word)."""
    return date_share([cell]) == 1 or amount_share([cell]) == 1


def header_score(grid: Grid, i: int, words: set[str], widest: int) -> float:
    """0-1: how much row `i` looks like a header: several filled text cells (not values),
    known header words, and rows under it whose cells in its columns read as values."""
    row = grid.rows[i]
    filled = [(j, c.strip()) for j, c in enumerate(row) if c.strip()]
    if len(filled) < 2 or all(_SEPARATOR.fullmatch(c) for _, c in filled):
        return 0.0
    text = sum(1 for _, c in filled if not _is_value(c)) / len(filled)
    if text < 0.5:
        return 0.0
    width = len(filled) / max(widest, 1)
    known = sum(1 for _, c in filled if normalise(c) in words) / len(filled)
    below = grid.rows[i + 1:i + 11]
    cells = [r[j].strip() for r in below for j, _ in filled if j < len(r) and r[j].strip()]
    values = sum(1 for c in cells if _is_value(c)) / len(cells) if cells else 0.0
    return 0.25 * text + 0.25 * width + 0.3 * known + 0.2 * values


def header_row(grid: Grid) -> int:
    """The index of the row among the first ones that looks most like a header."""
    words = header_words() | {w for lay in LAYOUTS for w in (*lay.signature, *lay.optional)}
    scan = range(min(len(grid.rows), HEADER_SCAN_ROWS))
    widest = max((sum(1 for c in grid.rows[i] if c.strip()) for i in scan), default=1)
    scores = [header_score(grid, i, words, widest) for i in scan]
    return scores.index(max(scores)) if scores else 0


def data_rows(grid: Grid, at: int) -> int:
    """How many rows under the header `at` fill at least half of its columns (how much of a
    sheet is data, to propose the sheet that holds it)."""
    width = sum(1 for c in grid.rows[at] if c.strip()) if grid.rows else 0
    return sum(1 for r in grid.rows[at + 1:]
               if sum(1 for c in r if c.strip()) * 2 >= max(width, 2))
