"""Who is looking: sign-in through Streamlit's st.login / st.user when `.streamlit/secrets.toml`
has an [auth] section, else local single-user mode; the roster decides each run who sees what.

app.py calls `gate()` first thing: it returns the viewer, or draws the sign-in, expired or
not-on-the-roster page and stops the run before any figure is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import streamlit as st

from arlib import settings
from arlib.store import audit, roster
from ui import data, formats

# which pages (by url path) a role gets; a page not listed is a finance admin's only
ADMIN_PAGES = frozenset({"import", "people", "audit"})
# the pages of managers and reps: every query on them takes the viewer's rep scope
# (Filters.scope, auth.rep_scope), so each shows their customers and their reps' rows only
SCOPED_PAGES = frozenset({"overview", "dso", "aging", "promises", "forecast", "scorecard",
                          "bonus", "calls", "day", "visits", "customer"})
PROVIDER_NAMES = {"microsoft": "Microsoft", "entra": "Microsoft Entra ID", "google": "Google",
                  "okta": "Okta", "keycloak": "Keycloak"}


@dataclass(frozen=True)
class Viewer:
    """The person this run is for: their roster row, or the local user (no sign-in)."""

    email: str | None
    name: str
    role: str
    reps: frozenset[str] | None  # the rep ids whose customers they see; None: everything
    local: bool = False

    @property
    def role_label(self) -> str:
        return roster.ROLES.get(self.role, self.role)

    def sees(self, url_path: str) -> bool:
        """Whether the role gets the page (url path; '' or 'overview' for the overview)."""
        page = url_path or "overview"
        if self.role == "finance_admin":
            return True
        if self.role == "viewer":
            return page not in ADMIN_PAGES
        return page in SCOPED_PAGES


LOCAL = Viewer(email=None, name="Local user", role="finance_admin", reps=None, local=True)
_VIEWER = "_ar_viewer"  # session state: the viewer gate() admitted in this run


def current() -> Viewer | None:
    """The viewer `gate()` admitted in this session's latest run (None before any)."""
    return st.session_state.get(_VIEWER)


LOCAL_WHO = "local user (no sign-in)"  # who the audit trail names in local single-user mode


def who() -> str:
    """The name the audit trail gives this run's viewer: their email, else LOCAL_WHO."""
    viewer = current()
    return viewer.email if viewer is not None and viewer.email else LOCAL_WHO


def record(action: str, detail: str) -> None:
    """An action of this run's viewer in the audit trail (an import committed)."""
    audit.record(data.connection(), email=who(), action=action, detail=detail)


def rep_scope() -> frozenset[str] | None:
    """The rep ids whose customers this run's viewer sees (None: every customer); no
    customer at all when no viewer was admitted (deny by default)."""
    viewer = current()
    return frozenset() if viewer is None else viewer.reps


def still_admin(viewer: Viewer) -> bool:
    """Whether the viewer is, on the roster as it is now, an active finance admin (the local
    user always is)."""
    if viewer.local:
        return auth_section() is None
    person = roster.find(data.connection(), viewer.email)
    return person is not None and person.active and person.role == "finance_admin"


def require(role: str) -> Viewer:
    """The viewer, when their role is `role` (a page's own check beside the menu's); else
    the page says so and stops."""
    viewer = current()
    if viewer is None or viewer.role != role:
        st.error(f"This page is for the {roster.ROLES[role]} role only.", icon=":material/lock:")
        st.stop()
    return viewer


