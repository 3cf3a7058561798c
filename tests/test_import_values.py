"""Date and amount cells of foreign exports to canonical text (arlib.intake.values), by hand.

Expected values are written out, never computed with the code under test; the two property
tests at the end format random dates and amounts the ways ERPs do and read them back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from arlib.intake.values import (
    AmbiguousDates,
    DateOrder,
    date_order,
    decimal_mark,
    normalise_amounts,
    normalise_dates,
)


def one_date(cell: str | None, order: DateOrder | None = None) -> str | None:
    """The normalised text of a single date cell, alone in its column."""
    return normalise_dates({"d": [cell]}, order)["d"][0]


# ---------------------------------------------------------------------------- dates: forms


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-07-15", "2026-07-15"),
    ("2026/07/15", "2026-07-15"),
    ("2026.07.15", "2026-07-15"),
    ("2026-7-5", "2026-07-05"),
    ("20260715", "2026-07-15"),
    ("  2026-07-15  ", "2026-07-15"),
    ("2026-07-15 00:00:00", "2026-07-15"),
    ("2026-07-15 13:45", "2026-07-15"),
    ("2026-07-15T00:00:00", "2026-07-15"),
    ("2026-07-15T08:30:00.123", "2026-07-15"),
    ("15 Jul 2026", "2026-07-15"),
    ("15 July 2026", "2026-07-15"),
    ("15 JUL 2026", "2026-07-15"),
    ("Jul 15, 2026", "2026-07-15"),
    ("July 15 2026", "2026-07-15"),
    ("july 15, 2026", "2026-07-15"),
    ("15-Jul-2026", "2026-07-15"),
    ("15-JUL-26", "2026-07-15"),
    ("26-Apr-11", "2011-04-26"),
    ("31 March 2026", "2026-03-31"),
    ("3 Sept 2026", "2026-09-03"),
    ("Sept 3, 2026", "2026-09-03"),
    ("Sep 30, 2026", "2026-09-30"),
    ("1 Feb 1999", "1999-02-01"),
    ("Jul 25, 2026 01:46 PM", "2026-07-25"),
])
def test_unambiguous_date_forms_need_no_order(cell, expected):
    assert one_date(cell) == expected


@pytest.mark.parametrize(("cell", "order", "expected"), [
    ("7/15/2026", "mdy", "2026-07-15"),
    ("07/15/2026", "mdy", "2026-07-15"),
    ("15/07/2026", "dmy", "2026-07-15"),
    ("15/7/2026", "dmy", "2026-07-15"),
    ("15.07.2026", "dmy", "2026-07-15"),
    ("15-07-2026", "dmy", "2026-07-15"),
    ("15/07/26", "dmy", "2026-07-15"),
    ("7/15/26", "mdy", "2026-07-15"),
    ("01/02/00", "dmy", "2000-02-01"),
    ("01/02/69", "dmy", "2069-02-01"),
    ("01/02/70", "dmy", "1970-02-01"),
    ("31/12/99", "dmy", "1999-12-31"),
    ("03/04/2026", "dmy", "2026-04-03"),
    ("03/04/2026", "mdy", "2026-03-04"),
    ("15.07.2026 00:00:00", "dmy", "2026-07-15"),
    ("7/15/2026 13:45", "mdy", "2026-07-15"),
])
def test_numeric_dates_with_an_order(cell, order, expected):
    assert one_date(cell, order) == expected


@pytest.mark.parametrize("cell", [
    "31/02/2026", "13/13/2026", "00/01/2026", "2026-02-30", "2026-13-01", "0000-01-01",
    "20261301", "18990101", "21000101", "abc", "n/a", "31 Foo 2026", "Jul 2026", "15/07",
    "2026-07-15Z", "2026-07-15 25:00:00x", "15//07/2026", "15/07-2026", "1e5",
])
def test_what_is_not_a_date_is_returned_unchanged(cell):
    assert one_date(cell, "dmy") == cell


def test_the_unchanged_cell_is_the_original_text_not_the_stripped_one():
    assert one_date("  31/02/2026 ", "dmy") == "  31/02/2026 "


@pytest.mark.parametrize("cell", [None, "", "   ", "\t", "\u00a0"])
def test_blank_date_cells_become_none(cell):
    assert one_date(cell) is None


def test_unambiguous_forms_of_several_columns_never_raise():
    columns = {"a": ["2026-07-15", "15 Jul 2026"], "b": ["Jul 15, 2026", None],
               "c": ["45678", "45679"], "d": ["01/01/2026", "12/12/2026"]}
    assert normalise_dates(columns) == {
        "a": ["2026-07-15", "2026-07-15"], "b": ["2026-07-15", None],
        "c": ["2025-01-21", "2025-01-22"], "d": ["2026-01-01", "2026-12-12"]}


# ----------------------------------------------------------------------- dates: Excel serials


@pytest.mark.parametrize(("cell", "expected"), [
    ("1", "1900-01-01"),
    ("59", "1900-02-28"),
    ("61", "1900-03-01"),
    ("45292", "2024-01-01"),
    ("45677", "2025-01-20"),
    ("45678", "2025-01-21"),  # what Excel and openpyxl show for 45678
    ("45678.0", "2025-01-21"),
    ("45678.75", "2025-01-21"),  # the fraction is a time of day
    ("2958465", "9999-12-31"),
])
def test_excel_serials_in_a_column_of_numbers(cell, expected):
    assert one_date(cell) == expected


@pytest.mark.parametrize("cell", ["60", "0", "2958466", "-5", "45678.", ".5"])
def test_serials_outside_the_calendar_are_unchanged(cell):
    # 60 is Excel's 1900-02-29, a day that never was
    assert one_date(cell) == cell


def test_a_number_beside_dates_is_not_a_serial():
    got = normalise_dates({"d": ["45678", "7/15/2026", None]}, "mdy")
    assert got == {"d": ["45678", "2026-07-15", None]}


def test_serial_column_with_blanks_and_an_eight_digit_date():
    got = normalise_dates({"d": ["45678", " ", None, "20260715"]})
    assert got == {"d": ["2025-01-21", None, None, "2026-07-15"]}


# ------------------------------------------------------------------ dates: day/month order


@pytest.mark.parametrize(("cells", "expected"), [
    (["15/07/2026"], "dmy"),
    (["7/15/2026"], "mdy"),
    (["03/04/2026", "15/04/2026"], "dmy"),
    (["03/04/2026", "04/15/2026"], "mdy"),
    (["15.07.2026", "16.07.26", "7/15/2026"], "dmy"),
    (["7/15/2026", "7/16/2026", "15/07/2026"], "mdy"),
    (["15/07/2026", "7/15/2026"], None),  # as many cells each way
    (["03/04/2026", "05/06/2026"], None),
    (["13/13/2026"], None),  # no calendar reading either way
    (["2026-07-15", "15 Jul 2026", "45678"], None),
    ([None, "", "  "], None),
    ([], None),
    (["15/07/2026 13:45"], "dmy"),
])
def test_date_order_of_one_column(cells, expected):
    assert date_order(cells) == expected


def test_each_column_takes_the_order_its_own_data_shows():
    got = normalise_dates({"uk": ["03/04/2026", "15/04/2026"],
                           "us": ["03/04/2026", "04/15/2026"]})
    assert got == {"uk": ["2026-04-03", "2026-04-15"], "us": ["2026-03-04", "2026-04-15"]}


def test_an_undecided_column_borrows_the_order_of_the_file():
    got = normalise_dates({"doc_date": ["03/04/2026", "25/04/2026"],
                           "due_date": ["03/05/2026", "01/06/2026"]})
    assert got == {"doc_date": ["2026-04-03", "2026-04-25"],
                   "due_date": ["2026-05-03", "2026-06-01"]}


def test_borrowing_follows_most_columns():
    got = normalise_dates({"a": ["7/15/2026"], "b": ["7/16/2026"], "c": ["15/07/2026"],
                           "d": ["03/04/2026"]})
    assert got == {"a": ["2026-07-15"], "b": ["2026-07-16"], "c": ["2026-07-15"],
                   "d": ["2026-03-04"]}


def test_a_given_order_is_used_for_every_column():
    got = normalise_dates({"a": ["03/04/2026"], "b": ["15/04/2026", "04/15/2026"]}, "mdy")
    # the user chose month-first: a day-first cell is left for the validator to reject
    assert got == {"a": ["2026-03-04"], "b": ["15/04/2026", "2026-04-15"]}


def test_cells_equal_either_way_need_no_order():
    assert normalise_dates({"d": ["04/04/2026", "12/12/26", None]}) == {
        "d": ["2026-04-04", "2026-12-12", None]}


def test_ambiguous_column_raises_naming_it_and_an_example():
    with pytest.raises(AmbiguousDates) as raised:
        normalise_dates({"doc_date": ["2026-04-03"], "due_date": ["03/04/2026", "05/04/2026"]})
    error = raised.value
    assert error.columns == ["due_date"]
    assert error.examples == ["03/04/2026"]
    message = str(error)
    assert "'due_date'" in message and "'03/04/2026'" in message
    assert "day-first" in message and "month-first" in message
    assert "doc_date" not in message
    assert isinstance(error, ValueError)


def test_ambiguity_names_every_undecided_column():
    with pytest.raises(AmbiguousDates) as raised:
        normalise_dates({"a": ["01/02/2026"], "b": [None, " 05/06/26 "], "c": ["07/07/2026"]})
    assert raised.value.columns == ["a", "b"]
    assert raised.value.examples == ["01/02/2026", "05/06/26"]


def test_a_column_split_evenly_between_orders_is_ambiguous_on_its_own():
    with pytest.raises(AmbiguousDates, match="'d'"):
        normalise_dates({"d": ["15/07/2026", "7/15/2026"]})
    # ...and takes the order of the file when another column decides
    got = normalise_dates({"d": ["15/07/2026", "7/15/2026"], "e": ["20/01/2026"]})
    assert got == {"d": ["2026-07-15", "7/15/2026"], "e": ["2026-01-20"]}


def test_an_order_given_settles_ambiguity():
    assert normalise_dates({"d": ["03/04/2026"]}, "dmy") == {"d": ["2026-04-03"]}
    assert normalise_dates({"d": ["03/04/2026"]}, "mdy") == {"d": ["2026-03-04"]}


def test_repeated_cells_are_all_converted():
    cells = ["15/07/2026", None, "15/07/2026", "x", "15/07/2026"]
    assert normalise_dates({"d": cells}) == {
        "d": ["2026-07-15", None, "2026-07-15", "x", "2026-07-15"]}


def test_no_columns():
    assert normalise_dates({}) == {}


# ----------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(("cell", "expected"), [
    ("1234.56", "1234.56"),
    ("1,234.56", "1234.56"),
    ('"$1,234.56"', "1234.56"),
    ("$1,234.56", "1234.56"),
    ("$ 1,234.56", "1234.56"),
    ("USD 1,234.56", "1234.56"),
    ("1,234.56 EUR", "1234.56"),
    ("US$1,234.56", "1234.56"),
    ("£12", "12"),
    ("-100.00", "-100.00"),
    ("(100.00)", "-100.00"),
    ("($1,000.00)", "-1000.00"),
    ("( 1,000.00 )", "-1000.00"),
    ("-$5.00", "-5.00"),
    ("$-5.00", "-5.00"),
    ("100.00-", "-100.00"),
    ("100.00 EUR-", "-100.00"),
    ("+12.50", "12.50"),
    ("12.5", "12.5"),
    ("12", "12"),
    ("0", "0"),
    ("0.05", "0.05"),
    ("1'234.56", "1234.56"),
    ("1’234.56", "1234.56"),
    ("1 234.56", "1234.56"),
    ("1\u00a0234.56", "1234.56"),
    ("1\u202f234.56", "1234.56"),
    ("1,234,567.89", "1234567.89"),
    ("1,234", "1234"),
    ("1.234", "1.234"),  # kept as given: the validator rejects three decimals
    ("1.2345", "1.2345"),
    ("-0.00", "0.00"),
    ("(0.00)", "0.00"),
    ("0.00-", "0.00"),
    ("  42.10  ", "42.10"),
])
def test_amounts_with_a_decimal_point(cell, expected):
    assert normalise_amounts([cell], ".") == [expected]


@pytest.mark.parametrize(("cell", "expected"), [
    ("1.234,56", "1234.56"),
    ("€1.234,56", "1234.56"),
    ("1.234,56 €", "1234.56"),
    ("1\u00a0234,56\u00a0€", "1234.56"),
    ("1.234,56-", "-1234.56"),
    ("-1.234,56", "-1234.56"),
    ("(1.234,56)", "-1234.56"),
    ("1 234,56", "1234.56"),
    ("1\u202f234,56", "1234.56"),
    ("1.234.567,89", "1234567.89"),
    ("12,5", "12.5"),
    ("12,50", "12.50"),
    ("1.234", "1234"),
    ("100", "100"),
    ("EUR 0,00-", "0.00"),
])
def test_amounts_with_a_decimal_comma(cell, expected):
    assert normalise_amounts([cell], ",") == [expected]


@pytest.mark.parametrize(("cell", "mark"), [
    ("1,2,3", "."), ("1,2,3", ","), ("12,5", "."), ("1,234.56", ","), ("1.234.56", "."),
    ("1,23,456.00", "."), ("1,2345.00", "."), ("0,500", "."), ("01,234.00", "."),
    ("1,234 567.00", "."), ("1 234,56", "."), ("n/a", "."), ("abc", "."), ("1e5", "."),
    ("--5", "."), ("(5", "."), ("5)", "."), ("(-5)", "."), ("+-5", "."), ("-5-", "."),
    ("$5 USD", "."), ("12.", "."), (".5", "."), ("5 5", "."), ("five", "."), ("-", "."),
    ("12.50 eur", "."), ("١٢", "."), ("1,234.56", ","), ("12,", ","),
])
def test_what_is_not_an_amount_is_returned_unchanged(cell, mark):
    assert normalise_amounts([cell], mark) == [cell]


def test_blank_amount_cells_become_none_and_order_is_kept():
    cells = [None, "", "  ", "1,000.00", "x", "1,000.00"]
    assert normalise_amounts(cells, ".") == [None, None, None, "1000.00", "x", "1000.00"]


@pytest.mark.parametrize(("cells", "expected"), [
    (["1,234"], "."),
    (["1,234,567"], "."),
    (["12,50"], ","),
    (["12,5"], ","),
    (["1.234,56"], ","),
    (["1.234.567"], ","),
    (["1.234"], ","),  # a lone dot before three digits groups thousands
    (["1,234.56"], "."),
    (["12.50"], "."),
    (["0,500"], ","),  # no thousands group starts with 0
    (["1,234.56", "1,234.56", "12,5"], "."),
    (["1,234.56", "12,5", "12,5"], ","),
    (["1,234.56", "12,5"], "."),  # a tie keeps the point
    (["€1.234,56", "EUR 12,00-", "(3,10)", None], ","),
    (["100", "200", None, ""], "."),
    (["n/a", "abc"], "."),
    ([], "."),
])
def test_decimal_mark(cells, expected):
    assert decimal_mark(cells) == expected


# ------------------------------------------------------------------------ property tests

_GROUPS = {".": [",", " ", "\u00a0", "\u202f", "'"], ",": [".", " ", "\u00a0", "\u202f"]}


@st.composite
def formatted_amounts(draw) -> tuple[str, str, str]:
    """An amount in cents formatted as some ERP would: the cell, its mark, its canonical text."""
    cents = draw(st.integers(min_value=-10**11, max_value=10**11))
    amount = Decimal(cents).scaleb(-2)
    mark = draw(st.sampled_from([".", ","]))
    whole, decimals = f"{abs(amount):.2f}".split(".")
    if draw(st.booleans()):
        group = draw(st.sampled_from(_GROUPS[mark]))
        whole = f"{int(whole):,}".replace(",", group)
    body = f"{whole}{mark}{decimals}"
    prefix, suffix = draw(st.sampled_from([("", ""), ("$", ""), ("€", ""), ("£ ", ""),
                                           ("USD ", ""), ("", " EUR"), ("", "\u00a0€")]))
    body = prefix + body + suffix
    if amount < 0:
        style = draw(st.sampled_from(["lead", "parentheses", "trailing"]))
        body = {"lead": f"-{body}", "parentheses": f"({body})", "trailing": f"{body}-"}[style]
    return body, mark, f"{amount:.2f}"


@hsettings(max_examples=200, deadline=None)
@given(formatted_amounts())
def test_formatted_amounts_are_read_back_exactly(case):
    cell, mark, canonical = case
    assert normalise_amounts([cell], mark) == [canonical]
    # two decimals always show the mark, so the file's mark is found from the cell too
    assert decimal_mark([cell]) == mark


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@st.composite
def formatted_dates(draw) -> tuple[str, str, str]:
    """A day written as some ERP would: the cell, the day/month order used, its ISO text."""
    day = draw(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
    order = draw(st.sampled_from(["dmy", "mdy"]))
    sep = draw(st.sampled_from(["/", ".", "-"]))
    pad = draw(st.booleans())
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    year = f"{day.year}" if draw(st.booleans()) else f"{day.year % 100:02d}"
    name = _MONTHS[day.month - 1]
    name = name if draw(st.booleans()) else name[:3]
    numeric = f"{d}{sep}{m}{sep}{year}" if order == "dmy" else f"{m}{sep}{d}{sep}{year}"
    text = draw(st.sampled_from([
        numeric, day.isoformat(), day.strftime("%Y/%m/%d"), day.strftime("%Y%m%d"),
        f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}",
        f"{d}-{name.upper()[:3]}-{year}", f"{name.lower()} {d} {year}"]))
    time = draw(st.sampled_from(["", " 00:00:00", " 13:45", "T08:30:00"]))
    return text + time, order, day.isoformat()


@hsettings(max_examples=200, deadline=None)
@given(formatted_dates())
def test_formatted_dates_are_read_back_with_their_order(case):
    cell, order, iso = case
    assert normalise_dates({"d": [cell]}, order) == {"d": [iso]}  # type: ignore[arg-type]
