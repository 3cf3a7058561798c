"""Entry point: page configuration, the data status in the sidebar, and the page menu."""

from pathlib import Path

import streamlit as st

from ui import auth, data, shell, sidebar, timing

# the icon is a file served by the app itself: a Material icon or an emoji as page icon
# makes the browser fetch the favicon from an outside host, and nothing may leave the machine
ICON = Path(__file__).resolve().parent / "ui" / "assets" / "icon.png"
st.set_page_config(page_title="AR collections", page_icon=str(ICON), layout="wide")
viewer = auth.gate()  # signed in and on the roster (or no sign-in configured), else it stops

timing.start()
with timing.phase("pin"):
    status = data.pin()  # this run shows this load's data, sidebar and figures alike
data.start_inbox()  # files dropped into the inbox load while the app serves (once a process)
empty = status.is_empty  # a store with no data opens on the Import page
pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:",
            default=not empty),
    st.Page("pages/dso.py", title="DSO", icon=":material/timelapse:", url_path="dso"),
    st.Page("pages/aging.py", title="Aging", icon=":material/hourglass_bottom:",
            url_path="aging"),
    st.Page("pages/promises.py", title="Promises", icon=":material/handshake:",
            url_path="promises"),
    st.Page("pages/forecast.py", title="Forecast", icon=":material/savings:", url_path="forecast"),
    st.Page("pages/scorecard.py", title="Rep scorecard", icon=":material/leaderboard:",
            url_path="scorecard"),
    st.Page("pages/calls.py", title="Call list", icon=":material/call:", url_path="calls"),
    st.Page("pages/day.py", title="My day", icon=":material/today:", url_path="day"),
    st.Page("pages/visits.py", title="Key accounts", icon=":material/storefront:",
            url_path="visits"),
    st.Page("pages/bonus.py", title="Bonus", icon=":material/payments:", url_path="bonus"),
    st.Page("pages/import.py", title="Import data", icon=":material/upload_file:",
            url_path="import", default=empty),
    st.Page("pages/people.py", title="People and roles", icon=":material/group:",
            url_path="people"),
    st.Page("pages/audit.py", title="Audit trail", icon=":material/history:",
            url_path="audit"),
    st.Page("pages/customer.py", title="Customer", icon=":material/person:",
            url_path="customer", visibility="hidden"),
]
pages = auth.pages_for(viewer, pages)  # a page the role lacks cannot be opened by its URL
nav = st.navigation(pages, position="hidden")
try:
    with timing.phase("sidebar"):
        sidebar.menu(pages)
        if not empty:
            sidebar.search(data.version())
        sidebar.data_status(status, built_now=data.built_from_sample())
        sidebar.follow_loads(status)  # a load landing meanwhile redraws the page on it
        auth.sidebar(viewer)
    with timing.phase("body"):
        shell.run_page(nav)
except data.StaleData:
    st.rerun()  # a load committed while this run was reading: draw it again on the new data
finally:
    timing.finish(nav.url_path or "overview")
