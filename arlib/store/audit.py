"""The audit trail: who signed in, was refused, or changed the roster, and when."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from arlib.store.db import run_sql

# action -> what it records
ACTIONS = {
    "sign_in": "a signed-in person on the roster opened a session",
    "denied": "a signed-in person was refused (not on the roster, inactive, sign-in too old)",
    "roster": "the roster was replaced (from a file or the People page)",
    "import": "a load was committed on the Import data page",
    "export": "a file of figures or rows was downloaded (its name says page, date and filters)",
    "entry": "a call's outcome (contact, promise, note) or a confirmed point of contact was "
             "recorded in the app",
    "pack": "the running app wrote the CFO pack on its schedule (or says why it could not)",
}


def record(con: duckdb.DuckDBPyConnection, *, email: str, action: str, detail: str,
           happened_at: datetime | None = None) -> None:
    """Add one action to the trail (happened_at: now unless given)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}' (known: {', '.join(ACTIONS)})")
    run_sql(con, "store/sql/audit/insert_event.sql", happened_at=happened_at or datetime.now(),
            email=email.lower(), action=action, detail=detail)


def events(con: duckdb.DuckDBPyConnection, *, first_on: date, last_on: date,
           email: str | None = None, action: str | None = None,
           max_rows: int = 10_000) -> pd.DataFrame:
    """One row per recorded action between the days (inclusive), newest first: happened_at,
    email, action, detail."""
    return run_sql(con, "store/sql/audit/events.sql", first_on=first_on, last_on=last_on,
                   email=email or None, action=action or None, max_rows=max_rows)
