"""Contacts, promises and notes entered in the app (issue 20, point 5): each entry is one
load of canonical rows through the loader, so it is checked like an import, recorded in the
load log with who and when, and every figure shows it at once (a new data version)."""

from __future__ import annotations

import csv
import re
import tempfile
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb
import pandas as pd

from arlib.canonical.models import BY_TABLE
from arlib.store import loader
from arlib.store.db import run_sql

PREFIX = "APP-"  # the ids of app-entered rows: an export of another system never holds them
SAFE = re.compile(r"[^A-Za-z0-9@._-]+")
CHANNELS = ["call", "email", "visit", "letter", "sms", "meeting", "other"]  # data-model.md
OUTCOMES = ["reached", "left_message", "no_answer", "promise", "dispute", "paid", "refused",
            "bounced", "wrong_number", "other"]


@dataclass(frozen=True)
class Check:
    """A "check is in the mail": when it was sent, its number, where it was sent."""

    sent_on: date | None
    number: str
    sent_to: str

    def problems(self) -> list[str]:
        """What is missing, named (a check in the mail is never taken without all three)."""
        return [f"check in the mail: {what} is missing, ask for it" for what, value in
                (("the day it was sent", self.sent_on), ("the check number", self.number),
                 ("where it was sent", self.sent_to)) if not value]

    def words(self) -> str:
        return (f"check in the mail: sent on {self.sent_on}, number {self.number}, "
                f"sent to {self.sent_to}")


@dataclass(frozen=True)
class Owed:
    """An open invoice a promise may name: its open balance in its own currency."""

    invoice_id: str
    currency: str
    open_amount: Decimal
    due_on: date | None = None

    def label(self) -> str:
        """How the form lists it: id, open balance, due date."""
        due = f", due {self.due_on:%Y-%m-%d}" if self.due_on else ""
        return f"{self.invoice_id}: {self.currency} {self.open_amount:,.2f} open{due}"


@dataclass(frozen=True)
class Entry:
    """What a rep records after a call: the contact, and maybe a promise or a note."""

    customer_id: str
    rep_id: str
    at: datetime
    channel: str
    outcome: str
    person: str = ""
    note: str = ""
    promise_amount: str = ""
    promise_due_on: date | None = None
    promise_invoices: tuple[Owed, ...] = ()  # none: the whole account
    check: Check | None = None
    note_text: str = ""


def new_id() -> str:
    """A fresh id for an app-entered row (APP- and 12 hex digits)."""
    return PREFIX + uuid.uuid4().hex[:12].upper()


def _rows(entry: Entry, who: str) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = {"contacts": [{
        "contact_id": new_id(), "customer_id": entry.customer_id, "rep_id": entry.rep_id,
        "contact_at": f"{entry.at:%Y-%m-%d %H:%M:%S}", "channel": entry.channel,
        "direction": "outbound", "outcome": entry.outcome, "person": entry.person,
        "note": entry.note}]}
    if entry.promise_amount or entry.promise_due_on:
        rows["promises"] = [{
            "promise_id": new_id(), "customer_id": entry.customer_id, "rep_id": entry.rep_id,
            "invoice_id": "" if owed is None else owed.invoice_id,
            "made_on": entry.at.date().isoformat(),
            "due_on": "" if entry.promise_due_on is None else entry.promise_due_on.isoformat(),
            "amount": amount, "currency": "" if owed is None else owed.currency, "note": note}
            for owed, amount, note in _promised(entry)]
    if entry.note_text:
        rows["notes"] = [{"note_id": new_id(), "customer_id": entry.customer_id,
                          "author": who, "created_at": f"{entry.at:%Y-%m-%d %H:%M:%S}",
                          "text": entry.note_text}]
    return rows


def _promised(entry: Entry) -> list[tuple[Owed | None, str, str]]:
    """The promise rows' invoice, amount (as typed, or each invoice's share) and note: one
    per invoice named, one on the whole account when none is."""
    note = entry.check.words() if entry.check else ""
    if len(entry.promise_invoices) < 2:
        return [(next(iter(entry.promise_invoices), None), entry.promise_amount, note)]
    amount = Decimal(entry.promise_amount)
    shares = split(amount, entry.promise_invoices)
    whole = (f"one promise of {amount:,.2f} {shares[0][0].currency} on {len(shares)} "
             f"invoices: {', '.join(f'{o.invoice_id} {share:,.2f}' for o, share in shares)}")
    return [(o, f"{share:.2f}", f"{whole}; {note}" if note else whole) for o, share in shares]


