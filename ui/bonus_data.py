"""Cached access to the quarterly bonus for the Bonus page (plans, payouts, exports).

A payout is cached per plan (its JSON), scope and data version: a saved plan or a new load
computes it again. Plans themselves are read each run (a few rows)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from arlib import settings
from arlib.figures import reps
from arlib.figures.bonus import freeze, restate, signals, signoff
from arlib.figures.bonus import payout as bonus_payout
from arlib.figures.bonus import plan as bonus_plan
from arlib.figures.scope import EVERYONE, Scope
from arlib.outputs import bonus as bonus_files
from ui import data, formats


def quarters() -> list[str]:
    """The quarters with a saved plan, latest first."""
    return bonus_plan.quarters(data.connection())


def stored(*, quarter: str, version: int | None = None) -> bonus_plan.StoredPlan | None:
    """The quarter's plan in force (or a given version); None when none is saved."""
    return bonus_plan.stored(data.connection(), quarter=quarter, version=version)


def versions(*, quarter: str) -> pd.DataFrame:
    """The saved versions of the quarter's plan, newest first."""
    return bonus_plan.versions(data.connection(), quarter=quarter)


def save(plan: bonus_plan.Plan, *, author: str, note: str | None) -> bonus_plan.StoredPlan:
    """Save the plan as its quarter's next version (PlanError when it is not sound)."""
    return bonus_plan.save(data.connection(), plan, author=author, note=note,
                           saved_at=datetime.now())


def copy_to_next(*, quarter: str, author: str) -> bonus_plan.StoredPlan:
    """Save the quarter's plan in force as a version of the next quarter."""
    return bonus_plan.copy_to_next(data.connection(), quarter=quarter, author=author)


@data.cached(show_spinner="Working out the payouts…", max_entries=32)
def _payout(plan_json: str, scope: Scope, version: str) -> bonus_payout.Payout:
    result = bonus_payout.payout(data.connection(), bonus_plan.from_json(plan_json),
                                 settings=settings.load(), scope=scope)
    return data.checked(version, result)


def payout(plan: bonus_plan.Plan, *, scope: Scope, version: str) -> bonus_payout.Payout:
    """Each rep's payout under the plan, for the reps the scope shows (figures over the whole
    book: see arlib.figures.bonus.payout)."""
    return _payout(bonus_plan.to_json(plan), scope, version)


def stamp(stored_plan: bonus_plan.StoredPlan, version: str) -> dict[str, object]:
    """What a payroll file or statement was computed from: quarter, plan version, data load,
    the settings the figures depend on."""
    cfg = settings.load()
    return {"quarter": stored_plan.plan.quarter, "plan version": stored_plan.version,
            "plan saved": f"{stored_plan.saved_at:%Y-%m-%d %H:%M} by {stored_plan.author}",
            "data load id": version.rsplit("#", 1)[-1], "base currency": cfg.base_currency,
            "attribution window days": cfg.attribution_window_days,
            "promise grace days": cfg.promise_grace_days,
            "promise tolerance": cfg.promise_tolerance}


def payroll_csv(result: bonus_payout.Payout, info: dict[str, object],
                adjustments: pd.DataFrame | None = None) -> bytes:
    """The payroll CSV (called by the download button when clicked)."""
    return bonus_files.payroll_csv(result, info, adjustments)


def payroll_xlsx(result: bonus_payout.Payout, info: dict[str, object],
                 adjustments: pd.DataFrame | None = None) -> bytes:
    """The payroll workbook with every row behind it (built when clicked)."""
    return bonus_files.payroll_xlsx(result, info, adjustments)


def statements(result: bonus_payout.Payout, info: dict[str, object],
               adjustments: pd.DataFrame | None = None) -> bytes:
    """The printable statements, one page per rep, as HTML bytes (built when clicked)."""
    return bonus_files.statements_html(result, info, currency=settings.load().base_currency,
                                       adjustments=adjustments).encode()


@data.cached(show_spinner=False, max_entries=16)
def rep_ids(*, quarter: str, version: str) -> list[str]:
    """The reps employed at some point in the quarter (a starting plan lists them)."""
    first_on, last_on = bonus_plan.quarter_dates(quarter)
    names = reps.roster_names(data.connection(), first_on=first_on, as_of=last_on)
    return data.checked(version, [r for r in names.index if r != reps.UNATTRIBUTED])


def lines_of(result: bonus_payout.Payout, rep_id: str) -> pd.DataFrame:
    """One rep's lines: figure, value, target, attainment, tier, weight, gate, score."""
    lines = result.lines[result.lines.rep_id == rep_id]
    return lines.drop(columns=["rep_id", "rep_name", "figure"]).reset_index(drop=True)


