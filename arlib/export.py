"""Downloads: DataFrames to CSV and XLSX bytes, safe to open in a spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula
# injection); such text cells get a leading apostrophe, which the programs show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that would start a formula, prefixed with an apostrophe."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte order mark (so Excel reads accents), formulas neutralised."""
    return _neutralised(frame).to_csv(index=False).encode("utf-8-sig")


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
