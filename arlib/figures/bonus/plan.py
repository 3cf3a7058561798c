"""A quarter's bonus plan (metrics.md §11): which scorecard figures count, their weights,
targets and tiers, the gates, the cap and each rep's target payout; saved as versions."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import duckdb
import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from arlib.store.db import run_sql

# scorecard column (arlib.figures.reps) -> what the plan calls it
FIGURES = {
    "contacts_per_day": "Contacts per working day",
    "per_contact_amt": "Collected per contact",
    "kept_rate_pct": "Promise-kept rate (count)",
    "kept_amount_rate_pct": "Promise-kept rate (amount)",
    "attributed_amt": "Cash collected against target",
    "past_due_reduction_pct": "Reduction of the rep's past due",
    "cei_pct": "CEI of the rep's portfolio",
    "collected_vs_expected_pct": "Collected vs expected from the portfolio",
}
# the gaming signals of contacts a plan may exclude (arlib.figures.bonus.signals)
CONTACT_SIGNALS = ("no_outcome", "last_days", "nothing_past_due")
# figures of the rep's portfolio (customers owned today), not of the scorecard
PORTFOLIO_FIGURES = ("past_due_reduction_pct", "cei_pct", "collected_vs_expected_pct")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


class Tier(BaseModel):
    """From attainment `at` (a fraction of the target) up, the measure pays `pays` (a fraction
    of its weight)."""

    at: float = Field(ge=0)
    pays: float = Field(ge=0)


class Measure(BaseModel):
    """One figure that counts: its weight in the score, its target and its tiers."""

    figure: str
    weight: float = Field(gt=0)
    target: float = Field(gt=0)
    tiers: list[Tier]


class Gate(BaseModel):
    """No score on the `blocks` figures while `figure` is below `minimum` (or undefined)."""

    figure: str
    minimum: float
    blocks: list[str]


class RepTarget(BaseModel):
    """One rep on the plan: the payout at a score of 1, and their own targets by figure."""

    rep_id: str
    target_payout: float = Field(ge=0)
    targets: dict[str, float] = Field(default_factory=dict)


class Plan(BaseModel):
    """The bonus plan of one quarter (`2024Q4`)."""

    quarter: str
    measures: list[Measure]
    gates: list[Gate] = Field(default_factory=list)
    cap: float = Field(gt=0)  # the score pays at most this multiple of the target payout
    reps: list[RepTarget]
    # contacts flagged by these gaming signals (arlib.figures.bonus.signals) do not count
    exclude_signals: list[str] = Field(default_factory=list)


class PlanError(ValueError):
    """A plan that cannot be saved or paid; `problems` lists each in words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the bonus plan was not saved: " + "; ".join(problems))


class StoredPlan(BaseModel):
    """A saved version of a plan: who saved it and when."""

    plan: Plan
    version: int
    author: str
    saved_at: datetime
    note: str | None = None


