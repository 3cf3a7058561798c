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


def test_money_goes_out_to_the_cent_and_csv_and_xlsx_agree():
    # sums of binary floats, as an aggregation over many payments gives them
    frame = pd.DataFrame({"customer_id": ["C1", "C2"],
                          "open_amt": [sum([0.1] * 3), 454936.24 + 1e-10],
                          "amount": [0.1 + 0.2, 100.0],
                          "dso_days": [45.300000000000004, 12.0]})
    text = export.to_csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["C1,0.3,0.3,45.3", "C2,454936.24,100.0,12.0"]
    book = pd.read_excel(io.BytesIO(export.to_xlsx_bytes({"Data": frame})))
    assert book.open_amt.tolist() == [0.3, 454936.24]  # the same numbers in the workbook
    assert book.dso_days.tolist() == [45.3, 12.0]