def auth_section() -> Mapping | None:
    """The [auth] section of the secrets, None when there is none (or no secrets file)."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all
        return None
    return section if isinstance(section, Mapping) else None


def providers(section: Mapping) -> list[str | None]:
    """The identity providers of the [auth] section: its named sub-sections with a client id
    ([auth.google]), and None for one given in [auth] itself."""
    named = [k for k, v in section.items() if isinstance(v, Mapping) and "client_id" in v]
    return ([None] if "client_id" in section else []) + named


def gate() -> Viewer:
    """The viewer of this run. With [auth] configured: signed in, within the session age, on
    the roster and active, with a role that has pages; anything else draws its page and
    stops the run. The roster is read on every run, so a removal takes effect at once."""
    st.session_state.pop(_VIEWER, None)
    section = auth_section()
    if section is None:
        st.session_state[_VIEWER] = LOCAL
        return LOCAL
    user = st.user
    if not user.get("is_logged_in"):
        _sign_in(section)
    signed_in = _signed_in_at(user)
    limit = timedelta(hours=settings.load().session_max_hours)
    if signed_in is None or datetime.now(UTC) - signed_in > limit:
        if user.get("email"):
            _once(user.get("email"), "denied", "sign-in older than the session age")
        _expired(signed_in, limit)
    email = user.get("email")
    if not email:
        _denied(None, "your identity provider sent no email address")
    if user.get("email_verified") is False:
        _denied(email, "your identity provider has not verified that email address")
    person = roster.find(data.connection(), email)
    if person is None:
        _denied(email, "you are not on this dashboard's roster")
    if not person.active:
        _denied(email, "your place on this dashboard's roster is inactive")
    viewer = Viewer(email=person.email, name=person.name or user.get("name") or person.email,
                    role=person.role, reps=roster.rep_scope(data.connection(), person))
    _once(email, "sign_in", f"session opened as {viewer.role_label}")
    st.session_state[_VIEWER] = viewer
    return viewer


def _once(email: str, action: str, detail: str) -> None:
    """Record the action in the audit trail once per session (not on every rerun)."""
    done = st.session_state.setdefault("_ar_audited", set())
    if (email, action, detail) not in done:
        audit.record(data.connection(), email=email, action=action, detail=detail)
        done.add((email, action, detail))


def pages_for(viewer: Viewer, pages: list) -> list:
    """The st.Page entries the viewer's role gets (a page left out cannot be opened by URL)."""
    # by the declared path: st.Page.url_path is "" for the default page, which is Import data
    # on an empty store (and would pass for the Overview)
    return [p for p in pages if viewer.sees(getattr(p, "_url_path", None) or p.url_path)]


def sidebar(viewer: Viewer) -> None:
    """Who is signed in, in which role, and Sign out; or that no sign-in is configured."""
    with st.sidebar:
        if viewer.local:
            st.caption(":material/person: **Local single-user mode**: no sign-in is configured, "
                       "so whoever reaches this app sees every figure and can import. To "
                       "require sign-in, add an [auth] section to .streamlit/secrets.toml "
                       "(README, *Sign-in and roles*).")
            return
        st.caption(f":material/account_circle: Signed in as **{formats.plain(viewer.name)}** "
                   f"({formats.plain(viewer.email)}) · {viewer.role_label}")
        _sign_out_button()


def _sign_out_button() -> None:
    if st.button("Sign out", key="auth_sign_out", icon=":material/logout:"):
        st.logout()


def _signed_in_at(user) -> datetime | None:
    """When the identity token behind this session was issued (`iat`; `auth_time` when the
    token has no `iat`), in UTC; None when the token says neither."""
    for claim in ("iat", "auth_time"):
        value = user.get(claim)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
    return None


def _sign_in(section: Mapping) -> None:
    st.title("Sign in")
    st.write("This dashboard shows accounts-receivable figures to the people on its roster. "
             "Sign in with your work account.")
    found = providers(section)
    if not found:
        st.error("Sign-in is configured in .streamlit/secrets.toml, but its [auth] section "
                 "names no identity provider (a client_id in [auth] or in [auth.NAME]). "
                 "Ask your administrator to complete it (README, *Sign-in and roles*).")
    for provider in found:
        label = "Sign in" if provider is None else \
            f"Sign in with {PROVIDER_NAMES.get(provider, provider)}"
        if st.button(label, key=f"auth_sign_in_{provider or 'default'}", type="primary",
                     icon=":material/login:"):
            if provider is None:
                st.login()
            else:
                st.login(provider)
    st.stop()


def _expired(signed_in: datetime | None, limit: timedelta) -> None:
    st.title("Sign in again")
    hours = limit.total_seconds() / 3600
    when = "at an unknown time" if signed_in is None else f"on {signed_in:%Y-%m-%d %H:%M} UTC"
    st.info(f"You signed in {when}; a sign-in lasts {hours:g} hours here (setting "
            "AR_SESSION_MAX_HOURS). Sign out, then sign in again.", icon=":material/schedule:")
    _sign_out_button()
    st.stop()


def _denied(email: str | None, why: str) -> None:
    if email:
        _once(email, "denied", why)
    st.title("No access yet")
    who = (f"You are signed in as **{formats.plain(email)}**, but " if email else
           "You signed in, but ")
    st.warning(f"{who}{why}, so this dashboard shows you nothing. Ask your finance admin to "
               "add you to the roster, with the email address above.", icon=":material/lock:")
    _sign_out_button()
    st.stop()
