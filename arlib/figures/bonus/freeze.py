"""Freezing a quarter's payout (metrics.md §11.4): readiness checks first, then a snapshot of
the figures, the rows behind them, the plan, the settings, the loads and the code, stored once
with its content hash; frozen figures never change and are shown beside the live ones."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from arlib import settings as settings_module
from arlib.figures import reps
from arlib.figures.bonus.payout import Payout
from arlib.figures.bonus.plan import StoredPlan, from_json, quarter_dates, to_json
from arlib.settings import Settings
from arlib.store import fx
from arlib.store.db import run_sql
from arlib.store.queries import rollback, sql_text

# the settings a payout depends on (metrics.md §4, §11), kept in the snapshot
FIGURE_SETTINGS = ("base_currency", "fx_policy", "attribution_window_days",
                   "promise_grace_days", "promise_tolerance")
ROW_KINDS = ("contacts", "payments", "promise_pairs", "promises")


class FreezeError(ValueError):
    """A quarter that cannot be frozen (already frozen, no plan) or a snapshot that no
    longer matches its hash."""


@dataclass(frozen=True)
class Frozen:
    """A frozen quarter: who froze it and when, the plan version, the hash and the snapshot
    (`reps`, `lines`, `rows`, `plan`, `settings`, `load_ids`, `code_version`)."""

    quarter: str
    frozen_at: datetime
    frozen_by: str
    plan_version: int
    content_hash: str
    snapshot: dict[str, Any]

    @property
    def reps(self) -> pd.DataFrame:
        """The frozen payout, one row per rep."""
        return pd.DataFrame(self.snapshot["reps"])

    @property
    def lines(self) -> pd.DataFrame:
        """The frozen lines, one row per rep and figure."""
        return pd.DataFrame(self.snapshot["lines"])

    def rows(self, kind: str, rep_id: str | None = None) -> pd.DataFrame:
        """The frozen rows behind the figures (contacts, payments, promise_pairs, promises),
        of one rep when given."""
        frame = pd.DataFrame(self.snapshot["rows"][kind])
        if rep_id is None or frame.empty:
            return frame
        return frame[frame.rep_id == rep_id].reset_index(drop=True)


def _check(name: str, problems: int, detail: str) -> dict[str, Any]:
    return {"check": name, "ok": problems == 0, "count": problems, "detail": detail}


def readiness(con: duckdb.DuckDBPyConnection, result: Payout, *,
              settings: Settings) -> pd.DataFrame:
    """The checks to confirm before freezing the quarter of the payout, one row each:
    check, ok, count (of what is wrong), detail in words."""
    first_on, last_on = quarter_dates(result.plan.quarter)
    later = run_sql(con, "figures/sql/bonus/loads_after.sql", last_on=last_on)
    rejected = run_sql(con, "figures/sql/bonus/rejected_rows.sql")
    missing = fx.missing_rates(con, settings=settings, as_of=last_on)
    contacts = run_sql(con, "figures/sql/bonus/contacts_without_rep.sql", first_on=first_on,
                       last_on=last_on)
    unpaid = result.card.payments[result.card.payments.rep_id.isna()]
    changes = run_sql(con, "figures/sql/bonus/rep_changes.sql", first_on=first_on,
                      last_on=last_on)
    planned = {r.rep_id for r in result.plan.reps}
    active = set(result.card.table.rep_id) - {reps.UNATTRIBUTED}
    off_plan = sorted(active - planned)
    rows = [
        _check("Data loaded after the quarter's end", int(later.empty),
               f"{len(later)} load(s) after {last_on:%Y-%m-%d}, the latest "
               f"{later.loaded_at.max():%Y-%m-%d %H:%M}" if not later.empty else
               f"no load after {last_on:%Y-%m-%d}: late payments and contacts may be "
               "missing"),
        _check("Rejected rows", int(rejected.count_rows.sum()),
               "none" if rejected.empty else
               ", ".join(f"load {r.load_id}: {r.count_rows} row(s)"
                         for r in rejected.itertuples(index=False))
               + " (see the Import page's history)"),
        _check("Missing FX rates", len(missing),
               "none" if missing.empty else
               fx.message(missing, base_currency=settings.base_currency)),
        _check("Contacts without a rep", len(contacts),
               "none" if contacts.empty else
               ", ".join(contacts.contact_id.astype(str).head(10))),
        _check("Payments without a rep", len(unpaid),
               "none" if unpaid.empty else
               f"{unpaid.amount_base.sum():,.2f} {settings.base_currency} in "
               f"{len(unpaid)} payment(s) nobody is paid for: "
               + ", ".join(unpaid.payment_id.astype(str).head(10))),
        _check("Reps started, left or absent in the quarter", len(changes),
               "none" if changes.empty else "; ".join(
                   f"{r.rep_id} {r.change} {r.from_on:%Y-%m-%d}"
                   + (f" to {r.to_on:%Y-%m-%d}" if pd.notna(r.to_on) else "")
                   for r in changes.itertuples(index=False))),
        _check("Reps with figures but not on the plan", len(off_plan),
               "none" if not off_plan else ", ".join(off_plan)),
    ]
    return pd.DataFrame(rows, columns=["check", "ok", "count", "detail"])


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as JSON records: dates and times as ISO text, missing values as null."""
    return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=10))


