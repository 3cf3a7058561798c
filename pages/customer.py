"""One customer as of a date: who they are and what is open (reached from any customer row)."""

import streamlit as st

from arlib import settings
from ui import data, formats

cfg = settings.load()
version = data.status().load_id
customer_id = st.query_params.get("customer")
header = data.customer_header(customer_id, version) if customer_id else None

if header is None:
    st.title("Customer")
    st.warning(f"No customer with the id {customer_id!r}." if customer_id else
               "No customer chosen: open one from a customer row on any page.")
    st.page_link("pages/overview.py", label="Back to the overview", icon=":material/arrow_back:")
    st.stop()

_, last_on = data.date_range(version)
st.title(header.customer_name)
as_of = st.date_input("As of", value=last_on, key="customer_as_of", format="YYYY-MM-DD",
                      width=220, bind="query-params")
st.caption(formats.customer_line(header))
cur = cfg.base_currency
b = data.customer_balances(customer_id, as_of, version)
tiles = st.columns(4)
tiles[0].metric("Open", formats.money_short(b.open_amt), border=True,
                help=formats.money(b.open_amt, cur))
tiles[1].metric("Past due", formats.money_short(b.past_due_amt), border=True,
                help=formats.money(b.past_due_amt, cur))
tiles[2].metric("In dispute", formats.money_short(b.disputed_amt), border=True,
                help=formats.money(b.disputed_amt, cur))
tiles[3].metric("Credit limit", formats.money_short(b.credit_limit_amt), border=True,
                delta=f"{formats.percent(b.credit_used_pct)} in use", delta_color="off",
                delta_arrow="off")
st.subheader("Open items")
items = data.customer_open_items(customer_id, as_of, version)
st.dataframe(items, hide_index=True, width="stretch",
             column_config=formats.column_config(list(items.columns)))