def split(amount: Decimal, owed: tuple[Owed, ...]) -> list[tuple[Owed, Decimal]]:
    """A promise's amount over the invoices it names, oldest due first (then by id): each
    takes up to its open balance, the last what is left (data-model.md, App-entered rows);
    an invoice that would take nothing is left out."""
    owed = tuple(sorted(owed, key=lambda o: (o.due_on is None, o.due_on or date.min,
                                             o.invoice_id)))
    shares, left = [], amount
    for n, o in enumerate(owed):
        share = left if n == len(owed) - 1 else min(left, o.open_amount)
        if share > 0:
            shares.append((o, share))
        left -= share
    return shares


def _promise_problems(entry: Entry) -> list[str]:
    """What is wrong with the promise's amount and invoices, each named."""
    if not entry.promise_amount:
        return []
    owed = entry.promise_invoices
    try:
        amount = Decimal(entry.promise_amount)
    except InvalidOperation:
        # one promise: the loader's check names it, as for an import
        return [f"promise: {entry.promise_amount!r} is not an amount such as 4000.00"] \
            if len(owed) > 1 else []
    if len({o.currency for o in owed}) > 1:
        return ["promise: the invoices named are in "
                f"{' and '.join(sorted({o.currency for o in owed}))}; a promise is in one "
                "currency, record one promise per currency"]
    if len(owed) < 2 or not amount.is_finite() or amount <= 0:
        return []  # one promise: the loader's checks name a bad amount
    found, total = [], sum((o.open_amount for o in owed), Decimal(0))
    if amount > total:
        found.append(f"promise: {amount:,.2f} is more than the {total:,.2f} open on "
                     f"{', '.join(o.invoice_id for o in owed)}; name more invoices or the "
                     "whole account")
    needed = [o.invoice_id for o, _ in split(amount, owed)]
    idle = sorted(o.invoice_id for o in owed if o.invoice_id not in needed)
    if idle:
        found.append(f"promise: {amount:,.2f} is covered by {', '.join(needed)} (oldest due "
                     f"first); {', '.join(idle)} would get nothing, leave "
                     f"{'it' if len(idle) == 1 else 'them'} out")
    return found


def problems(entry: Entry) -> list[str]:
    """What must be fixed before the entry can be recorded, each named."""
    found = [] if entry.customer_id else ["customer: choose one"]
    if bool(entry.promise_amount) != (entry.promise_due_on is not None):
        found.append("promise: give both the amount and the date, or neither")
    found += _promise_problems(entry)
    if entry.check is not None:
        found += entry.check.problems()
    return found


def record(con: duckdb.DuckDBPyConnection, entry: Entry, *, who: str) -> tuple[int | None,
                                                                                list[str]]:
    """Record the entry as one load (source names who entered it); the load id, or None
    and the problems (nothing recorded) when a field is missing or a row fails a check."""
    found = problems(entry)
    if found:
        return None, found
    return _load(con, _rows(entry, who), who)


def confirm_person(con: duckdb.DuckDBPyConnection, person: dict[str, object], *,
                   verified_on: date, who: str) -> tuple[int | None, list[str]]:
    """Write a point of contact back whole (customer_id, name, role, email, phone,
    is_primary as given, edited or not) verified on the day, as one load; the load id, or
    None and the problems (nothing recorded)."""
    row = {c: "" if person.get(c) is None or pd.isna(person.get(c)) else person[c]
           for c in BY_TABLE["people"].model_fields}
    row["is_primary"] = str(row["is_primary"]).lower()  # True or numpy's True_: 'true'
    row["verified_on"] = verified_on.isoformat()
    return _load(con, {"people": [row]}, who)


def _load(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, object]]],
          who: str) -> tuple[int | None, list[str]]:
    """The rows as one load of canonical files, checked first (dry run): nothing is written
    when a row fails a check, and each problem is named."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"app entry by {SAFE.sub('_', who)}"
        folder.mkdir()
        for table, rows in tables.items():
            with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as out:
                writer = csv.DictWriter(out, fieldnames=list(BY_TABLE[table].model_fields))
                writer.writeheader()
                writer.writerows(rows)
        preview = loader.load(con, [folder], dry_run=True, origin="app entry")
        if preview.total("rejected"):
            return None, [f"{r.table_name} {r.column_name or ''}: {r.reason}".replace(" :", ":")
                          for r in preview.rejects.itertuples(index=False)]
        report = loader.load(con, [folder], origin="app entry")
    return report.load_id, []


def app_rows(con: duckdb.DuckDBPyConnection, *, reps: Collection[str] | None = None
             ) -> dict[str, pd.DataFrame]:
    """The rows entered in the app, per table (contacts, promises, notes): the canonical
    columns, then when and by whom they were recorded (the load's time and source); of the
    customers owned today by `reps` (the viewer's rep scope) when given."""
    listed = None if reps is None else sorted(reps)
    return {table: run_sql(con, f"store/sql/entries/app_{table}.sql", reps=listed)
            for table in ("contacts", "promises", "notes")}
