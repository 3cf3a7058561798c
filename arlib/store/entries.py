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
            "other"]


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
    promise_invoice_id: str = ""
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
            "invoice_id": entry.promise_invoice_id, "made_on": entry.at.date().isoformat(),
            "due_on": "" if entry.promise_due_on is None else entry.promise_due_on.isoformat(),
            "amount": entry.promise_amount,
            "note": entry.check.words() if entry.check else ""}]
    if entry.note_text:
        rows["notes"] = [{"note_id": new_id(), "customer_id": entry.customer_id,
                          "author": who, "created_at": f"{entry.at:%Y-%m-%d %H:%M:%S}",
                          "text": entry.note_text}]
    return rows


def problems(entry: Entry) -> list[str]:
    """What must be fixed before the entry can be recorded, each named."""
    found = [] if entry.customer_id else ["customer: choose one"]
    if bool(entry.promise_amount) != (entry.promise_due_on is not None):
        found.append("promise: give both the amount and the date, or neither")
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
        preview = loader.load(con, [folder], dry_run=True)
        if preview.total("rejected"):
            return None, [f"{r.table_name} {r.column_name or ''}: {r.reason}".replace(" :", ":")
                          for r in preview.rejects.itertuples(index=False)]
        report = loader.load(con, [folder])
    return report.load_id, []


def app_rows(con: duckdb.DuckDBPyConnection, *, reps: Collection[str] | None = None
             ) -> dict[str, pd.DataFrame]:
    """The rows entered in the app, per table (contacts, promises, notes): the canonical
    columns, then when and by whom they were recorded (the load's time and source); of the
    customers owned today by `reps` (the viewer's rep scope) when given."""
    listed = None if reps is None else sorted(reps)
    return {table: run_sql(con, f"store/sql/entries/app_{table}.sql", reps=listed)
            for table in ("contacts", "promises", "notes")}
