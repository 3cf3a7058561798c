"""Downloads: DataFrames to CSV and XLSX bytes, safe to open in a spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula
# injection); such text cells get a leading apostrophe, which the programs show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FRACTION_DIGITS = 6  # ratios and day averages: more than any page shows, no float noise


def _safe(value: object) -> object:
    """A text that would start a formula, prefixed with an apostrophe; anything else as is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def is_money(column: object) -> bool:
    """True for a column that holds money by the naming rule of the figures ('*_amt',
    'amount', '*_amount')."""
    name = str(column)
    return name.endswith(("_amt", "_amount")) or name == "amount"


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells and column names that would start a formula, prefixed with an apostrophe
    (a column name can come from the data, and a header cell is a cell like any other);
    money rounded to the cent and other fractions to FRACTION_DIGITS, so that no binary
    artefact ('454936.24000000005') reaches a file, and CSV and XLSX hold the same value."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe)
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(2 if is_money(column) else FRACTION_DIGITS)
    out.columns = [_safe(c) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte order mark (so Excel reads accents), formulas neutralised.

    Lines end in CRLF (RFC 4180, as Excel writes them): a field holding a line break of
    either kind is then quoted. With LF alone a bare CR in a note went out unquoted, and a
    spreadsheet starts a new row there, whose first cell can be a formula."""
    return _neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame],
                  stamp: Mapping[str, object] | None = None) -> bytes:
    """An XLSX workbook with one sheet per frame (names cut to Excel's 31 characters) and,
    when given, a first sheet `About` listing what the export was made from."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if stamp:
            about = pd.DataFrame({"item": list(stamp), "value": [str(v) for v in stamp.values()]})
            _neutralised(about).to_excel(writer, sheet_name="About", index=False)
        for name, frame in sheets.items():
            _neutralised(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
