"""One customer as of a date (metrics.md §5): everything a lead needs to prepare a call."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib.figures import aging, dso, periods, promises
from arlib.settings import Settings
from arlib.store.db import run_sql

# Days beyond terms and on-time share on the customer page look at the year up to the date.
BEHAVIOUR_DAYS = 365


def header(con: duckdb.DuckDBPyConnection, *, customer_id: str) -> pd.Series | None:
    """The customer's master data and owner (one record), None for an unknown id."""
    frame = run_sql(con, "figures/sql/customers/header.sql", customer_id=customer_id)
    return None if frame.empty else frame.iloc[0]


def open_items(con: duckdb.DuckDBPyConnection, *, customer_id: str, as_of: date,
               settings: Settings) -> pd.DataFrame:
    """One row per open item of the customer as of the date, oldest due first."""
    return run_sql(con, "figures/sql/customers/open_items.sql", customer_id=customer_id,
                   as_of=as_of, **aging.params(settings))


def original_open_items(con: duckdb.DuckDBPyConnection, *, customer_id: str, as_of: date,
                        settings: Settings) -> pd.DataFrame:
    """One row per open item of the customer as of the date, oldest due first, in its own
    currency only: nothing is converted, so it needs no FX rate."""
    return run_sql(con, "figures/sql/customers/original_open_items.sql",
                   customer_id=customer_id, as_of=as_of, **aging.params(settings))


def balances(items: pd.DataFrame, header: pd.Series) -> pd.Series:
    """The customer's open, past due and disputed balance (base currency) and the share of
    the credit limit in use, from its open items (one record)."""
    open_amt = float(items.open_amt.sum())
    limit = header.credit_limit_amt
    return pd.Series({
        "open_amt": open_amt,
        "past_due_amt": float(items[items.is_past_due.astype(bool)].open_amt.sum()),
        "disputed_amt": float(items[items.is_disputed].open_amt.sum()),
        "credit_limit_amt": limit,
        "credit_used_pct": open_amt / limit if pd.notna(limit) and limit > 0 else None,
    })


def _promises(con: duckdb.DuckDBPyConnection, customer_id: str, as_of: date,
              settings: Settings) -> pd.DataFrame:
    """The customer's promises with status, payments, and late or light flags; the amounts
    promised and allocated are in the promise's own currency (`*_currency_amt`)."""
    book = promises.book(con, as_of=as_of, settings=settings, customer_id=customer_id)
    listing = promises.with_payments(book)
    last_paid = book.allocations.groupby("promise_id").paid_on.max()
    listing["is_late"] = [pd.notna(last_paid.get(p)) and last_paid.get(p) > due
                          for p, due in zip(listing.promise_id, listing.due_on, strict=True)]
    listing["is_light"] = (listing.allocated_amt > 0) & (listing.allocated_amt
                                                         < listing.promised_amt)
    shown = ["promise_id", "rep_id", "invoice_id", "made_on", "due_on", "promised_amt",
             "currency", "status", "allocated_amt", "is_late", "is_light", "payments"]
    return (listing.sort_values("made_on", ascending=False, ignore_index=True)[shown]
            .rename(columns={"promised_amt": "promised_currency_amt",
                             "allocated_amt": "allocated_currency_amt"}))


def _flag_items(items: pd.DataFrame, listing: pd.DataFrame) -> pd.DataFrame:
    """Open items with a flag for a pending promise that names them (or the whole account)."""
    pending = listing[listing.status == "pending"]
    named = set(pending.invoice_id.dropna())
    account_wide = pending.invoice_id.isna().any()
    return items.assign(has_promise=[i in named or (account_wide and t == "invoice")
                                     for i, t in zip(items.item_id, items.item_type,
                                                     strict=True)])


def profile(con: duckdb.DuckDBPyConnection, *, customer_id: str, as_of: date,
            settings: Settings) -> dict[str, pd.DataFrame | pd.Series] | None:
    """Everything about one customer as of the date, None for an unknown id: header,
    balances and behaviour, aging, open items (dispute and promise flags), credit notes,
    settlements, payment behaviour per paid invoice, contacts, notes, people, promises and
    open disputes."""
    head = header(con, customer_id=customer_id)
    if head is None:
        return None
    items = open_items(con, customer_id=customer_id, as_of=as_of, settings=settings)
    listing = _promises(con, customer_id, as_of, settings)
    params = {"customer_id": customer_id, "as_of": as_of}
    settlements = run_sql(con, "figures/sql/customers/settlements.sql", **params,
                          base_currency=settings.base_currency)
    behaviour = dso.days_beyond_terms(con,
                                      first_on=periods.days_before(BEHAVIOUR_DAYS - 1, on=as_of),
                                      last_on=as_of, settings=settings,
                                      customer_id=customer_id)
    summary = balances(items, head)
    summary["beyond_terms_days"] = behaviour.beyond_terms_days.iloc[0] if len(behaviour) \
        else None
    summary["on_time_pct"] = behaviour.on_time_pct.iloc[0] if len(behaviour) else None
    return {
        "header": head, "summary": summary,
        "aging": (items.groupby("bucket").open_amt.sum()
                  .reindex([*settings.bucket_labels(), "unapplied"], fill_value=0.0)
                  .rename_axis("bucket").reset_index()),
        "open_items": _flag_items(items, listing),
        "credit_notes": run_sql(con, "figures/sql/customers/credit_notes.sql", **params),
        "settlements": settlements,
        "paid_invoices": payment_behaviour(settlements),
        "contacts": run_sql(con, "figures/sql/customers/contacts.sql", **params),
        "notes": run_sql(con, "figures/sql/customers/notes.sql", **params),
        "people": run_sql(con, "figures/sql/customers/people.sql", **params,
                          stale_days=settings.stale_contact_days),
        "promises": listing,
        "disputes": run_sql(con, "figures/sql/customers/disputes.sql", **params),
    }


def payment_behaviour(settlements: pd.DataFrame) -> pd.DataFrame:
    """One row per invoice paid in cash: the day its last cash came and how late that was."""
    cash = settlements[settlements.is_cash & settlements.invoice_id.notna()]
    paid = cash.groupby("invoice_id", as_index=False).agg(paid_on=("paid_on", "max"),
                                                          late_days=("late_days", "max"),
                                                          paid_amt=("paid_amt", "sum"))
    return paid.sort_values("paid_on", ignore_index=True)
