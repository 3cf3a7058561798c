"""Every arlib call each page makes (the bodies of ui/data.py), with the pages' default
arguments and the raw tables each call reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from arlib.figures import aging, calls, customers, dso, overview, promises, reps, visits
from arlib.figures.scope import EVERYONE
from arlib.outputs import report
from arlib.settings import Settings
from arlib.store import fx, state


@dataclass(frozen=True)
class Context:
    """The pages' default arguments on a book: as of its last day, the quarter up to it."""

    as_of: date
    first_on: date
    month_ends: tuple[date, ...]
    customer_id: str
    settings: Settings


@dataclass(frozen=True)
class Call:
    """One arlib call as a page makes it, and the raw tables behind it (its scan floor)."""

    name: str
    run: Callable[[duckdb.DuckDBPyConnection, Context], Any]
    tables: tuple[str, ...]


LEDGER = ("invoices", "payments", "customers", "fx_rates", "disputes")
RATED = ("invoices", "payments", "promises", "customers", "fx_rates")
CASH = ("payments", "customers", "fx_rates", "promises", "contacts", "reps", "holidays",
        "rep_absences")


def _countback_steps(con: duckdb.DuckDBPyConnection, c: Context) -> Any:
    row = dso.family(con, as_of=c.as_of, settings=c.settings)
    months = dso.monthly_sales(con, last_on=c.as_of, settings=c.settings)
    return dso.countback_steps(row.ar_total_amt, as_of=c.as_of,
                               month_to_date=row.sales_month_to_date_amt, sales_by_month=months)


def _promise_views(con: duckdb.DuckDBPyConnection, c: Context) -> Any:
    book = promises.book(con, as_of=c.as_of, settings=c.settings)
    return promises.views(book, first_on=c.first_on, as_of=c.as_of, settings=c.settings)


CALLS = [
    Call("store.status", lambda con, c: state.status(con, c.settings), ("loads",)),
    Call("store.date_range", lambda con, c: state.date_range(con),
         ("invoices", "payments", "contacts", "promises", "customers")),
    Call("store.reps", lambda con, c: state.reps(con), ("reps",)),
    Call("store.regions", lambda con, c: state.regions(con), ("customers",)),
    Call("store.find_customers", lambda con, c: state.find_customers(con, "a", max_rows=21),
         ("customers",)),
    Call("fx.missing_rates", lambda con, c: fx.missing_rates(
        con, settings=c.settings, as_of=c.as_of), RATED),
    Call("fx.missing_rates (customer)", lambda con, c: fx.missing_rates(
        con, settings=c.settings, as_of=c.as_of, customer_id=c.customer_id), RATED),
    Call("overview.tiles", lambda con, c: overview.tiles(
        con, as_of=c.as_of, first_on=c.first_on, settings=c.settings, scope=EVERYONE),
        (*LEDGER, "promises")),
    Call("dso.trend (24 month ends)", lambda con, c: dso.trend(
        con, dates=list(c.month_ends), settings=c.settings), LEDGER),
    Call("aging.history (24 month ends)", lambda con, c: aging.history(
        con, dates=list(c.month_ends), settings=c.settings), LEDGER),
    Call("overview.top_past_due", lambda con, c: overview.top_past_due(
        con, as_of=c.as_of, settings=c.settings), LEDGER),
    Call("overview.hardest_wins", lambda con, c: overview.hardest_wins(
        con, first_on=c.first_on, as_of=c.as_of, settings=c.settings),
        (*CASH, "invoices")),
    Call("dso.countback_steps", _countback_steps, LEDGER),
    Call("dso.by_group (region)", lambda con, c: dso.by_group(
        con, as_of=c.as_of, group_by="region", settings=c.settings), LEDGER),
    Call("dso.by_group (rep)", lambda con, c: dso.by_group(
        con, as_of=c.as_of, group_by="rep_id", settings=c.settings), LEDGER),
    Call("aging.buckets", lambda con, c: aging.buckets(
        con, as_of=c.as_of, settings=c.settings), LEDGER),
    Call("aging.by_currency", lambda con, c: aging.by_currency(
        con, as_of=c.as_of, settings=c.settings), LEDGER),
    Call("aging.by_customer", lambda con, c: aging.by_customer(
        con, as_of=c.as_of, settings=c.settings), LEDGER),
    Call("promises.book + views", _promise_views,
         ("promises", "payments", "customers", "fx_rates")),
    Call("reps.scorecard (quarter)", lambda con, c: reps.scorecard(
        con, first_on=c.first_on, as_of=c.as_of, settings=c.settings), CASH),
    Call("customers.header", lambda con, c: customers.header(
        con, customer_id=c.customer_id), ("customers", "reps")),
    Call("customers.profile", lambda con, c: customers.profile(
        con, customer_id=c.customer_id, as_of=c.as_of, settings=c.settings),
        (*LEDGER, "promises", "contacts", "reps", "notes", "people")),
    Call("calls.call_list", lambda con, c: calls.call_list(
        con, as_of=c.as_of, settings=c.settings), (*LEDGER, "promises", "contacts")),
    Call("visits.plan", lambda con, c: visits.plan(
        con, as_of=c.as_of, settings=c.settings), (*LEDGER, "promises", "contacts")),
    Call("report.build", lambda con, c: report.build(
        con, as_of=c.as_of, first_on=c.first_on, settings=c.settings),
        (*LEDGER, *CASH)),
]
BY_NAME = {call.name: call for call in CALLS}

# app.py runs these on every page (the customer search only once something is typed in it:
# store.find_customers, timed apart), the analytics pages also draw the sidebar filters and
# check the FX rates (ui.fx.guard)
APP = ["store.status"]
SHELL = [*APP, "store.date_range", "store.reps", "store.regions", "fx.missing_rates"]
PAGES = {
    "overview": [*SHELL, "overview.tiles", "dso.trend (24 month ends)",
                 "aging.history (24 month ends)", "overview.top_past_due",
                 "overview.hardest_wins"],
    "dso": [*SHELL, "dso.trend (24 month ends)", "dso.countback_steps",
            "dso.by_group (region)", "dso.by_group (rep)"],
    "aging": [*SHELL, "aging.buckets", "aging.by_currency", "aging.history (24 month ends)",
              "aging.by_customer"],
    "promises": [*SHELL, "promises.book + views"],
    "scorecard": [*SHELL, "reps.scorecard (quarter)"],
    "customer": [*APP, "customers.header", "store.date_range", "fx.missing_rates (customer)",
                 "customers.profile"],
    "call list": [*SHELL, "calls.call_list"],
    "key accounts": [*SHELL, "visits.plan"],
    "report (JSON)": ["fx.missing_rates", "report.build"],
}
# budget in seconds, cold (warm cache off), per call or group of calls
BUDGETS = {
    "aging.buckets": 0.3,
    "dso.trend (24 month ends)": 1.0,
    "reps.scorecard (quarter)": 1.0,
    "customer drill-down": 0.2,
}
DRILL_DOWN = ["customers.header", "fx.missing_rates (customer)", "customers.profile"]
PAGE_BUDGET_S = 2.0
IMPORT_BUDGET_S = 60.0
IMPORT_BUDGET_GB = 4.0
PANDAS_MIN_RATIO = 10.0
