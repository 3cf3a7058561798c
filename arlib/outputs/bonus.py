"""The bonus payout as files (metrics.md §11.3): the payroll table (CSV, and XLSX with every
row behind it) stamped with what it was computed from, and a printable statement per rep."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from arlib import written
from arlib.figures import reps
from arlib.figures.bonus.freeze import Frozen, frozen_plan
from arlib.figures.bonus.payout import Payout
from arlib.figures.bonus.plan import Plan
from arlib.outputs import documents, export


def payroll(result: Payout, stamp: Mapping[str, object],
            adjustments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per rep: quarter, plan version and data load (each row carries them, so a CSV
    on its own says what it was computed from), the target payout, score and payout, and
    the adjustment carried in from the quarter before with the total to pay."""
    out = result.reps.copy()
    carried = _carried(adjustments)
    out["adjustment_amt"] = out.rep_id.map(carried).fillna(0.0)
    out["total_amt"] = (out.payout_amt + out.adjustment_amt).round(2)
    out.insert(0, "quarter", result.plan.quarter)
    out.insert(1, "plan_version", stamp.get("plan version"))
    out.insert(2, "data_load_id", stamp.get("data load id"))
    return out


def _carried(adjustments: pd.DataFrame | None) -> pd.Series:
    """The adjustment carried in per rep (none when no adjustments are given)."""
    if adjustments is None or adjustments.empty:
        return pd.Series(dtype=float)
    return adjustments.groupby("rep_id").adjustment_amt.sum()


def sheets(result: Payout, stamp: Mapping[str, object],
           adjustments: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The payroll, the lines per rep and figure, and the rows behind the payout reps'
    figures (contacts, payments attributed, payments to promises)."""
    paid = set(result.reps.rep_id)
    rows = [reps.drill_down(result.card, rep_id) for rep_id in sorted(paid)]

    def stacked(name: str) -> pd.DataFrame:
        frames = [r[name] for r in rows if not r[name].empty]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    return {"Payroll": payroll(result, stamp, adjustments), "Lines": result.lines,
            "Contacts": stacked("contacts"), "Payments": stacked("payments"),
            "Payments to promises": stacked("promise_pairs")}


def payroll_csv(result: Payout, stamp: Mapping[str, object],
                adjustments: pd.DataFrame | None = None) -> bytes:
    """The payroll table as CSV (built when asked for)."""
    return export.to_csv_bytes(payroll(result, stamp, adjustments))


def payroll_xlsx(result: Payout, stamp: Mapping[str, object],
                 adjustments: pd.DataFrame | None = None) -> bytes:
    """The payroll workbook: About (the stamp), payroll, lines and rows (built when asked)."""
    return export.to_xlsx_bytes(sheets(result, stamp, adjustments), dict(stamp))


def _pct(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.1%}"


def _number(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):,.4g}"


def statements_html(result: Payout, stamp: Mapping[str, object], *, currency: str,
                    adjustments: pd.DataFrame | None = None) -> str:
    """One printable page per rep on the payout: each figure, target, attainment, tier,
    weight and weighted score, the gates that held, the score, cap and amount, and the
    adjustment carried in from the quarter before."""
    notes = {r.rep_id: f"Adjustment carried from {r.from_quarter} (restated after its "
                       f"freeze): {written.money(r.adjustment_amt, currency)}"
             for r in (adjustments if adjustments is not None else pd.DataFrame(
                 columns=["rep_id"])).itertuples(index=False)}
    return _statements(result.plan, result.reps, result.lines, stamp, currency=currency,
                       notes=notes)


def frozen_statements_html(item: Frozen, *, rep_ids: Collection[str] | None,
                           currency: str, adjustments: pd.DataFrame | None = None) -> str:
    """The statements of a frozen quarter, from its snapshot (of the reps given, all when
    None), stamped with the freeze, the plan version, the loads and the hash, and the
    adjustment its restatement carries to the next quarter."""
    notes = {r.rep_id: f"Restated after the freeze: {written.money(r.adjustment_amt, currency)}"
                       f" carried to {r.to_quarter} as an adjustment"
             for r in (adjustments if adjustments is not None else pd.DataFrame(
                 columns=["rep_id"])).itertuples(index=False)}
    reps_frame = item.reps if rep_ids is None else item.reps[item.reps.rep_id.isin(rep_ids)]
    stamp = {"plan version": item.plan_version,
             "data load id": ", ".join(str(i) for i in item.snapshot["load_ids"]),
             "frozen": f"{item.frozen_at:%Y-%m-%d %H:%M} by {item.frozen_by}",
             "content hash": item.content_hash}
    return _statements(frozen_plan(item).plan, reps_frame, item.lines, stamp,
                       currency=currency, notes=notes)


def _statements(plan: Plan, reps_frame: pd.DataFrame, all_lines: pd.DataFrame,
                stamp: Mapping[str, object], *, currency: str,
                notes: Mapping[str, str] | None = None) -> str:
    e = documents._e
    pages = []
    for row in reps_frame.itertuples(index=False):
        lines = all_lines[all_lines.rep_id == row.rep_id]
        body = "".join(
            f"<tr><td>{e(x.figure_name)}</td><td class='num'>{e(_number(x.value))}</td>"
            f"<td class='num'>{e(_number(x.target))}</td>"
            f"<td class='num'>{e(_pct(x.attainment_pct))}</td>"
            f"<td class='num'>{e(_pct(x.tier_at_pct) or 'below first tier')}</td>"
            f"<td class='num'>{e(_pct(x.weight_pct))}</td>"
            f"<td>{e(x.gated_by or '')}</td>"
            f"<td class='num'>{e(_pct(x.weighted_score_pct))}</td></tr>"
            for x in lines.itertuples(index=False))
        capped = f" (capped at {_pct(plan.cap)})" if row.capped else ""
        pages.append(
            f"<section class='rep'><h1>Bonus statement {e(plan.quarter)}</h1>"
            f"<p>{e(row.rep_name)} ({e(row.rep_id)})<br><span class='muted'>Plan version "
            f"{e(stamp.get('plan version'))} · data load {e(stamp.get('data load id'))}"
            f"</span></p><table><thead><tr><th>Figure</th><th class='num'>Value</th>"
            f"<th class='num'>Target</th><th class='num'>Attainment</th>"
            f"<th class='num'>Tier</th><th class='num'>Weight</th><th>Gate</th>"
            f"<th class='num'>Weighted score</th></tr></thead><tbody>{body}</tbody></table>"
            f"<p>Score {e(_pct(row.score_pct))}{e(capped)} × target payout "
            f"{e(written.money(row.target_payout_amt, currency))}</p>"
            f"<h2>Payout {e(written.money(row.payout_amt, currency))}</h2>"
            + (f"<p><strong>{e((notes or {})[row.rep_id])}</strong></p>"
               if row.rep_id in (notes or {}) else "")
            +
            "<p class='muted'>" + " · ".join(f"{e(k)}: {e(v)}" for k, v in stamp.items())
            + "</p></section>")
    style = "section.rep { break-after: page; page-break-after: always; }"
    return documents._page(f"Bonus statements {plan.quarter}",
                           f"<style>{style}</style>" + "".join(pages))
