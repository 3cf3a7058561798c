"""The pages in a real browser: they load without errors, rows open customers, exports work,
and a filtered link reproduces its view. Figures are those of the golden book."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = {"overview": "Overview", "dso": "Days sales outstanding", "aging": "Aging",
         "promises": "Promises to pay", "scorecard": "Rep scorecard", "calls": "Call list",
         "visits": "Key accounts to visit"}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_without_errors(page, app_url, path):
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{app_url}/{'' if path == 'overview' else path}?as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path])).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.content()
    screenshot(page, f"{path}-1280")


@pytest.mark.parametrize("path", ["overview", "scorecard"])
def test_page_works_at_768_pixels(page, app_url, path):
    page.set_viewport_size({"width": 768, "height": 1400})
    page.goto(f"{app_url}/{'' if path == 'overview' else path}?as_of=2024-12-31")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path])).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, f"{path}-768")


def test_a_row_click_opens_the_customer(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{app_url}/?as_of=2024-12-31")
    wait_for_app(page)
    table = page.get_by_test_id("stDataFrame").first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # the grid is a canvas: click the row marker of the first data row (header is row 0)
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    expect(page.get_by_role("heading", name="Acme Tools")).to_be_visible(timeout=30_000)
    assert "customer=C1" in page.url
    assert "customer_as_of=2024-12-31" in page.url  # the overview's date, not the last day
    expect(page.get_by_text("USD 10,500.00")).to_be_visible()  # the exact open balance
    screenshot(page, "customer-from-overview")


def test_a_filtered_link_reproduces_the_view(page, app_url):
    # the link as the app writes it (bound widgets store their labels in the URL)
    page.goto(f"{app_url}/aging?as_of=2024-09-30&aging_basis=Invoice+date&region=East")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Aging")).to_be_visible()
    expect(page.get_by_test_id("stDateInput").first.locator("input")).to_have_value(
        "2024-09-30")
    expect(page.get_by_role("radio", name="Invoice date")).to_be_checked()
    region = page.get_by_test_id("stSelectbox").filter(has_text="Region").locator("input")
    expect(region).to_have_value("East")


def test_the_aging_export_downloads_a_valid_workbook(page, app_url):
    page.goto(f"{app_url}/aging?as_of=2024-12-31")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="XLSX").click()
    assert download.value.suggested_filename == "aging_20241231.xlsx"
    with open(download.value.path(), "rb") as fh:
        book = pd.read_excel(io.BytesIO(fh.read()), sheet_name=None, engine="openpyxl")
    assert list(book) == ["About", "Buckets", "Customers", "Currencies"]
    buckets = book["Buckets"].set_index("bucket").open_amt
    assert buckets["1-30"] == 14000 and buckets["unapplied"] == -1500


def test_markup_in_a_note_is_shown_as_text_and_never_runs(page, app_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{app_url}/customer?customer=C1&customer_as_of=2024-12-31")
    wait_for_app(page)
    page.get_by_role("tab", name="Notes", exact=True).click()
    expect(page.get_by_role("tabpanel").get_by_test_id("stDataFrame")).to_be_visible()
    screenshot(page, "customer-C1-notes")
    assert dialogs == []  # no alert ran
    assert page.locator("script", has_text="alert('xss')").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("b", has_text="Mallory").count() == 0
