"""The cash forecast on a bench book (issue 18, point 6): the forecast as of the last day, as
the Forecast page makes it, and a back-test over 20 past dates; wall and CPU seconds.

`python -m arlib.bench.forecast path/to/bench.duckdb` times a kept bench book alone."""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from arlib.bench.clock import timed
from arlib.figures.forecast import backtest, views, weekly
from arlib.figures.periods import days_before
from arlib.figures.scope import Scope
from arlib.settings import Settings
from arlib.store import db, state

BACKTEST_DATES = 20
BUDGET_S = 1.0  # the forecast, warm (issue 18, point 6)
NO_BANDS = pd.DataFrame(columns=["method", "week", "low_pct", "high_pct"])


def _timed(fn: Callable[[], Any]) -> dict[str, Any]:
    wall, cpu, result = timed(fn)
    return {"wall_s": wall, "cpu_s": cpu, "result": result}


def _seconds(t: dict[str, Any]) -> dict[str, float]:
    return {"wall_s": round(t["wall_s"], 3), "cpu_s": round(t["cpu_s"], 3)}


def measure(db_path: Path, *, settings: Settings, dates: int = BACKTEST_DATES,
            log: Callable[[str], None] = print) -> dict[str, Any]:
    """Seconds as of the data's last day: what a forecast reads for every customer
    (`known`, as on a new date), each method's page tables from it, the comparison with a
    week earlier (its open items read, as on a new date), a new region and a new
    currency from it (the date's reads kept, as the page keeps them), and a back-test of
    `dates` past dates, 28 days apart, all three methods."""
    con = db.open_database(db_path, read_only=True)
    try:
        first_on, as_of = state.date_range(con)
        weekly.known(con, as_of=as_of, settings=settings)  # untimed: a running app's process
        read = _timed(lambda: weekly.known(con, as_of=as_of, settings=settings))
        known = read["result"]
        out: dict[str, Any] = {"as_of": as_of.isoformat(), "open_parts": len(known.parts),
                               "known": _seconds(read)}
        for method in weekly.METHODS:
            out[f"page {method}"] = _seconds(_timed(
                lambda m=method: views.page(weekly.spread(known, m), bands=NO_BANDS)))
        week_earlier = days_before(7, on=as_of)
        out["week earlier"] = _seconds(_timed(lambda: views.changes(known, weekly.known(
            con, as_of=week_earlier, settings=settings, fitted=False))))
        region = known.parts.region.dropna().value_counts().index[0]
        out["region"] = region
        out["new region, curves"] = _seconds(_timed(lambda: views.page(weekly.spread(
            weekly.in_scope(known, con, settings=settings, scope=Scope(region=region)),
            "curves"), bands=NO_BANDS)))
        currency = known.parts.currency.value_counts().index[-1]
        out["currency"] = currency
        out["new currency, curves"] = _seconds(_timed(lambda: views.page(
            weekly.spread(weekly.in_currency(known, currency), "curves"), bands=NO_BANDS)))
        days = backtest.as_of_dates(last_on=as_of, first_on=first_on, months=120)[-dates:]
        log(f"back-test over {len(days)} dates at {len(known.parts):,} open parts ...")
        replayed = _timed(lambda: backtest.replay(con, dates=days, settings=settings))
        scores = backtest.scores(replayed["result"]).summary
        out["backtest"] = {**_seconds(replayed), "dates": len(days),
                           "summary": json.loads(scores.to_json(orient="records"))}
    finally:
        con.close()
    out["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def budgets(out: dict[str, Any]) -> list[dict[str, Any]]:
    """The forecast's 1 s budget against a new region or currency from the date's reads
    (the page's warm case), against a new date (nothing kept) and a new date with the
    comparison with a week earlier the page shows under the chart."""
    warm = max(out["new region, curves"]["wall_s"], out["new currency, curves"]["wall_s"])
    new = out["known"]["wall_s"] + out["page curves"]["wall_s"]
    return [{"what": f"forecast, {what}, s", "measured": round(value, 3), "budget": BUDGET_S,
             "met": value < BUDGET_S}
            for what, value in (("new scope or currency (curves)", warm),
                                ("new date (curves)", new),
                                ("new date with the week earlier (curves)",
                                 new + out["week earlier"]["wall_s"]))]


def main(argv: list[str]) -> int:
    """Time the forecast on a kept bench database and print the measurements as JSON."""
    start = os.getloadavg()
    out = measure(Path(argv[0]), settings=Settings(), log=lambda m: print(m, file=sys.stderr))
    out["load_average"] = {"start": start, "end": os.getloadavg()}
    out["budgets"] = budgets(out)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
