"""The Audit page's filters, table and CSV export (read afresh: the trail is never cached)."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from arlib.outputs.export import to_csv_bytes
from arlib.store import audit
from ui import data

SHOWN = 10_000  # rows at most; a narrower filter shows older ones


def trail() -> None:
    """Filters (days, person, action), the matching actions newest first, and their CSV."""
    today = date.today()
    left, middle, right = st.columns(3)
    days = left.date_input("Days", value=(today - timedelta(days=30), today),
                           max_value=today, format="YYYY-MM-DD", key="audit_days")
    email = middle.text_input("Person (email)", key="audit_email").strip() or None
    action = right.selectbox("Action", [None, *audit.ACTIONS], key="audit_action",
                             format_func=lambda a: "All actions" if a is None else a,
                             help="; ".join(f"{k}: {v}" for k, v in audit.ACTIONS.items()))
    if not isinstance(days, tuple) or len(days) != 2:
        st.info("Choose the last day too.", icon=":material/date_range:")
        return
    rows = audit.events(data.connection(), first_on=days[0], last_on=days[1], email=email,
                        action=action, max_rows=SHOWN)
    st.caption(f"{len(rows):,} action{'s' if len(rows) != 1 else ''} from {days[0]} to "
               f"{days[1]}" + (f" (the newest {SHOWN:,}: narrow the filters for the others)"
                               if len(rows) == SHOWN else ""))
    st.dataframe(rows, hide_index=True, width="stretch", placeholder="", column_config={
        "happened_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm:ss"),
        "email": "Who", "action": "Action", "detail": "Detail"})
    st.download_button("Download CSV", to_csv_bytes(rows), key="audit_csv",
                       file_name=f"audit_{days[0]}_{days[1]}.csv", mime="text/csv",
                       icon=":material/download:")
