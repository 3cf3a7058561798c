"""Date and amount cells of foreign exports as the text forms the strict validator accepts.

Dates become `YYYY-MM-DD` and money `-1234.56`. A cell that cannot be read is returned as it
was, so that validation rejects its row showing what the file said: nothing is guessed. Blank
cells become None. Every function takes a column (a list of cells) and reads each distinct
cell once, since an export column repeats a few dates and amounts over many rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Literal

DateOrder = Literal["dmy", "mdy"]
Mark = Literal[".", ","]

# a time of day after a date is dropped; a time zone is not, since it could move the day
_TIME = re.compile(r"[ T]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*[AaPp]\.?[Mm]\.?)?$")
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})", re.ASCII)
_DAY_MONTH = re.compile(r"(\d{1,2})[ \-./]*([A-Za-z]{3,9})\.?[ \-./,]*(\d{4}|\d{2})", re.ASCII)
_MONTH_DAY = re.compile(
    r"([A-Za-z]{3,9})\.?[ \-./]*(\d{1,2})(?:st|nd|rd|th)?(?:,?[ \-./]+|,)(\d{4}|\d{2})", re.ASCII)
_NUMBER = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
_NAMES = "january february march april may june july august september october november december"
_MONTHS = {n: i for i, name in enumerate(_NAMES.split(), 1) for n in (name, name[:3])}
_MONTHS["sept"] = 9
_LAST_SERIAL = 2958465  # 9999-12-31, the last day Excel can show

_CURRENCY = r"[A-Z]{0,3}[$€£¥₹]|[A-Z]{3}"
# not re.ASCII: the spaces around a currency are often no-break spaces
_AMOUNT = re.compile(
    rf"(?P<open>\()?\s*(?P<s1>[-+])?\s*(?P<c1>{_CURRENCY})?\s*(?P<s2>[-+])?\s*"
    r"(?P<num>[0-9](?:[0-9.,'’ \u00a0\u202f]*[0-9])?)"
    rf"\s*(?P<s3>-)?\s*(?P<c2>{_CURRENCY})?\s*(?P<s4>-)?\s*(?P<close>\))?")
# thousands groups: a first group without a leading zero, then groups of three, one separator
_GROUPED = re.compile(r"[1-9][0-9]{0,2}([.,'’ \u00a0\u202f])[0-9]{3}(?:\1[0-9]{3})*")
_NOT_MARK = re.compile(r"[^\d.,]", re.ASCII)


class AmbiguousDates(ValueError):
    """The day/month order of some date columns cannot be decided from the data."""

    def __init__(self, columns: list[str], examples: list[str]) -> None:
        self.columns = list(columns)
        self.examples = list(examples)
        names = ", ".join(repr(c) for c in self.columns)
        shown = ", ".join(repr(e) for e in self.examples)
        super().__init__(
            f"The day/month order of the dates in {names} cannot be decided from the data "
            f"(for example {shown}): choose day-first (dmy) or month-first (mdy).")


def _each(cells: Sequence[str | None],
          read: Callable[[str | None], str | None]) -> list[str | None]:
    """`read` of every cell, computed once per distinct cell."""
    seen = {cell: read(cell) for cell in dict.fromkeys(cells)}
    return [seen[cell] for cell in cells]


def _text(cell: str | None) -> str | None:
    """A cell stripped, without a trailing time of day; None when blank."""
    if cell is None or cell != cell:  # pandas hands NaN for an empty cell
        return None
    text = cell.strip()
    if ":" in text:
        text = _TIME.sub("", text).rstrip()
    return text or None


def _year(digits: str) -> int:
    """A year from 4 digits, or from 2 (00-69 are 2000-2069, 70-99 are 1970-1999)."""
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < 70 else 1900)


def _iso(year: int, month: int, day: int) -> str | None:
    """The ISO text of a calendar date, None when there is no such day."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _serial(text: str) -> str | None:
    """The ISO text of an Excel serial day number (1900 system), its time fraction dropped."""
    n = int(text.partition(".")[0])
    if not 1 <= n <= _LAST_SERIAL or n == 60:  # 60 is Excel's 1900-02-29, which never was
        return None
    return (date(1899, 12, 31 if n < 60 else 30) + timedelta(days=n)).isoformat()


