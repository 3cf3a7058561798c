"""Sign-in and roles (issue 17): the app under AppTest with an [auth] section in its secrets and
a mocked st.user, on the golden book with a roster; every role against every page."""

from __future__ import annotations

import html
import re
import time
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from arlib.figures.bonus import freeze
from arlib.figures.bonus import payout as bonus_payout
from arlib.figures.bonus import plan as bonus_plan
from arlib.settings import Settings
from arlib.store import db, roster
from tests.conftest import ROOT
from tests.conftest import run_app as _run
from tests.test_bonus import golden_plan

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "google": {"client_id": "id", "client_secret": "secret",
                   "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}}
PEOPLE = {"fin@example.com": "finance_admin", "cfo@example.com": "viewer",
          "mia@example.com": "manager", "ana@example.com": "rep"}
ROSTER = ("email,name,role,rep_id,team,active\n"
          "fin@example.com,Fin,finance_admin,,,\n"
          "cfo@example.com,Cleo,viewer,,,\n"
          "mia@example.com,Mia,manager,,East,\n"
          "ana@example.com,Ana Ortiz,rep,R1,,\n"
          "gone@example.com,Gone,viewer,,,false\n")
# page file -> its title; every page of app.py
PAGES = {"overview": "Overview", "dso": "Days sales outstanding", "aging": "Aging",
         "promises": "Promises to pay", "forecast": "Cash-in forecast",
         "scorecard": "Rep scorecard", "bonus": "Bonus", "calls": "Call list", "day": "My day",
         "visits": "Key accounts to visit", "customer": "Customer", "import": "Import data",
         "people": "People and roles", "audit": "Audit trail"}
# role -> the pages it opens (issue 17, point 2): managers and reps the figures of their own
# customers and reps (point 3), the customer page included
SCOPED = {"overview", "dso", "aging", "promises", "forecast", "scorecard", "bonus", "calls",
          "day", "visits", "customer"}
ACCESS = {
    "finance_admin": set(PAGES),
    "viewer": set(PAGES) - {"import", "people", "audit"},
    "manager": SCOPED,
    "rep": SCOPED,
}
# the golden book: Ana (R1, team East with R3) owns C1 and C2; Ben (R2, West) C3 and C4
OWN = {"C1", "C2"}


@pytest.fixture
def signed_env(app_env, tmp_path):
    """The golden book's app database with the roster above."""
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    con = db.open_database(app_env / "app.duckdb")
    try:
        roster.replace(con, roster.read_csv(path), changed_by="test")
    finally:
        con.close()
    return app_env


def _app(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    return at


def _signed_in(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0],
            "iat": int(time.time()) - 60, **claims}


def _texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info", "warning", "error")
                    for e in getattr(at, kind))


