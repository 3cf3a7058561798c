"""Twenty sessions at once while an import commits (issue 8, item 3).

The app runs under `streamlit run app.py` on a database built from sample_data/, in a
launcher that can commit a load inside the app's process (serve_with_import.py: DuckDB lets
one process write the file, so an import concurrent with the app has to run where the app
runs, as the Import page's commit does). Twenty pages of one Chromium open a mix of pages and
filters by URL; then each session moves to another as-of date by its URL (history
navigation: the same session reruns with the new query) while an extra invoices file
commits; then each moves back. No session may show an exception, and every page must show
exactly one state of the store: "load 1" in the sidebar with the figures before the load, or
"load 2" with the figures after it (both computed here with arlib on stores of their own),
never a mix; after the load, every session shows load 2. Finally, the command-line import
against the database the app holds hands its file to the app's inbox and prints the app's
report.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from arlib import settings
from arlib.figures import customers, overview, periods
from arlib.figures.scope import Scope
from arlib.store import db, loader
from tests.conftest import ROOT
from tests.e2e.conftest import _chromium, screenshot, serving
from ui import formats

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "sample_data"
LAUNCHER = Path(__file__).with_name("serve_with_import.py")
PAGE_TIMEOUT_MS = 150_000  # a page under twenty sessions on two busy cores

# (page, filters) of each overview and customer view whose figures are checked
OVERVIEWS = [{}, {"region": "East"}, {"rep": "R03", "period": "month"}]
CUSTOMERS = ["C0001", "C0002"]
OTHER_PAGES = ["dso", "aging", "promises", "scorecard", "calls", "visits"]
# the twenty sessions of a round: overview views 4+3+3, customers 2+2, one of each other page
SESSIONS = ([("overview", 0)] * 4 + [("overview", 1)] * 3 + [("overview", 2)] * 3
            + [("customer", 0), ("customer", 1)] * 2 + [(p, None) for p in OTHER_PAGES])
BEFORE_ON, DURING_ON = date(2026, 9, 30), date(2026, 9, 28)  # as-of dates of the rounds

# in every page: draw without animations (twenty pages spinning on two cores cost more than
# the app)
INIT_JS = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after {animation: none !important; " +
                      "transition: none !important}";
  document.head.appendChild(style);
});"""
# the page is drawn for the URL's as-of date: no run going, the as-of input showing that date,
# the sidebar's data line, the title and the page's tiles (or an exception). The date is the
# sign that the run the URL asked for has ended, so every move changes it: counting the app's
# state going from running to notRunning misses runs whose start and end the browser drew in
# one frame (seen in CI with ten sessions on two cores), and a run of the previous URL ending
# after the move must not count.
READY_JS = """([metrics, asOf]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const dates = [...document.querySelectorAll("[data-testid='stDateInput'] input")];
  if (!dates.some(d => d.value === asOf)) return false;
  if (document.querySelector("[data-testid='stException']")) return true;
  const side = document.querySelector("[data-testid='stSidebar']");
  if (!side || !/Data: load \\d+ of/.test(side.textContent)) return false;
  if (!document.querySelector("[data-testid='stMain'] h1")) return false;
  return document.querySelectorAll("[data-testid='stMain'] [data-testid='stMetricValue']")
    .length >= metrics;
}"""
READ_JS = """() => ({
  exceptions: [...document.querySelectorAll("[data-testid='stException']")]
    .map(e => e.innerText),
  errors: [...document.querySelectorAll("[data-testid='stAlertContentError']")]
    .map(e => e.innerText),
  load: (document.querySelector("[data-testid='stSidebar']").textContent
    .match(/Data: load (\\d+) of/) || [])[1],
  metrics: Object.fromEntries([...document.querySelectorAll(
      "[data-testid='stMain'] [data-testid='stMetric']")].map(m => [
    m.querySelector("[data-testid='stMetricLabel']").innerText.trim(),
    m.querySelector("[data-testid='stMetricValue']").innerText.trim()])),
})"""
# go to a URL of the same app without loading the page again (as the browser's back and
# forward buttons do): the session reruns with the new query
MOVE_JS = """(url) => {
  history.pushState({}, "", url);
  dispatchEvent(new PopStateEvent("popstate", {state: {}}));
}"""


