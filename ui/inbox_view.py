"""The inbox on the Import page: where to drop files, what waits, and the latest entries the
app loaded from it with their reports (arlib.outputs.inbox)."""

from __future__ import annotations

import streamlit as st

from arlib import settings
from arlib.outputs import inbox
from ui import formats


def section() -> None:
    """The inbox folder, the entries waiting in it, and the last ones filed with their
    reports, failed ones first to catch the eye."""
    box = settings.load().resolved_inbox_dir()
    st.subheader("Inbox")
    waiting = inbox.waiting(box)
    st.caption(formats.plain(
        f"Files or folders written to {box} are loaded by the app on its own, one load each, "
        "then moved to processed/ or failed/ there beside their report. "
        + (f"Waiting now: {', '.join(p.name for p in waiting)}." if waiting else
           "Nothing is waiting.")))
    entries = inbox.filed(box, count=10)
    if not entries:
        st.caption("Nothing has come through the inbox yet.")
        return
    for entry in sorted(entries, key=lambda e: e["exit_code"] == 0):
        load = f"load {entry['load_id']}" if entry["load_id"] is not None else "nothing loaded"
        ok = entry["exit_code"] == 0
        when = entry["finished_at"].replace("T", " ")
        with st.expander(formats.plain(f"{when} · {entry['entry']} · {load}"),
                         icon=":material/check_circle:" if ok else ":material/error:",
                         expanded=not ok):
            (st.caption if ok else st.error)(formats.plain(entry["message"]))
            st.code(entry["report_text"], language=None)
            st.caption(formats.plain(f"Files and reports: {entry['folder']}"))
