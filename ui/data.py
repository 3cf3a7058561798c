"""Cached access to arlib for the pages: one connection per process, results per data version.

Every cached function takes the data version (the latest load id) last, so that a new load
invalidates every result; arlib takes a cursor per query, which keeps the shared connection
safe across sessions (style doc §3.2).

A script run reads the version once (`pin`, from app.py) and every result it shows belongs
to that version: a result is checked, after it is computed, against the store's latest load,
and when a load has committed meanwhile (another session's import) its queries may have
read both states, so it is thrown away (`StaleData`) and app.py draws the page again.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from arlib import settings
from arlib.figures import aging, calls, customers, difficulty, dso, overview, promises, reps, visits
from arlib.figures.scope import Scope
from arlib.outputs import inbox
from arlib.store import fx, state


@st.cache_resource(show_spinner="Opening the database…")
def _store(db_path: str) -> tuple[duckdb.DuckDBPyConnection, bool]:
    # Keyed on the path so that a changed AR_DB_PATH (tests) never reuses another file.
    return state.open_store(settings.load())


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection."""
    return _store(str(settings.load().resolved_db_path()))[0]


def start_inbox() -> None:
    """Start this database's inbox worker, once per process (arlib.outputs.inbox.serve):
    files dropped into the inbox are loaded while the app serves."""
    inbox.serve(connection(), settings=settings.load())


def built_from_sample() -> bool:
    """True when this process created the database from sample_data/ on first launch."""
    return _store(str(settings.load().resolved_db_path()))[1]


def cached(**options: Any) -> Callable[[Callable], Callable]:
    """st.cache_data, called with the arguments in the order of the signature and every
    default filled in: streamlit hashes keyword arguments in the order of the call, so
    `tiles(first_on=…, as_of=…)` and `tiles(as_of=…, first_on=…)` would otherwise compute
    and keep the same result twice (the dates are keyword-only, issue 14)."""
    def decorate(func: Callable) -> Callable:
        memo, signature = st.cache_data(**options)(func), inspect.signature(func)

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            return memo(*bound.args, **bound.kwargs)

        call.clear = memo.clear  # type: ignore[attr-defined]
        return call
    return decorate


_PINNED = "_ar_data_status"  # session state: the latest load as read at the start of the run


class StaleData(Exception):
    """A load committed while this run was reading the store (see the module docstring)."""


def pin() -> state.StoreStatus:
    """Read the store's latest load for this script run (app.py, first thing): the sidebar
    and every figure of the run then refer to this one load."""
    st.session_state[_PINNED] = current = state.status(connection(), settings.load())
    return current


def status() -> state.StoreStatus:
    """Latest load of the store as pinned by this session's latest run (app.py pins it
    first thing; read now in a session that has not pinned one yet)."""
    pinned = st.session_state.get(_PINNED)
    return pinned if pinned is not None else state.status(connection(), settings.load())


def newest_load_id() -> int:
    """The store's latest load id as it is now (not as this run pinned it)."""
    return state.status(connection(), settings.load()).load_id


def _version_of(current: state.StoreStatus) -> str:
    return f"{settings.load().resolved_db_path()}#{current.load_id}"


def version() -> str:
    """The cache key of the data: the database file and its latest load (a new load, or
    another database, makes every cached result stale)."""
    return _version_of(status())


def checked(version: str, result):
    """The result just computed for `version`, if no load has committed since the run read
    it (then every query behind the result read that state); else StaleData."""
    if _version_of(state.status(connection(), settings.load())) != version:
        raise StaleData(version)
    return result


@cached(show_spinner=False, max_entries=16)
def rep_list(reps: frozenset[str] | None, version: str) -> pd.DataFrame:
    """Rep ids and names for the filters: the viewer's reps (`reps`; None for all)."""
    result = state.reps(connection(), only=reps)
    return checked(version, result)


@cached(show_spinner=False, max_entries=16)
def regions(reps: frozenset[str] | None, version: str) -> list[str]:
    """Customer regions for the filters: of the customers of the viewer's reps (`reps`;
    None for all)."""
    result = state.regions(connection(), reps=reps)
    return checked(version, result)


@cached(show_spinner=False, max_entries=16)
def date_range(version: str) -> tuple[date | None, date | None]:
    """First and last event date of the data."""
    result = state.date_range(connection())
    return checked(version, result)


# a resource, not data: st.cache_data would pickle the book on every hit, which at a million
# invoices (34 MB) took longer than computing it; callers only read it
@st.cache_resource(show_spinner="Following the promises…", max_entries=4)
def _promise_book(as_of: date, scope: Scope, version: str) -> promises.Book:
    result = promises.book(connection(), as_of=as_of, settings=settings.load(), scope=scope)
    return checked(version, result)


