"""Today's call list (as of a date): which accounts to call, why, largest first."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from arlib import written
from arlib.figures import aging, cooloff, promises
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame, run_sql

JUST_DUE_DAYS = 7
OLD_DISPUTE_DAYS = 30
COLUMNS = ["customer_id", "reason", "detail", "at_stake_amt"]


def _just_due(con: duckdb.DuckDBPyConnection, as_of: date, settings: Settings,
              scope: Scope) -> pd.DataFrame:
    rows = run_sql(con, "figures/sql/calls/just_due.sql", as_of=as_of, days=JUST_DUE_DAYS,
                   **aging.params(settings, scope))
    return pd.DataFrame({
        "customer_id": rows.customer_id, "reason": "invoice just fell due",
        "detail": [f"{i} due {d} ({written.days(n)} day{'' if n == 1 else 's'} ago)"
                   for i, d, n in zip(rows.invoice_id,
                                      np.datetime_as_string(rows.due_on.to_numpy(), unit="D"),
                                      rows.days_past_due, strict=True)],
        "at_stake_amt": rows.open_amt}, columns=COLUMNS)


def _promise_reasons(con: duckdb.DuckDBPyConnection, as_of: date, settings: Settings,
                     scope: Scope, last_contact: pd.Series) -> pd.DataFrame:
    """Promises due today; promises broken, or kept light, since the customer's last call."""
    book = promises.book(con, as_of=as_of, settings=settings, scope=scope).promises
    short = (book.amount_base - book.allocated_base_amt).clip(lower=0)
    today = np.datetime64(as_of, "D")
    due = pd.to_datetime(book.due_on).to_numpy().astype("datetime64[D]")
    deadline = due + np.timedelta64(settings.promise_grace_days, "D")
    last = pd.to_datetime(book.customer_id.map(last_contact)).to_numpy().astype("datetime64[D]")
    since_call = np.isnat(last) | (last < deadline)
    status = book.status.to_numpy()
    due_today = book[(status == "pending") & (due == today)]
    failed = book[((status == "broken") | (status == "partial")) & (deadline < today)
                  & since_call]
    return pd.DataFrame({
        "customer_id": [*due_today.customer_id, *failed.customer_id],
        "reason": ["promise due today"] * len(due_today) + [
            "promise broken since the last call" if s == "broken" else
            "light payment: promise partly kept" for s in failed.status],
        "detail": [f"{p} {written.money(a, c)} due {written.day(d)}" for p, a, c, d in zip(
            [*due_today.promise_id, *failed.promise_id], [*due_today.amount, *failed.amount],
            [*due_today.currency, *failed.currency], [*due_today.due_on, *failed.due_on],
            strict=True)],
        "at_stake_amt": [*short[due_today.index], *short[failed.index]]}, columns=COLUMNS)


def _old_disputes(con: duckdb.DuckDBPyConnection, as_of: date, scope: Scope) -> pd.DataFrame:
    rows = run_sql(con, "figures/sql/calls/old_disputes.sql", as_of=as_of, days=OLD_DISPUTE_DAYS,
                   **scope.params())
    return pd.DataFrame({
        "customer_id": rows.customer_id, "reason": "dispute open over 30 days",
        "detail": [f"{d} on {written.text(i) or 'the account'}: "
                   f"{written.text(r) or 'no reason given'}, {written.days(a)} days old"
                   for d, i, r, a in zip(rows.dispute_id, rows.invoice_id, rows.reason,
                                         rows.age_days, strict=True)],
        "at_stake_amt": 0.0}, columns=COLUMNS)


def last_contacts(con: duckdb.DuckDBPyConnection, *, as_of: date) -> dict[str, date]:
    """Customer id -> the day of its latest contact on or before the date."""
    frame = run_frame(con, "figures/sql/calls/last_contacts.sql", as_of=as_of)
    return dict(zip(frame.customer_id, pd.to_datetime(frame.last_contact_on).dt.date,
                    strict=True))


def reasons(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
            scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per reason to call a customer on the date (metrics.md §8), customers cooling
    off included: customer, reason, detail, amount at stake (base currency)."""
    last = last_contacts(con, as_of=as_of)
    return pd.concat([_just_due(con, as_of, settings, scope),
                      _promise_reasons(con, as_of, settings, scope, pd.Series(last)),
                      _old_disputes(con, as_of, scope)], ignore_index=True)


def call_list(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
              scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer to call on the date, customers cooling off left out (§8): every
    reason in words, the amount at stake (open just-due invoices plus what promises still
    lack, base currency) and the last contact; largest at stake first."""
    last = last_contacts(con, as_of=as_of)
    found = reasons(con, as_of=as_of, settings=settings, scope=scope)
    cooling = cooloff.cooling_off(con, as_of=as_of, settings=settings, scope=scope)
    found = found[~found.customer_id.isin(cooling.customer_id)]
    grouped = found.groupby("customer_id", as_index=False).agg(
        at_stake_amt=("at_stake_amt", "sum"), count_reasons=("reason", "size"),
        reasons=("reason", lambda r: "; ".join(dict.fromkeys(r))),
        details=("detail", "; ".join))
    grouped["last_contact_on"] = grouped.customer_id.map(last)
    names = run_frame(con, "store/sql/status/customer_names.sql")
    grouped = grouped.merge(names, on="customer_id", how="left")
    return grouped.sort_values(["at_stake_amt", "customer_id"], ascending=[False, True],
                               ignore_index=True)[
        ["customer_id", "customer_name", "rep_id", "reasons", "at_stake_amt", "details",
         "last_contact_on", "count_reasons"]]
