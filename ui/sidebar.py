"""The sidebar box that says which data the figures come from."""

from __future__ import annotations

import streamlit as st

from arlib import settings
from arlib.store.state import StoreStatus
from ui import auth, data, formats, links


def menu(pages: list) -> None:
    """Links to the visible pages, at the top of the sidebar."""
    with st.sidebar:
        for page in pages:
            if page.visibility != "hidden":
                st.page_link(page, label=page.title, icon=page.icon)
        st.divider()


SHOWN = 20  # matches listed at most; a longer list asks for more of the name


def search(version: str) -> None:
    """A box on customer name or id: the customers matching what was typed are looked up
    when it is entered (not every customer on every run) and listed; choosing one opens
    the customer page."""
    with st.sidebar:
        typed = st.text_input("Find a customer", key="customer_query",
                              placeholder="Type a name or an id, then Enter",
                              help="Any part of the name or the id, in any case.").strip()
        if not typed:
            return
        found = data.find_customers(typed, SHOWN + 1, auth.rep_scope(), version)
        if found.empty:
            st.caption(formats.plain(f"No customer's name or id holds '{typed}'."))
            return
        labels = dict(zip(found.customer_id[:SHOWN], found.customer_name[:SHOWN], strict=True))
        more = len(found) > SHOWN
        chosen = st.selectbox(
            f"First {SHOWN} matches: type more of the name for others" if more else
            f"{len(labels)} match{'es' if len(labels) != 1 else ''}", list(labels),
            index=None, key="customer_search", format_func=lambda c: f"{labels[c]} ({c})",
            placeholder="Choose the customer…")
    if chosen:
        for key in ("customer_search", "customer_query"):
            st.session_state.pop(key)  # the box is empty again on the next page
        links.open_customer(chosen)  # on the date of the page it was found on


def data_status(status: StoreStatus, *, built_now: bool) -> None:
    """Name the open database and say what it holds: nothing yet, the sample book, the
    sample plus the user's own loads, or their data only; the latest load and rows that
    could not be placed."""
    cfg = settings.load()
    if built_now and not st.session_state.get("sample_toast_shown"):
        st.session_state["sample_toast_shown"] = True  # once per session, not every rerun
        st.toast("No database was found, so one was built from the sample data.",
                 icon=":material/database:")
    own = f"{status.count_own_loads:,} load{'s' if status.count_own_loads != 1 else ''}"
    with st.sidebar:
        if status.is_empty:
            st.warning("No data loaded yet: this database is empty. Load your own files, or "
                       "the sample book, on the **Import data** page.",
                       icon=":material/inbox:")
        elif status.is_sample and status.count_own_loads:
            st.warning(f"This database holds the built-in **sample data** plus {own} of your "
                       "own files: the figures mix the sample's invented customers with "
                       "yours.", icon=":material/science:")
        elif status.is_sample:
            st.info("Showing the built-in **sample data**: invented customers from the "
                    f"sample book ({formats.path_md(cfg.resolved_sample_dir())}). For your "
                    "own, see the **Import data** page.", icon=":material/science:")
        else:
            st.caption(f":material/verified: Your own data: {own}, no sample data.")
        where = formats.path_md(cfg.resolved_db_path())
        st.caption(f"Database {where} · nothing loaded yet" if status.is_empty else
                   f"Data: load {status.load_id} of {status.loaded_at:%Y-%m-%d %H:%M} · "
                   f"database {where}",
                   help=f"The database file: {formats.plain(cfg.resolved_db_path())} "
                        "(setting AR_DB_PATH).")
        if status.count_orphans:
            st.warning(f"{status.count_orphans:,} rows refer to customers, reps or invoices "
                       "that are not loaded; they are kept but cannot be placed everywhere.",
                       icon=":material/link_off:")


def follow_loads(status: StoreStatus) -> None:
    """Every `refresh_seconds`, look for a load newer than the one this run shows (the
    inbox's, or another person's import) and draw the page again on it when there is one."""
    every = settings.load().refresh_seconds
    if every:
        with st.sidebar:
            st.fragment(run_every=every)(_newer_load)(status.load_id)


def _newer_load(shown: int) -> None:
    if data.newest_load_id() != shown:
        st.rerun(scope="app")
