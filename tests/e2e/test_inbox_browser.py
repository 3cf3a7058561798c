"""A file dropped into the inbox while ten sessions read pages (issue 22, point 4).

The app runs under `streamlit run serve.py` (its inbox worker starts with the server) on the
golden book. Ten browser sessions open ten pages; a QuickBooks export is then written into
the inbox the usual way (under a `.part` name, renamed when complete). Nobody touches a page:
the app loads the file, files it in processed/ beside its report, and every session moves to
the new load by itself, with no error; the Import page lists the load with its origin.
"""

from __future__ import annotations

import json
import os
import sys
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import GOLDEN, ROOT, build_store
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app

pytestmark = pytest.mark.e2e

QBO = ROOT / "tests" / "fixtures" / "layouts" / "qbo_aging_detail.csv"
PAGES = ["", "dso", "aging", "promises", "forecast", "scorecard", "calls", "visits",
         "customer?customer=C1", "import"]


@pytest.fixture(scope="module")
def inbox_app(tmp_path_factory):
    _chromium()
    folder = tmp_path_factory.mktemp("inbox_app")
    path = folder / "ar.duckdb"
    build_store(path, GOLDEN)
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_SAMPLE_DIR": str(GOLDEN),
           "AR_INBOX_SETTLE_SECONDS": "1", "AR_INBOX_POLL_SECONDS": "0.5",
           "AR_REFRESH_SECONDS": "2"}
    command = (sys.executable, "-m", "streamlit", "run", "serve.py")
    with serving(env, folder / "server.log", command) as url:
        yield url, folder / "inbox"


def _sidebar(page) -> str:
    return page.get_by_test_id("stSidebar").inner_text()


def test_a_dropped_file_reaches_every_open_page_without_a_click(inbox_app, browser):
    url, box = inbox_app
    sessions = []
    for path in PAGES:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{url}/{path}")
        wait_for_app(page)
        assert "load 1 of" in _sidebar(page)
        sessions.append(page)
    part = box / f"{QBO.name}.part"  # written under a partial name, renamed when complete
    part.write_bytes(QBO.read_bytes())
    part.rename(box / QBO.name)
    for _ in range(120):
        reports = list((box / "processed").glob("*.report.json"))
        if reports:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"not loaded; the inbox holds {sorted(p.name for p in box.rglob('*'))}")
    summary = json.loads(reports[0].read_text())
    assert (summary["entry"], summary["status"], summary["load_id"]) == (
        QBO.name, "loaded", 2)
    assert not (box / QBO.name).exists() and not list((box / "failed").glob("*"))
    for page in sessions:  # no click, no reload: each moves to load 2 by itself
        expect(page.get_by_test_id("stSidebar")).to_contain_text("load 2 of",
                                                                 timeout=30_000)
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    imports = sessions[-1]
    cells = imports.get_by_test_id("stMain").locator("[role='gridcell']")
    cells.first.wait_for(state="attached", timeout=30_000)
    assert "inbox" in cells.all_text_contents()
    bad = box / ".customers.csv"  # a hidden name while written, then renamed
    bad.write_text("customer_id,name\n,No id\n")
    bad.rename(box / "customers.csv")
    for _ in range(120):
        if list((box / "failed").glob("*.report.json")):
            break
        time.sleep(0.5)
    else:
        pytest.fail("the bad file was not filed in failed/")
    imports.reload()
    wait_for_app(imports)
    inbox_part = imports.get_by_test_id("stMain")
    expect(inbox_part).to_contain_text("customers.csv")
    expect(inbox_part.get_by_test_id("stAlertContentError").first).to_contain_text(
        "nothing changed")
    expect(inbox_part).to_contain_text(QBO.name)
    imports.get_by_role("heading", name="Inbox").scroll_into_view_if_needed()
    screenshot(imports, "inbox_import_page")
    for page in sessions:
        page.context.close()