def rows_behind(result: bonus_payout.Payout, rep_id: str) -> dict[str, pd.DataFrame]:
    """The contacts, payments attributed and payments to promises behind the rep's figures."""
    return bonus_payout.drill_down(result, rep_id)


_FLASH = "_bonus_flash"  # session state: the outcome of the last save or copy, shown once


def save_clicked(*, quarter: str, cap: float, measures: pd.DataFrame, gates: pd.DataFrame,
                 reps: pd.DataFrame, author: str, note: str,
                 exclude_signals: list[str] | None = None) -> None:
    """The Save button's callback: the edited tables saved as the quarter's next version,
    or every problem named (nothing saved)."""
    try:
        edited = bonus_plan.from_tables(quarter=quarter, cap=cap, measures=measures,
                                        gates=gates, reps=reps,
                                        exclude_signals=exclude_signals)
        saved = save(edited, author=author, note=note or None)
    except bonus_plan.PlanError as exc:
        st.session_state[_FLASH] = ("error", "The plan was not saved:\n\n" + "\n".join(
            f"- {formats.plain(p)}" for p in exc.problems))
    else:
        st.session_state[_FLASH] = ("success", f"Saved {quarter} plan version "
                                               f"{saved.version}.")


def copy_clicked(*, quarter: str, author: str) -> None:
    """The Copy button's callback: the plan in force saved as a version of the next
    quarter."""
    try:
        copied = copy_to_next(quarter=quarter, author=author)
    except bonus_plan.PlanError as exc:
        st.session_state[_FLASH] = ("error", formats.plain(str(exc)))
    else:
        st.session_state[_FLASH] = ("success", f"Copied to {copied.plan.quarter} as version "
                                               f"{copied.version}.")


def flash() -> None:
    """Show the outcome of the last save, copy, freeze or sign-off, once, in a container
    drawn on every run (so that the tabs after it keep their place, and the open tab)."""
    box = st.container()
    shown = st.session_state.pop(_FLASH, None)
    if shown is not None:
        kind, text = shown
        (box.error if kind == "error" else box.success)(
            text, icon=":material/error:" if kind == "error" else ":material/check:")


def frozen(*, quarter: str) -> freeze.Frozen | None:
    """The quarter's frozen snapshot (its hash checked), None when it is not frozen."""
    return freeze.frozen(data.connection(), quarter=quarter)


@data.cached(show_spinner="Checking the quarter…", max_entries=16)
def _readiness(plan_json: str, version: str) -> pd.DataFrame:
    result = _payout(plan_json, EVERYONE, version)
    return data.checked(version, freeze.readiness(data.connection(), result,
                                                  settings=settings.load()))


def readiness(plan: bonus_plan.Plan, *, version: str) -> pd.DataFrame:
    """The checks to confirm before freezing the plan's quarter (every rep, whole book)."""
    return _readiness(bonus_plan.to_json(plan), version)


def beside(item: freeze.Frozen, *, scope: Scope, version: str) -> pd.DataFrame:
    """Frozen and live payout per rep the scope shows (live: the frozen plan on today's
    data)."""
    live = payout(freeze.frozen_plan(item).plan, scope=scope, version=version)
    shown = freeze.beside(item, live)
    return shown[bonus_payout.visible(shown.rep_id, scope)].reset_index(drop=True)


def snapshot_json(item: freeze.Frozen) -> bytes:
    """The frozen snapshot as the JSON text its hash is of (built when clicked)."""
    return freeze.canonical(item.snapshot).encode()


def freeze_clicked(*, quarter: str, frozen_by: str, confirmed: bool, version: str) -> None:
    """The Freeze button's callback: the quarter's payout under the plan in force, for every
    rep, frozen once; or why not (nothing stored)."""
    in_force = stored(quarter=quarter)
    if not confirmed:
        st.session_state[_FLASH] = ("error", "Tick the box confirming the checks first; "
                                             "nothing was frozen.")
        return
    if in_force is None:
        st.session_state[_FLASH] = ("error", f"No plan is saved for {quarter}; nothing was "
                                             "frozen.")
        return
    try:
        result = _payout(bonus_plan.to_json(in_force.plan), EVERYONE, version)
        item = freeze.freeze(data.connection(), result, in_force, settings=settings.load(),
                             frozen_by=frozen_by)
    except data.StaleData:
        st.session_state[_FLASH] = ("error", "New data was loaded meanwhile: check the "
                                             "quarter again; nothing was frozen.")
    except freeze.FreezeError as exc:
        st.session_state[_FLASH] = ("error", formats.plain(f"Not frozen: {exc}."))
    else:
        st.session_state[_FLASH] = ("success", f"{quarter} frozen under plan version "
                                               f"{item.plan_version} (hash "
                                               f"{item.content_hash[:12]}…).")


