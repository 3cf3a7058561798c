"""Navigation between pages: a selected customer row opens the customer page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

CUSTOMER_PAGE = "pages/customer.py"


def open_selected_customer(event, frame: pd.DataFrame) -> None:
    """When a row of `frame` (shown with on_select) is selected, open that customer."""
    rows = event.selection.rows if event is not None else []
    if rows:
        # positions refer to the frame as passed, whatever the sorting on screen (§3.6)
        st.switch_page(CUSTOMER_PAGE, query_params={"customer": frame.iloc[rows[0]].customer_id})
