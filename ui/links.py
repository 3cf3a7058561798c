"""Navigation between pages: a selected customer row opens the customer page on the date of
the page it was opened from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

CUSTOMER_PAGE = "pages/customer.py"
CUSTOMER_AS_OF = "customer_as_of"  # the customer page's date, bound to the URL


def customer_params(customer_id: str) -> dict[str, str]:
    """The customer page's URL parameters for a customer opened from the page being shown:
    the id and that page's as-of date as the customer page's own, so that the customer shows
    the same day and a link sent on keeps it.

    The sidebar's other filters stay out: they select customers, which the customer page
    does not, and Streamlit refuses a link that sets a parameter bound to a widget of the
    page being left ('Cannot directly set query parameter ... bound to a widget'). For the
    same reason, from the customer page itself (the search box) the date is left to its date
    widget, which keeps its value on the next customer."""
    params = {"customer": str(customer_id)}
    as_of = st.session_state.get("as_of")  # the sidebar's date (ui/filters.py)
    if CUSTOMER_AS_OF not in st.session_state and isinstance(as_of, date):
        params[CUSTOMER_AS_OF] = f"{as_of:%Y-%m-%d}"
    return params


def open_customer(customer_id: str) -> None:
    """Open the customer page for `customer_id` on this page's date."""
    st.switch_page(CUSTOMER_PAGE, query_params=customer_params(customer_id))


def open_selected_customer(event, frame: pd.DataFrame) -> None:
    """When a row of `frame` (shown with on_select) is selected, open that customer."""
    rows = event.selection.rows if event is not None else []
    if rows:
        # positions refer to the frame as passed, whatever the sorting on screen (§3.6)
        open_customer(frame.iloc[rows[0]].customer_id)
