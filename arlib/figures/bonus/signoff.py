"""Sign-off of a frozen bonus quarter (metrics.md §11.5): the approval, then each rep's
acknowledgment of their statement, each recorded once with who, when and the snapshot's
hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from arlib.figures.bonus import freeze
from arlib.store.db import run_sql

APPROVED, ACKNOWLEDGED = "approved", "acknowledged"


class SignOffError(ValueError):
    """A sign-off step that cannot be recorded; the message says why (nothing recorded)."""


@dataclass(frozen=True)
class Status:
    """Where a frozen quarter's sign-off stands: the approval (None before it) and one row
    per rep on the frozen payout (rep_id, rep_name, payout_amt, acknowledged_by,
    acknowledged_at)."""

    approved_by: str | None
    approved_at: datetime | None
    reps: pd.DataFrame

    @property
    def complete(self) -> bool:
        """Approved, and every rep on the payout acknowledged."""
        return self.approved_by is not None and self.reps.acknowledged_by.notna().all()


def _frozen(con: duckdb.DuckDBPyConnection, quarter: str) -> freeze.Frozen:
    item = freeze.frozen(con, quarter=quarter)
    if item is None:
        raise SignOffError(f"{quarter} is not frozen: freeze it before signing off")
    return item


def _record(con: duckdb.DuckDBPyConnection, item: freeze.Frozen, *, step: str, rep_id: str,
            signed_by: str, signed_at: datetime | None) -> None:
    if not signed_by or not signed_by.strip():
        raise SignOffError("the name of who signs is missing")
    try:
        run_sql(con, "figures/sql/bonus/insert_signoff.sql", quarter=item.quarter, step=step,
                rep_id=rep_id, signed_by=signed_by.strip(),
                signed_at=signed_at or datetime.now(), content_hash=item.content_hash)
    except duckdb.ConstraintException:
        raise SignOffError(f"{item.quarter}: {step} already"
                           + (f" for {rep_id}" if rep_id else "")) from None


def approve(con: duckdb.DuckDBPyConnection, *, quarter: str, approved_by: str,
            approved_at: datetime | None = None) -> None:
    """Record the approval of the frozen quarter's payouts (once)."""
    item = _frozen(con, quarter)
    _record(con, item, step=APPROVED, rep_id="", signed_by=approved_by,
            signed_at=approved_at)


def acknowledge(con: duckdb.DuckDBPyConnection, *, quarter: str, rep_id: str,
                acknowledged_by: str, acknowledged_at: datetime | None = None) -> None:
    """Record that the rep acknowledged their statement of the frozen quarter (once, after
    the approval)."""
    item = _frozen(con, quarter)
    done = status(con, quarter=quarter)
    if done.approved_by is None:
        raise SignOffError(f"{quarter} is not approved yet: a rep acknowledges after the "
                           "approval")
    if rep_id not in set(done.reps.rep_id):
        raise SignOffError(f"{rep_id} has no statement in the frozen {quarter}")
    _record(con, item, step=ACKNOWLEDGED, rep_id=rep_id, signed_by=acknowledged_by,
            signed_at=acknowledged_at)


def status(con: duckdb.DuckDBPyConnection, *, quarter: str) -> Status:
    """The approval and each rep's acknowledgment of the frozen quarter."""
    item = _frozen(con, quarter)
    steps = run_sql(con, "figures/sql/bonus/signoffs.sql", quarter=quarter)
    steps = steps[steps.content_hash == item.content_hash]
    approval = steps[steps.step == APPROVED]
    acks = steps.loc[steps.step == ACKNOWLEDGED, ["rep_id", "signed_by", "signed_at"]] \
        .rename(columns={"signed_by": "acknowledged_by", "signed_at": "acknowledged_at"})
    reps = item.reps[["rep_id", "rep_name", "payout_amt"]].merge(acks, on="rep_id",
                                                                 how="left")
    if approval.empty:
        return Status(None, None, reps)
    first = approval.iloc[0]
    return Status(first.signed_by, first.signed_at.to_pydatetime(), reps)
