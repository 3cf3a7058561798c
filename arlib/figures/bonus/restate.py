"""Restatements of a frozen bonus quarter (metrics.md §11.6): which figures and payouts moved
since the freeze, the rows that moved them with their cause and the load that brought them,
and how the difference is carried under the restatement policy."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from arlib.figures.bonus import freeze
from arlib.figures.bonus.payout import Payout, payout
from arlib.figures.bonus.plan import next_quarter, previous_quarter
from arlib.settings import Settings
from arlib.store.db import run_sql

# kind of rows -> their key and the columns whose change is a restatement
KEYS = {"payments": ["payment_id"], "contacts": ["contact_id"],
        "promise_pairs": ["payment_id", "promise_id"], "promises": ["promise_id"]}
COMPARED = {"payments": ["paid_on", "amount_base", "rep_id", "promise_id", "contact_id",
                         "customer_id", "owner_rep_id"],
            "contacts": ["contact_at", "rep_id", "customer_id", "outcome"],
            "promise_pairs": ["allocated_amt", "rep_id", "paid_on"],
            "promises": ["due_on", "made_on", "amount_base", "status", "rep_id"]}
ROW_COLUMNS = ["rep_id", "kind", "key", "change", "cause", "load_id", "detail"]
# where a row was brought by: the kind of raw rows its key is in
LOAD_KIND = {"payments": "payments", "contacts": "contacts", "promises": "promises",
             "promise_pairs": "promises"}


@dataclass(frozen=True)
class Restatement:
    """What moved since a freeze: payouts per rep (`payouts`: frozen, live, change), figures
    per rep and figure (`figures`), rows (`rows`: one per rep and row that moved, with cause
    and load), and under the policy the `adjustments` carried to the next quarter (empty
    when the policy is to reopen) or the `reopen` flag."""

    quarter: str
    policy: str
    payouts: pd.DataFrame
    figures: pd.DataFrame
    rows: pd.DataFrame
    adjustments: pd.DataFrame

    @property
    def changed(self) -> bool:
        """Whether any payout moved."""
        return bool((self.payouts.change_amt != 0).any())

    @property
    def reopen(self) -> bool:
        """Whether the policy asks to reopen the quarter (a payout moved)."""
        return self.policy == "reopen" and self.changed


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)[:19].replace("T", " ")


def _cause(kind: str, change: str, before: dict, after: dict) -> str:
    """The restatement's cause in words, from the kind of row and what changed in it."""
    if kind == "payments":
        if change == "added":
            return "payment added after the freeze"
        if change == "removed":
            return "payment reversed, removed or no longer the rep's"
        if _text(before.get("amount_base")) != _text(after.get("amount_base")):
            return "payment amount changed (reversed in part)"
        if before.get("customer_id") != after.get("customer_id"):
            return "payment moved to another customer"
        if before.get("owner_rep_id") != after.get("owner_rep_id") and \
                before.get("rep_id") == after.get("rep_id"):
            return "customer moved to another rep (portfolio only)"
        if before.get("promise_id") != after.get("promise_id"):
            return "payment now keeps another promise (promise added or re-dated)"
        if before.get("contact_id") != after.get("contact_id"):
            return "payment attributed through another contact (contact added or re-dated)"
        return "payment re-dated"
    if kind == "contacts":
        if change == "added":
            return "contact dated into the quarter after the freeze"
        if change == "removed":
            return "contact removed, re-dated out of the quarter or moved to another rep"
        if before.get("rep_id") != after.get("rep_id"):
            return "contact moved to another rep"
        return "contact changed"
    if kind == "promises":
        if change == "added":
            return "promise added after the freeze"
        if change == "removed":
            return "promise removed or re-dated out of the quarter"
        if before.get("due_on") != after.get("due_on") or \
                before.get("made_on") != after.get("made_on"):
            return "promise re-dated"
        return "promise's outcome changed (payments allocated differently)"
    return "payment allocated to the promise differently"


def _moved(kind: str, frozen_rows: pd.DataFrame, live_rows: pd.DataFrame) -> list[dict]:
    """One entry per row added, removed or changed between the frozen and live rows."""
    keys = KEYS[kind]
    cols = [c for c in COMPARED[kind]]

    def by_key(frame: pd.DataFrame) -> dict[tuple, dict]:
        if frame.empty:
            return {}
        frame = frame.astype(object).where(frame.notna(), None)
        return {tuple(str(r[k]) for k in keys): r for r in frame.to_dict("records")}

    before, after = by_key(frozen_rows), by_key(live_rows)
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, {}), after.get(key, {})
        if key not in before:
            change = "added"
        elif key not in after:
            change = "removed"
        else:
            diffs = [c for c in cols if _text(old.get(c)) != _text(new.get(c))]
            if not diffs:
                continue
            change = "changed"
        detail = "; ".join(f"{c} {_text(old.get(c)) or '-'} → {_text(new.get(c)) or '-'}"
                           for c in cols if _text(old.get(c)) != _text(new.get(c)))
        cause = _cause(kind, change, old, new)
        for rep in sorted({r for r in (old.get("rep_id"), new.get("rep_id")) if r}):
            out.append({"rep_id": rep, "kind": kind, "key": " / ".join(key),
                        "change": change, "cause": cause, "detail": detail,
                        "load_key": key[-1] if kind == "promise_pairs" else key[0]})
    return out


