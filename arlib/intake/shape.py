"""Report-shaped files to flat rows: header found below title rows, group rows carried down,
section and subtotal rows dropped (the subtotals kept to tie out), footers removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from arlib.intake.grid import Grid
from arlib.intake.values import decimal_mark, normalise_amounts, normalise_dates

HEADER_SCAN_ROWS = 50
_PREFIX = re.compile(r"^(?:sum|maximum|minimum|count|average) of ")
_TOTAL = re.compile(r"^(?:grand\s+)?total(?:s)?(?:\s+for)?(?:\s+(?P<name>.+))?$"
                    r"|^(?P<tail>.+?)\s+total$", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^sub-?\s*totals?:?$", re.IGNORECASE)
_GRAND = {"grand", "report", "overall", "general", "all", "final"}  # "Report Total"…
_SEPARATOR = re.compile(r"^[\s\-_=*.~—–|+#]*$")
_SECTION = re.compile(
    r"^(?:current|older|\d+\s*-\s*\d+(?:\s+days(?:\s+past\s+due)?)?|\d+ or more days past due"
    r"|>\s*\d+(?:\s+days)?|over \d+(?:\s+days)?|< ?1 month|\d+ months?)$", re.IGNORECASE)
_FOOTER = re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),.*\d:\d\d"
                     r"|\bGMT[+-]\d|^page \d+", re.IGNORECASE)
_AS_OF = re.compile(r"\bas (?:of|at)\b\s*:?\s*(?P<date>.+?)\s*$", re.IGNORECASE)
# an ending balance printed under a group's lines (OCA's "Partner cumul aged balance")
_ENDING = re.compile(r"^(?:\w+\s+)?(?:cumul\w*|ending|closing)\b.*\bbalance$", re.IGNORECASE)
# a row of shares under a total (OCA's "Percents"): not data, not a total
_PERCENTS = re.compile(r"^(?:percents?|percentages?|%)$", re.IGNORECASE)
# the name given to a blank first header cell when a layout keys on that column (Odoo's
# report leaves the header of its line-name column blank)
LINE_NAME = "(line name)"


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
    scope: str  # 'group', 'section', 'all' or 'rows' (the rows since the last total)
    name: str
    cells: dict[str, str]
    covers: tuple[int, ...] = ()  # scope 'rows': the detail lines it sums


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


def _footer(row: list[str]) -> bool:
    """True for a printed-on or page line, also when an unquoted comma split it in two."""
    filled = [(i, c.strip()) for i, c in enumerate(row) if c.strip()]
    return (0 < len(filled) <= 3 and filled[0][0] <= 1
            and bool(_FOOTER.search(", ".join(c for _, c in filled))))


def _unique(names: list[str]) -> list[str]:
    """Header names made unique: a repeated name gets ' (2)', ' (3)'... so no column is lost."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def separator(row: list[str]) -> bool:
    """True for a row of rules only (dashes, underscores, equals signs) or blank-ish cells."""
    return all(_SEPARATOR.fullmatch(c) for c in row)


def _snapshot(titles: list[str]) -> str | None:
    """The "As of"/"As at" date of the title lines, else a title line that is a date alone."""
    found = next((m.group("date") for t in titles if (m := _AS_OF.search(t))), None)
    if found:
        return found
    for title in titles:
        text = re.sub(r"^(?:date|report date|run date|printed)\s*:?\s*", "", title,
                      flags=re.IGNORECASE)
        if normalise_dates({"t": [text]}, "mdy")["t"][0] != text and re.search(r"\d", text):
            return text
    return None


def _cents(cell: str, mark: str) -> int | None:
    """An amount cell in cents, None when it is empty or not an amount."""
    value = normalise_amounts([cell], mark)[0] if cell.strip() else None
    if value is None or not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return None
    return int((Decimal(value) * 100).to_integral_value())


