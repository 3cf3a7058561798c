"""A new database in a real browser (issue 14, point 5): the app opens on the Import page of
an empty database, loads the sample book when asked, and the sidebar names the database and
says it holds the sample. Screenshots: test-artifacts/empty-database-*.png."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app

pytestmark = pytest.mark.e2e


def test_a_new_database_opens_on_import_and_loads_the_sample_on_request(page, tmp_path):
    _chromium()
    path = tmp_path / "mine" / "books.duckdb"
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_PRESETS_DIR": str(tmp_path / "presets")}
    env.pop("AR_SAMPLE_DIR", None)  # the real sample_data/
    with serving(env, tmp_path / "server.log") as url:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        wait_for_app(page)
        main, sidebar = page.get_by_test_id("stMain"), page.get_by_test_id("stSidebar")
        expect(main.get_by_role("heading", name="Import data")).to_be_visible()
        expect(main.get_by_text("This database is empty")).to_be_visible()
        expect(sidebar.get_by_text("No data loaded yet")).to_be_visible()
        expect(sidebar.get_by_text(str(path))).to_be_visible()
        screenshot(page, "empty-database-first-run")

        main.get_by_role("button", name="Load the sample book").click()
        expect(main.get_by_text("Loaded the sample book")).to_be_visible(timeout=120_000)
        wait_for_app(page)
        expect(sidebar.get_by_text("sample data")).to_be_visible()
        expect(sidebar.get_by_text(str(path))).to_be_visible()
        expect(main.get_by_text("This database is empty")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        screenshot(page, "empty-database-sample-loaded")

        main.get_by_role("link", name="Open the Overview").click()
        wait_for_app(page)
        expect(main.get_by_role("heading", name="Overview")).to_be_visible()
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        page.locator("[data-testid='stVegaLiteChart'] svg.marks").first.wait_for(timeout=60_000)
        expect(sidebar.get_by_text("sample data")).to_be_visible()
        screenshot(page, "empty-database-sample-overview")
    assert path.exists() and ROOT.joinpath("sample_data").is_dir()
