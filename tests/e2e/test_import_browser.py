"""The Import page in a real browser: upload an export, preview its health report, commit and
see the Overview change; map an unknown layout, save the mapping and have it recognised.

The page writes to its database and presets folder, so it gets a server of its own (the
shared `app_url` server keeps the golden figures the other browser tests check)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import GOLDEN, ROOT, build_store
from tests.e2e.conftest import _chromium, screenshot, wait_for_app

pytestmark = pytest.mark.e2e

QBO = ROOT / "tests" / "fixtures" / "layouts" / "qbo_aging_detail.csv"
UNKNOWN = ("Client Ref,Bill No,Bill Date,Due Date,Gross,Curr\n"
           "ACME,B-1,2026-05-01,2026-05-31,1200.00,USD\n"
           "BOLT,B-2,2026-05-03,2026-06-02,800.50,USD\n")


@pytest.fixture(scope="module")
def import_app(tmp_path_factory):
    """(url, folder): the app on its own database built from the golden book, with an empty
    presets folder under `folder`."""
    _chromium()
    from scripts.screenshot import _free_port, serve

    folder = tmp_path_factory.mktemp("import_app")
    build_store(folder / "ar.duckdb", GOLDEN)  # a database away from the default starts empty
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AR_SAMPLE_DIR", str(GOLDEN))
        env.setenv("AR_PRESETS_DIR", str(folder / "presets"))
        port = _free_port()
        proc = serve(folder / "ar.duckdb", port)
    try:
        yield f"http://127.0.0.1:{port}", folder
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _upload(page, path) -> None:
    picker = page.get_by_test_id("stFileUploaderDropzoneInput")
    expect(picker).to_have_count(1)  # a cancelled picker leaves the page with the rerun
    picker.set_input_files(str(path))


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=60_000)


def _choose(page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    _idle(page)


def test_an_export_is_previewed_committed_and_shown_on_the_overview(page, import_app):
    url, _ = import_app
    page.set_viewport_size({"width": 1280, "height": 2600})
    page.goto(f"{url}/import")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Import data")).to_be_visible()
    expect(page.get_by_text("up to 200 MB per file")).to_be_visible()
    _upload(page, QBO)
    expect(page.get_by_text("QuickBooks Online A/R Aging Detail — 100% match")).to_be_visible(
        timeout=30_000)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Ties out: all 6 totals")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Load 2 would add 13 new rows")).to_be_visible()
    expect(page.get_by_text("snapshot 2026-07-25")).to_be_visible()
    _idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Commit").click()
    expect(page.get_by_text("Committed. Load 2 added 13 new rows")).to_be_visible(
        timeout=60_000)
    expect(page.get_by_test_id("stSidebar").get_by_text("Data: load 2 of")).to_be_visible()
    screenshot(page, "import-committed")
    page.get_by_role("link", name="Open the Overview").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    # the data now runs to the export's snapshot; open AR is the golden 28,000 + 12,106.55
    as_of = page.get_by_test_id("stDateInput").first.locator("input")
    expect(as_of).to_have_value("2026-07-25")
    tile = page.get_by_test_id("stMetric").filter(has_text="Open AR")
    expect(tile).to_contain_text("40.1k")


def test_an_unknown_layout_is_mapped_saved_and_recognised(page, import_app, tmp_path):
    url, folder = import_app
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(UNKNOWN)
    page.set_viewport_size({"width": 1280, "height": 2600})
    page.goto(f"{url}/import")
    wait_for_app(page)
    _upload(page, ledger)
    expect(page.get_by_text("Unknown layout: map its columns once")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text("Required columns not mapped: invoice_id, customer_id, amount")
           ).to_be_visible()
    expect(page.get_by_role("button", name="Preview")).to_be_disabled()
    _choose(page, "invoice_id (required)", "Bill No")
    _choose(page, "customer_id (required)", "Client Ref")
    _choose(page, "amount (required)", "Gross")
    expect(page.get_by_text("Required columns not mapped")).to_have_count(0)
    expect(page.get_by_role("button", name="Preview")).to_be_enabled()
    # the file as read, the columns found and the past loads (a rerun's stale elements gone)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(3)
    _idle(page)
    screenshot(page, "import-mapping")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Mapping 'ledger' saved as ledger.json")).to_be_visible(
        timeout=30_000)
    assert (folder / "presets" / "ledger.json").exists()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Import cancelled")).to_be_visible(timeout=30_000)
    _upload(page, ledger)
    expect(page.get_by_text("Saved mapping 'ledger' — 100% match")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text("Unknown layout")).to_have_count(0)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("would add 4 new rows")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "import-recognised")


# an unknown report in several sections: title lines, a customer alone on its line above its
# documents, invoices, an unapplied payment and a credit note mixed, a subtotal per customer
# and a grand total (issue 15, point 8)
REPORT = """Harbour Ledger Pro
Receivables by Customer
"As of Jun 30, 2026"

