"""Payout per rep under a quarter's bonus plan (metrics.md §11): each figure's attainment,
tier, weighted score, the gates, the cap and the amount, from the scorecard of the quarter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from arlib.figures import aging, difficulty, dso, reps
from arlib.figures.bonus import signals
from arlib.figures.bonus.plan import (
    FIGURES,
    PORTFOLIO_FIGURES,
    Measure,
    Plan,
    checked,
    quarter_dates,
)
from arlib.figures.periods import days_before
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings

LINE_COLUMNS = ["rep_id", "rep_name", "figure", "figure_name", "value", "target",
                "attainment_pct", "tier_at_pct", "tier_pays_pct", "weight_pct", "gated_by",
                "weighted_score_pct"]
REP_COLUMNS = ["rep_id", "rep_name", "target_payout_amt", "score_pct", "capped",
               "paid_score_pct", "payout_amt"]


@dataclass(frozen=True)
class Payout:
    """A quarter's payout: one row per rep (`reps`), one per rep and figure (`lines`), and
    the scorecard behind them (its drill-down gives the rows)."""

    plan: Plan
    reps: pd.DataFrame
    lines: pd.DataFrame
    card: reps.Scorecard


def tier_of(measure: Measure, attainment: float) -> tuple[float, float]:
    """The highest tier reached at the attainment (fraction): its `at` and `pays`; (NaN, 0)
    below the first tier or when the attainment is undefined."""
    reached = [t for t in measure.tiers if not math.isnan(attainment) and attainment >= t.at]
    return (reached[-1].at, reached[-1].pays) if reached else (math.nan, 0.0)


def _value(row: pd.Series, figure: str) -> float:
    value = row.get(figure)
    return math.nan if value is None or pd.isna(value) else float(value)


def rep_lines(plan: Plan, rep: pd.Series, target_payout: float,
              targets: dict[str, float]) -> tuple[list[dict], dict]:
    """One rep's lines (one per measure) and their total, from the rep's scorecard row."""
    failed = [g for g in plan.gates
              if math.isnan(_value(rep, g.figure)) or _value(rep, g.figure) < g.minimum]
    lines = []
    for m in plan.measures:
        value = _value(rep, m.figure)
        target = targets.get(m.figure, m.target)
        attainment = value / target if not math.isnan(value) else math.nan
        at, pays = tier_of(m, attainment)
        gates = [f"{FIGURES[g.figure]} below {g.minimum:g}" for g in failed
                 if m.figure in g.blocks]
        lines.append({"rep_id": rep.rep_id, "rep_name": rep.rep_name, "figure": m.figure,
                      "figure_name": FIGURES[m.figure], "value": value, "target": target,
                      "attainment_pct": attainment, "tier_at_pct": at, "tier_pays_pct": pays,
                      "weight_pct": m.weight, "gated_by": "; ".join(gates) or None,
                      "weighted_score_pct": 0.0 if gates else m.weight * pays})
    score = sum(line["weighted_score_pct"] for line in lines)
    paid = min(score, plan.cap)
    total = {"rep_id": rep.rep_id, "rep_name": rep.rep_name,
             "target_payout_amt": target_payout, "score_pct": score,
             "capped": score > plan.cap, "paid_score_pct": paid,
             "payout_amt": round(target_payout * paid, 2)}
    return lines, total


def visible(rep_ids: pd.Series, scope: Scope) -> pd.Series:
    """Which reps the scope shows: every rep, or the sidebar's rep, within the viewer's reps
    (`scope.reps`: a rep's own id, a manager's team)."""
    shown = pd.Series(True, index=rep_ids.index)
    if scope.rep_id is not None:
        shown &= rep_ids == scope.rep_id
    if scope.reps is not None:
        shown &= rep_ids.isin(list(scope.reps))
    return shown


def without_flagged(con: duckdb.DuckDBPyConnection, table: pd.DataFrame, card: reps.Scorecard,
                    plan: Plan) -> pd.DataFrame:
    """The scorecard rows (by rep_id) with the contacts the plan's excluded signals flag
    taken out: contacts, contacts per working day and dollars per contact again."""
    found = signals.signals(con, quarter=plan.quarter, card=card)
    left_out = signals.excluded_contacts(found, plan.exclude_signals).groupby("rep_id").size()
    out = table.copy()
    count = (out.count_contacts.astype(float) - out.index.map(left_out).fillna(0)).clip(lower=0)
    days = out.working_days.astype(float)
    out["count_contacts"] = count
    out["contacts_per_day"] = (count / days).where(days > 0)
    out["per_contact_amt"] = (out.attributed_amt / count).where(count > 0)
    return out


def portfolio_figures(con: duckdb.DuckDBPyConnection, rep_ids: list[str], *, first_on: date,
                      last_on: date, settings: Settings,
                      with_expected: bool = True) -> pd.DataFrame:
    """Per rep, of the customers they own today: the reduction of their past due over
    [first_on, last_on] (fraction of the past due the day before first_on; undefined when
    that was not above 0), their CEI (percent, §2) and the cash collected against the cash
    the forecast expected of them at the quarter's start (fraction, §4.2; undefined without
    `with_expected`, which spares the forecast), indexed by rep_id."""
    opening_on = days_before(1, on=first_on)
    before = aging.by_rep(con, as_of=opening_on, settings=settings).set_index("rep_id")
    after = aging.by_rep(con, as_of=last_on, settings=settings).set_index("rep_id")
    expected = (difficulty.portfolio(con, first_on=first_on, settings=settings)
                .set_index("rep_id").collected_vs_expected_pct if with_expected else
                pd.Series(dtype=float))
    rows = []
    for rep_id in rep_ids:
        start = float(before.past_due_amt.get(rep_id, 0.0))
        end = float(after.past_due_amt.get(rep_id, 0.0))
        index = dso.cei(con, first_on=first_on, last_on=last_on, settings=settings,
                        scope=Scope(rep_id=rep_id))["cei_pct"]
        rows.append({"rep_id": rep_id,
                     "past_due_reduction_pct": (start - end) / start if start > 0 else math.nan,
                     "cei_pct": math.nan if index is None else index,
                     "collected_vs_expected_pct": float(expected.get(rep_id, math.nan))})
    return pd.DataFrame(rows, columns=["rep_id", *PORTFOLIO_FIGURES]).set_index("rep_id")


def payout(con: duckdb.DuckDBPyConnection, plan: Plan, *, settings: Settings,
           scope: Scope = EVERYONE) -> Payout:
    """Each rep on the plan (and in the scope): figures over the whole quarter and the whole
    book, their attainment, tier, weighted score and payout in the base currency.

    A payout never depends on a page's region filter: the scope only chooses which reps'
    rows come back."""
    checked(plan)
    first_on, last_on = quarter_dates(plan.quarter)
    card = reps.scorecard(con, first_on=first_on, as_of=last_on, settings=settings)
    table = card.table[card.table.rep_id != reps.UNATTRIBUTED].set_index("rep_id")
    if plan.exclude_signals:
        table = without_flagged(con, table, card, plan)
    used = {m.figure for m in plan.measures} | {g.figure for g in plan.gates}
    if used & set(PORTFOLIO_FIGURES):
        table = table.join(portfolio_figures(
            con, [r.rep_id for r in plan.reps], first_on=first_on, last_on=last_on,
            settings=settings, with_expected="collected_vs_expected_pct" in used), how="outer")
    names = reps.roster_names(con, first_on=first_on, as_of=last_on)
    all_lines, totals = [], []
    for target in plan.reps:
        if target.rep_id in table.index:
            row = table.loc[target.rep_id].astype(object)
        else:  # on the plan, no scorecard row in the quarter: every figure undefined
            row = pd.Series({f: math.nan for f in FIGURES}, dtype=object)
        row["rep_id"] = target.rep_id
        row["rep_name"] = names.get(target.rep_id, target.rep_id)
        lines, total = rep_lines(plan, row, target.target_payout, target.targets)
        all_lines += lines
        totals.append(total)
    lines = pd.DataFrame(all_lines, columns=LINE_COLUMNS)
    out = pd.DataFrame(totals, columns=REP_COLUMNS)
    lines = lines[visible(lines.rep_id, scope)].reset_index(drop=True)
    out = out[visible(out.rep_id, scope)].reset_index(drop=True)
    return Payout(plan, out.astype({"capped": bool}), lines, card)


def drill_down(result: Payout, rep_id: str) -> dict[str, pd.DataFrame]:
    """The rows behind one rep's payout: the scorecard's drill-down (contacts, payments
    attributed, payments to promises) for the quarter."""
    return reps.drill_down(result.card, rep_id)
