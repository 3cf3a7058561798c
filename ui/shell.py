"""What every page needs before it draws anything."""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import auth

_current = threading.local()  # a session's runs happen one at a time on its own thread


def run_page(nav) -> None:
    """Run the page chosen by `st.navigation` (app.py), marked as run inside app.py."""
    _current.inside_app = True
    _current.page = nav
    try:
        nav.run()
    finally:
        _current.inside_app = False
        _current.page = None


def page_shown() -> str | None:
    """The file stem of the page this run shows ('aging'), or None outside a page run."""
    nav = getattr(_current, "page", None)
    return (nav.url_path or "overview") if nav is not None else None  # overview is the default


def require_app() -> None:
    """Make sure the page runs inside app.py (menu, page config, data status).

    A folder named `pages/` makes Streamlit start in its legacy multipage mode: until some
    session has run `st.navigation`, a deep link such as `/customer?customer=C1` runs the page
    file alone. Leaving that mode and rerunning sends the same URL through app.py instead.
    Whether this run came through app.py is asked of the run itself, not of that process-wide
    mode: when many deep links open at once, another session may leave the mode while this
    one is already running its page alone.
    """
    if getattr(_current, "inside_app", False):
        return
    PagesManager.uses_pages_directory = False
    st.rerun()


def no_data() -> None:
    """A page's empty state when the store holds no data: what to do, with a link to the
    Import page (where the sample book can be loaded too); the page stops here."""
    viewer = auth.current()
    if viewer is not None and not viewer.sees("import"):  # the page is not theirs to open
        st.info("There is no data to show yet: ask your finance admin to load it.",
                icon=":material/inbox:")
        st.stop()
    st.info("There is no data to show yet. Load your own files, or the sample book, on the "
            "**Import data** page (or with `python -m arlib import PATH`).",
            icon=":material/inbox:")
    st.page_link("pages/import.py", label="Open Import data", icon=":material/upload_file:")
    st.stop()
