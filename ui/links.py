"""Navigation between pages: a selected customer row opens the customer page on the date of
the page it was opened from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import formats, shell

CUSTOMER_PAGE = "pages/customer.py"
CUSTOMER_AS_OF = "customer_as_of"  # the customer page's date, bound to the URL
BACK = "back_"  # prefix of the page a customer was opened from, and of its filters
PAGES = Path(__file__).resolve().parent.parent / "pages"


def customer_params(customer_id: str) -> dict[str, str]:
    """The customer page's URL parameters for a customer opened from the page being shown:
    the id, that page's as-of date as the customer page's own (the customer shows the same
    day and a link sent on keeps it), and the page with its filters under `back_` names, for
    the customer page's link back to the view it was opened from.

    The filters travel under other names because Streamlit refuses a link that sets a
    parameter bound to a widget of the page being left ('Cannot directly set query parameter
    ... bound to a widget'), and the customer page does not filter by them. For the same
    reason, from the customer page itself (the search box) the date is left to its date
    widget, which keeps its value on the next customer, and the way back is kept as it was."""
    params = {"customer": str(customer_id)}
    here = st.query_params.to_dict()
    if CUSTOMER_AS_OF in st.session_state:  # opened from the customer page
        params.update({k: v for k, v in here.items() if k.startswith(BACK)})
        return params
    as_of = st.session_state.get("as_of")  # the sidebar's date (ui/filters.py)
    if isinstance(as_of, date):
        params[CUSTOMER_AS_OF] = f"{as_of:%Y-%m-%d}"
    page = shell.page_shown()
    if page:
        params[BACK + "page"] = page
        params.update({BACK + k: v for k, v in here.items()
                       if k not in ("customer", CUSTOMER_AS_OF) and not k.startswith(BACK)})
    return params


def back_link() -> None:
    """On the customer page: a link back to the page it was opened from, with that page's
    date and filters as they were (the `back_` parameters of customer_params); nothing when
    the URL names no page that exists."""
    here = st.query_params.to_dict()
    page = here.get(BACK + "page", "")
    if not (page.isalpha() and page != "customer" and (PAGES / f"{page}.py").is_file()):
        return  # a link typed or cut by hand: no way back to offer
    params = {k.removeprefix(BACK): v for k, v in here.items()
              if k.startswith(BACK) and k != BACK + "page"}
    with st.container(horizontal=True, vertical_alignment="center"):
        st.page_link(f"pages/{page}.py", query_params=params, icon=":material/arrow_back:",
                     help="The page this customer was opened from, as it was.")
        shown = [f"{name} {params[name]}" for name in ("rep", "region") if params.get(name)]
        if shown:
            st.caption(formats.plain("filtered to " + ", ".join(shown)))


def open_customer(customer_id: str) -> None:
    """Open the customer page for `customer_id` on this page's date."""
    st.switch_page(CUSTOMER_PAGE, query_params=customer_params(customer_id))


def open_selected_customer(event, frame: pd.DataFrame) -> None:
    """When a row of `frame` (shown with on_select) is selected, open that customer."""
    rows = event.selection.rows if event is not None else []
    if rows:
        # positions refer to the frame as passed, whatever the sorting on screen (§3.6)
        open_customer(frame.iloc[rows[0]].customer_id)
