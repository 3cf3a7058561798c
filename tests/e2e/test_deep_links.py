"""A link sent by mail is the first request a fresh server sees: it must open the page inside
app.py (menu, sidebar, filters), not the page file alone. Streamlit starts in its legacy
`pages/` mode until a session runs st.navigation; ui/shell.require_app leaves that mode (see
tests/test_shell.py). If an upgrade breaks it, this test fails."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import screenshot, serving, wait_for_app

pytestmark = pytest.mark.e2e


def test_a_deep_link_opened_first_on_a_fresh_server_runs_inside_the_app(page, tmp_path):
    build_store(tmp_path / "ar.duckdb", GOLDEN)
    env = {**os.environ, "AR_DB_PATH": str(tmp_path / "ar.duckdb")}
    with serving(env, tmp_path / "server.log") as url:
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.goto(f"{url}/customer?customer=C1&customer_as_of=2024-12-31")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Acme Tools")).to_be_visible(timeout=30_000)
        # the menu and the customer search come from app.py: the page ran inside it
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("link", name="Overview")).to_be_visible()
        expect(sidebar.get_by_text("Find a customer")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert "customer=C1" in page.url
        screenshot(page, "deep-link-first-request")
