"""My day: one rep's calls for a date in call order, with the reason for each line
(metrics.md §12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from arlib import written
from arlib.figures import aging, calls, contacts_current, cooloff, introductions
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame

SECTIONS = ["promises", "follow-ups", "introductions", "contacts to confirm", "past due"]
PROMISE_REASONS = {"promise due today", "promise broken since the last call",
                   "light payment: promise partly kept"}
UNANSWERED = {"no_answer", "left_message"}
FOLLOW_UP_DAYS = 7
BEST_TIME_DAYS = 365
COLUMNS = ["customer_id", "section", "reason", "detail"]
MONDAY = 0


@dataclass(frozen=True)
class Day:
    """The day's lines in call order, and the customers kept off it while cooling off."""

    lines: pd.DataFrame
    cooling: pd.DataFrame


def _call_list_lines(found: pd.DataFrame) -> pd.DataFrame:
    section = ["promises" if r in PROMISE_REASONS else "follow-ups" for r in found.reason]
    return pd.DataFrame({"customer_id": found.customer_id, "section": section,
                         "reason": found.reason, "detail": found.detail}, columns=COLUMNS)


def _unanswered(reach: pd.DataFrame, as_of: date) -> pd.DataFrame:
    age = (pd.Timestamp(as_of) - pd.to_datetime(reach.last_contact_on)).dt.days
    hit = reach[reach.last_outcome.isin(UNANSWERED) & (age <= FOLLOW_UP_DAYS)]
    return pd.DataFrame({
        "customer_id": hit.customer_id, "section": "follow-ups",
        "reason": "no answer on the last call",
        "detail": [f"{o.replace('_', ' ')} on {written.day(d)}"
                   for o, d in zip(hit.last_outcome, hit.last_contact_on, strict=True)]},
        columns=COLUMNS)


def _past_due(owed: pd.DataFrame, currency: str) -> pd.DataFrame:
    hit = owed[owed.past_due_amt > 0]
    return pd.DataFrame({
        "customer_id": hit.customer_id, "section": "past due", "reason": "past due",
        "detail": [f"{written.money(a, currency)} past due" for a in hit.past_due_amt]},
        columns=COLUMNS)


def best_time(hour: object) -> str:
    """The hour most reached calls started as words: 9 -> 'around 09:00'; none -> ''."""
    return "" if pd.isna(hour) else f"around {int(hour):02d}:00"


def my_day(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
           scope: Scope = EVERYONE) -> Day:
    """One line per customer in scope to call on the date, in call order: by section
    (promises, follow-ups, introductions, contacts to confirm, past due), then past due in
    base currency (weighted on Mondays for commercial accounts) largest first; each with every
    reason, the primary contact, phone and best time. Customers cooling off are apart."""
    reach = run_frame(con, "figures/sql/day/reach.sql", as_of=as_of, days=BEST_TIME_DAYS,
                      **scope.params())
    owed = aging.by_customer(con, as_of=as_of, settings=settings, scope=scope)
    intro = introductions.introductions(con, as_of=as_of, settings=settings, scope=scope)
    people = contacts_current.people_to_confirm(con, as_of=as_of, settings=settings,
                                                scope=scope)
    lines = pd.concat([
        _call_list_lines(calls.reasons(con, as_of=as_of, settings=settings, scope=scope)),
        _unanswered(reach, as_of),
        pd.DataFrame({"customer_id": intro.customer_id, "section": "introductions",
                      "reason": [f"introduction: {'new customer' if k == 'new' else k}"
                                 for k in intro.kind],
                      "detail": [f"{w}; cover {c}" for w, c in zip(intro.why, intro.cover,
                                                                    strict=True)]},
                     columns=COLUMNS),
        pd.DataFrame({"customer_id": people.customer_id, "section": "contacts to confirm",
                      "reason": "contact to confirm", "detail": people.why}, columns=COLUMNS),
        _past_due(owed, settings.base_currency)], ignore_index=True)
    cooling = cooloff.cooling_off(con, as_of=as_of, settings=settings, scope=scope)
    lines = lines[~lines.customer_id.isin(cooling.customer_id)]
    lines["rank"] = lines.section.map(SECTIONS.index)
    lines = lines.sort_values("rank", kind="stable")
    grouped = lines.groupby("customer_id", as_index=False, sort=False).agg(
        rank=("rank", "min"), reasons=("reason", lambda r: "; ".join(dict.fromkeys(r))),
        details=("detail", lambda d: "; ".join(dict.fromkeys(d))))
    grouped["section"] = [SECTIONS[r] for r in grouped["rank"]]
    grouped = grouped.merge(reach, on="customer_id", how="left")
    past_due = dict(zip(owed.customer_id, owed.past_due_amt, strict=True))
    grouped["past_due_amt"] = grouped.customer_id.map(past_due).fillna(0.0).clip(lower=0)
    weight = settings.monday_commercial_weight if as_of.weekday() == MONDAY else 1.0
    grouped["order_amt"] = grouped.past_due_amt * grouped.is_commercial.map(
        {True: weight}).fillna(1.0)
    grouped["best_time"] = [best_time(h) for h in grouped.best_hour]
    grouped = grouped.sort_values(["rank", "order_amt", "customer_id"],
                                  ascending=[True, False, True], ignore_index=True)
    grouped.insert(0, "position", range(1, len(grouped) + 1))
    return Day(grouped[["position", "section", "customer_id", "customer_name", "rep_id",
                        "reasons", "details", "past_due_amt", "order_amt", "is_commercial",
                        "person", "phone", "email", "best_time", "last_contact_on"]],
               cooling)