def _date(text: str, order: DateOrder, serials: bool) -> str | None:
    """The ISO text of one stripped date cell, None when it is not a date."""
    if serials and _NUMBER.fullmatch(text) and (iso := _serial(text)):
        return iso
    if m := _ISO.fullmatch(text):
        return _iso(int(m[1]), int(m[3]), int(m[4]))
    if m := _NUMERIC.fullmatch(text):
        first, second = int(m[1]), int(m[3])
        day, month = (first, second) if order == "dmy" else (second, first)
        return _iso(_year(m[4]), month, day)
    if m := _COMPACT.fullmatch(text):
        return _iso(int(m[1]), int(m[2]), int(m[3])) if "1900" <= m[1] <= "2099" else None
    if m := _DAY_MONTH.fullmatch(text):
        month = _MONTHS.get(m[2].lower())
        return _iso(_year(m[3]), month, int(m[1])) if month else None
    if m := _MONTH_DAY.fullmatch(text):
        month = _MONTHS.get(m[1].lower())
        return _iso(_year(m[3]), month, int(m[2])) if month else None
    return None


def _date_cell(cell: str | None, order: DateOrder, serials: bool) -> str | None:
    """One date cell as ISO text; None when blank, the cell unchanged when not a date."""
    text = _text(cell)
    return None if text is None else (_date(text, order, serials) or cell)


def _order_matters(cell: str | None) -> bool:
    """True when a cell reads as a different date day-first than month-first."""
    text = _text(cell)
    return bool(text and _NUMERIC.fullmatch(text)
                and _date(text, "dmy", False) != _date(text, "mdy", False))


def _majority(votes: Counter[DateOrder]) -> DateOrder | None:
    """The order with more votes, None on a tie."""
    if votes["dmy"] == votes["mdy"]:
        return None
    return "dmy" if votes["dmy"] > votes["mdy"] else "mdy"


def date_order(cells: Sequence[str | None]) -> DateOrder | None:
    """The day/month order most numeric dates of one column show (a part over 12 is the day);
    None when no cell decides or as many cells show each order."""
    votes: Counter[DateOrder] = Counter()
    for cell, n in Counter(cells).items():
        text = _text(cell)
        if text and (m := _NUMERIC.fullmatch(text)):
            first, second = int(m[1]), int(m[3])
            if 12 < first <= 31 and 1 <= second <= 12:
                votes["dmy"] += n
            elif 12 < second <= 31 and 1 <= first <= 12:
                votes["mdy"] += n
    return _majority(votes)


def normalise_dates(columns: dict[str, Sequence[str | None]],
                    order: DateOrder | None = None) -> dict[str, list[str | None]]:
    """Every date column of one file as ISO text per cell (unreadable cells unchanged).

    A given `order` is used for every column: the user chose it. Otherwise each column takes
    the order its own data shows, else the order most other columns of the file show (one
    file, one locale). Raises AmbiguousDates when a column still has none and some of its
    cells read differently day-first and month-first (e.g. '03/04/2026').
    """
    orders = {name: order or date_order(cells) for name, cells in columns.items()}
    borrowed = _majority(Counter(o for o in orders.values() if o))
    undecided: dict[str, str] = {}
    for name, cells in columns.items():
        if orders[name] is None and borrowed is None:
            example = next((c for c in dict.fromkeys(cells) if _order_matters(c)), None)
            if example is not None:
                undecided[name] = example.strip()
    if undecided:
        raise AmbiguousDates(list(undecided), list(undecided.values()))

    result: dict[str, list[str | None]] = {}
    for name, cells in columns.items():
        # with no order needed every numeric cell reads the same either way
        chosen: DateOrder = orders[name] or borrowed or "dmy"
        texts = [t for c in dict.fromkeys(cells) if (t := _text(c))]
        # only a column of numbers alone holds Excel serials: beside '7/15/2026' a number is
        # an error to show, not a date
        serials = bool(texts) and all(_NUMBER.fullmatch(t) for t in texts)
        result[name] = _each(cells, partial(_date_cell, order=chosen, serials=serials))
    return result


