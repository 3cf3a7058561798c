"""What every page needs before it draws anything."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_app() -> None:
    """Make sure the page runs inside app.py (menu, page config, data status).

    A folder named `pages/` makes Streamlit start in its legacy multipage mode: until some
    session has run `st.navigation`, a deep link such as `/customer?customer=C1` runs the page
    file alone. Leaving that mode and rerunning sends the same URL through app.py instead.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