def restatement(con: duckdb.DuckDBPyConnection, item: freeze.Frozen, live: Payout, *,
                policy: str) -> Restatement:
    """Compare the frozen quarter with the same plan on today's data (`live`, computed for
    every rep): payouts, figures and rows, each moved row with its cause and the load that
    last wrote it; the adjustments carried to the next quarter under `adjust_next`."""
    payouts = freeze.beside(item, live)
    cols = ["rep_id", "figure", "figure_name", "value", "weighted_score_pct"]
    figures = item.lines[cols].merge(live.lines[cols], on=["rep_id", "figure"], how="outer",
                                     suffixes=("", "_live"))
    figures = figures.drop(columns="figure_name_live").rename(columns={
        "value": "frozen_value", "value_live": "live_value",
        "weighted_score_pct": "frozen_score_pct", "weighted_score_pct_live": "live_score_pct"})
    moved_figure = (figures.frozen_value.fillna(-1e300).round(6)
                    != figures.live_value.fillna(-1e300).round(6)) | \
        (figures.frozen_score_pct.round(9) != figures.live_score_pct.round(9))
    figures = figures[moved_figure].reset_index(drop=True)
    paid = set(item.reps.rep_id)
    rows = []
    for kind in freeze.ROW_KINDS:
        frozen_rows = item.rows(kind) if kind in item.snapshot["rows"] else pd.DataFrame()
        live_frame = {"contacts": live.card.contacts, "payments": live.card.payments,
                      "promise_pairs": live.card.promise_pairs,
                      "promises": live.card.promises}[kind]
        # through the same JSON as the snapshot, so that equal values compare equal
        live_rows = pd.DataFrame(freeze.records(
            live_frame[live_frame.rep_id.isin(paid)].reset_index(drop=True)))
        rows += _moved(kind, frozen_rows, live_rows)
    frame = pd.DataFrame(rows, columns=[*ROW_COLUMNS, "load_key"])
    loads = run_sql(con, "figures/sql/bonus/row_loads.sql")
    frozen_loads = set(item.snapshot["load_ids"])
    if not frame.empty:
        found = {(r.kind, r.key): int(r.load_id) for r in loads.itertuples(index=False)}
        frame["load_id"] = [found.get((LOAD_KIND[k], key)) if ch != "removed" else None
                            for k, key, ch in zip(frame.kind, frame.load_key, frame.change,
                                                  strict=True)]
        # a row last written by a load the freeze already had did not bring the change
        frame.loc[frame.load_id.isin(frozen_loads), "load_id"] = None
    frame = frame[ROW_COLUMNS].astype({"load_id": "Int64"})
    moved = payouts[payouts.change_amt != 0]
    adjustments = pd.DataFrame({
        "rep_id": moved.rep_id, "rep_name": moved.rep_name,
        "from_quarter": item.quarter, "to_quarter": next_quarter(item.quarter),
        "adjustment_amt": moved.change_amt}).reset_index(drop=True) \
        if policy == "adjust_next" else pd.DataFrame(
            columns=["rep_id", "rep_name", "from_quarter", "to_quarter", "adjustment_amt"])
    return Restatement(item.quarter, policy, payouts, figures, frame.reset_index(drop=True),
                       adjustments)


def carried_into(con: duckdb.DuckDBPyConnection, *, quarter: str,
                 settings: Settings) -> pd.DataFrame:
    """The adjustments carried into the quarter from the quarter before it: frozen, and
    restated since under the `adjust_next` policy (empty otherwise)."""
    before = previous_quarter(quarter)
    item = freeze.frozen(con, quarter=before)
    if item is None or settings.bonus_restatement_policy != "adjust_next":
        return pd.DataFrame(columns=["rep_id", "rep_name", "from_quarter", "to_quarter",
                                     "adjustment_amt"])
    live = payout(con, freeze.frozen_plan(item).plan, settings=settings)
    return restatement(con, item, live, policy="adjust_next").adjustments