def code_version() -> str:
    """The commit of the code that computed a snapshot (the checkout's HEAD), 'unknown'
    outside a git checkout."""
    git = settings_module.REPO_ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return "unknown"


def snapshot(result: Payout, stored: StoredPlan, *, settings: Settings,
             load_ids: list[int]) -> dict[str, Any]:
    """Everything a frozen quarter keeps: the payout, the rows behind the paid reps'
    figures, the plan and its version, the figure settings, the loads and the code."""
    paid = set(result.reps.rep_id)
    rows = {}
    for kind, frame in zip(ROW_KINDS, (result.card.contacts, result.card.payments,
                                       result.card.promise_pairs, result.card.promises),
                           strict=True):
        rows[kind] = records(frame[frame.rep_id.isin(paid)].reset_index(drop=True))
    return {
        "quarter": result.plan.quarter, "plan_version": stored.version,
        "plan": json.loads(to_json(stored.plan)),
        "reps": records(result.reps), "lines": records(result.lines), "rows": rows,
        "settings": {k: getattr(settings, k) for k in FIGURE_SETTINGS},
        "load_ids": sorted(load_ids), "code_version": code_version(),
    }


def canonical(snap: dict[str, Any]) -> str:
    """The snapshot as JSON text, keys sorted (the same snapshot always gives the same
    text, so the same hash)."""
    return json.dumps(snap, sort_keys=True, separators=(",", ":"), allow_nan=False)


def content_hash(text: str) -> str:
    """SHA-256 of the snapshot's JSON text, in hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def freeze(con: duckdb.DuckDBPyConnection, result: Payout, stored: StoredPlan, *,
           settings: Settings, frozen_by: str, frozen_at: datetime | None = None) -> Frozen:
    """Store the quarter's snapshot once; FreezeError when it is frozen already (nothing
    changes) or the payout is not the stored plan's."""
    if result.plan != stored.plan:
        raise FreezeError("the payout was computed under another plan than the version given")
    if not frozen_by or not frozen_by.strip():
        raise FreezeError("the name of who freezes the quarter is missing")
    quarter = result.plan.quarter
    if frozen(con, quarter=quarter) is not None:
        raise FreezeError(f"{quarter} is frozen already; a frozen quarter never changes")
    snap = snapshot(result, stored, settings=settings, load_ids=_load_ids(con))
    text = canonical(snap)
    when = frozen_at or datetime.now()
    try:
        run_sql(con, "figures/sql/bonus/insert_freeze.sql", quarter=quarter, frozen_at=when,
                frozen_by=frozen_by.strip(), plan_version=stored.version,
                content_hash=content_hash(text), snapshot_json=text)
    except duckdb.ConstraintException:  # another session froze it meanwhile
        raise FreezeError(f"{quarter} is frozen already; a frozen quarter never changes") \
            from None
    return Frozen(quarter, when, frozen_by.strip(), stored.version, content_hash(text), snap)