def promise_book(*, as_of: date, scope: Scope, version: str) -> promises.Book:
    """Every promise as of the date with its status and the payments behind it, one object
    shared by the tiles, the hardest wins and the promises page (the costliest step of
    each); read-only."""
    return _promise_book(as_of, scope, version)


@cached(show_spinner="Computing figures…", max_entries=256)
def tiles(*, first_on: date, as_of: date, scope: Scope, version: str) -> pd.Series:
    """Overview tiles as of the date for the period."""
    result = overview.tiles(connection(), as_of=as_of, first_on=first_on,
                            settings=settings.load(), scope=scope,
                            book=promise_book(as_of=as_of, scope=scope, version=version))
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def buckets(*, as_of: date, scope: Scope, version: str,
            basis: str | None = None) -> pd.DataFrame:
    """Aging buckets as of the date (basis: the setting unless given)."""
    result = aging.buckets(connection(), as_of=as_of, settings=_with(aging_basis=basis),
                           scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def aging_by_customer(*, as_of: date, scope: Scope, version: str,
                      basis: str | None = None) -> pd.DataFrame:
    """One row per customer with a balance: buckets, total, past due, disputed."""
    result = aging.by_customer(connection(), as_of=as_of, settings=_with(aging_basis=basis),
                               scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def missing_rates(*, as_of: date, version: str, customer_id: str | None = None,
                  reps: frozenset[str] | None = None) -> pd.DataFrame:
    """FX rates missing for rows dated by the date, of one customer when given, of the
    customers of the viewer's reps (`reps`; None for all) (see
    arlib.store.fx.missing_rates); empty when every amount converts."""
    result = fx.missing_rates(connection(), settings=settings.load(), as_of=as_of,
                              customer_id=customer_id, reps=reps)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def aging_by_original_currency(*, as_of: date, scope: Scope, version: str,
                               customer_id: str | None = None) -> pd.DataFrame:
    """One row per original currency: buckets in that currency, nothing converted."""
    result = aging.by_original_currency(connection(), as_of=as_of, settings=settings.load(),
                                        scope=scope, customer_id=customer_id)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def customer_original_items(customer_id: str, *, as_of: date, version: str) -> pd.DataFrame:
    """The customer's open items as of the date in their own currency, nothing converted."""
    result = customers.original_open_items(connection(), customer_id=customer_id, as_of=as_of,
                                           settings=settings.load())
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def aging_by_currency(*, as_of: date, scope: Scope, version: str,
                      basis: str | None = None) -> pd.DataFrame:
    """One row per original currency: buckets in that currency and totals."""
    result = aging.by_currency(connection(), as_of=as_of, settings=_with(aging_basis=basis),
                               scope=scope)
    return checked(version, result)


def _with(**overrides: object) -> settings.Settings:
    """The settings with the page's what-if choices (None: keep the setting)."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    return settings.load().model_copy(update=changes) if changes else settings.load()


def _with_window(window_days: int | None) -> settings.Settings:
    return _with(dso_window_days=window_days)


@cached(show_spinner="Computing the trend…", max_entries=64)
def dso_trend(*, dates: tuple[date, ...], scope: Scope, version: str,
              window_days: int | None = None) -> pd.DataFrame:
    """The DSO family at each date (window: the setting unless given)."""
    result = dso.trend(connection(), dates=list(dates), settings=_with_window(window_days),
                       scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def dso_by_group(*, as_of: date, group_by: str, scope: Scope, version: str,
                 window_days: int | None = None) -> pd.DataFrame:
    """The DSO family per region or owner rep as of the date."""
    result = dso.by_group(connection(), as_of=as_of, group_by=group_by,
                          settings=_with_window(window_days), scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def countback_steps(*, as_of: date, scope: Scope, version: str,
                    window_days: int | None = None) -> pd.DataFrame:
    """The countback walk as of the date, month by month."""
    cfg = _with_window(window_days)
    row = dso.family(connection(), as_of=as_of, settings=cfg, scope=scope)
    months = dso.monthly_sales(connection(), last_on=as_of, settings=cfg, scope=scope)
    result = dso.countback_steps(row.ar_total_amt, as_of=as_of,
                                 month_to_date=row.sales_month_to_date_amt, sales_by_month=months)
    return checked(version, result)


@cached(show_spinner="Computing the aging history…", max_entries=64)
def aging_history(*, dates: tuple[date, ...], scope: Scope, version: str,
                  basis: str | None = None) -> pd.DataFrame:
    """Aging buckets at each date."""
    result = aging.history(connection(), dates=list(dates), settings=_with(aging_basis=basis),
                           scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def top_past_due(*, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """The ten customers with the largest past-due balance."""
    result = overview.top_past_due(connection(), as_of=as_of, settings=settings.load(),
                                   scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def hardest_wins(*, first_on: date, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """Cash collected in the period on invoices over 60 days past due, per rep."""
    # attribution needs every rep's promises on those customers, so the rep filter is dropped
    # (the viewer's rep scope kept: a payment is only ever allocated to its own customer's
    # promises)
    book = promise_book(as_of=as_of, scope=dataclasses.replace(scope, rep_id=None),
                        version=version)
    result = overview.hardest_wins(connection(), first_on=first_on, as_of=as_of,
                                   settings=settings.load(), scope=scope, book=book)
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def customer_header(customer_id: str, reps: frozenset[str] | None,
                    version: str) -> pd.Series | None:
    """The customer's master data, None for an unknown id or a customer that no rep of the
    viewer's rep scope (`reps`; None for all) owns today."""
    header = customers.header(connection(), customer_id=customer_id)
    result = header if header is not None and Scope(reps=reps).allows(header.rep_id) else None
    return checked(version, result)


@cached(show_spinner="Gathering the account…", max_entries=128)
def customer_profile(customer_id: str, *, as_of: date, version: str) -> dict | None:
    """Everything about one customer as of the date (see arlib.figures.customers.profile)."""
    result = customers.profile(connection(), customer_id=customer_id, as_of=as_of,
                               settings=settings.load())
    return checked(version, result)


@cached(show_spinner="Allocating payments to promises…", max_entries=64)
def promise_views(*, first_on: date, as_of: date, scope: Scope, version: str) -> dict:
    """The promises page's tables for the period (see arlib.figures.promises.views)."""
    cfg = settings.load()
    book = promise_book(as_of=as_of, scope=scope, version=version)
    result = promises.views(book, first_on=first_on, as_of=as_of, settings=cfg)
    return checked(version, result)


def promise_listing(*, first_on: date, as_of: date, scope: Scope, version: str,
                    statuses: tuple[str, ...]) -> pd.DataFrame:
    """The period's promises with one of the statuses, with their allocated payments."""
    listing = promise_views(first_on=first_on, as_of=as_of, scope=scope,
                            version=version)["listing"]
    return promises.with_status(listing, statuses)


@cached(show_spinner="Attributing payments to reps…", max_entries=64)
def scorecard(*, first_on: date, as_of: date, region: str | None, channels: tuple[str, ...],
              viewer: frozenset[str] | None, version: str) -> reps.Scorecard:
    """The rep scorecard for the period with the rows behind it: the rows of the viewer's
    reps (`viewer`; None for all)."""
    result = reps.scorecard(connection(), first_on=first_on, as_of=as_of,
                            settings=settings.load(), channels=list(channels) or None,
                            region=region)
    return checked(version, reps.within(result, viewer))


@cached(show_spinner="Forecasting each portfolio at the period's start…", max_entries=16)
def portfolio_difficulty(*, first_on: date, version: str) -> pd.DataFrame:
    """Per owner rep: cash expected from their customers at the period's start and cash
    collected from those items in 13 weeks (see arlib.figures.difficulty)."""
    result = difficulty.portfolio(connection(), first_on=first_on, settings=settings.load())
    return checked(version, result)


@cached(show_spinner="Building the call list…", max_entries=64)
def call_list(*, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """The accounts to call on the date, with their reasons."""
    result = calls.call_list(connection(), as_of=as_of, settings=settings.load(), scope=scope)
    return checked(version, result)


@cached(show_spinner="Scoring the accounts…", max_entries=64)
def visit_plan(*, as_of: date, scope: Scope, weights: tuple[float, ...],
               version: str) -> pd.DataFrame:
    """Every customer ranked for a visit under the given weights (in VisitWeights order)."""
    chosen = settings.VisitWeights(**dict(zip(settings.VisitWeights.model_fields, weights,
                                              strict=True)))
    result = visits.plan(connection(), as_of=as_of, settings=settings.load(), scope=scope,
                         weights=chosen)
    return checked(version, result)


@cached(show_spinner=False, max_entries=256)
def find_customers(query: str, max_rows: int, reps: frozenset[str] | None,
                   version: str) -> pd.DataFrame:
    """Up to `max_rows` customers whose id or name holds `query`, best first (the search box),
    among the customers of the viewer's reps (`reps`; None for all)."""
    result = state.find_customers(connection(), query, max_rows=max_rows, reps=reps)
    return checked(version, result)


@cached(show_spinner=False, max_entries=16)
def load_history(version: str) -> pd.DataFrame:
    """One row per load, newest first (see arlib.store.state.loads)."""
    return checked(version, state.loads(connection()))