Kind,Doc Ref,Posted,Due,Original,Remaining,State
Anchor Foods
INV,H-1,2026-06-01,2026-07-01,"$1,000.00",$600.00,Open
PMT,,2026-06-10,,-$200.00,-$200.00,Open
Total Anchor Foods,,,,,$400.00,
Birch Tools
CRN,K-9,2026-06-12,,-$30.00,-$30.00,Open
INV,H-3,2026-06-15,2026-07-15,$300.00,$300.00,Open
INV,H-4,2026-06-16,2026-07-16,$50.00,$0.00,Void
Total Birch Tools,,,,,$270.00,
Grand Total,,,,,$670.00,
"""


def test_an_unknown_report_in_sections_is_mapped_and_committed(page, import_app, tmp_path):
    url, folder = import_app
    report = tmp_path / "harbour.csv"
    report.write_text(REPORT)
    page.set_viewport_size({"width": 1280, "height": 3000})
    page.goto(f"{url}/import")
    wait_for_app(page)
    _upload(page, report)
    expect(page.get_by_text("Unknown layout: map its columns once")).to_be_visible(
        timeout=30_000)
    _idle(page)
    # one decision each: the header row found below the titles, the documents target and the
    # roles proposed, each type value routed; the void row is skipped by its state
    shown = {"Load it into the table": "documents: invoices, payments and credit notes",
             "Document type": "Kind", "Document number": "Doc Ref", "Date (required)": "Posted",
             "Open amount": "Remaining", "Original amount": "Original",
             "INV": "invoice", "PMT": "payment", "CRN": "credit note"}
    for label, value in shown.items():
        expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(value)
    expect(page.get_by_role("combobox", name="Total Anchor Foods")).to_have_count(0)
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="whose rows are not loaded")
           ).to_contain_text("Void")
    screenshot(page, "import-report-mapping")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Ties out: all 3 totals")).to_be_visible(timeout=60_000)
    _idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "import-report-preview")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Mapping 'harbour' saved as harbour.json")).to_be_visible(
        timeout=30_000)
    assert (folder / "presets" / "harbour.json").exists()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Ties out: all 3 totals")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Commit").click()
    expect(page.get_by_text("Committed.")).to_be_visible(timeout=60_000)
    screenshot(page, "import-report-committed")


@pytest.mark.hostile
def test_cancel_stops_a_long_read_and_nothing_is_loaded(page, import_app, tmp_path):
    # issue 21, point 1: a 17 MB export read whole by the preview; Cancel while it is read
    from tests.test_import_cancel import _intacct
    url, _ = import_app
    big = _intacct(tmp_path / "big.csv", 150_000)
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{url}/import")
    wait_for_app(page)
    loaded = re.search(r"Data: load \d+ of",
                       page.get_by_test_id("stSidebar").inner_text()).group(0)
    _upload(page, big)
    expect(page.get_by_text("Sage Intacct")).to_be_visible(timeout=60_000)
    _idle(page)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Reading big.csv (1 of 1): ")).to_be_visible(timeout=60_000)
    screenshot(page, "import-cancel-reading")
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Import cancelled: nothing was loaded and the uploads were "
                            "removed.")).to_be_visible(timeout=60_000)
    _idle(page)
    expect(page.get_by_text("Preview ready")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "import-cancelled")
    # no load: the sidebar names the load it named before, the past loads hold no big.csv
    expect(page.get_by_test_id("stSidebar").get_by_text(loaded)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").last).not_to_contain_text("big.csv")
