"""A customer whose name and city hold HTML, script and Markdown is shown as written in a
real browser: on the customer page, in the Overview's largest past-due customers, in the
sidebar search and in the key-accounts chart; nothing runs and nothing is formatted
(issue 8, item 5). The note with markup is in test_browser.py."""

from __future__ import annotations

import csv
import os
import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app

pytestmark = pytest.mark.e2e

NAME = ("Evil <img src=x onerror=alert(1)> **bold** <b>tag</b> [link](http://example.com) "
        "www.example.com :red[x] $y$ Ltd")
CITY = "<i>Spring</i> **field** mail@example.com"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """The app on the golden book plus customer C9 with the hostile name and city and one
    invoice past due on 2024-12-31 (so it is among the largest past-due customers)."""
    _chromium()
    book = tmp_path_factory.mktemp("hostile_book")
    for source in GOLDEN.glob("*.csv"):
        shutil.copy(source, book / source.name)
    with (book / "customers.csv").open("a", newline="") as fh:
        csv.writer(fh).writerow(["C9", NAME, "R1", "East", CITY, "US", "USD", "30", "5000",
                                 "2020-01-01"])
    with (book / "invoices.csv").open("a", newline="") as fh:
        csv.writer(fh).writerow(["I999", "C9", "invoice", "2024-10-01", "2024-10-31",
                                 "777.00", "USD", "PO-9"])
    path = tmp_path_factory.mktemp("db") / "ar.duckdb"
    build_store(path, book)  # a database away from the default starts empty
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_SAMPLE_DIR": str(book)}
    with serving(env, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


@pytest.fixture
def watched(page):
    """The page, with a list that receives every alert (none may appear)."""
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1280, "height": 1400})
    yield page, alerts
    assert alerts == [], "a script from the data ran"
    assert page.locator("img[src='x']").count() == 0
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_customer_page_shows_the_name_and_city_as_written(watched, hostile_url):
    page, _ = watched
    page.goto(f"{hostile_url}/customer?customer=C9&customer_as_of=2024-12-31")
    wait_for_app(page)
    title = page.locator("[data-testid='stMain'] h1").first
    expect(title).to_have_text(NAME)
    # nothing formatted inside the heading (its own anchor link aside); a bare URL may link
    # to itself (GitHub-flavoured Markdown does that to text), never to anything else
    assert title.evaluate("""h => [...h.querySelectorAll("strong, b, i, a, img, span")]
        .filter(e => !e.closest("[data-testid='stHeaderActionElements']")
                     && !e.hasAttribute("data-heading-text")
                     && !(e.tagName === "A" && e.href.replace(/\\/$/, "")
                          .endsWith(e.textContent))).length""") == 0
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="C9 ·").first
    expect(caption).to_contain_text(f"C9 · {CITY}, East")
    assert caption.locator("i, strong").count() == 0
    screenshot(page, "hostile-customer")


def test_the_largest_past_due_table_shows_the_name_as_written(watched, hostile_url):
    page, _ = watched
    page.goto(f"{hostile_url}/?as_of=2024-12-31")
    wait_for_app(page)
    table = page.get_by_test_id("stDataFrame").first
    # the grid draws on a canvas; its cells are also in the DOM for assistive technology
    expect(table.locator("[role='gridcell']").filter(has_text="Evil")).to_have_count(1)
    assert NAME in table.locator("[role='gridcell']").all_text_contents()
    screenshot(page, "hostile-overview")


def test_the_sidebar_search_lists_and_opens_the_name_as_written(watched, hostile_url):
    page, _ = watched
    page.goto(f"{hostile_url}/?as_of=2024-12-31")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    typed = sidebar.get_by_test_id("stTextInput").filter(has_text="Find a customer")
    typed.locator("input").fill("Evil")
    typed.locator("input").press("Enter")
    matches = sidebar.get_by_test_id("stSelectbox").filter(has_text="1 match")
    matches.locator("input").click()
    option = page.get_by_role("option", name=f"{NAME} (C9)", exact=True)
    expect(option).to_be_visible()
    assert option.locator("strong, b, a, img").count() == 0
    option.click()
    expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(NAME, timeout=30_000)
    assert "customer=C9" in page.url


def test_the_key_accounts_chart_shows_the_name_as_written(watched, hostile_url):
    page, _ = watched
    page.goto(f"{hostile_url}/visits?as_of=2024-12-31")
    wait_for_app(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    labels = chart.locator("svg.marks text")
    expect(labels.filter(has_text="Evil")).to_have_count(1)
    # the name as written, cut with an ellipsis where a long label would squeeze the bars
    shown = labels.filter(has_text="Evil").text_content()
    assert len(shown) > 40 and NAME.startswith(shown.removesuffix("…")), shown
    # the markup is text in the label, never a link or bold type
    assert chart.locator("svg.marks a, svg.marks b").count() == 0
