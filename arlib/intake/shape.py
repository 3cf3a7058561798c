"""Report-shaped files to flat rows: header found below title rows, group rows carried down,
section and subtotal rows dropped (the subtotals kept to tie out), footers removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from arlib.intake.grid import Grid

HEADER_SCAN_ROWS = 40
_PREFIX = re.compile(r"^(?:sum|maximum|minimum|count|average) of ")
_TOTAL = re.compile(r"^total(?:s)?(?:\s+for)?(?:\s+(?P<name>.+))?$", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?:current|older|\d+\s*-\s*\d+(?:\s+days(?:\s+past\s+due)?)?|\d+ or more days past due"
    r"|>\s*\d+(?:\s+days)?|over \d+(?:\s+days)?|< ?1 month|\d+ months?)$", re.IGNORECASE)
_FOOTER = re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),.*\d:\d\d"
                     r"|\bGMT[+-]\d|^page \d+", re.IGNORECASE)
_AS_OF = re.compile(r"\bas (?:of|at)\b\s*:?\s*(?P<date>.+?)\s*$", re.IGNORECASE)


def normalise(name: str) -> str:
    """A header cell as matched against layouts: trimmed, lower-case, single spaces, without
    a template's leading `*` or a summary search's `Sum of ` prefix."""
    text = re.sub(r"\s+", " ", str(name).replace("\ufeff", "")).strip().lstrip("*").strip()
    return _PREFIX.sub("", text.lower())


@dataclass
class Total:
    """A subtotal or total row printed by the file: what it covers and its amounts by column."""

    label: str
    line: int
    scope: str  # 'group', 'section' or 'all'
    name: str
    cells: dict[str, str]


@dataclass
class Shaped:
    """The detail rows of a file under its header, with what the report rows said."""

    header: list[str]
    header_line: int
    frame: pd.DataFrame  # text columns named by the normalised header, plus _line/_group/_section
    titles: list[str]
    snapshot_text: str | None
    totals: list[Total] = field(default_factory=list)
    dropped: int = 0  # footer and other non-detail rows dropped


def header_index(grid: Grid, score) -> tuple[int, float]:
    """The row among the first ones that best matches a header (by `score`) and its score."""
    best, best_score = 0, -1.0
    for i, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        value = score([normalise(c) for c in row])
        if value > best_score:
            best, best_score = i, value
    return best, best_score


def _single(row: list[str]) -> str | None:
    """The text of a row that has exactly one filled cell, among its first two, else None."""
    filled = [(i, c.strip()) for i, c in enumerate(row) if c.strip()]
    if len(filled) == 1 and filled[0][0] <= 1:
        return filled[0][1]
    return None


def _unique(names: list[str]) -> list[str]:
    """Header names made unique: a repeated name gets ' (2)', ' (3)'... so no column is lost."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def shape(grid: Grid, at: int, *, report: bool, key_column: str | None) -> Shaped:
    """Split a grid at its header row `at` into detail rows and report rows.

    With `report` off (flat exports) every row under the header is a detail row.
    """
    header = [normalise(c) for c in grid.rows[at]]
    titles = [" ".join(c.strip() for c in row if c.strip()) for row in grid.rows[:at]]
    snapshot = next((m.group("date") for t in titles if (m := _AS_OF.search(t))), None)
    width = len(header)
    key = header.index(key_column) if key_column in header else None
    rows, lines, groups, sections, totals = [], [], [], [], []
    group = section = None
    dropped = 0
    ended = False
    for row, line in zip(grid.rows[at + 1:], grid.lines[at + 1:], strict=True):
        cells = (row + [""] * width)[:width] if len(row) < width else row[:width]
        if report:
            first = next((c.strip() for c in cells if c.strip()), "")
            match = _TOTAL.match(first)
            if ended or (_FOOTER.search(first) and _single(cells)):
                dropped += 1
                continue
            if match and (key is None or not cells[key].strip()):
                name = (match.group("name") or "").strip()
                scope = ("all" if not name else "section" if name == section else "group")
                totals.append(Total(first, line, scope, name or "all",
                                    {h: c for h, c in zip(header, cells, strict=True)
                                     if h and c.strip() and c.strip() != first}))
                if scope == "all":
                    ended = True
                elif scope == "section":
                    section = None
                continue
            label = _single(cells)
            if label is not None and (key is None or not cells[key].strip()):
                if _SECTION.match(label):
                    section = label
                else:
                    group = label
                continue
        rows.append(cells)
        lines.append(line)
        groups.append(group)
        sections.append(section)
    keep = [i for i, h in enumerate(header) if h]
    names = _unique([header[i] for i in keep])
    frame = pd.DataFrame([[r[i] for i in keep] for r in rows], columns=names, dtype=object)
    frame = frame.apply(lambda s: s.str.strip().replace("", None)) if len(frame) else frame
    frame.insert(0, "_line", pd.array(lines, dtype="int64"))
    frame["_group"] = groups
    frame["_section"] = sections
    return Shaped(names, grid.lines[at], frame, titles, snapshot, totals, dropped)