def quarter_dates(quarter: str) -> tuple[date, date]:
    """First and last day of a quarter written `2024Q4`."""
    found = _QUARTER.match(quarter or "")
    if not found:
        raise PlanError([f"quarter '{quarter}' is not written like 2024Q4"])
    year, q = int(found[1]), int(found[2])
    first = date(year, 3 * q - 2, 1)
    last = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def quarter_of(*, day: date) -> str:
    """The quarter holding the day, written `2024Q4`."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def next_quarter(quarter: str) -> str:
    """The quarter after the given one."""
    last = quarter_dates(quarter)[1]
    return quarter_of(day=date.fromordinal(last.toordinal() + 1))


def previous_quarter(quarter: str) -> str:
    """The quarter before the given one."""
    first = quarter_dates(quarter)[0]
    return quarter_of(day=date.fromordinal(first.toordinal() - 1))


def problems(plan: Plan) -> list[str]:
    """Everything that keeps the plan from being paid, in words (empty when it is sound)."""
    found = []
    try:
        quarter_dates(plan.quarter)
    except PlanError as exc:
        found += exc.problems
    figures = [m.figure for m in plan.measures]
    if not figures:
        found.append("the plan counts no figure")
    for name in figures:
        if name not in FIGURES:
            found.append(f"figure '{name}' is not one of {', '.join(FIGURES)}")
    found += [f"figure '{n}' counts twice" for n in sorted({n for n in figures
                                                            if figures.count(n) > 1})]
    total = sum(m.weight for m in plan.measures)
    if figures and abs(total - 1) > 1e-9:
        found.append(f"the weights add up to {total:g}, not 1")
    for m in plan.measures:
        ats = [t.at for t in m.tiers]
        if not ats:
            found.append(f"{m.figure}: no tier")
        elif ats != sorted(set(ats)):
            found.append(f"{m.figure}: the tiers' attainments must rise ({ats})")
    for g in plan.gates:
        if g.figure not in FIGURES:
            found.append(f"gate on '{g.figure}': not one of {', '.join(FIGURES)}")
        found += [f"gate on '{g.figure}' blocks '{b}', which the plan does not count"
                  for b in g.blocks if b not in figures]
    found += [f"signal '{s}' is not one of {', '.join(CONTACT_SIGNALS)}"
              for s in plan.exclude_signals if s not in CONTACT_SIGNALS]
    reps = [r.rep_id for r in plan.reps]
    found += [f"rep '{r}' is on the plan twice" for r in sorted({r for r in reps
                                                                 if reps.count(r) > 1})]
    for r in plan.reps:
        found += [f"rep '{r.rep_id}': own target for '{n}', which the plan does not count"
                  for n in r.targets if n not in figures]
        found += [f"rep '{r.rep_id}': target for '{n}' must be above 0"
                  for n, v in r.targets.items() if not v > 0]
    return found


def checked(plan: Plan) -> Plan:
    """The plan, when sound; else PlanError listing every problem."""
    found = problems(plan)
    if found:
        raise PlanError(found)
    return plan


def from_json(text: str) -> Plan:
    """A plan from its JSON; PlanError naming each field that is wrong."""
    try:
        return Plan.model_validate_json(text)
    except ValidationError as exc:
        raise PlanError([f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                         for e in exc.errors()]) from None


def to_json(plan: Plan) -> str:
    """The plan as JSON, keys in a fixed order (the same plan always gives the same text)."""
    return json.dumps(plan.model_dump(), sort_keys=True, separators=(",", ":"))


def save(con: duckdb.DuckDBPyConnection, plan: Plan, *, author: str, note: str | None = None,
         saved_at: datetime | None = None) -> StoredPlan:
    """Store the checked plan as the next version of its quarter (versions are never
    changed); PlanError when it is not sound, and nothing is stored."""
    checked(plan)
    if not author or not author.strip():
        raise PlanError(["the author's name is missing"])
    now = saved_at or datetime.now()
    version = int(run_sql(con, "figures/sql/bonus/insert_plan.sql", quarter=plan.quarter,
                          saved_at=now, author=author.strip(), note=note or None,
                          plan_json=to_json(plan)).iloc[0, 0])
    return StoredPlan(plan=plan, version=version, author=author.strip(), saved_at=now,
                      note=note or None)


def versions(con: duckdb.DuckDBPyConnection, *, quarter: str) -> pd.DataFrame:
    """One row per saved version of the quarter's plan, newest first: version, saved_at,
    author, note."""
    return run_sql(con, "figures/sql/bonus/plan_versions.sql", quarter=quarter)


def stored(con: duckdb.DuckDBPyConnection, *, quarter: str,
           version: int | None = None) -> StoredPlan | None:
    """A saved version of the quarter's plan (the latest, the one in force, when no version
    is given); None when there is none."""
    rows = run_sql(con, "figures/sql/bonus/plan_version.sql", quarter=quarter, version=version)
    if rows.empty:
        return None
    row = rows.iloc[0]
    return StoredPlan(plan=from_json(row.plan_json), version=int(row.version),
                      author=row.author, saved_at=row.saved_at.to_pydatetime(),
                      note=None if pd.isna(row.note) else row.note)


def quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The quarters with a saved plan, latest first."""
    return list(run_sql(con, "figures/sql/bonus/plan_quarters.sql").quarter)


def copy_to_next(con: duckdb.DuckDBPyConnection, *, quarter: str, author: str,
                 saved_at: datetime | None = None) -> StoredPlan:
    """Save the quarter's plan in force as a new version of the next quarter."""
    source = stored(con, quarter=quarter)
    if source is None:
        raise PlanError([f"no plan saved for {quarter} to copy"])
    plan = source.plan.model_copy(update={"quarter": next_quarter(quarter)})
    return save(con, plan, author=author, saved_at=saved_at,
                note=f"copied from {quarter} version {source.version}")


def starter(quarter: str, rep_ids: list[str]) -> Plan:
    """A plan to start editing from: cash collected 50 %, dollars per contact 30 %, contacts
    per day 20 %, tiers 80 % → half, 100 % → all, 120 % → 1.5 times, capped at 1.5, no
    gate, a target payout of 0 for each rep given."""
    tiers = [Tier(at=0.8, pays=0.5), Tier(at=1.0, pays=1.0), Tier(at=1.2, pays=1.5)]
    return Plan(quarter=quarter, cap=1.5, measures=[
        Measure(figure="attributed_amt", weight=0.5, target=10000, tiers=tiers),
        Measure(figure="per_contact_amt", weight=0.3, target=500, tiers=tiers),
        Measure(figure="contacts_per_day", weight=0.2, target=5, tiers=tiers)],
        reps=[RepTarget(rep_id=r, target_payout=0) for r in rep_ids])


