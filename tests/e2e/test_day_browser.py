"""My day in a real browser (issue 20): a rep's calls in order with reasons, the printable
page, and a customer cooling off after a hostile note. Figures of the golden book."""

from __future__ import annotations

import csv
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def day_url(tmp_path_factory):
    """The golden book plus a hostile note on C3 (Ben Cole's) on 2024-12-30 10:00."""
    _chromium()
    book = tmp_path_factory.mktemp("book") / "golden"
    shutil.copytree(GOLDEN, book)
    with (book / "notes.csv").open("a", newline="") as fh:
        csv.writer(fh).writerow(["N9", "C3", "Ben Cole", "2024-12-30 10:00",
                                 "Controller: don't call us, we pay on the 10th"])
    path = tmp_path_factory.mktemp("db") / "ar.duckdb"
    build_store(path, book)
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_SAMPLE_DIR": str(book)}
    with serving(env, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def test_a_reps_day_in_call_order(page, day_url):
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{day_url}/day?as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_text("Pick a rep in the sidebar")).to_be_visible()
    page.goto(f"{day_url}/day?as_of=2024-12-31&rep=R1")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="My day")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Ana Ortiz, Tuesday 2024-12-31")).to_be_visible()
    expect(page.get_by_text("2 calls.")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="Printable day (HTML)").click()
    sheet = Path(got.value.path()).read_text(encoding="utf-8")
    # C2 (a follow-up) before C1 (past due only), with the person, phone and best time
    assert sheet.index("Birch Supply") < sheet.index("Acme Tools")
    assert "Eli Park; +1 860 555 0144; around 09:00" in sheet
    screenshot(page, "day-R1-1400")


def test_a_hostile_note_shows_the_customer_cooling_off(page, day_url):
    page.set_viewport_size({"width": 1400, "height": 1200})
    page.goto(f"{day_url}/customer?customer=C3&customer_as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_text("Cooling off: do not call until 2024-12-31 10:00")).to_be_visible()
    page.goto(f"{day_url}/day?as_of=2024-12-31&rep=R2")
    wait_for_app(page)
    expect(page.get_by_text("Nobody to call today for this rep.")).to_be_visible()
    expect(page.get_by_role("heading", name="Cooling off")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="Printable day (HTML)").click()
    sheet = Path(got.value.path()).read_text(encoding="utf-8")
    assert "2024-12-31 10:00" in sheet and "note N9" in sheet
    screenshot(page, "day-R2-cooling-1400")


def test_customer_page_and_call_list_offer_the_same_forms(page, day_url):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{day_url}/customer?customer=C2&customer_as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_text("Points of contact to confirm: 1")).to_be_visible()
    expect(page.get_by_text("Eli Park: not verified since 2023-02-01")).to_be_visible()
    page.get_by_text("Log a call").click()
    expect(page.get_by_role("button", name="Record")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "customer-confirm-and-log-1400")
    page.goto(f"{day_url}/calls?as_of=2024-12-27")
    wait_for_app(page)
    page.get_by_text("Log a call").click()
    expect(page.get_by_role("button", name="Record")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_prepare_a_call_and_draft_the_recap(page, day_url):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{day_url}/day?as_of=2024-12-31&rep=R1")
    wait_for_app(page)
    # the first call (Birch Supply) is prepared: the script from the template file
    expect(page.get_by_text("Ask for: Eli Park, Controller.")).to_be_visible()
    expect(page.get_by_text("PR8 USD 4,000.00 due 2024-10-31 on I201: broken")).to_be_visible()
    expect(page.get_by_text("Missing: agreed, promise_amount, promise_date, next_step."))\
        .to_be_visible()
    page.get_by_label("Promised amount").fill("USD 4,000.00")
    page.get_by_label("Promised date").fill("2025-01-10")
    page.get_by_role("button", name="Update the recap").click()
    wait_for_app(page)
    expect(page.get_by_text("Promise: USD 4,000.00 on 2025-01-10.")).to_be_visible()
    expect(page.get_by_text("Missing: agreed, next_step.")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="Recap as an email draft").click()
    raw = Path(got.value.path()).read_text(encoding="utf-8")
    assert "To: eli@birchsupply.example" in raw and "statement_C2_20241231.html" in raw
    screenshot(page, "day-prepare-call-1400")


def _type_into(widget, text: str) -> None:
    box = widget.locator("input")
    box.fill(text)
    box.press("Enter")


def test_a_reps_morning_ends_with_the_promise_counted(page, day_url):
    # last in the module: it records into the served store
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{day_url}/day?as_of=2024-12-31&rep=R1")
    wait_for_app(page)
    form = page.get_by_test_id("stForm").filter(has_text="Spoke with")
    _type_into(form.get_by_test_id("stDateInput").nth(0), "2024-12-31")
    form.get_by_label("What was said (the contact's note)").fill("Check is in the mail")
    form.get_by_label("Amount promised (e.g. 4000.00)").fill("4000.00")
    _type_into(form.get_by_test_id("stDateInput").nth(1), "2025-01-06")
    form.get_by_text("The check is in the mail").click()
    form.get_by_label("Check number").fill("CHK-4410")
    form.get_by_role("button", name="Record").click()
    wait_for_app(page)
    # the check's sending day is missing: named, nothing recorded
    expect(page.get_by_text("Nothing was recorded: check in the mail: the day it was sent is "
                            "missing")).to_be_visible()
    _type_into(form.get_by_test_id("stDateInput").nth(2), "2024-12-30")
    form.get_by_label("Sent to (address)").fill("PO Box 12, Hartford")
    form.get_by_role("button", name="Record").click()
    wait_for_app(page)
    expect(page.get_by_text("Recorded for Birch Supply")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="Entered in the app: CSV for the CRM (ZIP)").click()
    with zipfile.ZipFile(got.value.path()) as archive:
        promised = archive.read("promises.csv").decode("utf-8-sig").splitlines()
    assert len(promised) == 2 and ",C2,R1,,2024-12-31,2025-01-06,4000.00," in promised[1]
    assert "sent on 2024-12-30, number CHK-4410, sent to PO Box 12, Hartford" in promised[1]
    screenshot(page, "day-logged-1400")
    page.goto(f"{day_url}/customer?customer=C2&customer_as_of=2024-12-31")
    wait_for_app(page)
    # the grid is drawn on a canvas: its cells are in the page, not shown as text
    expect(page.get_by_text("Check is in the mail").first).to_be_attached()
    page.goto(f"{day_url}/promises?as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^APP-[0-9A-F]{12}$")).first).to_be_attached()
    screenshot(page, "day-logged-promises-1400")


def test_a_stale_person_confirmed_in_one_click(page, day_url):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{day_url}/day?as_of=2024-12-31&rep=R1")
    wait_for_app(page)
    form = page.get_by_test_id("stForm").filter(has_text="Confirmed today")
    expect(form.get_by_text("Eli Park: not verified since 2023-02-01")).to_be_visible()
    form.get_by_label("Phone").fill("+1 860 555 0199")
    form.get_by_role("button", name="Confirmed today").click()
    wait_for_app(page)
    expect(page.get_by_text("Eli Park confirmed today")).to_be_visible()
    expect(page.get_by_test_id("stForm").filter(has_text="Confirmed today")).to_have_count(0)
    expect(page.get_by_text("Ask for: Eli Park, Controller. Phone +1 860 555 0199"))\
        .to_be_visible()
    screenshot(page, "day-confirmed-1400")
