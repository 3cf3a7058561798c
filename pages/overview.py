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
                      format="YYYY-MM-DD", width=220, bind="query-params",
                      help="Figures count only what is dated on or before this day.")
head = data.headline(as_of, version)
cur = cfg.base_currency
past_due_share = head.past_due_amt / head.open_ar_amt if head.open_ar_amt > 0 else None

policy = "each document's own date" if cfg.fx_policy == "document" else "the as-of date"
st.caption(f"Amounts in {cur}; other currencies converted at the rate of {policy}.")
tiles = st.columns(5)
tiles[0].metric("Open AR", formats.money_short(head.open_ar_amt), border=True,
                help="Open invoices less unapplied credit notes and cash: "
                     + formats.money(head.open_ar_amt, cur))
tiles[1].metric("Past due", formats.money_short(head.past_due_amt), border=True,
                delta=f"{formats.percent(past_due_share)} of open", delta_color="off",
                delta_arrow="off",
                help="Open invoice balances past their due date: "
                     + formats.money(head.past_due_amt, cur))
tiles[2].metric("Unapplied", formats.money_short(head.unapplied_amt), border=True,
                help="Cash received and credit notes not yet matched to an invoice: "
                     + formats.money(head.unapplied_amt, cur))
tiles[3].metric("In dispute", formats.money_short(head.disputed_amt), border=True,
                help="Open balance of invoices with a dispute open on the date: "
                     + formats.money(head.disputed_amt, cur))
tiles[4].metric("Open promises", f"{int(head.count_open_promises):,}", border=True,
                delta=f"{formats.money_short(head.open_promises_due_amt)} to come",
                delta_color="off", delta_arrow="off",
                help="Pending promises: made by the date, not yet kept, deadline plus "
                     f"{cfg.promise_grace_days} grace days not passed. Promised in all: "
                     + formats.money(head.open_promises_amt, cur))

buckets = data.buckets(as_of, version)
st.plotly_chart(charts.aging_bar(buckets, currency=cur), width="stretch")
st.dataframe(buckets, hide_index=True, width="stretch",
             column_config=formats.column_config(list(buckets.columns)))