def _pairs(text: str, what: str, found: list[str]) -> list[tuple[str, str]]:
    """'a:b, c:d' (or a=b) as pairs; a problem named in `found` for each malformed part."""
    out = []
    for part in [p.strip() for p in str(text or "").split(",") if p.strip()]:
        key, sep, value = part.replace("=", ":").partition(":")
        if not sep:
            found.append(f"{what}: '{part}' is not written like 0.8:0.5")
        else:
            out.append((key.strip(), value.strip()))
    return out


def _number(text: object, what: str, found: list[str]) -> float:
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        found.append(f"{what}: '{text}' is not a number")
        return float("nan")
    if value != value:
        found.append(f"{what}: a number is missing")
    return value


def to_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan as three editable tables (measures, gates, reps); tiers written
    'attainment:pays, …', own targets 'figure:target, …'."""
    return {
        "measures": pd.DataFrame(
            [{"figure": m.figure, "weight": m.weight, "target": m.target,
              "tiers": ", ".join(f"{t.at:g}:{t.pays:g}" for t in m.tiers)}
             for m in plan.measures], columns=["figure", "weight", "target", "tiers"]),
        "gates": pd.DataFrame(
            [{"figure": g.figure, "minimum": g.minimum, "blocks": ", ".join(g.blocks)}
             for g in plan.gates], columns=["figure", "minimum", "blocks"]),
        "reps": pd.DataFrame(
            [{"rep_id": r.rep_id, "target_payout": r.target_payout,
              "own_targets": ", ".join(f"{k}:{v:g}" for k, v in r.targets.items())}
             for r in plan.reps], columns=["rep_id", "target_payout", "own_targets"]),
    }


def _rows(frame: pd.DataFrame) -> list[dict]:
    """The table's rows with something in them (an editor's blank new row is skipped)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [r for r in rows if any(v not in (None, "") for v in r.values())]


def from_tables(*, quarter: str, cap: float, measures: pd.DataFrame, gates: pd.DataFrame,
                reps: pd.DataFrame, exclude_signals: list[str] | None = None) -> Plan:
    """The plan the three tables of `to_tables` describe, checked; PlanError naming each
    cell that is wrong (row numbers from 1)."""
    found: list[str] = []
    ms, gs, rs = [], [], []
    for i, r in enumerate(_rows(measures), 1):
        what = f"measure {i} ({r.get('figure') or 'no figure'})"
        tiers = [Tier(at=_number(a, what, found), pays=_number(p, what, found))
                 for a, p in _pairs(r.get("tiers"), what, found)]
        ms.append(Measure.model_construct(
            figure=str(r.get("figure") or ""), weight=_number(r.get("weight"), what, found),
            target=_number(r.get("target"), what, found), tiers=tiers))
    for i, r in enumerate(_rows(gates), 1):
        what = f"gate {i}"
        gs.append(Gate(figure=str(r.get("figure") or ""),
                       minimum=_number(r.get("minimum"), what, found),
                       blocks=[b.strip() for b in str(r.get("blocks") or "").split(",")
                               if b.strip()]))
    for i, r in enumerate(_rows(reps), 1):
        what = f"rep {i} ({r.get('rep_id') or 'no id'})"
        own = {k: _number(v, what, found) for k, v in _pairs(r.get("own_targets"), what, found)}
        rs.append(RepTarget.model_construct(
            rep_id=str(r.get("rep_id") or ""), targets=own,
            target_payout=_number(r.get("target_payout"), what, found)))
    if found:
        raise PlanError(found)
    try:
        plan = Plan.model_validate({
            "quarter": quarter, "cap": cap, "measures": [m.model_dump() for m in ms],
            "gates": [g.model_dump() for g in gs], "reps": [r.model_dump() for r in rs],
            "exclude_signals": list(exclude_signals or [])})
    except ValidationError as exc:
        raise PlanError([_where(e["loc"]) + e["msg"] for e in exc.errors()]) from None
    return checked(plan)


def _where(loc: tuple) -> str:
    """'measure 2, weight: ' for a pydantic error location."""
    names = {"measures": "measure", "gates": "gate", "reps": "rep", "tiers": "tier"}
    parts, i = [], 0
    while i < len(loc):
        if loc[i] in names and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            parts.append(f"{names[loc[i]]} {loc[i + 1] + 1}")
            i += 2
        else:
            parts.append(str(loc[i]))
            i += 1
    return ", ".join(parts) + ": "
