"""The pages as a person sees them: the app served on a bench database and driven in headless
Chromium, timed to *page complete* (no script run going, the page's title, every chart and
table drawn, no spinner or skeleton) for a first load in a fresh tab, navigation inside the
app, filter changes that miss every cache, and the customer page."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from arlib.bench import book, machine
from arlib.store import db, state

ROOT = Path(__file__).resolve().parents[2]  # the repository: app.py and pages/
# url path -> the label of its link in the sidebar menu (app.py)
PAGES = {"": "Overview", "dso": "DSO", "aging": "Aging", "promises": "Promises",
         "scorecard": "Rep scorecard", "calls": "Call list", "visits": "Key accounts"}
BUDGETS = {"first_load": 3.0, "navigation": 1.0, "filter": 2.0, "customer": 1.0}
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 120_000

# in every page: count the script runs that end (the app's state attribute going from
# running to notRunning), and draw without animations
INIT_JS = """window.__runsEnded = 0;
window.__signAtMove = "";
// what only a script run draws: the sidebar's filters and the page's headings, captions,
// text and tiles (not its charts and tables, which keep drawing after a run)
window.__sign = () => [...document.querySelectorAll(
    "[data-testid='stSidebar'] input, [data-testid='stSidebar'] [data-baseweb='select'], " +
    "[data-testid='stMain'] :is(h1, h2, h3, [data-testid='stCaptionContainer'], " +
    "[data-testid='stMarkdownContainer'], [data-testid='stMetricValue'])")]
  .map(e => e.value ?? e.textContent).join("\\u0001");
new MutationObserver(changes => {
  for (const c of changes)
    if (c.oldValue === "running" && c.target.getAttribute(c.attributeName) === "notRunning")
      window.__runsEnded++;
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after {animation: none !important; " +
                      "transition: none !important}";
  document.head.appendChild(style);
});"""
# page complete: a run has ended since `runs` had, none is going, the title is drawn, no
# spinner or skeleton is left, every chart shown has drawn its SVG and every table its canvas.
# A run whose start and end the browser drew in one frame changes no state attribute, so the
# observer misses it (seen with twenty sessions on two cores); a page whose filters or text
# (`__sign`) are no longer what they were at the move (MARK_JS), with no run going, has had
# such a run end: React draws a run's elements with the state of the messages handled so far.
COMPLETE_JS = """(runs) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const main = document.querySelector("[data-testid='stMain']");
  if (window.__runsEnded <= runs && window.__sign() === window.__signAtMove) return false;
  if (!main || !main.querySelector("h1")) return false;
  if (main.querySelector("[data-testid='stSpinner'], [data-testid='stSkeleton']"))
    return false;
  const shown = e => e.getClientRects().length > 0;  // not in a closed expander or tab
  for (const chart of main.querySelectorAll("[data-testid='stVegaLiteChart']"))
    if (shown(chart) && !chart.querySelector("svg.marks, canvas.marks")) return false;
  for (const table of main.querySelectorAll("[data-testid='stDataFrame']"))
    if (shown(table) && !table.querySelector("canvas")) return false;
  return true;
}"""
# before a move: keep what the page shows (COMPLETE_JS) and give the runs ended so far
MARK_JS = """() => {
  window.__signAtMove = window.__sign();
  return window.__runsEnded;
}"""
# go to a URL of the app in the same session, as the browser's back and forward buttons do
# (the session reruns with the new query); gives the runs ended so far
MOVE_JS = """(url) => {
  const runs = (""" + MARK_JS + """)();
  history.pushState({}, "", url);
  dispatchEvent(new PopStateEvent("popstate", {state: {}}));
  return runs;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db_path: Path, run_log: Path, pids: list[int] | None = None):
    """`streamlit run app.py` on a free localhost port against `db_path`, each run logged to
    `run_log`; yields the base URL and stops the server after (`pids`: its process id is
    added there, to read its memory)."""
    port = _free_port()
    # no page looks for newer loads by itself: such a run ending mid-step would be counted
    # as the step's own
    env = {**os.environ, "AR_DB_PATH": str(db_path), "AR_RUN_LOG": str(run_log),
           "AR_REFRESH_SECONDS": "0"}
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
             f"--server.port={port}", "--server.address=127.0.0.1",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        if pids is not None:
            pids.append(proc.pid)
        try:
            _wait_healthy(port, proc, out)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(port: int, proc: subprocess.Popen, out) -> None:
    for _ in range(240):
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    proc.kill()
    out.seek(0)
    raise RuntimeError("the app did not start:\n" + out.read().decode(errors="replace"))


