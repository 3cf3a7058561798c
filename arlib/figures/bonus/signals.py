"""Gaming signals of a bonus quarter (metrics.md §11.7), counted per rep with the rows behind
them: contacts with no outcome, bursts in the quarter's last days, contacts on customers with
nothing past due, promises made and broken within days."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from arlib.figures.bonus.plan import CONTACT_SIGNALS, quarter_dates
from arlib.figures.reps import Scorecard
from arlib.store.db import run_sql

# signal -> what it flags
SIGNALS = {
    "no_outcome": "Contacts with no outcome",
    "last_days": "Contacts in the quarter's last days",
    "nothing_past_due": "Contacts on customers with nothing past due",
    "quick_broken": "Promises made and broken within days",
}


@dataclass(frozen=True)
class Signals:
    """Per rep (`counts`: a count per signal, and the share of their contacts dated in the
    last days), and the flagged rows: `contacts` (with a flag per contact signal) and
    `promises`."""

    counts: pd.DataFrame
    contacts: pd.DataFrame
    promises: pd.DataFrame


def signals(con: duckdb.DuckDBPyConnection, *, quarter: str, card: Scorecard,
            burst_days: int = 5, quick_days: int = 7) -> Signals:
    """The quarter's gaming signals per rep of the scorecard (`card`: the quarter's, whose
    promises give the broken ones): `burst_days` last days of the quarter, promises broken
    with at most `quick_days` between made_on and due_on."""
    first_on, last_on = quarter_dates(quarter)
    rows = run_sql(con, "figures/sql/bonus/signal_contacts.sql", first_on=first_on,
                   last_on=last_on, burst_days=burst_days)
    flags = [f"is_{s}" for s in CONTACT_SIGNALS]
    flagged = rows[rows[flags].any(axis=1)].reset_index(drop=True)
    promised = card.promises
    quick = promised[(promised.status == "broken")
                     & ((pd.to_datetime(promised.due_on) - pd.to_datetime(promised.made_on))
                        .dt.days <= quick_days)].reset_index(drop=True)
    reps = sorted(set(card.table.rep_id.dropna()) - {"(unattributed)"})
    counts = pd.DataFrame({"rep_id": reps})
    for signal in CONTACT_SIGNALS:
        counts[f"count_{signal}"] = counts.rep_id.map(
            rows[rows[f"is_{signal}"]].groupby("rep_id").size()).fillna(0).astype(int)
    counts["count_quick_broken"] = counts.rep_id.map(
        quick.groupby("rep_id").size()).fillna(0).astype(int)
    total = counts.rep_id.map(rows.groupby("rep_id").size()).fillna(0)
    counts["last_days_share_pct"] = (counts.count_last_days / total).where(total > 0)
    return Signals(counts, flagged, quick)


def excluded_contacts(found: Signals, exclude: list[str]) -> pd.DataFrame:
    """The contacts a plan leaves out of its contact counts: those flagged by any of the
    contact signals in `exclude`."""
    flags = [f"is_{s}" for s in exclude if s in CONTACT_SIGNALS]
    if not flags:
        return found.contacts.iloc[0:0]
    return found.contacts[found.contacts[flags].any(axis=1)].reset_index(drop=True)
