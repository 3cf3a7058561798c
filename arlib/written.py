"""How a value reads: the one rule for an amount, a count of days, a date and a missing value
wherever a person reads it (statement, brief, tables, tiles, the texts of the figures), so
that what a collector reads aloud on the phone is the same on every page and every paper.

- An amount is exact, with its currency: 'USD 10,500.00' (thousands separators, two
  decimals; a credit is 'USD -500.00'). Compact forms ('10.5k') are for chart axes and for
  tiles that carry the exact amount on hover, and nowhere else.
- Days past due, days late and ages are whole days: '149', never '149.0'.
- A missing value (None, NaN, NaT, pd.NA) reads as nothing: ''.
- A code reads as words: 'credit_note' is 'credit note'.

It sits in the lowest layer, beside the settings, because every layer writes values for a
reader: the figures into their texts (call-list details, the payments of a promise), outputs
and ui everywhere else.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd


def missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: a value the data does not have."""
    if value is None:
        return True
    kind = type(value)
    if kind is float:  # the common cases first: this runs once per cell of large tables
        return value != value
    if kind in (str, int, date):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


def money(value: float | None, currency: str | None = None) -> str:
    """10500 -> 'USD 10,500.00'; -500 -> 'USD -500.00'; without a currency '10,500.00';
    missing -> ''."""
    if missing(value):
        return ""
    amount = round(float(value), 2) + 0.0  # never '-0.00'
    code = "" if missing(currency) or not currency else f"{currency} "
    return f"{code}{amount:,.2f}"


def days(value: float | None) -> str:
    """A whole number of days: 149.0 -> '149'; an average to the nearest day, halves away
    from zero (10.5 -> '11', as said aloud); missing -> ''."""
    if missing(value):
        return ""
    whole = math.floor(abs(float(value)) + 0.5)
    return f"{-whole if value < 0 else whole:,}"


def day(value: object) -> str:
    """A date as YYYY-MM-DD (a date-time too: its day); missing -> ''."""
    if type(value) is date:
        return value.isoformat()
    return "" if missing(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def moment(value: object) -> str:
    """A date-time as 'YYYY-MM-DD HH:MM' ('YYYY-MM-DD' at midnight); missing -> ''."""
    if missing(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp:%Y-%m-%d}" if stamp == stamp.normalize() else f"{stamp:%Y-%m-%d %H:%M}"


def text(value: object) -> str:
    """Any value as text: dates as YYYY-MM-DD, missing values as ''."""
    if missing(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return day(value)
    return str(value)


def words(code: object) -> str:
    """A code from the data as words: 'unapplied_cash' -> 'unapplied cash'; missing -> ''."""
    return text(code).replace("_", " ")