def _shown_mark(marks: str) -> Mark | None:
    """The decimal mark one amount's digits and marks show, None when they show neither."""
    last = max(marks.rfind("."), marks.rfind(","))
    if last < 0 or last == len(marks) - 1:
        return None
    mark: Mark = "." if marks[last] == "." else ","
    other: Mark = "," if mark == "." else "."
    if other in marks:  # both: the last one splits off the decimals
        return mark
    if marks.count(mark) > 1:  # '1,234,567': a thousands separator repeats
        return other
    # money has at most two decimals, so three digits after a lone mark are a thousands group
    # (unless the part before is '0', which no grouping starts with)
    if len(marks) - last - 1 == 3 and marks[:last] not in ("", "0"):
        return other
    return mark


def decimal_mark(cells: Sequence[str | None]) -> Mark:
    """The decimal mark most amount cells of a file show; '.' when as many or none show ','."""
    votes: Counter[Mark] = Counter()
    for cell, n in Counter(cells).items():
        if isinstance(cell, str) and (mark := _shown_mark(_NOT_MARK.sub("", cell))):
            votes[mark] += n
    return "," if votes[","] > votes["."] else "."


def _amount(text: str, mark: Mark) -> str | None:
    """One stripped amount cell as canonical money text ('-1234.56'), None when it is not one."""
    if len(text) > 1 and text[0] == text[-1] == '"':  # a CSV quote left on the cell
        text = text[1:-1].strip()
    m = _AMOUNT.fullmatch(text)
    if m is None:
        return None
    opened, s1, c1, s2, number, s3, c2, s4, closed = m.groups()
    signs = (s1 or "") + (s2 or "") + (s3 or "") + (s4 or "")
    if (c1 and c2) or (opened is None) != (closed is None) or len(signs) + bool(opened) > 1:
        return None
    whole, point, decimals = number.partition(mark)
    if point and not decimals.isdigit():  # '12.' or a second decimal mark
        return None
    if not whole.isdigit():
        grouped = _GROUPED.fullmatch(whole)
        if grouped is None:
            return None
        whole = whole.replace(grouped[1], "")
    negative = (opened or signs == "-") and (whole + decimals).strip("0") != ""
    return ("-" if negative else "") + whole + ("." + decimals if decimals else "")


def normalise_amounts(cells: Sequence[str | None], mark: Mark) -> list[str | None]:
    """Amount cells as canonical money text per cell ('-1234.56'), unreadable cells unchanged."""

    def read(cell: str | None) -> str | None:
        text = None if cell is None or cell != cell else cell.strip()
        return (_amount(text, mark) or cell) if text else None

    return _each(cells, read)


# a symbol alone, or with the letters a country writes before it; '$' alone is ambiguous
_SYMBOLS = {"£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_DOLLARS = {"US": "USD", "U": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD",
            "NZ": "NZD", "HK": "HKD", "S": "SGD", "SG": "SGD", "R": "BRL", "MX": "MXN"}
AMBIGUOUS = "$"  # what amount_currencies gives for a '$' that names no country


def _currency_of(text: str) -> str | None:
    """The currency one amount cell names by symbol or code (AMBIGUOUS for '$' alone)."""
    m = _AMOUNT.fullmatch(text)
    mark = m and (m["c1"] or m["c2"])
    if not mark:
        return None
    symbol, letters = mark[-1], mark[:-1]
    if symbol.isalpha():  # a three-letter code
        return mark
    if symbol == "$":
        if letters in ("", "$"):
            return AMBIGUOUS
        return letters if len(letters) == 3 else _DOLLARS.get(letters, AMBIGUOUS)
    return letters if len(letters) == 3 else _SYMBOLS.get(symbol)


def amount_currencies(cells: Sequence[str | None]) -> list[str | None]:
    """The currency code each amount cell shows ('£1,200.00' -> 'GBP', '1.200,00 EUR' -> 'EUR',
    'US$5' -> 'USD'); AMBIGUOUS for '$' alone, None when the cell names none."""

    def read(cell: str | None) -> str | None:
        text = None if cell is None or cell != cell else cell.strip()
        return _currency_of(text) if text else None

    return _each(cells, read)