def _load_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The ids of every load that changed data (what the figures were computed from)."""
    return [int(i) for i in run_sql(con, "figures/sql/bonus/load_ids.sql").load_id]


def frozen(con: duckdb.DuckDBPyConnection, *, quarter: str) -> Frozen | None:
    """The quarter's frozen snapshot, checked against its hash (FreezeError when it does
    not match); None when the quarter is not frozen."""
    rows = run_sql(con, "figures/sql/bonus/freeze_of.sql", quarter=quarter)
    if rows.empty:
        return None
    row = rows.iloc[0]
    if content_hash(row.snapshot_json) != row.content_hash:
        raise FreezeError(f"the snapshot of {quarter} does not match its hash: it was "
                          "changed after the freeze")
    return Frozen(row.quarter, row.frozen_at.to_pydatetime(), row.frozen_by,
                  int(row.plan_version), row.content_hash, json.loads(row.snapshot_json))


def frozen_quarters(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per frozen quarter, latest first: quarter, frozen_at, frozen_by,
    plan_version, content_hash."""
    return run_sql(con, "figures/sql/bonus/frozen_quarters.sql")


def frozen_plan(item: Frozen) -> StoredPlan:
    """The plan version the frozen quarter was paid under, from its snapshot."""
    return StoredPlan(plan=from_json(json.dumps(item.snapshot["plan"])),
                      version=item.plan_version, author="(frozen)", saved_at=item.frozen_at)


def beside(item: Frozen, live: Payout) -> pd.DataFrame:
    """Frozen and live payout per rep of the frozen quarter: frozen_payout_amt,
    live_payout_amt (under the frozen plan, on today's data), change_amt."""
    before = item.reps[["rep_id", "rep_name", "payout_amt"]].rename(
        columns={"payout_amt": "frozen_payout_amt"})
    now = live.reps[["rep_id", "payout_amt"]].rename(columns={"payout_amt": "live_payout_amt"})
    out = before.merge(now, on="rep_id", how="outer")
    out["change_amt"] = (out.live_payout_amt.fillna(0) - out.frozen_payout_amt.fillna(0)) \
        .round(2)
    return out


def reopen(con: duckdb.DuckDBPyConnection, *, quarter: str, reopened_by: str,
           reopened_at: datetime | None = None) -> None:
    """Reopen a frozen quarter (restatement policy `reopen`): its snapshot and sign-off steps
    are kept unchanged in bonus_reopened, and the quarter can be frozen again; in one
    transaction, or nothing changes."""
    if not reopened_by or not reopened_by.strip():
        raise FreezeError("the name of who reopens the quarter is missing")
    if frozen(con, quarter=quarter) is None:
        raise FreezeError(f"{quarter} is not frozen")
    values = {"quarter": quarter}
    with con.cursor() as cur:
        cur.execute("begin transaction")
        try:
            cur.execute(sql_text("figures/sql/bonus/archive_freeze.sql"),
                        {**values, "reopened_at": reopened_at or datetime.now(),
                         "reopened_by": reopened_by.strip()})
            cur.execute(sql_text("figures/sql/bonus/delete_signoffs.sql"), values)
            cur.execute(sql_text("figures/sql/bonus/delete_freeze.sql"), values)
        except BaseException:
            rollback(cur)
            raise
        cur.execute("commit")


def reopenings(con: duckdb.DuckDBPyConnection, *, quarter: str) -> pd.DataFrame:
    """One row per earlier freeze of the quarter that was reopened, oldest first."""
    return run_sql(con, "figures/sql/bonus/reopenings.sql", quarter=quarter)
