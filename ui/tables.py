"""Tables as sent to the browser: at most ROWS_SHOWN rows of a long table, in its order, with a
line saying so and where all of them are (the page's download, or one offered here)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from arlib.outputs import export
from ui import exports

# a screenful many times over; a quarter's 70,000 contacts sent to the browser took seconds
# to serialise and draw, for rows nobody scrolls to (issue 16)
ROWS_SHOWN = 1_000


def capped(frame: pd.DataFrame, *, what: str, file_name: str | None = None) -> pd.DataFrame:
    """The first ROWS_SHOWN rows of `frame` (all when it has no more); when rows are left out,
    a caption gives how many of how many, and with `file_name` a CSV button for every row
    (without one, the page's own download holds them). Selections refer to the rows returned."""
    if len(frame) <= ROWS_SHOWN:
        return frame
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(f"Showing the first {ROWS_SHOWN:,} of {len(frame):,} {what}, in the order "
                   "given; sorting a column sorts these. "
                   + ("The CSV holds every row." if file_name else
                      "The downloads below hold every row."))
        if file_name:
            exports.download("CSV of all", partial(export.to_csv_bytes, frame),
                             file_name=file_name, mime="text/csv",
                             icon=":material/download:", key=f"all_{file_name}")
    return frame.head(ROWS_SHOWN)
