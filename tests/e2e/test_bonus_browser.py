"""Browser tier: the Bonus page, plan to payout (issue 19). A store holding the golden book
and version 1 of the plan of metrics.md §11.2 with a cap of 1.5; in the browser the cap is
set to 1.2 and saved as version 2, and the payouts follow it (R2 capped: 9,600)."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest

from arlib.figures.bonus import plan as bonus_plan
from arlib.store import db
from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app
from tests.test_bonus import golden_plan

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def bonus_store(tmp_path_factory) -> Path:
    """A new database holding the golden book and plan version 1 (cap 1.5)."""
    path = tmp_path_factory.mktemp("bonus") / "ar.duckdb"
    build_store(path, GOLDEN)
    con = db.open_database(path)
    try:
        bonus_plan.save(con, golden_plan(cap=1.5), author="Maria")
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def bonus_url(bonus_store, tmp_path_factory):
    """The app on the bonus store (its inbox read every half second)."""
    _chromium()
    path = bonus_store
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_SAMPLE_DIR": str(GOLDEN),
           "AR_INBOX_SETTLE_SECONDS": "1", "AR_INBOX_POLL_SECONDS": "0.5"}
    with serving(env, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def test_a_plan_saved_in_the_browser_changes_the_payouts(page, bonus_url):
    page.goto(f"{bonus_url}/bonus")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("Plan in force: version 1").wait_for(timeout=30_000)
    cap = page.get_by_label("Cap (the score is paid up to this multiple of the target payout)")
    cap.fill("1.2")
    cap.press("Enter")
    wait_for_app(page)
    author = page.get_by_label("Saved by")
    author.fill("Omar")
    author.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Save as a new version").click()
    main.get_by_text("Saved 2024Q4 plan version 2.").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "bonus_plan")
    main.get_by_text("Plan in force: version 2").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Payout").click()
    wait_for_app(page)
    main.get_by_text("2024Q4 under plan version 2").wait_for(timeout=30_000)
    screenshot(page, "bonus_payout")
    # the grid is drawn on a canvas: its values are read from the payroll CSV it offers
    with page.expect_download() as download:
        page.get_by_role("button", name="Payroll CSV").click()
    rows = list(csv.DictReader(io.StringIO(
        Path(download.value.path()).read_bytes().decode("utf-8-sig"))))
    assert {r["rep_id"]: float(r["payout_amt"]) for r in rows} == {
        "R1": 4500.0, "R2": 9600.0, "R3": 400.0}
    assert {(r["quarter"], r["plan_version"]) for r in rows} == {("2024Q4", "2")}


def test_the_quarter_is_frozen_after_its_checks(page, bonus_url):
    # runs after the plan test (same store): plan version 2 is in force
    page.goto(f"{bonus_url}/bonus")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    page.get_by_role("tab", name="Freeze").click()
    freeze_button = page.get_by_role("button", name="Freeze 2024Q4")
    assert freeze_button.is_disabled()
    page.get_by_text("I have read these checks and freeze 2024Q4 as it is").click()
    wait_for_app(page)
    screenshot(page, "bonus_freeze_checks")
    page.get_by_role("button", name="Freeze 2024Q4").click()
    main.get_by_text("2024Q4 frozen under plan version 2").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Payout").click()
    main.get_by_text("Frozen", exact=True).wait_for(timeout=30_000)
    screenshot(page, "bonus_frozen_beside_live")


def test_the_frozen_quarter_is_approved_and_acknowledged(page, bonus_url):
    # runs after the freeze test (same store): 2024Q4 is frozen under plan version 2
    page.goto(f"{bonus_url}/bonus")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    page.get_by_role("tab", name="Sign-off").click()
    approver = page.get_by_label("Approved by (your name)")
    approver.fill("Maria Manager")
    approver.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Approve 2024Q4").click()
    main.get_by_text("2024Q4 approved by Maria Manager.").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Sign-off").click()
    main.get_by_text("Approved by Maria Manager on").wait_for(timeout=30_000)
    name = page.get_by_label("Acknowledged by (the rep's name)")
    name.fill("Ana Ortiz")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("tab", name="Sign-off").click()
    page.get_by_role("button", name="Acknowledge the statement").click()
    main.get_by_text("R1 acknowledged the 2024Q4 statement").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Sign-off").click()
    screenshot(page, "bonus_sign_off")
    with page.expect_download() as download:
        page.get_by_role("button", name="Frozen statements (HTML, one page per rep)").click()
    html = Path(download.value.path()).read_text()
    assert html.count("<section class='rep'>") == 3 and "USD 9,600.00" in html


def test_a_late_load_after_sign_off_is_explained_and_carried(page, bonus_url, bonus_store):
    # runs after the sign-off test: a payment of 2024-12-30 arrives after the freeze, as a
    # scheduled export dropped into the running app's inbox
    inbox = bonus_store.parent / "inbox"
    part = inbox / "late.part"
    part.mkdir(parents=True)
    (part / "payments.csv").write_text(
        "payment_id,customer_id,invoice_id,paid_on,amount,currency,method,reference\n"
        "P6,C2,I202,2024-12-30,2000.00,USD,ach,\n")
    part.rename(inbox / "late")
    for _ in range(120):
        if list((inbox / "processed").glob("*-late.report.json")):
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the late payment was not loaded: {sorted(inbox.rglob('*'))}")
    page.goto(f"{bonus_url}/bonus")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    page.get_by_role("tab", name="Payout").click()
    main.get_by_text("What moved since the freeze").wait_for(timeout=30_000)
    main.get_by_text("Policy: carry into 2025Q1").wait_for(timeout=30_000)
    cells = main.locator("[role='gridcell']")  # drawn on a canvas: cells are hidden
    cells.filter(has_text="P6").first.wait_for(state="attached", timeout=30_000)
    shown = cells.all_text_contents()
    assert "P6" in shown and "payment added after the freeze" in shown
    screenshot(page, "bonus_restatement")
    page.get_by_role("tab", name="Sign-off").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Frozen statements (HTML, one page per rep)").click()
    html = Path(download.value.path()).read_text()
    assert "2,500.00" in html  # R1's adjustment carried into 2025Q1, on the statement