def _extra_invoices(folder: Path) -> Path:
    """Forty new invoices of 40,000 for customers C0001-C0040: half past due on both as-of
    dates, half current, so that open AR, past due and DSO move in every view."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "invoices.csv"
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["invoice_id", "customer_id", "doc_type", "invoice_on", "due_on",
                      "amount", "currency", "reference"])
        for n in range(1, 41):
            on, due = (("2026-08-10", "2026-09-09") if n % 2 else ("2026-09-20", "2026-10-20"))
            out.writerow([f"X{n:05d}", f"C{n:04d}", "invoice", on, due, "40000.00", "USD",
                          f"PO-X{n}"])
    return path


def _url(base: str, page: str, view: int | None, as_of: date) -> str:
    if page == "customer":
        query = {"customer": CUSTOMERS[view], "customer_as_of": f"{as_of}"}
    else:
        query = {"as_of": f"{as_of}"}
        if page == "overview":
            chosen = OVERVIEWS[view]
            query |= {k: (v.capitalize() if k == "period" else v)  # reps by id
                      for k, v in chosen.items()}
    return f"{base}/{'' if page == 'overview' else page}?{urllib.parse.urlencode(query)}"


def _overview_figures(con, view: int, as_of: date) -> dict[str, str]:
    """The Overview's ten tiles as the page writes them (pages/overview.py)."""
    chosen = OVERVIEWS[view]
    cfg = settings.load()
    t = overview.tiles(con, as_of=as_of,
                       first_on=periods.start_of(chosen.get("period", "quarter"), as_of=as_of),
                       settings=cfg, scope=Scope(rep_id=chosen.get("rep"),
                                                 region=chosen.get("region")))
    return {"Open AR": formats.money_short(t.open_ar_amt),
            "Past due": formats.money_short(t.past_due_amt),
            "In dispute": formats.money_short(t.disputed_amt),
            "Unapplied": formats.money_short(t.unapplied_amt),
            "Promised": f"{int(t.count_open_promises):,}",
            "DSO": formats.days(t.countback_days),
            "Best DSO": formats.days(t.best_possible_days),
            "ADD": formats.days(t.add_days),
            "CEI": formats.percent(t.cei_pct / 100),
            "Kept": formats.percent(t.kept_rate_pct)}


def _customer_figures(con, view: int, as_of: date) -> dict[str, str]:
    """The customer page's six tiles as the page writes them (pages/customer.py)."""
    cfg = settings.load()
    s = customers.profile(con, customer_id=CUSTOMERS[view], as_of=as_of,
                          settings=cfg)["summary"]
    cur = cfg.base_currency  # exact amounts: a collector reads them out
    return {"Open": formats.money(s.open_amt, cur),
            "Past due": formats.money(s.past_due_amt, cur),
            "In dispute": formats.money(s.disputed_amt, cur),
            "Credit used": formats.percent(s.credit_used_pct),
            "Beyond terms": formats.days(s.beyond_terms_days),
            "On time": formats.percent(s.on_time_pct)}


def _snapshot(paths: list[Path]) -> dict[tuple, dict[str, str]]:
    """Every checked view's figures on both as-of dates, in a store of its own (in memory)."""
    con = db.open_database(":memory:")
    try:
        for path in paths:
            loader.load(con, [path])
        figures = {}
        for as_of in (BEFORE_ON, DURING_ON):
            for view in range(len(OVERVIEWS)):
                figures["overview", view, as_of] = _overview_figures(con, view, as_of)
            for view in range(len(CUSTOMERS)):
                figures["customer", view, as_of] = _customer_figures(con, view, as_of)
        return figures
    finally:
        con.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on a free localhost port, on a database built from sample_data/, in the
    launcher that commits a load in the app's process on request; and the extra file."""
    _chromium()
    work = tmp_path_factory.mktemp("concurrency")
    extra = _extra_invoices(work / "extra")
    db_path = work / "app.duckdb"
    con = db.open_database(db_path)
    loader.load(con, [SAMPLE])
    con.close()
    requests = work / "requests"
    requests.mkdir()
    env = {**os.environ, "AR_DB_PATH": str(db_path), "AR_SAMPLE_DIR": str(work / "none")}
    with serving(env, work / "server.log", (sys.executable, str(LAUNCHER), str(requests))) as url:
        yield {"url": url, "db": db_path, "extra": extra, "requests": requests}


def _open_all(pages, base: str, as_of: date, sessions=SESSIONS) -> None:
    """Load every session's page for the as-of date (new sessions)."""
    for pg, (name, view) in zip(pages, sessions, strict=True):
        pg.goto(_url(base, name, view, as_of), wait_until="commit")


def _move_all(pages, base: str, as_of: date, sessions=SESSIONS) -> None:
    """Move every session to the as-of date by its URL, in the same session; the date must
    be another than the one shown (READY_JS knows the move's run has ended by it)."""
    for pg, (name, view) in zip(pages, sessions, strict=True):
        assert f"as_of={as_of}" not in pg.url, f"{pg.url} is already on {as_of}"
        pg.evaluate(MOVE_JS, _url(base, name, view, as_of))


def _read_all(pages, as_of: date, sessions=SESSIONS) -> list[dict]:
    """Wait for every session to show its page for the as-of date, then read what it shows."""
    seen = []
    for pg, (name, view) in zip(pages, sessions, strict=True):
        metrics = {"overview": 10, "customer": 6}.get(name, 0)
        try:
            pg.wait_for_function(READY_JS, arg=[metrics, f"{as_of}"],
                                 timeout=PAGE_TIMEOUT_MS)
        except PlaywrightTimeout:
            shot = screenshot(pg, "concurrency-timeout")
            pytest.fail(f"{pg.url} did not finish its run (screenshot {shot}):\n"
                        + pg.inner_text("body")[:2000])
        seen.append({"page": name, "view": view, "as_of": as_of, "url": pg.url,
                     **pg.evaluate(READ_JS)})
    return seen


