"""Exports read back with pandas: same values, formulas neutralised, stamped workbooks."""

import io

import pandas as pd

from arlib.outputs import export


def test_csv_round_trips_and_neutralises_formulas():
    frame = pd.DataFrame({"name": ["Acme", "=HYPERLINK(\"x\")", "+1", "Café"],
                          "open_amt": [1.5, -2.0, 3.0, 4.25]})
    text = export.to_csv_bytes(frame)
    assert text.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accent
    back = pd.read_csv(io.BytesIO(text), encoding="utf-8-sig")
    assert back.name.tolist() == ["Acme", "'=HYPERLINK(\"x\")", "'+1", "Café"]
    assert back.open_amt.tolist() == [1.5, -2.0, 3.0, 4.25]  # numbers stay numbers


def test_xlsx_has_a_stamp_sheet_and_one_sheet_per_frame():
    data = export.to_xlsx_bytes(
        {"Aging by customer and a very long name": pd.DataFrame({"a": [1, 2]}),
         "Notes": pd.DataFrame({"text": ["@SUM(A1)", "fine"]})},
        stamp={"as of": "2024-12-31", "load": 3})
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(book) == ["About", "Aging by customer and a very lo", "Notes"]
    assert book["About"].values.tolist() == [["as of", "2024-12-31"], ["load", "3"]]
    assert book["Notes"].text.tolist() == ["'@SUM(A1)", "fine"]
