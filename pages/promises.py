"""Promises to pay: kept rates, repeat breakers, the call list and every promise's payments."""

import streamlit as st

from arlib import settings
from arlib.outputs import charts
from ui import data, filters, formats, fx, links, shell, tables, urls

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Promises to pay")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
every_status = ["kept", "partial", "broken", "pending", "superseded"]
urls.stop_on([urls.choice_problem("promises_status", every_status, what="promise status")])
v = data.promise_views(first_on=f.first_on, as_of=f.as_of, scope=f.scope, version=version)
st.caption(f"Promises made by {f.as_of:%Y-%m-%d} and due from {f.first_on:%Y-%m-%d}. A promise "
           f"is kept when cash of at least {1 - cfg.promise_tolerance:.0%} of it arrives by "
           f"its date plus {cfg.promise_grace_days} grace days; a newer promise made before "
           "its date replaces it (superseded, not rated).")

st.altair_chart(charts.kept_rate_by_month(v["by_month"]), width="stretch")


def table(frame, columns, key=None, **select):
    """`frame` (as capped by ui.tables) with `columns`, formatted; a row selection if asked."""
    return st.dataframe(frame[columns], hide_index=True, width="stretch", placeholder="", key=key,
                        column_config=formats.column_config(columns), **select)


rated = ["count_kept", "count_partial", "count_broken", "count_pending", "kept_rate_pct",
         "kept_amount_rate_pct"]
left, right = st.columns(2)
with left:
    st.subheader("By rep (who took the promise)")
    table(v["by_rep"], ["rep_id", *rated])
with right:
    st.subheader("Repeat breakers")
    if v["repeat_breakers"].empty:
        st.info("No customer broke two or more promises in the last 180 days.")
    else:
        table(v["repeat_breakers"], ["customer_id", "customer_name", "count_broken"])
    st.caption("Customers with two or more broken promises due in the last 180 days.")

left, right = st.columns(2)
call = ["customer_name", "customer_id", "rep_id", "due_on", "promised_amt", "currency",
        "allocated_amt"]
with left:
    st.subheader("Due in the next 7 days")
    soon = tables.capped(v["due_soon"], what="promises",
                         file_name=f"promises_due_{f.as_of:%Y%m%d}.csv")
    event = table(soon, call, key=f.key("promises_due"), on_select="rerun",
                  selection_mode="single-row")
    links.open_selected_customer(event, soon)
with right:
    st.subheader("Broken in the last 30 days")
    broken = tables.capped(v["recently_broken"], what="promises",
                           file_name=f"promises_broken_{f.as_of:%Y%m%d}.csv")
    event = table(broken, [*call[:-1], "status", "allocated_amt"], key=f.key("promises_broken"),
                  on_select="rerun", selection_mode="single-row")
    links.open_selected_customer(event, broken)

st.subheader("By customer")
by_customer = tables.capped(v["by_customer"], what="customers",
                             file_name=f"promises_by_customer_{f.as_of:%Y%m%d}.csv")
event = table(by_customer, ["customer_id", "customer_name", *rated],
              key=f.key("promises_customers"), on_select="rerun", selection_mode="single-row")
links.open_selected_customer(event, by_customer)

st.subheader("Every promise of the period")
statuses = st.multiselect("Status", every_status, default=every_status,
                          key="promises_status", bind="query-params")
listing = data.promise_listing(first_on=f.first_on, as_of=f.as_of, scope=f.scope, version=version,
                               statuses=tuple(statuses))
table(tables.capped(listing, what="promises",
                    file_name=f"promises_{f.first_on:%Y%m%d}_{f.as_of:%Y%m%d}.csv"),
      ["promise_id", "customer_name", "customer_id", "rep_id", "invoice_id", "made_on",
                "due_on",
                "promised_amt", "currency", "status", "allocated_amt", "payments"])
st.caption("Payments: the cash allocated to each promise, first come first served by due "
           "date (metrics.md §3).")
