"""Points of contact to confirm: stale or unreachable people at a customer (metrics.md §12)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from arlib import written
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_sql

# the contact outcomes that say a point of contact can no longer be reached that way
UNREACHABLE = {"bounced": "an email that bounced", "wrong_number": "a wrong number"}


def people_to_confirm(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                      scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per person to confirm on the date (customer's primary first): stale,
    unreachable, and why in words."""
    rows = run_sql(con, "figures/sql/day/people_to_confirm.sql", as_of=as_of,
                   stale_days=settings.stale_contact_days,
                   words=list(settings.unreachable_words), **scope.params())
    why = []
    for name, stale, gone, verified, kid, kon, note, outcome in zip(
            rows.name, rows.is_stale, rows.is_unreachable, rows.verified_on,
            rows.last_contact_id, rows.last_contact_on, rows.last_note, rows.last_outcome,
            strict=True):
        parts = []
        if gone and outcome in UNREACHABLE:
            parts.append(f"unreachable: {kid} on {written.day(kon)} was "
                         f"{UNREACHABLE[outcome]}")
        elif gone:
            parts.append(f"unreachable: {kid} on {written.day(kon)} says "
                         f"\u201c{written.text(note)}\u201d")
        if stale:
            parts.append("never verified" if pd.isna(verified) else
                         f"not verified since {written.day(verified)}")
        why.append(f"{name}: {'; '.join(parts)}")
    rows["why"] = why
    return rows