class _Log:
    """The app's run log: the lines written since the last `since()`."""

    def __init__(self, path: Path):
        self.path, self.offset = path, 0

    def since(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            fh.seek(self.offset)
            text = fh.read()
            self.offset = fh.tell()
        return [json.loads(line) for line in text.splitlines() if line.strip()]


# what is still missing when a page does not complete (for the error message)
MISSING_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const app = document.querySelector("[data-testid='stApp']");
  return {state: app && app.getAttribute("data-test-script-state"),
          runsEnded: window.__runsEnded, title: !!(main && main.querySelector("h1")),
          spinners: main ? main.querySelectorAll("[data-testid='stSpinner']").length : null,
          skeletons: main ? main.querySelectorAll("[data-testid='stSkeleton']").length : null,
          chartsUndrawn: main ? [...main.querySelectorAll("[data-testid='stVegaLiteChart']")]
            .filter(c => c.getClientRects().length && !c.querySelector("svg.marks, canvas.marks"))
            .length
            : null,
          tablesUndrawn: main ? [...main.querySelectorAll("[data-testid='stDataFrame']")]
            .filter(t => t.getClientRects().length && !t.querySelector("canvas")).length
            : null};
}"""


def _complete(page, runs: int) -> None:
    from playwright.sync_api import TimeoutError as Timeout
    try:
        page.wait_for_function(COMPLETE_JS, arg=runs, timeout=TIMEOUT_MS, polling=20)
    except Timeout as exc:
        raise RuntimeError(f"{page.url} did not complete in {TIMEOUT_MS / 1000:g} s: "
                           f"{page.evaluate(MISSING_JS)}") from exc


def _timed(log: _Log, action: Callable[[], None]) -> dict[str, Any]:
    """Seconds from the action to page complete, and the server runs it took (phases)."""
    log.since()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    runs = log.since()
    phases = {k: round(sum(r.get(k, 0.0) for r in runs), 4)
              for k in ("run_s", "pin_s", "sidebar_s", "body_s")}
    return {"s": round(seconds, 4), "server_runs": len(runs), **phases}


def _summary(samples: list[dict[str, Any]]) -> dict[str, Any]:
    times = [s["s"] for s in samples]
    return {"median_s": round(statistics.median(times), 4), "worst_s": round(max(times), 4),
            "samples": samples}


def _page_url(base: str, path: str, **query: str) -> str:
    return f"{base}/{path}" + (f"?{urlencode(query)}" if query else "")


def _filter_values(db_path: Path, as_of: date, runs: int) -> list[tuple[str, dict[str, str]]]:
    """Filter changes no earlier run has asked for: new as-of dates (the days before the
    last), one rep each and one region each."""
    con = db.open_database(db_path, read_only=True)
    try:
        values = db.run_sql(con, "bench/sql/filter_values.sql")
    finally:
        con.close()
    reps = list(values.value[values.kind == "rep"])
    regions = list(values.value[values.kind == "region"])
    out = []
    for n in range(runs):
        out.append(("as_of", {"as_of": f"{as_of - timedelta(days=n + 1)}"}))
        out.append(("rep", {"rep": reps[n % len(reps)]}))
        out.append(("region", {"region": regions[n % len(regions)]}))
    return out


def _heavy_customers(db_path: Path, count: int) -> list[str]:
    """The customers with the most documents (the heaviest pages a collector opens)."""
    con = db.open_database(db_path, read_only=True)
    try:
        return list(db.run_sql(con, "bench/sql/heavy_customers.sql", count=count).customer_id)
    finally:
        con.close()


def measure(db_path: Path, *, runs: int = 3, log: Callable[[str], None] = print,
            browser: Any = None) -> dict[str, Any]:
    """Time every page in a browser on the database at `db_path`: first load in a fresh
    context, navigation from page to page, filter changes (as-of, rep, region) and the
    customer page; `runs` samples of each, with the median, the worst and the server's
    share of each sample (its runs' seconds: pin, sidebar, page body). `browser`: a
    Playwright browser already running (a test's), else Chromium is started here."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a development dependency: requirements-dev.txt
        raise RuntimeError("the browser bench needs Playwright: pip install -r "
                           "requirements-dev.txt") from exc
    con = db.open_database(db_path, read_only=True)
    try:
        as_of = state.date_range(con)[1]  # the pages' default: the last day with data
    finally:
        con.close()
    filters = _filter_values(db_path, as_of, runs)
    customers = _heavy_customers(db_path, runs * 2 + 1)
    out: dict[str, Any] = {"runs": runs, "as_of": f"{as_of}", "budgets_s": BUDGETS}
    with tempfile.TemporaryDirectory(prefix="arlib_browser_") as scratch:
        run_log = Path(scratch) / "runs.jsonl"
        with serving(db_path, run_log) as base, ExitStack() as own:
            if browser is None:
                pw = own.enter_context(sync_playwright())
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                own.callback(browser.close)
            lines = _Log(run_log)

            def fresh():
                context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                              reduced_motion="reduce")
                context.add_init_script(INIT_JS)
                return context, context.new_page()

            def first_load(url: str) -> dict[str, Any]:
                context, page = fresh()
                try:
                    return _timed(lines, lambda: (page.goto(url, wait_until="commit"),
                                                  _complete(page, 0)))
                finally:
                    context.close()

            log("browser: the app's first run after it starts (the process is cold) ...")
            out["cold_start"] = first_load(_page_url(base, ""))
            log("browser: one untimed visit of every page (a running app's process) ...")
            for path in PAGES:
                first_load(_page_url(base, path))
            log(f"browser: first load of every page in a fresh tab, {runs} times ...")
            out["first_load"] = {PAGES[p]: _summary([first_load(_page_url(base, p))
                                                     for _ in range(runs)]) for p in PAGES}
            out["customer"] = {}
            out["customer"]["first_load"] = _summary([first_load(_page_url(
                base, "customer", customer=c)) for c in customers[:runs]])
            context, page = fresh()
            try:
                page.goto(_page_url(base, ""), wait_until="commit")
                _complete(page, 0)
                log(f"browser: navigation by the sidebar menu, {runs} rounds ...")
                out["navigation"] = {title: [] for title in PAGES.values()}
                for _ in range(runs):
                    for title in [*list(PAGES.values())[1:], "Overview"]:
                        link = page.get_by_test_id("stSidebar").get_by_role(
                            "link", name=title, exact=True)
                        out["navigation"][title].append(_timed(lines, lambda lk=link: (
                            _complete_after(page, lk.click))))
                out["navigation"] = {k: _summary(v) for k, v in out["navigation"].items()}
                log("browser: filter changes no cache has seen, on every page ...")
                out["filter"] = {}
                for path, title in PAGES.items():
                    samples = []
                    for kind, query in filters:
                        url = _page_url(base, path, **query)
                        samples.append({"filter": kind, **_timed(lines, lambda u=url: (
                            _complete(page, page.evaluate(MOVE_JS, u))))})
                    out["filter"][title] = _summary(samples)
                log("browser: customer after customer in one tab ...")
                out["customer"]["switch"] = _summary([_timed(lines, lambda c=c: _complete(
                    page, page.evaluate(MOVE_JS, _page_url(base, "customer", customer=c))))
                    for c in customers[runs:runs * 2 + 1]])
            finally:
                context.close()
    out["budgets"] = browser_budgets(out)
    return out


def bench(invoices: int, *, keep: Path | None = None, seed: int = 42, runs: int = 3,
          log: Callable[[str], None] = print) -> dict[str, Any]:
    """The browser part alone: the book written (or reused under `keep`), imported into a new
    database, and every page timed in a browser; returns every measurement."""
    started, load_start = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="arlib_bench_") as scratch:
        work = Path(keep or scratch)
        work.mkdir(parents=True, exist_ok=True)
        log(f"writing a book of about {invoices:,} invoices to {work / 'book'} ...")
        made = book.make(work / "book", invoices, seed)
        db_path = work / "bench.duckdb"
        log("importing it into a new database (child process) ...")
        imported = book.load(work / "book", db_path)
        timed = measure(db_path, runs=runs, log=log)
    return {"invoices_requested": invoices, "book": made, "import": imported,
            "browser": timed, "machine": machine.facts(),
            "load_average": {"start": load_start, "end": os.getloadavg()},
            "seconds": time.perf_counter() - started}


