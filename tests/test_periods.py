"""Reporting periods and month ends, by hand."""

from datetime import date

from arlib.figures import periods


def test_start_of_each_period_kind():
    d = date(2024, 11, 20)
    assert periods.start_of("month", as_of=d) == date(2024, 11, 1)
    assert periods.start_of("quarter", as_of=d) == date(2024, 10, 1)
    assert periods.start_of("year", as_of=d) == date(2024, 1, 1)
    assert periods.start_of("custom", as_of=d, custom_start=date(2024, 8, 15)) == date(2024, 8, 15)
    # never after the as-of date
    assert periods.start_of("custom", as_of=d, custom_start=date(2025, 1, 1)) == d


def test_month_ends_and_trailing_month_ends():
    assert periods.month_ends(first_on=date(2024, 10, 1), last_on=date(2024, 12, 31)) == [
        date(2024, 10, 31), date(2024, 11, 30), date(2024, 12, 31)]
    assert periods.month_ends(first_on=date(2024, 1, 15), last_on=date(2024, 3, 10)) == [
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 10)]
    ends = periods.trailing_month_ends(24, as_of=date(2024, 12, 31))
    assert len(ends) == 24 and ends[0] == date(2023, 1, 31) and ends[-1] == date(2024, 12, 31)
    assert periods.trailing_month_ends(24, as_of=date(2024, 12, 31),
                                       since=date(2024, 7, 1))[0] == date(2024, 7, 31)
