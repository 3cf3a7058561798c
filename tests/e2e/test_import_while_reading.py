"""An Import-page upload while ten sessions load pages (issue 21, point 9).

The app runs under plain `streamlit run app.py` on a database built from sample_data/. One
session uploads forty new invoices on the Import data page and previews them; ten other
sessions open the analytics pages (three Overview views, a customer, DSO, Aging, Promises,
Rep scorecard, Call list, Key accounts). Then the ten move to another as-of date by their URL
and, once their runs are going, the upload is committed: each of the ten must show a complete
page of one state, "load 1" with the figures before the upload or "load 2" with those after
it (computed here with arlib on stores of their own), with no exception or error; then all
move back and show load 2. After the server stops, the database file is read with arlib: the
upload committed exactly once (loads 1 and 2, one file, forty rows), and every checked view's
figures on it are the after-state's, so nothing was lost or doubled.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from arlib.store import db, loader
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app
from tests.e2e.test_concurrency import (
    BEFORE_ON,
    CUSTOMERS,
    DURING_ON,
    INIT_JS,
    OVERVIEWS,
    SAMPLE,
    _check,
    _customer_figures,
    _extra_invoices,
    _move_all,
    _open_all,
    _overview_figures,
    _read_all,
    _snapshot,
)
from tests.e2e.test_import_browser import _idle, _upload

pytestmark = [pytest.mark.e2e, pytest.mark.hostile]

# the ten reading sessions: every Overview view checked, a customer, each other page once
READERS = ([("overview", 0), ("overview", 1), ("overview", 2), ("customer", 0)]
           + [(p, None) for p in ("dso", "aging", "promises", "scorecard", "calls",
                                  "visits")])
RUNNING_JS = """() => document.querySelector("[data-testid='stApp']")
  ?.getAttribute("data-test-script-state") === "running" """


def _stored_figures(path) -> dict[tuple, dict[str, str]]:
    """Every checked view's figures read from the database file itself, after the run."""
    con = db.open_fresh(path)
    try:
        figures = {}
        for as_of in (BEFORE_ON, DURING_ON):
            for view in range(len(OVERVIEWS)):
                figures["overview", view, as_of] = _overview_figures(con, view, as_of)
            for view in range(len(CUSTOMERS)):
                figures["customer", view, as_of] = _customer_figures(con, view, as_of)
        return figures
    finally:
        con.close()


def test_an_upload_commits_once_while_ten_sessions_load_pages(browser, tmp_path):
    _chromium()
    started = time.monotonic()
    extra = _extra_invoices(tmp_path / "upload")  # forty invoices of 40,000
    db_path = tmp_path / "app.duckdb"
    con = db.open_database(db_path)
    try:
        loader.load(con, [SAMPLE])
        invoices_before = con.execute("select count(*) from raw_invoices").fetchone()[0]
    finally:
        con.close()
    env = {**os.environ, "AR_DB_PATH": str(db_path), "AR_SAMPLE_DIR": str(tmp_path / "none"),
           "AR_PRESETS_DIR": str(tmp_path / "presets")}
    with ThreadPoolExecutor(1) as pool, serving(env, tmp_path / "server.log") as url:
        before_f = pool.submit(_snapshot, [SAMPLE])
        after_f = pool.submit(_snapshot, [SAMPLE, extra])
        importing = browser.new_context(viewport={"width": 1280, "height": 2200},
                                        reduced_motion="reduce")
        reading = browser.new_context(viewport={"width": 1280, "height": 1000},
                                      reduced_motion="reduce")
        reading.add_init_script(INIT_JS)
        try:
            uploader = importing.new_page()
            uploader.goto(f"{url}/import")
            wait_for_app(uploader)
            _upload(uploader, extra)
            uploader.get_by_role("button", name="Preview").click()
            expect(uploader.get_by_text("Load 2 would add 40 new rows")).to_be_visible(
                timeout=120_000)
            _idle(uploader)
            screenshot(uploader, "import-while-reading-preview")

            pages = [reading.new_page() for _ in READERS]
            _open_all(pages, url, BEFORE_ON, READERS)
            first = _read_all(pages, BEFORE_ON, READERS)
            before, after = before_f.result(), after_f.result()
            for key in before:  # the upload must move every checked view, or the test is blind
                tile = "Open" if key[0] == "customer" else "Open AR"
                assert before[key][tile] != after[key][tile], key
            _check(first, before, after, {"1"})

            # the ten move to another as-of date (no cache has it); the commit is clicked
            # once at least three of their runs are going
            _move_all(pages, url, DURING_ON, READERS)
            deadline = time.monotonic() + 30
            while sum(pg.evaluate(RUNNING_JS) for pg in pages) < 3:
                assert time.monotonic() < deadline, "the sessions' runs did not start"
                time.sleep(0.05)
            running_at_commit = sum(pg.evaluate(RUNNING_JS) for pg in pages)
            uploader.get_by_role("button", name="Commit").click()
            during = _read_all(pages, DURING_ON, READERS)
            expect(uploader.get_by_text("Committed. Load 2 added 40 new rows")).to_be_visible(
                timeout=120_000)
            expect(uploader.get_by_test_id("stSidebar").get_by_text("Data: load 2 of")
                   ).to_be_visible()
            _idle(uploader)
            expect(uploader.get_by_test_id("stException")).to_have_count(0)
            screenshot(uploader, "import-while-reading-committed")
            _check(during, before, after, {"1", "2"})
            for s in during:  # each session still on its link's date
                assert f"as_of={DURING_ON}" in s["url"], s["url"]

            # back to the first as-of date: every session on the new data
            _move_all(pages, url, BEFORE_ON, READERS)
            last = _read_all(pages, BEFORE_ON, READERS)
            _check(last, before, after, {"2"})
            screenshot(pages[0], "import-while-reading-overview-after")
        finally:
            importing.close()
            reading.close()

    # the store after the run, read from its file with arlib (the server has stopped)
    con = db.open_database(db_path, read_only=True)
    try:
        assert con.execute("select load_id, status from loads order by load_id").fetchall() == [
            (1, "committed"), (2, "committed")]
        assert con.execute("select file_name, inserted, updated, rejected from load_files "
                           "where load_id = 2").fetchall() == [("invoices.csv", 40, 0, 0)]
        assert con.execute("select count(*) from raw_invoices").fetchone()[0] == (
            invoices_before + 40)
        assert con.execute("select count(*), sum(amount) from raw_invoices "
                           "where invoice_id like 'X%'").fetchone() == (40, 1_600_000)
    finally:
        con.close()
    assert _stored_figures(db_path) == after
    loads = [s["load"] for s in during]
    print(f"\ndone in {time.monotonic() - started:.0f} s; {running_at_commit} of 10 runs going "
          f"at the commit; then {loads.count('1')} pages showed load 1, {loads.count('2')} "
          "load 2")
