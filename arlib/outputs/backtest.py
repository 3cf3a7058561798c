"""The forecast back-test as text and as files (metrics.md §10.5): `python -m arlib backtest`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from arlib.figures.forecast import backtest, weekly


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.3f}"


def text(scores: backtest.Scores, *, dates: list) -> str:
    """The scores as a table: one line per method (13-week WAPE, bias, WAPE per week)."""
    if not dates:
        return "No date to replay: the data spans less than 13 weeks."
    weeks = scores.by_week.pivot(index="method", columns="week", values="wape_pct")
    lines = [f"Back-test of the cash forecast: {len(dates)} as-of dates from {dates[0]} to "
             f"{dates[-1]}, 13 weeks each (WAPE and bias as fractions of the cash that "
             "arrived).",
             "",
             f"{'method':<22} {'WAPE 13w':>9} {'bias':>7} {'80% band':>9}  "
             "WAPE per week 1..13"]
    for row in scores.summary.itertuples():
        per = " ".join(_pct(weeks.loc[row.method, w]) for w in range(1, weekly.WEEKS + 1))
        lines.append(f"{weekly.METHODS.get(row.method, row.method):<22} "
                     f"{_pct(row.wape_pct):>9} {row.bias_pct:>+7.3f} "
                     f"{_pct(row.coverage_pct):>9}  {per}")
    best = scores.summary.iloc[0]
    lines += ["", "80% band: the share of replayed weeks whose cash fell inside the band "
                  "made from the errors of the dates whose 13 weeks had passed (conformal "
                  "bounds per week; n/a: too few of them).",
              f"Best: {weekly.METHODS.get(best.method, best.method)} "
              f"(13-week WAPE {_pct(best.wape_pct)})."]
    return "\n".join(lines)


def save(folder: Path, replayed: pd.DataFrame, scores: backtest.Scores, *,
         dates: list) -> list[Path]:
    """Write backtest.json (summary and WAPE per week), backtest_weeks.csv (WAPE per method
    and week) and backtest_rows.csv (forecast and actual per date, method and week)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "backtest.json", folder / "backtest_weeks.csv",
             folder / "backtest_rows.csv"]
    summary = json.loads(scores.summary.to_json(orient="records"))
    by_week = json.loads(scores.by_week.to_json(orient="records"))
    paths[0].write_text(json.dumps({"as_of_dates": [str(d) for d in dates],
                                    "summary": summary, "by_week": by_week}, indent=2))
    scores.by_week.to_csv(paths[1], index=False)
    replayed.to_csv(paths[2], index=False)
    return paths
