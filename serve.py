"""The app, with its inbox loaded from the moment the server starts: `streamlit run serve.py`
(issue 22). `streamlit run app.py` is the same app; there the inbox worker starts with the
first page view, so a file dropped before anyone opened the app waits for that."""

from contextlib import asynccontextmanager

import streamlit as st

from arlib import settings
from arlib.outputs import inbox
from arlib.store import state


@asynccontextmanager
async def _inbox_from_the_start(app):
    # the app's own connection (ui/data.py) opens the same file in this process: DuckDB
    # shares one database between them; the worker keeps its connection to the end
    con, _ = state.open_store(settings.load())
    inbox.serve(con, settings=settings.load())
    yield


app = st.App("app.py", lifespan=_inbox_from_the_start)
