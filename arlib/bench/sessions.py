"""Many people at once (issue 16, point 6): the app served on a bench database and N browser
sessions walking its pages at the same time, each with filters of its own (an as-of date, a
rep, a region), timed to page complete like the browser bench; p50 and p95 per kind of step
and the server's peak memory (the kernel's high-water mark of its resident set).

`python -m arlib.bench.sessions --db DIR/bench.duckdb --sessions 20 [--out sessions.json]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from arlib.bench import browser, machine
from arlib.store import db, state

STEPS = ["", "dso", "aging", "promises", "forecast", "scorecard", "calls", "visits"]
LATE_MS = 120_000  # a page not complete in browser.TIMEOUT_MS: how much longer to wait and see


def _memory_kb(pid: int) -> dict[str, int]:
    """The process's resident set now and at its peak (VmRSS, VmHWM), in kB (Linux)."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields


def _plans(db_path: Path, sessions: int) -> list[dict[str, Any]]:
    """Each session's filters and page order: one in three on a rep, one in three on a
    region, all on the last day with data (a new date makes the Forecast page replay its
    18-month back-test, minutes at a million invoices: the filter-change bench times new
    dates), the pages rotated so that they do not all ask for one page at once."""
    con = db.open_database(db_path, read_only=True)
    try:
        last = state.date_range(con)[1]
        values = db.run_sql(con, "bench/sql/filter_values.sql")
    finally:
        con.close()
    reps = list(values.value[values.kind == "rep"])
    regions = list(values.value[values.kind == "region"])
    plans = []
    for n in range(sessions):
        query: dict[str, str] = {"as_of": f"{last}"}
        if n % 3 == 1 and reps:
            query["rep"] = reps[n % len(reps)]
        if n % 3 == 2 and regions:
            query["region"] = regions[n % len(regions)]
        k = n % len(STEPS)
        plans.append({"query": query, "pages": STEPS[k:] + STEPS[:k]})
    return plans


async def _walk(browser_, base: str, plan: dict[str, Any]) -> list[dict[str, Any]]:
    """One session: a first load in a fresh tab, then every other page by its URL in the
    same session (as the menu does), each timed to page complete."""
    context = await browser_.new_context(viewport={"width": 1440, "height": 1000},
                                         reduced_motion="reduce")
    await context.add_init_script(browser.INIT_JS)
    page = await context.new_page()
    samples = []
    try:
        for n, path in enumerate(plan["pages"]):
            url = browser._page_url(base, path, **plan["query"])
            started = time.perf_counter()
            if n == 0:
                await page.goto(url, wait_until="commit")
                runs = 0
            else:
                runs = await page.evaluate(browser.MOVE_JS, url)
            sample = {"kind": "first_load" if n == 0 else "navigation",
                      "page": path or "overview", "filters": plan["query"], "s": None}
            try:
                await page.wait_for_function(browser.COMPLETE_JS, arg=runs,
                                             timeout=browser.TIMEOUT_MS, polling=50)
                sample["s"] = round(time.perf_counter() - started, 4)
            except Exception:  # not complete in TIMEOUT_MS: counted apart, the walk goes on
                sample.update(await _late(page, runs, started))
            samples.append(sample)
    finally:
        await context.close()
    return samples


async def _late(page, runs: int, started: float) -> dict[str, Any]:
    """For a page not complete in time: what it lacked then, and whether it completed in
    the next LATE_MS (a slow page) or not (one that never completes)."""
    missing = await page.evaluate(browser.MISSING_JS)
    try:
        await page.wait_for_function(browser.COMPLETE_JS, arg=runs, timeout=LATE_MS,
                                     polling=200)
        late = round(time.perf_counter() - started, 4)
    except Exception:  # still not complete: the page is stuck
        late = None
    return {"missing": missing, "late_s": late, "url": page.url}


def _percentiles(times: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times * 19
    return {"count": len(times), "p50_s": round(statistics.median(times), 3),
            "p95_s": round(cuts[18], 3), "worst_s": round(max(times), 3)}


async def _all(base: str, plans: list[dict[str, Any]], pid: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=browser.CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        peak = {"VmRSS": 0}

        async def watch() -> None:  # the server's memory while the sessions walk
            while True:
                now = _memory_kb(pid)
                peak["VmRSS"] = max(peak["VmRSS"], now.get("VmRSS", 0))
                await asyncio.sleep(0.5)

        watcher = asyncio.create_task(watch())
        before = _memory_kb(pid)
        started = time.perf_counter()
        walks = await asyncio.gather(*(_walk(chromium, base, p) for p in plans))
        seconds = time.perf_counter() - started
        watcher.cancel()
        after = _memory_kb(pid)
        await chromium.close()
    samples = [s for walk in walks for s in walk]
    return {"samples": samples, "seconds": round(seconds, 2),
            "server_memory_mb": {"before": round(before["VmRSS"] / 1024),
                                 "peak": round(max(after["VmHWM"], peak["VmRSS"]) / 1024),
                                 "after": round(after["VmRSS"] / 1024)}}


def measure(db_path: Path, *, sessions: int = 20) -> dict[str, Any]:
    """N sessions at once on the database: p50/p95/worst page complete per kind of step, the
    server's memory, and every sample."""
    plans = _plans(db_path, sessions)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="arlib_sessions_") as scratch:
        pids: list[int] = []
        with browser.serving(db_path, Path(scratch) / "runs.jsonl", pids=pids) as base:
            for path in STEPS:  # every page once first: a running app, as people meet it
                asyncio.run(_all(base, [{"query": {}, "pages": [path]}], pids[0]))
            out = asyncio.run(_all(base, plans, pids[0]))
    samples = out["samples"]
    return {"sessions": sessions, "database": str(db_path), "wall_s": out["seconds"],
            "server_memory_mb": out["server_memory_mb"],
            "first_load": _percentiles([s["s"] for s in samples
                                        if s["kind"] == "first_load" and s["s"] is not None]),
            "navigation": _percentiles([s["s"] for s in samples
                                        if s["kind"] == "navigation" and s["s"] is not None]),
            "timed_out": [f"{s['page']} {s['filters']}: completed "
                          + (f"at {s['late_s']} s" if s["late_s"] else "never")
                          + f", lacking {s['missing']}"
                          for s in samples if s["s"] is None],
            "machine": machine.facts(),
            "load_average": {"start": load_start, "end": os.getloadavg()},
            "measured_on": f"{date.today()}", "samples": samples}


def text(out: dict[str, Any]) -> str:
    """The result in a few lines."""
    mem = out["server_memory_mb"]
    lines = [f"{out['sessions']} sessions at once on {out['database']} ({out['wall_s']} s):"]
    for kind in ("first_load", "navigation"):
        p = out[kind]
        lines.append(f"  {kind.replace('_', ' ')}: p50 {p['p50_s']} s, p95 {p['p95_s']} s, "
                     f"worst {p['worst_s']} s ({p['count']} pages)")
    lines.append(f"  server memory: {mem['before']} MB before, peak {mem['peak']} MB, "
                 f"{mem['after']} MB after")
    if out["timed_out"]:
        lines.append(f"  not complete in {browser.TIMEOUT_MS / 1000:g} s: "
                     + "; ".join(out["timed_out"]))
    lines.append(f"  load average {out['load_average']['start']} -> "
                 f"{out['load_average']['end']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m arlib.bench.sessions",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a bench database")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--out", type=Path, help="write every measurement here (JSON)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return 1
    out = measure(args.db, sessions=args.sessions)
    print(text(out))
    if args.out:
        args.out.write_text(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