class _Sums:
    """Running sums of the amount columns over the detail rows since the last boundary."""

    def __init__(self, columns: list[int], mark: str) -> None:
        self.columns, self.mark = columns, mark
        self.lines: list[int] = []
        self.sums = dict.fromkeys(columns, 0)

    def add(self, cells: list[str], line: int) -> None:
        self.lines.append(line)
        for i in self.columns:
            self.sums[i] += _cents(cells[i], self.mark) or 0

    def equals(self, cells: list[str]) -> bool:
        """True when the row's amounts (one at least) are the sums of the rows so far."""
        shown = {i: _cents(cells[i], self.mark) for i in self.columns if cells[i].strip()}
        return (bool(self.lines) and bool(shown) and None not in shown.values()
                and all(self.sums[i] == v for i, v in shown.items()))


def _total_label(first: str) -> tuple[str, str] | None:
    """(scope, name) of a row whose label reads as a total, else None."""
    if _SUBTOTAL.match(first) or _ENDING.match(first):
        return "rows", first
    match = _TOTAL.match(first)
    if not match:
        return None
    name = (match.group("name") or match.group("tail") or "").strip().lstrip("-–—:").strip()
    if not name or name.lower() in _GRAND:
        return "all", "all"
    return "group", name


def _fit(row: list[str], width: int) -> list[str]:
    """A row cut or padded to the header's width."""
    return (row + [""] * width)[:width] if len(row) < width else row[:width]


def _label_only(cells: list[str], money_at: list[int]) -> str | None:
    """The label of a row that holds a label and amounts and nothing else, else None."""
    others = [c.strip() for i, c in enumerate(cells) if c.strip() and i not in money_at]
    amounts = [i for i in money_at if cells[i].strip()]
    return others[0] if len(others) == 1 and amounts else None


def _sums_below(body: list[list[str]], start: int, width: int, money_at: list[int],
                mark: str, header: list[str]) -> _Sums:
    """The sums of the amount columns over the rows under row `start`, up to the next group,
    total or labelled amount row (what a group row that carries its total covers)."""
    sums = _Sums(money_at, mark)
    for row in body[start + 1:]:
        cells = _fit(row, width)
        first = next((c.strip() for c in cells if c.strip()), "")
        if separator(cells) or [normalise(c) for c in cells] == header:
            continue
        if _total_label(first) or _PERCENTS.match(first) or _single(cells) is not None \
                or _label_only(cells, money_at) is not None:
            break
        sums.add(cells, 0)
    return sums


