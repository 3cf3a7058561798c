"""The benchmark's results as a text table (the JSON holds everything)."""

from __future__ import annotations

from typing import Any


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"


def text(out: dict[str, Any]) -> str:
    """Book, import, each call with its floor ratio, each page, pandas and the budgets."""
    rows, m, imp = out["book"]["rows"], out["machine"], out["import"]
    args = out["book"]["args"]
    lines = [
        f"Book: {rows['invoices']:,} invoices, {rows['payments']:,} payment rows, "
        f"{rows['contacts']:,} contacts, {rows['promises']:,} promises, "
        f"{rows['disputes']:,} disputes ({args['customers']:,} customers, {args['reps']} reps, "
        f"{args['months']} months)",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; Python {m['python']}, "
        f"DuckDB {m['duckdb']}; load average {out['load_average']['start'][0]:.1f} at start, "
        f"{out['load_average']['end'][0]:.1f} at end",
        f"Import: {imp['total_s']:.1f} s (load {imp['load_s']:.1f} s"
        + (f", derived fact tables {imp['facts_s']:.1f} s" if "facts_s" in imp else "")
        + f"), peak {imp['peak_rss_bytes'] / 2**30:.2f} GB",
        "",
        f"{'call (as the pages make it)':<32}{'cold s':>9}{'warm s':>9}{'floor s':>9}"
        f"{'x floor':>9}{'median':>9}{'best':>8}{'x floor':>9}",
    ]
    for name, t in out["calls"].items():
        lines.append(f"{name:<32}{t['cold_s']:>9.3f}{t['warm_s']:>9.3f}"
                     f"{t['floor_cold_s']:>9.3f}{t['floor_ratio_cold']:>9.1f}"
                     f"{t['cold_median_s']:>9.3f}{t['cold_best_s']:>8.3f}"
                     f"{t['floor_ratio_best']:>9.1f}")
    lines += ["", f"{'page (sum of its calls)':<32}{'cold s':>9}{'median':>9}{'warm s':>9}"]
    lines += [f"{page:<32}{p['cold_s']:>9.3f}{p['cold_median_s']:>9.3f}{p['warm_s']:>9.3f}"
              for page, p in out["pages"].items()]
    if out["pandas"]:
        lines += ["", f"{'vs pandas (frames in memory)':<32}{'pandas s':>9}{'arlib s':>9}"
                      f"{'x faster':>9}  agree"]
    for name, p in out["pandas"].items():
        if name != "frames_load_s":
            lines.append(f"{name:<32}{p['pandas_s']:>9.3f}{p['arlib_cold_s']:>9.3f}"
                         f"{p['ratio']:>9.1f}  {'yes' if p['agree'] else 'NO'}")
    if out["pandas"]:
        lines.append(f"(loading the pandas frames took {out['pandas']['frames_load_s']:.1f} "
                     "s, not counted)")
    if "forecast" in out:
        lines += ["", *forecast_lines(out["forecast"])]
    lines += ["", f"{'budget (median cold, cache off)':<40}{'measured':>10}{'budget':>9}"]
    for b in out["budgets"]:
        sign = ">=" if "pandas" in b["what"] else "<"
        lines.append(f"{b['what']:<40}{b['measured']:>10.3f}{sign:>4}{b['budget']:>5g}  "
                     f"{_mark(b['met'])}")
    return "\n".join(lines)


def forecast_lines(cash: dict[str, Any]) -> list[str]:
    """The cash forecast's timings (arlib.bench.forecast), wall and CPU seconds."""
    lines = [f"{'cash forecast (as of ' + cash['as_of'] + ')':<40}{'wall s':>9}{'cpu s':>9}"]
    for name in ("known", "page due_date", "page lateness", "page curves",
                 "new region, curves", "new currency, curves"):
        lines.append(f"{name:<40}{cash[name]['wall_s']:>9.3f}{cash[name]['cpu_s']:>9.3f}")
    test = cash["backtest"]
    lines.append(f"{'back-test, ' + str(test['dates']) + ' dates x 3 methods':<40}"
                 f"{test['wall_s']:>9.1f}{test['cpu_s']:>9.1f}")
    return lines


def over_floor(out: dict[str, Any], limit: float) -> list[str]:
    """Calls slower than `limit` times their scan floor (the best of three first calls on a
    fresh connection against the same for the scans: least disturbed by other work on the
    machine), as text."""
    return [f"{name}: {t['floor_ratio_best']:.1f}x its floor" for name, t in out["calls"].items()
            if t["floor_ratio_best"] > limit]

