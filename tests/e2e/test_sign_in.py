"""Sign-in end to end (issue 17, point 6): the app with an [auth] section pointing at an OpenID
Connect provider on loopback (oidc-provider-mock), signed in through st.login in Chromium; a
viewer on the roster sees the figures, a person not on it sees nothing, Sign out works."""

from __future__ import annotations

import os
import sys

import pytest

from arlib.store import db, roster
from tests.conftest import GOLDEN, build_store
from tests.e2e.conftest import _chromium, screenshot, serving, wait_for_app

oidc = pytest.importorskip("oidc_provider_mock")

pytestmark = pytest.mark.e2e

ROSTER = ("email,name,role,rep_id,team,active\n"
          "fin@example.com,Fin Admin,finance_admin,,,\n"
          "cfo@example.com,Cleo CFO,viewer,,,\n"
          "ana@example.com,Ana Ortiz,rep,R1,,\n")


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory):
    """The app on the golden book with a roster, and its provider, both on loopback."""
    _chromium()
    folder = tmp_path_factory.mktemp("signin")
    store = folder / "ar.duckdb"
    build_store(store, GOLDEN)
    (folder / "roster.csv").write_text(ROSTER)
    con = db.open_database(store)
    try:
        roster.replace(con, roster.read_csv(folder / "roster.csv"), changed_by="test")
    finally:
        con.close()
    users = [oidc.User(sub=e, claims={"email": e, "name": e.split("@")[0]})
             for e in ("fin@example.com", "cfo@example.com", "ana@example.com",
                       "nobody@example.com")]
    with oidc.run_server_in_thread(user_claims=users) as server:
        provider = f"http://localhost:{server.server_port}"
        secrets = folder / "secrets.toml"
        secrets.write_text(
            '[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{"k" * 40}"\n'
            '[auth.mock]\nclient_id = "ar-app"\nclient_secret = "ar-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
        env = {**os.environ, "AR_DB_PATH": str(store), "AR_SAMPLE_DIR": str(GOLDEN)}
        command = (sys.executable, "-m", "streamlit", "run", "app.py",
                   f"--secrets.files={secrets}")
        with serving(env, folder / "server.log", command) as url:
            yield url


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in with mock").click()
    page.get_by_role("button", name=email).click()  # the provider's predefined user
    page.wait_for_url(f"{url}/**")
    wait_for_app(page)


def test_a_viewer_signs_in_sees_the_figures_and_signs_out(signed_app, page):
    page.goto(signed_app)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Sign in").is_visible()
    _sign_in(page, signed_app, "cfo@example.com")
    main = page.get_by_test_id("stMain")
    assert main.get_by_role("heading", name="Overview").is_visible()
    sidebar = page.get_by_test_id("stSidebar")
    assert "Cleo CFO" in sidebar.inner_text() and "CFO / viewer" in sidebar.inner_text()
    assert sidebar.get_by_role("link", name="Import data").count() == 0
    screenshot(page, "sign_in_viewer")
    sidebar.get_by_role("button", name="Sign out").click()
    # Streamlit ends the session at the provider too (its end_session endpoint asks)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("heading", name="Sign in").wait_for(timeout=30_000)
    page.goto(signed_app)  # the cookie is gone: a new visit asks to sign in again
    wait_for_app(page)
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_a_person_not_on_the_roster_sees_nothing(signed_app, page):
    _sign_in(page, signed_app, "nobody@example.com")
    main = page.get_by_test_id("stMain")
    assert main.get_by_role("heading", name="No access yet").is_visible()
    assert "ask your finance admin" in main.inner_text().lower()
    assert page.locator("[data-testid='stMetric']").count() == 0
    screenshot(page, "sign_in_not_on_roster")


def test_a_rep_sees_their_own_customers_only(signed_app, page):
    _sign_in(page, signed_app, "ana@example.com")
    main, sidebar = page.get_by_test_id("stMain"), page.get_by_test_id("stSidebar")
    assert main.get_by_role("heading", name="Overview").is_visible()
    assert sidebar.get_by_role("link", name="Import data").count() == 0
    sidebar.get_by_role("link", name="Aging").click()
    wait_for_app(page)
    cells = main.get_by_test_id("stDataFrame").last.locator("[role='gridcell']")
    cells.first.wait_for(state="attached", timeout=30_000)  # drawn on a canvas: hidden cells
    shown = " ".join(cells.all_text_contents())
    # the golden book: Ana (R1) owns Acme Tools (C1) and Birch Supply (C2), Ben the others
    assert "Acme Tools" in shown and "Birch Supply" in shown
    assert "Cobalt Mining" not in shown and "Delta Foods" not in shown
    screenshot(page, "sign_in_rep_aging")
    page.goto(f"{signed_app}/customer?customer=C3")  # another rep's customer, by its link
    wait_for_app(page)
    assert "among the customers you see" in main.inner_text()
    assert page.locator("[data-testid='stMetric']").count() == 0
    screenshot(page, "sign_in_rep_other_customer")


def test_a_download_is_recorded_with_who_made_it(signed_app, page):
    _sign_in(page, signed_app, "fin@example.com")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Aging").click()
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("aging_")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Audit trail").click()
    wait_for_app(page)
    cells = page.get_by_test_id("stMain").locator("[role='gridcell']")
    cells.first.wait_for(state="attached", timeout=30_000)
    shown = cells.all_text_contents()
    assert "export" in shown and "fin@example.com" in shown
    assert any(c.startswith("aging_") and c.endswith(".csv") for c in shown)
    screenshot(page, "audit_export")
