"""Aging: open receivables by days past due, over time, per currency and per customer."""

import streamlit as st

from arlib import settings
from arlib.figures import periods
from arlib.outputs import charts
from ui import data, exports, filters, formats, fx, links, shell, tables, urls

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Aging")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
bases = {"due": "Due date", "invoice": "Invoice date"}
urls.stop_on([urls.choice_problem("aging_basis", bases.values(), what="basis")])
basis = st.radio("Age from", list(bases), horizontal=True, key="aging_basis",
                 index=list(bases).index(cfg.aging_basis), bind="query-params",
                 format_func=bases.get,
                 help="Days past the due date (default) or days since the invoice date.")
cur = cfg.base_currency
buckets = data.buckets(as_of=f.as_of, scope=f.scope, version=version, basis=basis)
chart, table = st.columns([3, 2])
chart.altair_chart(charts.aging_bar(buckets, currency=cur), width="stretch")
with table:
    st.dataframe(buckets, hide_index=True, width="stretch", placeholder="",
                 column_config=formats.column_config(list(buckets.columns)))
    st.caption("Disputed amounts are part of their bucket and shown hatched in the chart. "
               "Unapplied credit notes and cash are never in a bucket.")

if f.currency_view == "original":
    st.subheader("By original currency")
    by_currency = data.aging_by_currency(as_of=f.as_of, scope=f.scope, version=version, basis=basis)
    st.dataframe(by_currency, hide_index=True, width="stretch", placeholder="",
                 column_config=formats.column_config(list(by_currency.columns)))
    st.caption(f"Bucket amounts in each document's own currency; the last column in {cur}.")

month_ends = tuple(periods.trailing_month_ends(24, as_of=f.as_of, since=first_on))
history = data.aging_history(dates=month_ends, scope=f.scope, version=version, basis=basis)
st.altair_chart(charts.aging_history(history, currency=cur), width="stretch")

st.subheader("Customers by bucket")
customers = data.aging_by_customer(as_of=f.as_of, scope=f.scope, version=version, basis=basis)
listed = tables.capped(customers, what="customers")
event = st.dataframe(listed, hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(list(customers.columns)),
                     on_select="rerun", selection_mode="single-row",
                     key=f.key(f"aging_customers_{basis}"))
st.caption("Sort by any column; select a row to open the customer.")
links.open_selected_customer(event, listed)
exports.buttons(f"aging_{f.as_of:%Y%m%d}",
                {"Buckets": buckets, "Customers": customers,
                 "Currencies": data.aging_by_currency(as_of=f.as_of, scope=f.scope,
                                                     version=version, basis=basis)},
                exports.stamp(f, version, **{"aging basis": basis,
                                             "bucket edges": cfg.aging_bucket_edges}),
                csv_sheet="Customers")
