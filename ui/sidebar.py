"""The sidebar box that says which data the figures come from."""

from __future__ import annotations

import streamlit as st

from arlib import settings
from arlib.store.state import StoreStatus
from ui import links


def menu(pages: list) -> None:
    """Links to the visible pages, at the top of the sidebar."""
    with st.sidebar:
        for page in pages:
            if page.visibility != "hidden":
                st.page_link(page, label=page.title, icon=page.icon)
        st.divider()


def search(names) -> None:
    """A type-ahead box on customer name or id; choosing one opens the customer page."""
    labels = dict(zip(names.customer_id, names.customer_name, strict=True))
    with st.sidebar:
        found = st.selectbox("Find a customer", list(labels), index=None,
                             key="customer_search", format_func=lambda c: f"{labels[c]} ({c})",
                             placeholder="Type a name or an id…")
    if found:
        st.session_state.pop("customer_search")  # the box is empty again on the next page
        links.open_customer(found)  # on the date of the page it was found on


def data_status(status: StoreStatus, *, built_now: bool) -> None:
    """Show the latest load, rows that could not be placed, and the sample-data notice."""
    if built_now and not st.session_state.get("sample_toast_shown"):
        st.session_state["sample_toast_shown"] = True  # once per session, not every rerun
        st.toast("No database was found, so one was built from the sample data.",
                 icon=":material/database:")
    with st.sidebar:
        if status.load_id == 0:
            st.warning("No data loaded yet. Load files on the **Import data** page or with "
                       "`python -m arlib import PATH`.")
            return
        if status.is_sample:
            st.info("Showing the built-in **sample data** (sample_data/), loaded on first "
                    "launch. Load your own on the **Import data** page.",
                    icon=":material/science:")
        st.caption(f"Data: load {status.load_id} of {status.loaded_at:%Y-%m-%d %H:%M} · "
                   f"database `{settings.load().db_path}`")
        if status.count_orphans:
            st.warning(f"{status.count_orphans:,} rows refer to customers, reps or invoices "
                       "that are not loaded; they are kept but cannot be placed everywhere.",
                       icon=":material/link_off:")