def visible_reps(table: pd.DataFrame, *, scope: Scope) -> pd.DataFrame:
    """The rows of a table with a rep_id column that the scope shows."""
    return table[bonus_payout.visible(table.rep_id, scope)].reset_index(drop=True)


def signoff_status(*, quarter: str) -> signoff.Status:
    """The approval and each rep's acknowledgment of the frozen quarter."""
    return signoff.status(data.connection(), quarter=quarter)


def frozen_statements(item: freeze.Frozen, rep_ids: tuple[str, ...],
                      adjustments: pd.DataFrame | None = None) -> bytes:
    """The frozen quarter's statements of the reps given, as HTML bytes (built on click),
    with the adjustments its restatement carries to the next quarter."""
    return bonus_files.frozen_statements_html(
        item, rep_ids=rep_ids, currency=settings.load().base_currency,
        adjustments=adjustments).encode()


def approve_clicked(*, quarter: str, approved_by: str) -> None:
    """The Approve button's callback: the approval recorded, or why not."""
    try:
        signoff.approve(data.connection(), quarter=quarter, approved_by=approved_by)
    except (signoff.SignOffError, freeze.FreezeError) as exc:
        st.session_state[_FLASH] = ("error", formats.plain(f"Not approved: {exc}."))
    else:
        st.session_state[_FLASH] = ("success", f"{quarter} approved by "
                                               f"{formats.plain(approved_by.strip())}.")


def acknowledge_clicked(*, quarter: str, rep_id: str | None, acknowledged_by: str) -> None:
    """The Acknowledge button's callback: the rep's acknowledgment recorded, or why not."""
    try:
        if not rep_id:
            raise signoff.SignOffError("choose whose statement is acknowledged")
        signoff.acknowledge(data.connection(), quarter=quarter, rep_id=rep_id,
                            acknowledged_by=acknowledged_by)
    except (signoff.SignOffError, freeze.FreezeError) as exc:
        st.session_state[_FLASH] = ("error", formats.plain(f"Not acknowledged: {exc}."))
    else:
        st.session_state[_FLASH] = ("success", f"{rep_id} acknowledged the {quarter} "
                                               "statement.")


@data.cached(show_spinner="Comparing with the frozen quarter…", max_entries=16)
def _restatement(quarter: str, content_hash: str, version: str) -> restate.Restatement:
    item = freeze.frozen(data.connection(), quarter=quarter)
    live = _payout(bonus_plan.to_json(freeze.frozen_plan(item).plan), EVERYONE, version)
    result = restate.restatement(data.connection(), item, live,
                                 policy=settings.load().bonus_restatement_policy)
    return data.checked(version, result)


def restatement(item: freeze.Frozen, *, version: str) -> restate.Restatement:
    """What moved in the frozen quarter since its freeze (every rep; the page shows the
    viewer's), with causes, loads and the policy's adjustments."""
    return _restatement(item.quarter, item.content_hash, version)


@data.cached(show_spinner=False, max_entries=16)
def carried_into(*, quarter: str, version: str) -> pd.DataFrame:
    """The adjustments carried into the quarter from the restated quarter before it."""
    return data.checked(version, restate.carried_into(data.connection(), quarter=quarter,
                                                      settings=settings.load()))


def reopen_clicked(*, quarter: str, reopened_by: str) -> None:
    """The Reopen button's callback: the freeze kept aside and the quarter open again."""
    try:
        freeze.reopen(data.connection(), quarter=quarter, reopened_by=reopened_by)
    except freeze.FreezeError as exc:
        st.session_state[_FLASH] = ("error", formats.plain(f"Not reopened: {exc}."))
    else:
        st.session_state[_FLASH] = ("success", f"{quarter} reopened: its earlier freeze is "
                                               "kept as it was; check and freeze it again.")


@data.cached(show_spinner=False, max_entries=16)
def _signals(plan_json: str, version: str) -> signals.Signals:
    result = _payout(plan_json, EVERYONE, version)
    quarter = bonus_plan.from_json(plan_json).quarter
    return data.checked(version, signals.signals(data.connection(), quarter=quarter,
                                                 card=result.card))


def gaming_signals(plan: bonus_plan.Plan, *, scope: Scope, version: str) -> signals.Signals:
    """The quarter's gaming signals, counted per rep the scope shows, with the rows."""
    found = _signals(bonus_plan.to_json(plan), version)
    return signals.Signals(visible_reps(found.counts, scope=scope),
                           visible_reps(found.contacts, scope=scope),
                           visible_reps(found.promises, scope=scope))
