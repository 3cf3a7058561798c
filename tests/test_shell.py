"""ui/shell.require_app leaves Streamlit's legacy `pages/` mode through a private attribute
(no supported way exists in Streamlit 1.67: the mode is decided once per process from the
folder's existence, in PagesManager.__init__, and only a run of st.navigation clears it). These
tests fail loudly when an upgrade changes what the workaround relies on; the browser test
tests/e2e/test_deep_links.py checks the behaviour itself: a deep link opened first on a fresh
server goes through app.py."""

from __future__ import annotations

import inspect

from streamlit.commands import navigation
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

UPGRADE = ("Streamlit changed how it decides its legacy pages/ mode; ui/shell.require_app "
           "sets PagesManager.uses_pages_directory and must be revisited (deep links such as "
           "/customer?customer=C1 may run the page without app.py)")


def test_the_legacy_mode_is_still_a_class_flag_set_from_the_pages_folder():
    manager = pages_manager.PagesManager
    assert hasattr(manager, "uses_pages_directory"), UPGRADE
    init = inspect.getsource(manager.__init__)
    assert "uses_pages_directory" in init and '"pages"' in init, UPGRADE


def test_the_script_runner_and_st_navigation_still_read_and_clear_that_flag():
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner), UPGRADE
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation), UPGRADE
