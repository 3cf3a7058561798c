"""Rep productivity for a period (metrics.md §4): contacts, working days, attributed cash."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from arlib.figures import promises
from arlib.figures.scope import Scope
from arlib.settings import Settings
from arlib.store.db import run_frame, run_sql

UNATTRIBUTED = "(unattributed)"
UNATTRIBUTED_NAME = "Cash no rep can claim"


@dataclass(frozen=True)
class Scorecard:
    """The scorecard and the rows behind each of its figures."""

    table: pd.DataFrame
    contacts: pd.DataFrame
    payments: pd.DataFrame
    promise_pairs: pd.DataFrame
    promises: pd.DataFrame
    book: promises.Book | None = None  # every promise as of the date, not only the period's


def attribute(cash: pd.DataFrame, allocations: pd.DataFrame) -> pd.DataFrame:
    """Give each cash payment one rep: the promise that took most of it (ties: the promise
    allocated first), else the latest contact in the window, else nobody."""
    allocations = allocations[promises.among(allocations.payment_id, cash.payment_id)]
    pairs = (allocations.groupby(["payment_id", "promise_id", "rep_id"], as_index=False)
             .agg(allocated_amt=("allocated_amt", "sum"), seq=("seq", "min")))
    best = (pairs.sort_values(["payment_id", "allocated_amt", "seq"],
                              ascending=[True, False, True])
            .drop_duplicates("payment_id")
            .rename(columns={"rep_id": "promise_rep_id"}))
    out = cash.merge(best[["payment_id", "promise_id", "promise_rep_id"]], on="payment_id",
                     how="left")
    by_promise = out.promise_rep_id.notna()
    by_contact = ~by_promise & out.contact_rep_id.notna()
    out["rep_id"] = out.promise_rep_id.where(by_promise, out.contact_rep_id.where(by_contact))
    out["attributed_by"] = "none"
    out.loc[by_promise, "attributed_by"] = "promise"
    out.loc[by_contact, "attributed_by"] = "contact"
    return out


def _figures(roster: pd.DataFrame, contacts: pd.DataFrame, payments: pd.DataFrame,
             period_promises: pd.DataFrame) -> pd.DataFrame:
    """One row per rep: the scorecard figures from the drill-down rows."""
    active = set(contacts.rep_id.unique()) | set(payments.rep_id.dropna().unique())
    extra = sorted(active - set(roster.rep_id))
    table = pd.concat([roster, pd.DataFrame({"rep_id": extra, "working_days": 0})],
                      ignore_index=True)
    table["count_contacts"] = table.rep_id.map(contacts.groupby("rep_id").size()).fillna(0)
    table["count_reached"] = table.rep_id.map(
        contacts[contacts.is_reached].groupby("rep_id").size()).fillna(0)
    table["attributed_amt"] = table.rep_id.map(
        payments.groupby("rep_id").amount_base.sum()).fillna(0.0)
    table["portfolio_amt"] = table.rep_id.map(
        payments.groupby("owner_rep_id").amount_base.sum()).fillna(0.0)
    rates = promises.kept_rates(period_promises, ["rep_id"]).set_index("rep_id")
    table["kept_rate_pct"] = table.rep_id.map(rates.kept_rate_pct)
    table["kept_amount_rate_pct"] = table.rep_id.map(rates.kept_amount_rate_pct)
    days, count = table.working_days.astype(float), table.count_contacts.astype(float)
    table["contacts_per_day"] = (count / days).where(days > 0)
    table["per_contact_amt"] = (table.attributed_amt / count).where(count > 0)
    return table.astype({"count_contacts": int, "count_reached": int, "working_days": int})


def scorecard(con: duckdb.DuckDBPyConnection, *, first_on: date, as_of: date,
              settings: Settings, channels: list[str] | None = None,
              region: str | None = None) -> Scorecard:
    """Per rep for [first_on, as_of], plus an unattributed row, with the rows behind it.

    `region` keeps the contacts, cash and promises of that region's customers; a rep is a
    row of its own, so there is no rep scope here.
    """
    roster = run_sql(con, "figures/sql/reps/roster.sql", first_on=first_on, as_of=as_of)
    contacts = run_frame(con, "figures/sql/reps/contacts.sql", first_on=first_on, as_of=as_of,
                         channels=channels, **Scope(region=region).params())
    payments, book = attributed_cash(con, first_on=first_on, as_of=as_of, settings=settings,
                                     region=region)
    period = promises.in_period(book.promises, first_on=first_on, as_of=as_of)
    table = _figures(roster, contacts, payments, period)
    unattributed = payments.loc[payments.rep_id.isna(), "amount_base"].sum()
    table = pd.concat([table, pd.DataFrame([{
        "rep_id": UNATTRIBUTED, "rep_name": UNATTRIBUTED_NAME,
        "attributed_amt": float(unattributed)}])], ignore_index=True)
    # counts stay whole numbers; the unattributed row has none (missing, not zero)
    table = table.astype({"working_days": "Int64", "count_contacts": "Int64",
                          "count_reached": "Int64"})
    pairs = book.allocations[promises.among(book.allocations.payment_id, payments.payment_id)]
    return Scorecard(table, contacts, payments, pairs, period, book)


def attributed_cash(con: duckdb.DuckDBPyConnection, *, first_on: date, as_of: date,
                    settings: Settings, region: str | None = None,
                    book: promises.Book | None = None) -> tuple[pd.DataFrame, promises.Book]:
    """One row per cash payment of [first_on, as_of] with the rep it is attributed to and
    how, and the promise book as of the date behind it (`region`: its customers only;
    `book`: that book, when the caller has it)."""
    scope = Scope(region=region)
    cash = run_frame(con, "figures/sql/reps/period_cash.sql", first_on=first_on, as_of=as_of,
                     base_currency=settings.base_currency,
                     window_days=settings.attribution_window_days, **scope.params())
    if book is None:
        book = promises.book(con, as_of=as_of, settings=settings, scope=scope)
    return attribute(cash, book.allocations), book


def roster_names(con: duckdb.DuckDBPyConnection, *, first_on: date,
                 as_of: date) -> pd.Series:
    """Rep names by id: the reps employed in [first_on, as_of], and the unattributed row."""
    roster = run_sql(con, "figures/sql/reps/roster.sql", first_on=first_on, as_of=as_of)
    return pd.concat([roster.set_index("rep_id").rep_name,
                      pd.Series({UNATTRIBUTED: UNATTRIBUTED_NAME})])


ATTRIBUTION_RULE = (
    "Each cash payment in the period goes to one rep. First choice: the rep who took the "
    "promise that received most of that payment (promises take cash first come, first served "
    "by due date; a tie goes to the promise that took its share first). Otherwise: the rep "
    "of the customer's latest contact in the {window} days up to the payment. Otherwise the "
    "payment is unattributed and shown on its own row. Credit notes, write-offs and "
    "discounts are not cash and never count. Portfolio collected is all cash from the "
    "customers a rep owns today, whoever earned it.")


def drill_down(card: Scorecard, rep_id: str) -> dict[str, pd.DataFrame]:
    """The rows behind one rep's figures: contacts, payments attributed (how and why), and
    the payment-to-promise pairs of the promises the rep took."""
    unattributed = rep_id == UNATTRIBUTED
    payments = card.payments[card.payments.rep_id.isna() if unattributed
                             else card.payments.rep_id == rep_id]
    return {
        "contacts": card.contacts[card.contacts.rep_id == rep_id].reset_index(drop=True),
        "payments": payments.reset_index(drop=True),
        "promise_pairs": card.promise_pairs[card.promise_pairs.rep_id == rep_id]
        .reset_index(drop=True),
    }


def within(card: Scorecard, reps: Collection[str] | None) -> Scorecard:
    """The scorecard of the reps in `reps` (the viewer's rep scope: a rep, a manager's
    team), None for all of it: their rows and the rows behind them, each figure as it is on
    the whole scorecard (a rep's figures are their own, whoever owns the customer today)."""
    if reps is None:
        return card

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame.rep_id.isin(list(reps))].reset_index(drop=True)

    return Scorecard(keep(card.table), keep(card.contacts), keep(card.payments),
                     keep(card.promise_pairs), keep(card.promises))


def only(table: pd.DataFrame, rep_id: str | None) -> pd.DataFrame:
    """The scorecard rows of one rep (all rows when None)."""
    return table if rep_id is None else table[table.rep_id == rep_id].reset_index(drop=True)
