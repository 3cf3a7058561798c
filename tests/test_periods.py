"""Reporting periods and month ends, by hand."""

from datetime import date

from arlib.figures import periods


def test_start_of_each_period_kind():
    d = date(2024, 11, 20)
    assert periods.start_of(d, "month") == date(2024, 11, 1)
    assert periods.start_of(d, "quarter") == date(2024, 10, 1)
    assert periods.start_of(d, "year") == date(2024, 1, 1)
    assert periods.start_of(d, "custom", date(2024, 8, 15)) == date(2024, 8, 15)
    assert periods.start_of(d, "custom", date(2025, 1, 1)) == d  # never after the as-of date


def test_month_ends_and_trailing_month_ends():
    assert periods.month_ends(date(2024, 10, 1), date(2024, 12, 31)) == [
        date(2024, 10, 31), date(2024, 11, 30), date(2024, 12, 31)]
    assert periods.month_ends(date(2024, 1, 15), date(2024, 3, 10)) == [
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 10)]
    ends = periods.trailing_month_ends(date(2024, 12, 31), 24)
    assert len(ends) == 24 and ends[0] == date(2023, 1, 31) and ends[-1] == date(2024, 12, 31)
    assert periods.trailing_month_ends(date(2024, 12, 31), 24, since=date(2024, 7, 1))[0] == \
        date(2024, 7, 31)
