"""Cached access to the cash forecast for the Forecast page (metrics.md §10.6): what a
forecast reads as of a date is kept once per date and scope and shared by the methods, the
currencies and the week-earlier comparison; the back-test reports its progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from arlib import settings
from arlib.figures.forecast import backtest, views, weekly
from arlib.figures.periods import days_before
from arlib.figures.scope import Scope
from ui.data import cached, checked, connection


# resources, not data: pickling them for st.cache_data would cost about what reading them
# does at a million invoices; callers only read them
@st.cache_resource(show_spinner="Reading the open items and payment history…", max_entries=4)
def _known_all(as_of: date, version: str) -> weekly.Known:
    result = weekly.known(connection(), as_of=as_of, settings=settings.load())
    return checked(version, result)


@st.cache_resource(show_spinner=False, max_entries=8)
def _known(as_of: date, scope: Scope, version: str) -> weekly.Known:
    result = weekly.in_scope(_known_all(as_of, version), connection(),
                             settings=settings.load(), scope=scope)
    return checked(version, result)


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_all(as_of: date, version: str) -> weekly.Known:
    result = weekly.known(connection(), as_of=as_of, settings=settings.load(), fitted=False)
    return checked(version, result)


@st.cache_resource(show_spinner=False, max_entries=8)
def _open(as_of: date, scope: Scope, version: str) -> weekly.Known:
    result = weekly.in_scope(_open_all(as_of, version), connection(),
                             settings=settings.load(), scope=scope)
    return checked(version, result)


def known(*, as_of: date, scope: Scope, version: str) -> weekly.Known:
    """What the forecast as of the date reads for the scope (every currency): read once per
    date for every customer, then narrowed to a scope's items; read-only."""
    return _known(as_of, scope, version)


def currencies(*, as_of: date, scope: Scope, version: str) -> list[str]:
    """The currencies of the items open on the date in the scope, sorted."""
    return weekly.currencies(known(as_of=as_of, scope=scope, version=version))


BACKTESTS = 16  # back-tests kept per process, the oldest dropped first
_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _backtests() -> dict[tuple[date, date, str], dict]:
    # a plain dict kept per process rather than st.cache_data: the back-test reports its
    # progress to an element the page drew, which a cached function could not replay
    return {}


def backtest_scores(*, as_of: date, first_on: date, version: str,
                    progress: Callable[[int, int], None] | None = None) -> dict:
    """The back-test of every forecast method as of the date (every four weeks over the 18
    months before it, whole book): scores, band error bounds, the best method and its verdict;
    computed once per date and data version, calling `progress(done, total)` after each
    replayed date while it is."""
    kept, key = _backtests(), (as_of, first_on, version)
    found = kept.get(key)
    if found is None:
        dates = backtest.as_of_dates(last_on=as_of, first_on=first_on)
        replayed = backtest.replay(connection(), dates=dates, settings=settings.load(),
                                   progress=progress)
        result = checked(version, views.scored(replayed))
        with _LOCK:  # sessions run in threads
            kept[key] = result
            while len(kept) > BACKTESTS:
                kept.pop(next(iter(kept)))
        return result
    return found


@st.cache_resource(show_spinner=False, max_entries=8)
def _spread(as_of: date, scope: Scope, currency: str | None, method: str,
            version: str) -> weekly.Spread:
    narrowed = weekly.in_currency(known(as_of=as_of, scope=scope, version=version), currency)
    return checked(version, weekly.spread(narrowed, method))


@cached(show_spinner="Forecasting cash…", max_entries=64)
def page(*, as_of: date, first_on: date, scope: Scope, currency: str | None, method: str,
         version: str) -> dict:
    """What the Forecast page shows for the date, scope, currency (None: all, converted)
    and method, bands from the back-test as of the date; the items behind a week apart
    (`week_items`)."""
    bands = backtest_scores(as_of=as_of, first_on=first_on, version=version)["bands"]
    shares = _spread(as_of, scope, currency, method, version)
    return checked(version, views.page(shares, bands=bands))


@cached(show_spinner=False, max_entries=64)
def week_items(*, as_of: date, scope: Scope, currency: str | None, method: str, week: int,
               version: str) -> pd.DataFrame:
    """The items behind one week of the forecast (one row per item and line)."""
    result = views.week_items(_spread(as_of, scope, currency, method, version), week)
    return checked(version, result)


def all_items(*, as_of: date, scope: Scope, currency: str | None, method: str,
              version: str) -> Callable[[], pd.DataFrame]:
    """The items behind every week, built when called (an export's click): at a million
    invoices the curves place about 900,000 item-week rows, which no view needs at once."""
    return partial(views.all_items, _spread(as_of, scope, currency, method, version))


@cached(show_spinner=False, max_entries=64)
def changes(*, as_of: date, scope: Scope, currency: str | None, version: str) -> pd.DataFrame:
    """What changed since the forecast of seven days before the date (new invoices, cash,
    new promises), in the currency asked (None: all, converted)."""
    now = weekly.in_currency(known(as_of=as_of, scope=scope, version=version), currency)
    # the week-earlier forecast's open items only: its days late and curves are not read
    before = weekly.in_currency(_open(days_before(7, on=as_of), scope, version), currency)
    return checked(version, views.changes(now, before))