def test_without_auth_the_app_runs_in_local_mode_and_says_so(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    assert [t.value for t in at.title] == ["Overview"]
    assert any("Local single-user mode" in c.value for c in at.sidebar.caption)
    assert not [b for b in at.button if b.key == "auth_sign_out"] and not at.error


def test_signed_out_sees_the_sign_in_page_and_no_figure(signed_env):
    at = _run(_app())
    assert [t.value for t in at.title] == ["Sign in"]
    assert [b.label for b in at.button] == ["Sign in with Google"]
    assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")
    at.query_params["customer"] = "C1"
    at.switch_page("pages/customer.py")
    _run(at)
    assert [t.value for t in at.title] == ["Sign in"]


@pytest.mark.parametrize(("email", "why"), [
    ("nobody@example.com", "you are not on this dashboard's roster"),
    ("gone@example.com", "your place on this dashboard's roster is inactive"),
])
def test_a_person_not_on_the_roster_or_inactive_sees_nothing(signed_env, email, why):
    at = _run(_app(_signed_in(email)))
    assert [t.value for t in at.title] == ["No access yet"]
    assert why in at.warning[0].value and "Ask your finance admin" in at.warning[0].value
    assert not at.metric and not at.dataframe and not at.sidebar.info
    assert [b.key for b in at.button] == ["auth_sign_out"]


def test_an_unverified_email_is_refused(signed_env):
    at = _run(_app(_signed_in("cfo@example.com", email_verified=False)))
    assert [t.value for t in at.title] == ["No access yet"]
    assert "not verified" in at.warning[0].value


def test_a_sign_in_older_than_the_session_age_must_be_renewed(signed_env, monkeypatch):
    at = _run(_app(_signed_in("fin@example.com", iat=int(time.time()) - 13 * 3600)))
    assert [t.value for t in at.title] == ["Sign in again"]
    assert "a sign-in lasts 12 hours" in at.info[0].value
    assert not at.metric
    monkeypatch.setenv("AR_SESSION_MAX_HOURS", "14")
    from arlib import settings
    settings.load.cache_clear()
    at = _run(_app(_signed_in("fin@example.com", iat=int(time.time()) - 13 * 3600)))
    assert [t.value for t in at.title] == ["Overview"]
    # the sign-in time comes from auth_time when the token has no iat; neither: sign in again
    at = _run(_app({"is_logged_in": True, "email": "fin@example.com",
                    "auth_time": int(time.time()) - 15 * 3600}))
    assert [t.value for t in at.title] == ["Sign in again"]
    at = _run(_app({"is_logged_in": True, "email": "fin@example.com"}))
    assert "at an unknown time" in at.info[0].value


def test_the_roster_is_read_on_every_run(signed_env):
    at = _run(_app(_signed_in("cfo@example.com")))
    assert [t.value for t in at.title] == ["Overview"]
    con = db.open_database(signed_env / "app.duckdb")  # the app's connection is in-process
    try:
        rows = roster.check(roster.entries(con).drop(columns=["changed_at", "changed_by"])
                            .query("email != 'cfo@example.com'").astype(str)
                            .replace({"None": "", "True": "true", "False": "false"}),
                            source="test")
        roster.replace(con, rows, changed_by="test", changed_at=datetime(2026, 1, 1))
    except Exception:
        con.close()
        raise
    con.close()
    _run(at)
    assert [t.value for t in at.title] == ["No access yet"]


def test_the_sidebar_names_the_person_and_role_and_offers_sign_out(signed_env):
    at = _run(_app(_signed_in("cfo@example.com")))
    # the roster's name first; names and emails as written (escaped for Markdown)
    assert any("Signed in as **Cleo** (cfo@example.com) · CFO / viewer" in html.unescape(c.value)
               for c in at.sidebar.caption)
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    assert not any("Local single-user mode" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(("role", "page"), [(r, p) for r in ACCESS if ACCESS[r] for p in PAGES])
def test_each_role_opens_exactly_its_pages(signed_env, role, page):
    email = next(e for e, r in PEOPLE.items() if r == role)
    at = _run(_app(_signed_in(email)))
    menu = {link.proto.label for link in at.sidebar.get("page_link")}
    assert ("Import data" in menu) == ("import" in ACCESS[role])
    if page not in ACCESS[role]:  # not in the navigation: no link or URL reaches it
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
        return
    at.switch_page(f"pages/{page}.py")
    _run(at)
    assert [t.value for t in at.title] == [PAGES[page]]


def test_the_role_table_covers_every_page_of_the_app():
    declared = set(re.findall(r'url_path="([a-z_]+)"', (ROOT / "app.py").read_text()))
    assert set(PAGES) == declared | {"overview"}


def _as(role: str, page: str, **params: str) -> AppTest:
    email = next(e for e, r in PEOPLE.items() if r == role)
    at = _app(_signed_in(email))
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(f"pages/{page}.py")
    return _run(at)


def _customers_shown(at: AppTest) -> set[str]:
    return {c for frame in at.dataframe if "customer_id" in frame.value.columns
            for c in frame.value.customer_id.dropna()}


@pytest.mark.parametrize("role", ["manager", "rep"])
def test_another_reps_customer_opens_nothing_by_url(signed_env, role):
    at = _as(role, "customer", customer="C3")
    assert [t.value for t in at.title] == ["Customer"]
    assert ("No customer with the id 'C3' among the customers you see."
            in html.unescape(_texts(at)))
    assert not at.metric and not at.dataframe and "Cobalt" not in _texts(at)
    mine = _as(role, "customer", customer="C1")
    assert [t.value for t in mine.title] == ["Acme Tools"] and mine.metric


@pytest.mark.parametrize("role", ["manager", "rep"])
def test_the_search_finds_only_their_customers(signed_env, role):
    at = _as(role, "overview")
    at.sidebar.text_input(key="customer_query").input("Cobalt").run()
    assert "No customer's name or id holds 'Cobalt'." in html.unescape(_texts(at))
    at.sidebar.text_input(key="customer_query").input("C").run()
    assert set(at.sidebar.selectbox(key="customer_search").options) == {
        "Acme Tools (C1)", "Birch Supply (C2)"}


def test_my_day_of_a_rep_is_their_own_and_a_manager_picks_among_their_team(signed_env):
    at = _as("rep", "day")
    assert "Ana Ortiz" in html.unescape(_texts(at))
    assert _customers_shown(at) <= OWN
    manager = _as("manager", "day", rep="R2")  # Ben is not on Mia's team
    assert "R2" in html.unescape(_texts(manager)) and not manager.dataframe


def test_the_forecast_says_its_back_test_is_the_whole_companys(signed_env):
    line = "These scores are the whole company's back-test"
    assert line in html.unescape(_texts(_as("rep", "forecast")))
    assert line not in html.unescape(_texts(_as("viewer", "forecast")))


@pytest.mark.parametrize(("role", "rows"), [("rep", {"R1"}), ("manager", {"R1", "R3"}),
                                            ("finance_admin", {"R1", "R2", "R3"})])
def test_the_bonus_page_shows_their_reps_payouts_and_no_one_elses_files(signed_env, role,
                                                                        rows):
    con = db.open_database(signed_env / "app.duckdb")
    try:
        stored = bonus_plan.save(con, golden_plan(), author="Fin")
        result = bonus_payout.payout(con, stored.plan, settings=Settings())
        freeze.freeze(con, result, stored, settings=Settings(), frozen_by="Fin")
    finally:
        con.close()
    at = _as(role, "bonus")
    payouts = next(d.value for d in at.dataframe if "payout_amt" in d.value.columns)
    assert set(payouts.rep_id) == rows
    texts = html.unescape(_texts(at))
    labels = [b.label for b in at.get("download_button")]
    if role == "finance_admin":
        assert "Frozen snapshot (JSON)" in labels
    else:  # every rep's frozen rows, and the checks naming every rep: an admin's only
        assert "Frozen snapshot (JSON)" not in labels
        assert "Only a finance admin checks and freezes a quarter." not in texts  # frozen
        assert not any(set(d.value.columns) >= {"check", "ok"} for d in at.dataframe)


def test_a_link_naming_another_rep_stops_the_page(signed_env):
    at = _as("rep", "aging", rep="R2")
    assert "R2" in html.unescape(_texts(at)) and not at.dataframe and not at.metric


def test_every_figure_page_shows_only_their_customers_whatever_was_cached(signed_env):
    # a finance admin's run first: st.cache_data is shared by every session of the process
    shown = set().union(*(_customers_shown(_as("finance_admin", page))
                          for page in ("aging", "calls", "visits", "overview")))
    assert shown == {"C1", "C2", "C3", "C4"}
    for role in ("manager", "rep"):
        for page in ("aging", "calls", "visits", "overview"):
            shown = _customers_shown(_as(role, page))
            assert shown <= OWN, (role, page, shown)
        assert _customers_shown(_as(role, "aging")) == OWN


def test_the_overview_tiles_of_a_rep_are_those_of_their_rep_filter(signed_env):
    def open_ar(at: AppTest) -> str:
        return next(m.proto.help for m in at.metric if m.label == "Open AR")

    admin = _as("finance_admin", "overview", rep="R1")
    rep = _as("rep", "overview")
    assert open_ar(rep) == open_ar(admin)  # the same figure by the sidebar's rep filter
    assert open_ar(rep) != open_ar(_as("finance_admin", "overview"))


@pytest.mark.parametrize(("role", "rows"), [("rep", ["R1"]), ("manager", ["R1", "R3"]),
                                            ("viewer", ["R1", "R2", "R3", "(unattributed)"])])
def test_the_scorecard_shows_their_reps_rows_only(signed_env, role, rows):
    at = _as(role, "scorecard")
    table = at.dataframe[0].value
    assert set(table.rep_id) <= set(rows) and "R1" in set(table.rep_id)
    if role == "rep":
        assert [o for o in at.sidebar.selectbox(key="rep").options] == [
            "All reps", "Ana Ortiz (R1)"]


def _roster_of(env) -> dict[str, tuple]:
    con = db.open_database(env / "app.duckdb")
    try:
        rows = roster.entries(con)
    finally:
        con.close()
    return {r.email: (r.role, r.active, r.changed_by) for r in rows.itertuples()}


def test_a_finance_admin_edits_the_roster_on_the_people_page(signed_env):
    at = _run(_app(_signed_in("fin@example.com")))
    at.switch_page("pages/people.py")
    _run(at)
    assert [t.value for t in at.title] == ["People and roles"]
    table = at.dataframe[0].value
    assert sorted(table.email) == sorted([*PEOPLE, "gone@example.com"])
    # the editor's rows are sorted by email: ana, cfo, fin, gone, mia
    at.session_state["roster_editor_0"] = {
        "edited_rows": {1: {"active": False}}, "deleted_rows": [3],
        "added_rows": [{"email": "Neo@Example.com", "role": "rep", "rep_id": "R2"}]}
    next(b for b in at.button if b.label == "Save the roster").click()
    _run(at)
    assert not at.error, [e.value for e in at.error]
    assert "Saved: 5 people on the roster (1 added, 1 changed, 1 removed)." in at.success[0].value
    after = _roster_of(signed_env)
    assert after["cfo@example.com"] == ("viewer", False, "fin@example.com")
    assert after["neo@example.com"] == ("rep", True, "fin@example.com")
    assert after["ana@example.com"] == ("rep", True, "test")  # left alone: its old stamp
    assert "gone@example.com" not in after
    # the viewer made inactive is out on their next run
    at_cfo = _run(_app(_signed_in("cfo@example.com")))
    assert [t.value for t in at_cfo.title] == ["No access yet"]


def test_an_admin_cannot_save_a_roster_that_shuts_themselves_out(signed_env):
    at = _run(_app(_signed_in("fin@example.com")))
    at.switch_page("pages/people.py")
    _run(at)
    at.session_state["roster_editor_0"] = {"edited_rows": {2: {"role": "viewer"}},
                                           "deleted_rows": [], "added_rows": []}
    next(b for b in at.button if b.label == "Save the roster").click()
    _run(at)
    assert "would no longer be an active finance admin" in at.error[0].value
    assert _roster_of(signed_env)["fin@example.com"][0] == "finance_admin"
    at.session_state["roster_editor_0"] = {"edited_rows": {2: {"role": "boss"}},
                                           "deleted_rows": [], "added_rows": []}
    next(b for b in at.button if b.label == "Save the roster").click()
    _run(at)
    assert "role 'boss' is not one of" in html.unescape(at.error[0].value)


def test_the_people_page_in_local_mode_prepares_the_roster(app_env):
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/people.py")
    _run(at)
    assert [t.value for t in at.title] == ["People and roles"]
    assert "No sign-in is configured" in at.info[0].value


def test_sign_ins_refusals_and_roster_changes_are_on_the_audit_page(signed_env):
    _run(_app(_signed_in("nobody@example.com")))
    at = _run(_app(_signed_in("fin@example.com")))
    _run(at)  # a rerun of the same session records nothing more
    at.switch_page("pages/audit.py")
    _run(at)
    assert [t.value for t in at.title] == ["Audit trail"]
    rows = at.dataframe[0].value
    assert list(zip(rows.email, rows.action, rows.detail, strict=True)) == [
        ("fin@example.com", "sign_in", "session opened as Finance admin"),
        ("nobody@example.com", "denied", "you are not on this dashboard's roster"),
        ("test", "roster", "5 people on the roster (5 added, 0 changed, 0 removed)")]
    at.text_input(key="audit_email").input("NOBODY@example.com")
    _run(at)
    assert list(at.dataframe[0].value.email) == ["nobody@example.com"]
    at.text_input(key="audit_email").input("")
    at.selectbox(key="audit_action").select("roster")
    _run(at)
    assert list(at.dataframe[0].value.action) == ["roster"]
    assert at.get("download_button")


def test_on_an_empty_store_a_viewer_gets_no_import_page(tmp_path, monkeypatch):
    """Import data is the default page of an empty store (its url path then reads ''): it
    stays a finance admin's only."""
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(tmp_path / "no_such_folder"))
    from arlib import settings
    settings.load.cache_clear()
    con = db.open_database(tmp_path / "empty.duckdb")
    try:
        rows = roster.check(pd.DataFrame({"email": ["cfo@example.com", "fin@example.com"],
                                          "role": ["viewer", "finance_admin"]}), source="t")
        roster.replace(con, rows, changed_by="test")
    finally:
        con.close()
    try:
        at = _run(_app(_signed_in("cfo@example.com")))
        assert [t.value for t in at.title] == ["Overview"]
        assert "Import data" not in {link.proto.label for link in at.sidebar.get("page_link")}
        assert "ask your finance admin to load it" in at.info[0].value
        at = _run(_app(_signed_in("fin@example.com")))
        assert [t.value for t in at.title] == ["Import data"]
    finally:
        settings.load.cache_clear()