def _check(seen: list[dict], before: dict, after: dict, allowed: set[str]) -> None:
    """No exception or error anywhere; each page's load is an allowed one and its figures
    are those of that load's state, exactly."""
    for s in seen:
        assert s["exceptions"] == [], f"{s['url']}: {s['exceptions']}"
        assert s["errors"] == [], f"{s['url']}: {s['errors']}"
        assert s["load"] in allowed, f"{s['url']} shows load {s['load']}"
        if s["view"] is None:
            continue
        key = (s["page"], s["view"], s["as_of"])
        state = before if s["load"] == "1" else after
        assert s["metrics"] == state[key], (
            f"{s['url']} (load {s['load']}) shows {s['metrics']}; before the import: "
            f"{before[key]}; after: {after[key]}")


def _wait_for_import(folder: Path, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (folder / "failed.txt").exists():
            pytest.fail("the import in the app failed:\n" + (folder / "failed.txt").read_text())
        if (folder / "done.json").exists():
            return json.loads((folder / "done.json").read_text())
        time.sleep(0.05)
    pytest.fail("the import in the app did not finish")


def test_twenty_sessions_see_one_state_or_the_other_while_an_import_commits(browser, served):
    started = time.monotonic()
    # the reference figures, computed on one worker thread while the browser works
    with ThreadPoolExecutor(1) as pool:
        before_f = pool.submit(_snapshot, [SAMPLE])
        after_f = pool.submit(_snapshot, [SAMPLE, served["extra"]])
        context = browser.new_context(viewport={"width": 1280, "height": 1000},
                                      reduced_motion="reduce")
        context.add_init_script(INIT_JS)
        pages = [context.new_page() for _ in SESSIONS]
        try:
            # round 1: twenty new sessions on the store as built (load 1)
            _open_all(pages, served["url"], BEFORE_ON)
            first = _read_all(pages, BEFORE_ON)
            times = [time.monotonic() - started]
            before, after = before_f.result(), after_f.result()
            for key in before:  # the load must move every checked view, or the test is blind
                tile = "Open" if key[0] == "customer" else "Open AR"
                assert before[key][tile] != after[key][tile], key
            _check(first, before, after, {"1"})

            # round 2: each session moves to another as-of date (nothing cached); the runs
            # of the overviews and customers are held as they start their figures, and the
            # import commits in the app's process once all five distinct calls wait (three
            # overview views, two customers: sessions showing the same view wait for one
            # computation in st.cache_data) (serve_with_import.py)
            request = served["requests"] / "request.tmp"
            request.write_text(json.dumps({"paths": [str(served["extra"])], "running": 5}))
            request.rename(served["requests"] / "request.json")
            _move_all(pages, served["url"], DURING_ON)
            during = _read_all(pages, DURING_ON)
            done = _wait_for_import(served["requests"], 120)
            assert (done["load_id"], done["status"]) == (2, "committed")
            # it committed while sessions computed: runs had drawn part of their page on the
            # state before, and computed their figures after
            assert done["calls_held"] >= 1 and done["runs_across_the_load"] >= 1, done
            _check(during, before, after, {"1", "2"})
            times.append(time.monotonic() - started)

            # round 3: each session moves back: all of them on the new data
            _move_all(pages, served["url"], BEFORE_ON)
            last = _read_all(pages, BEFORE_ON)
            _check(last, before, after, {"2"})
            times.append(time.monotonic() - started)
            screenshot(pages[0], "concurrency-overview-after-import")
        finally:
            context.close()
    loads = [s["load"] for s in during]
    print(f"\nrounds done at {', '.join(f'{t:.0f}' for t in times)} s; the load committed "
          f"with {done['calls_held']} figure calls held and {done['runs_in_progress']} runs "
          f"in progress ({done['runs_across_the_load']} through the whole load); "
          f"{loads.count('1')} pages then showed load 1, {loads.count('2')} load 2")


def test_the_command_line_import_hands_its_files_to_the_running_app(page, served):
    page.goto(_url(served["url"], "overview", 0, BEFORE_ON))  # a session opens the database
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMetricValue']\")"
                           ".length >= 10", timeout=PAGE_TIMEOUT_MS)
    # the app holds the database: the files go to its inbox, and the command prints the
    # app's report and exits as if it had loaded them (issue 22, point 2)
    answer = subprocess.run(
        [sys.executable, "-m", "arlib", "import", str(served["extra"]), "--db",
         str(served["db"])], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert answer.returncode == 0, answer.stderr
    assert "Traceback" not in answer.stderr
    assert "in use by the running app" in answer.stderr
    assert "placed in its inbox" in answer.stderr
    # the twenty-sessions test committed the same file before: loaded again, nothing changes
    assert answer.stdout.startswith("Load ") and "nothing changed" in answer.stdout
