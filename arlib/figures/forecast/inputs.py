"""What a cash forecast reads as of a date (metrics.md §10.1): open items, payment history and
the cash that later arrived on those items (the back-test's actuals)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib.figures import aging, periods
from arlib.figures.forecast.curves import FIRST_DAY, LAST_DAY
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame


def open_items(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
               scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per open item with a positive balance on the date: balance in its currency
    and in base currency, due date, dispute flag, customer and region."""
    frame = run_frame(con, "figures/sql/forecast/open_items.sql", as_of=as_of,
                      **aging.params(settings, scope))
    for column in ("invoice_on", "due_on"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def lateness_history(con: duckdb.DuckDBPyConnection, *, as_of: date,
                     settings: Settings) -> pd.DataFrame:
    """One row per customer with cash on invoices in the history window up to the date:
    region, invoices paid (count), cash (base currency) and cash-weighted days late."""
    first_on = periods.days_before(settings.forecast_history_days - 1, on=as_of)
    return run_frame(con, "figures/sql/forecast/lateness.sql", first_on=first_on, as_of=as_of,
                     base_currency=settings.base_currency)


def cash_after(con: duckdb.DuckDBPyConnection, *, as_of: date, last_on: date,
               settings: Settings, scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per cash payment row paid after the date up to last_on on an item open on
    the date (disputed ones too): item, customer, day paid and amount in its currency."""
    frame = run_frame(con, "figures/sql/forecast/cash_after.sql", as_of=as_of, last_on=last_on,
                      **aging.params(settings, scope))
    frame["paid_on"] = pd.to_datetime(frame["paid_on"]).dt.date
    return frame


def curve_rows(con: duckdb.DuckDBPyConnection, *, as_of: date,
               settings: Settings) -> pd.DataFrame:
    """One row per customer, movement (0 entry, 1 cash, 2 other settlement, 3 still open)
    and day after due of the money of its invoices dated in the history window up to the
    date, days clipped to the curves' grid; base currency."""
    first_on = periods.days_before(settings.forecast_history_days - 1, on=as_of)
    return run_frame(con, "figures/sql/forecast/curve_rows.sql", first_on=first_on,
                     as_of=as_of, base_currency=settings.base_currency, first_day=FIRST_DAY,
                     last_day=LAST_DAY)