def _complete_after(page, action: Callable[[], None]) -> None:
    runs = page.evaluate(MARK_JS)
    action()
    _complete(page, runs)


def browser_budgets(out: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget against the worst page's median (and the worst sample, for the record)."""
    rows = []
    for kind, label in (("first_load", "first load, fresh tab"),
                        ("navigation", "navigation, warm"), ("filter", "filter change")):
        page, worst = max(out[kind].items(), key=lambda kv: kv[1]["median_s"])
        rows.append({"what": f"{label} (slowest page: {page})", "measured": worst["median_s"],
                     "worst_s": worst["worst_s"], "budget": BUDGETS[kind],
                     "met": worst["median_s"] <= BUDGETS[kind]})
    # a customer opened in the app is the customer budget; in a fresh tab, the browser
    # first loads the app itself, so the first-load budget applies
    for kind, budget in (("switch", "customer"), ("first_load", "first_load")):
        got = out["customer"][kind]
        rows.append({"what": f"customer page ({'in the app' if kind == 'switch' else 'fresh tab'})",
                     "measured": got["median_s"], "worst_s": got["worst_s"],
                     "budget": BUDGETS[budget], "met": got["median_s"] <= BUDGETS[budget]})
    return rows


def text(out: dict[str, Any]) -> str:
    """The browser figures as a plain table: every page's median and worst per kind."""
    lines = [f"Browser, page complete (median / worst of {out['runs']}; server = the app's "
             "runs: pin + sidebar + body)", ""]
    lines.append(f"{'page':<16}{'first load':>16}{'navigation':>16}{'filter change':>16}")
    for title in PAGES.values():
        cells = [f"{out[k][title]['median_s']:.2f} / {out[k][title]['worst_s']:.2f}"
                 for k in ("first_load", "navigation", "filter")]
        lines.append(f"{title:<16}" + "".join(f"{c:>16}" for c in cells))
    for kind in ("first_load", "switch"):
        got = out["customer"][kind]
        lines.append(f"{'Customer ' + kind.replace('_', ' '):<16}"
                     f"{got['median_s']:>11.2f} / {got['worst_s']:.2f}")
    lines += ["", f"{'budget (median, slowest page)':<48}{'measured':>10}{'budget':>8}"]
    for b in out["budgets"]:
        lines.append(f"{b['what']:<48}{b['measured']:>10.2f}{b['budget']:>8g}  "
                     f"{'met' if b['met'] else 'NOT MET'}")
    return "\n".join(lines)
