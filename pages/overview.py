"""Overview for the CFO: where receivables stand as of a date."""

import streamlit as st

from arlib import charts, settings
from ui import data, formats

cfg = settings.load()
version = data.status().load_id
first_on, last_on = data.date_range(version)

st.title("Overview")
if last_on is None:
    st.info("There is no data to show yet. Load an export with `python -m arlib import PATH`.")
    st.stop()

as_of = st.date_input("As of", value=last_on, min_value=first_on, key="overview_as_of",
                      help="Figures count only what is dated on or before this day.")
head = data.headline(as_of, version)
cur = cfg.base_currency
past_due_share = head.past_due_amt / head.open_ar_amt if head.open_ar_amt > 0 else None

tiles = st.columns(5)
tiles[0].metric("Open receivables", formats.money(head.open_ar_amt, cur),
                help="Open invoices less unapplied credit notes and cash, in base currency.")
tiles[1].metric("Past due", formats.money(head.past_due_amt, cur),
                f"{formats.percent(past_due_share)} of open", delta_color="off",
                help="Open invoice balances past their due date.")
tiles[2].metric("Unapplied cash and credits", formats.money(head.unapplied_amt, cur),
                help="Cash received and credit notes not yet matched to an invoice.")
tiles[3].metric("In dispute", formats.money(head.disputed_amt, cur),
                help="Open balance of invoices with a dispute open on the date.")
tiles[4].metric("Open promises", f"{int(head.count_open_promises):,}",
                formats.money(head.open_promises_amt, cur) + " promised", delta_color="off",
                help="Promises made by the date whose deadline (plus grace days) has not "
                     "passed and that no newer promise replaced.")

buckets = data.buckets(as_of, version)
st.plotly_chart(charts.aging_bar(buckets, currency=cur), width="stretch")
st.dataframe(buckets, hide_index=True, width="stretch",
             column_config=formats.column_config(list(buckets.columns)))
