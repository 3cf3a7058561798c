"""Cached access to My day for its page and the call list's cool-off (issue 20), keyed like
ui/data.py: the data version last, each result checked against the store after it is
computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from arlib import settings
from arlib.figures import contacts_current, cooloff, day
from arlib.figures.scope import Scope
from arlib.outputs import app_rows, call_drafts, documents
from arlib.store import entries, state
from ui import auth
from ui.data import cached, checked, connection, customer_profile


@cached(show_spinner="Preparing the day…", max_entries=64)
def my_day(*, as_of: date, scope: Scope, version: str) -> day.Day:
    """The rep's calls on the date in call order, and who is cooling off."""
    result = day.my_day(connection(), as_of=as_of, settings=settings.load(), scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def cooling_off(*, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """Customers kept off the call lists on the date, with when it lifts."""
    result = cooloff.cooling_off(connection(), as_of=as_of, settings=settings.load(),
                                 scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=16)
def rep_names(version: str) -> dict[str, str]:
    """Rep id -> name, for the page's title."""
    reps = state.reps(connection())
    return checked(version, dict(zip(reps.rep_id, reps.rep_name, strict=True)))


def drafts(customer_id: str, typed: dict[str, str], *, as_of: date, version: str
           ) -> tuple[call_drafts.Draft, call_drafts.Draft, bytes]:
    """The call script and the recap of a customer as of the date from the template files
    (read on each call, so an edited template shows at once), `typed` filling the recap's
    fields from the call; and the recap as an .eml with the statement attached."""
    cfg = settings.load()
    profile = customer_profile(customer_id, as_of=as_of, version=version)
    fields = call_drafts.account_fields(profile, as_of=as_of, currency=cfg.base_currency)
    folder = cfg.resolved_templates_dir()
    script = call_drafts.render(call_drafts.read_template(folder, "script"), fields)
    recap = call_drafts.render(call_drafts.read_template(folder, "recap"),
                               {**fields, **typed})
    eml = call_drafts.recap_eml(
        recap, to=fields["email"],
        statement_html=documents.statement_html(profile, as_of=as_of,
                                                currency=cfg.base_currency),
        statement_name=f"statement_{customer_id}_{as_of:%Y%m%d}.html")
    return script, recap, eml


def open_invoices(customer_id: str, *, as_of: date, version: str) -> list[entries.Owed]:
    """The customer's open invoices as of the date, oldest due first, each with its open
    balance in its currency (for a promise)."""
    items = customer_profile(customer_id, as_of=as_of, version=version)["open_items"]
    items = items[items.item_type == "invoice"]
    return [entries.Owed(i, c, Decimal(f"{a:.2f}"), d) for i, c, a, d in zip(
        items.item_id, items.currency, items.open_currency_amt, items.due_on, strict=True)]


def record(entry: entries.Entry) -> tuple[int | None, list[str]]:
    """Record a call's outcome as the signed-in person (or the local user); the load id, or
    the problems and nothing recorded."""
    load_id, problems = entries.record(connection(), entry, who=auth.who())
    if load_id is not None:
        auth.record("entry", f"load {load_id}: a call with {entry.customer_id} recorded")
    return load_id, problems


@cached(show_spinner=False, max_entries=16)
def app_rows_zip(reps: frozenset[str] | None, version: str) -> bytes:
    """The rows entered in the app as a ZIP of canonical CSVs (contacts, promises, notes),
    of the customers of the viewer's reps (`reps`; None for all)."""
    result = app_rows.crm_zip(entries.app_rows(connection(), reps=reps))
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def people_to_confirm(*, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """The points of contact to confirm on the date (stale or unreachable), with why."""
    result = contacts_current.people_to_confirm(connection(), as_of=as_of,
                                                settings=settings.load(), scope=scope)
    return checked(version, result)


def confirm(person: dict, *, verified_on: date) -> tuple[int | None, list[str]]:
    """Write the person back, edited or not, verified on the day, as the signed-in person."""
    load_id, problems = entries.confirm_person(connection(), person, verified_on=verified_on,
                                               who=auth.who())
    if load_id is not None:
        auth.record("entry", f"load {load_id}: a point of contact of "
                             f"{person.get('customer_id')} confirmed")
    return load_id, problems


def customer_people_to_confirm(customer_id: str, *, as_of: date, version: str
                               ) -> pd.DataFrame:
    """One customer's points of contact to confirm on the date (the customer page)."""
    found = people_to_confirm(as_of=as_of, scope=Scope(), version=version)
    return found[found.customer_id == customer_id]


def customer_cooling_off(customer_id: str, *, as_of: date, version: str) -> pd.DataFrame:
    """The customer's cool-off on the date (no row, or one with when it lifts)."""
    found = cooling_off(as_of=as_of, scope=Scope(), version=version)
    return found[found.customer_id == customer_id]
