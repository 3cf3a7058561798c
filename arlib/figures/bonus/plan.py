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
}
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
