"""Reporting periods: the month, quarter or year that contains a date, and month ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["month", "quarter", "year", "custom"]
KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year", "custom")


def start_of(kind: PeriodKind, *, as_of: date, custom_start: date | None = None) -> date:
    """First day of the period of `kind` that contains `as_of` (custom: `custom_start`)."""
    if kind == "month":
        return as_of.replace(day=1)
    if kind == "quarter":
        return date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    if kind == "year":
        return date(as_of.year, 1, 1)
    return min(custom_start or as_of.replace(day=1), as_of)


def months_back(months: int, *, as_of: date) -> date:
    """The first day of the month `months` months before the month of `as_of`, never before
    0001-01-01 (the first day a date can hold; the import refuses year 0)."""
    index = max(as_of.year * 12 + as_of.month - 1 - months, 12)
    return date(index // 12, index % 12 + 1, 1)


def days_before(days: int, *, on: date) -> date:
    """The day `days` days before `on`, never before 0001-01-01."""
    return on - timedelta(days=min(days, (on - date.min).days))


def days_after(days: int, *, on: date) -> date:
    """The day `days` days after `on`, never after 9999-12-31."""
    return on + timedelta(days=min(days, (date.max - on).days))


def years_on(years: int, *, on: date) -> date | None:
    """The day `on`, `years` years later (earlier when negative; 28 February for 29
    February), or None outside the years 1 to 9999 a date can hold."""
    year = on.year + years
    if not date.min.year <= year <= date.max.year:
        return None
    return date(year, on.month, min(on.day, calendar.monthrange(year, on.month)[1]))


def month_ends(*, first_on: date, last_on: date) -> list[date]:
    """Month ends within [first_on, last_on], plus last_on itself when it is not one."""
    ends, year, month = [], first_on.year, first_on.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end > last_on:
            break
        ends.append(end)
        if end == last_on:  # (and no month after 9999-12)
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not ends or ends[-1] != last_on:
        ends.append(last_on)
    return ends


def trailing_month_ends(months: int, *, as_of: date, since: date | None = None) -> list[date]:
    """The last `months` month ends up to `as_of` (as_of itself last when not a month end),
    none before the month of `since` (the first data: earlier points would all be zero)."""
    first = months_back(months - 1, as_of=as_of)
    if since is not None and since.replace(day=1) > first:
        first = min(since.replace(day=1), as_of)
    return month_ends(first_on=first, last_on=as_of)[-months:]
