"""The CFO's headline figures as of a date (metrics.md §1 and the open promises)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib.figures import aging, dso, promises, reps
from arlib.figures.periods import days_before, months_back
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame, run_sql


def headline(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
             scope: Scope = EVERYONE, book: pd.DataFrame | None = None) -> pd.Series:
    """One record of base-currency figures as of the date: open AR, past due, unapplied,
    disputed, customers with a balance, pending promises (count, amount, still to come)."""
    head = run_sql(con, "figures/sql/overview/headline.sql", as_of=as_of,
                   **aging.params(settings, scope)).iloc[0]
    if book is None:  # the promise statuses as of the date, unless the caller has them
        book = promises.book(con, as_of=as_of, settings=settings, scope=scope).promises
    pending = book[book.status == "pending"]
    head["count_open_promises"] = len(pending)
    head["open_promises_amt"] = round(float(pending.amount_base.sum()), 2)
    head["open_promises_due_amt"] = round(float(
        (pending.amount_base - pending.allocated_base_amt).sum()), 2)
    return head



def tiles(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date, settings: Settings,
          scope: Scope = EVERYONE, book: promises.Book | None = None) -> pd.Series:
    """The CFO's tiles: headline amounts, the DSO family now and at the last month end, CEI
    for the period and the period's promise kept rate (one record). `book`: the promise
    book as of the date in the same scope, when the caller has it."""
    if book is None:
        book = promises.book(con, as_of=as_of, settings=settings, scope=scope)
    book = book.promises
    head = headline(con, as_of=as_of, settings=settings, scope=scope, book=book)
    last_month_end = days_before(1, on=months_back(0, as_of=as_of))
    opening = days_before(1, on=first_on)
    # one pass over the open items for the three dates the tiles need
    rows = dso.inputs(con, dates=sorted({opening, last_month_end, as_of}), settings=settings,
                      scope=scope)
    family = dso.with_days(rows[rows.as_of.isin([last_month_end, as_of])],
                           dso.monthly_sales(con, last_on=as_of, settings=settings,
                                             scope=scope), settings)
    now, before = family.iloc[-1], family.iloc[0]
    rates = promises.kept_rates(promises.in_period(book, first_on=first_on, as_of=as_of))
    cei = dso.cei(con, first_on=first_on, last_on=as_of, settings=settings, scope=scope,
                  ends=rows)
    return pd.concat([head, pd.Series({
        "period_days": now.period_days, "countback_days": now.countback_days,
        "countback_last_month_days": before.countback_days,
        "countback_change_days": now.countback_days - before.countback_days,
        "best_possible_days": now.best_possible_days, "add_days": now.add_days,
        "cei_pct": cei["cei_pct"], "kept_rate_pct": rates.kept_rate_pct.iloc[0],
        "kept_amount_rate_pct": rates.kept_amount_rate_pct.iloc[0],
    })])


def top_past_due(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                 scope: Scope = EVERYONE, count: int | None = 10) -> pd.DataFrame:
    """The customers with the largest past-due balance (one row each, largest first; every
    customer with a past due when `count` is None)."""
    frame = aging.by_customer(con, as_of=as_of, settings=settings, scope=scope)
    frame = frame[frame.past_due_amt > 0].sort_values("past_due_amt", ascending=False)
    return (frame if count is None else frame.head(count)).reset_index(drop=True)


def hardest_wins(con: duckdb.DuckDBPyConnection, *, first_on: date, as_of: date,
                 settings: Settings, scope: Scope = EVERYONE,
                 min_days_past_due: int = 60, book: promises.Book | None = None) -> pd.DataFrame:
    """Cash collected in the period on invoices over `min_days_past_due` days past due, per
    rep the payment is attributed to (metrics.md §4), largest first. `book`: the promise
    book as of the date for the scope's region (every rep), when the caller has it."""
    rows = run_frame(con, "figures/sql/overview/late_cash.sql", first_on=first_on, as_of=as_of,
                   base_currency=settings.base_currency, min_days_past_due=min_days_past_due,
                   **scope.params())
    payments, _ = reps.attributed_cash(con, first_on=first_on, as_of=as_of, settings=settings,
                                       region=scope.region, book=book)
    owner = payments.set_index("payment_id").rep_id
    rows["rep_id"] = rows.payment_id.map(owner).fillna(reps.UNATTRIBUTED)
    names = reps.roster_names(con, first_on=first_on, as_of=as_of)
    out = (rows.groupby("rep_id", as_index=False)
           .agg(collected_amt=("amount_base", "sum"), count_invoices=("invoice_id", "nunique"),
                oldest_days=("days_past_due", "max")))
    out.insert(1, "rep_name", out.rep_id.map(names))
    return out.sort_values("collected_amt", ascending=False, ignore_index=True)