def shape(grid: Grid, at: int, *, report: bool, key_column: str | None,
          amounts: tuple[str, ...] = ()) -> Shaped:
    """Split a grid at its header row `at` into detail rows and report rows.

    With `report` off (flat exports) every row under the header is a detail row. In a report
    a total is known by its label, or by arithmetic: a row without a key whose `amounts`
    equal the sums of the detail rows since the previous total or group row. A row holding
    only a label and amounts above the rows that add up to them (Odoo's partner line) is
    a group row carrying its group's total; with `key_column` LINE_NAME (the blank first
    header cell) every such row is one. A header printed again after a grand total opens
    another block, each block's "Total" covering its own rows.
    """
    raw_header = [normalise(c) for c in grid.rows[at]]
    header = list(raw_header)
    if key_column == LINE_NAME and header and not header[0]:
        header[0] = LINE_NAME
    titles = [" ".join(c.strip() for c in row if c.strip()) for row in grid.rows[:at]
              if not separator(row)]
    snapshot = _snapshot(titles)
    width = len(header)
    key = header.index(key_column) if key_column in header else None
    money_at = [i for i, h in enumerate(header) if h and h in amounts]
    body = grid.rows[at + 1:]
    mark = decimal_mark([r[i] for r in body[:2000] for i in money_at if i < len(r)])
    since, overall = _Sums(money_at, mark), _Sums(money_at, mark)
    rows, lines, groups, sections, totals = [], [], [], [], []
    group = section = waiting = None
    dropped, blocks = 0, 1
    ended = False
    for index, (row, line) in enumerate(zip(body, grid.lines[at + 1:], strict=True)):
        cells = _fit(row, width)
        if report:
            first = next((c.strip() for c in cells if c.strip()), "")
            repeated = [normalise(c) for c in cells] == raw_header
            if ended and repeated:
                # OCA prints one block per account, each ending with its own "Total"
                ended, blocks, group = False, blocks + 1, waiting
                since, overall = _Sums(money_at, mark), _Sums(money_at, mark)
            if ended or _footer(cells) or separator(cells) or repeated \
                    or _PERCENTS.match(first):
                if ended and _single(cells) and not _footer(cells):
                    waiting = _single(cells)  # the group of a block that may follow
                dropped += 1  # footers, rules, shares and a header repeated at a page break
                continue
            keyless = key is None or not cells[key].strip()
            # a total's label may sit in the key's column (the first one, often)
            labelled = _total_label(first) if keyless or cells[key].strip() == first else None
            others = [c for i, c in enumerate(cells) if c.strip() and i not in money_at]
            by_sum = keyless and len(others) <= 1
            summed = by_sum and since.equals(cells)
            # a total without a label that adds up every row so far: the grand total (right
            # after another total, or after groups printed without their own totals)
            grand = by_sum and bool(overall.lines) and overall.equals(cells) and (
                (not since.lines and bool(totals)) or len(overall.lines) > len(since.lines))
            if labelled or summed or grand:
                label = first if labelled or first not in [cells[i].strip() for i in money_at] \
                    else ""
                scope, name = labelled or (("all", "all") if grand and not summed
                                           else ("rows", label or "subtotal"))
                if scope == "group" and name == section:
                    scope = "section"
                elif scope == "group" and name.casefold() != (group or "").casefold():
                    scope = "rows"  # "Total X" without a group row X: the rows above it
                covers = {"rows": since.lines, "all": overall.lines}.get(scope, [])
                totals.append(Total(label or "(total without a label)", line, scope, name,
                                    {h: c for h, c in zip(header, cells, strict=True)
                                     if h and c.strip() and (not label or c.strip() != label)},
                                    tuple(covers)))
                if scope == "all":
                    ended = True
                elif scope == "section":
                    section = None
                since = _Sums(money_at, mark)
                continue
            owner = _label_only(cells, money_at)
            if owner is not None and (
                    (key is not None and header[key] == LINE_NAME and cells[key].strip() == owner)
                    or _sums_below(body, index, width, money_at, mark, raw_header).equals(cells)):
                # a group row printing its group's total above the group's rows
                group = owner
                totals.append(Total(owner, line, "group", owner,
                                    {header[i]: cells[i] for i in money_at if cells[i].strip()}))
                since = _Sums(money_at, mark)
                continue
            # a cell alone on its row is a group or section label, even in the key's column
            # (reports print the customer in the first column, above its documents)
            label = _single(cells)
            if label is not None and not summed:
                if _SECTION.match(label):
                    section = label
                else:
                    group = label
                since = _Sums(money_at, mark)
                continue
            since.add(cells, line)
            overall.add(cells, line)
        rows.append(cells)
        lines.append(line)
        groups.append(group)
        sections.append(section)
    if blocks > 1:  # each block's "Total" covers its own rows, not the whole file
        for total in totals:
            if total.scope == "all":
                total.scope = "rows"
    keep = [i for i, h in enumerate(header) if h]
    names = _unique([header[i] for i in keep])
    frame = pd.DataFrame([[r[i] for i in keep] for r in rows], columns=names, dtype=object)
    frame = frame.apply(lambda s: s.str.strip().replace("", None)) if len(frame) else frame
    frame.insert(0, "_line", pd.array(lines, dtype="int64"))
    frame["_group"] = groups
    frame["_section"] = sections
    return Shaped(names, grid.lines[at], frame, titles, snapshot, totals, dropped)


def detail_values(header: list[str], rows: list[list[str]], column: str, *,
                  key: str | None = None, amounts: tuple[str, ...] = ()) -> list[str]:
    """Distinct values of `column` on the detail rows among sample `rows` under `header`, in
    order of first appearance: group, subtotal and total rows left out (their labels are
    not values of the column)."""
    grid = Grid("sample", [list(header), *rows], list(range(1, len(rows) + 2)), "utf-8", ",")
    shaped = shape(grid, 0, report=True, key_column=normalise(key) if key else None,
                   amounts=tuple(normalise(a) for a in amounts))
    kept = [h for h in header if h.strip()]
    values = shaped.frame.iloc[:, 1 + kept.index(column)].dropna()
    return list(dict.fromkeys(values.str.strip()))
