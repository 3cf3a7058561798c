"""Today's call list: which accounts to call, why, largest first."""

from functools import partial

import streamlit as st

from arlib import settings
from arlib.outputs import export
from ui import data, day_data, exports, filters, formats, fx, links, log_call, shell, tables

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Call list")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
calls = data.call_list(as_of=f.as_of, scope=f.scope, version=version)
st.caption(f"For {f.as_of:%Y-%m-%d}: invoices that fell due in the last 7 days, promises due "
           "today, promises broken or paid short since the last call, and disputes open over "
           "30 days; customers cooling off are left out. At stake: open just-due invoices "
           f"plus what promises still lack ({cfg.base_currency}).")
cooling = day_data.cooling_off(as_of=f.as_of, scope=f.scope, version=version)
if not cooling.empty:  # left off the list below (metrics.md §12.3)
    st.warning(f"Cooling off, not listed: {len(cooling)} customer"
               f"{'s' if len(cooling) != 1 else ''} after a hostile contact or note. "
               "Call again after the time it lifts.", icon=":material/do_not_disturb_on:")
    st.dataframe(**formats.read_aloud(cooling[["customer_name", "lifts_at", "source", "said"]],
                                      cfg.base_currency, long_text=("said",)), width="stretch")
if calls.empty:
    st.success("Nobody needs a call today under these filters.")
    st.stop()
shown = ["customer_name", "customer_id", "rep_id", "reasons", "at_stake_amt", "details",
         "last_contact_on"]
listed = tables.capped(calls, what="accounts to call")
event = st.dataframe(**formats.read_aloud(listed[shown], cfg.base_currency,
                                         long_text=("reasons", "details")),
                     width="stretch", on_select="rerun", selection_mode="single-row",
                     key=f.key("calls"))
st.caption(f"{len(calls)} account{'s' if len(calls) != 1 else ''} to call. Select a row to "
           "open the customer and prepare the call.")
links.open_selected_customer(event, listed)
exports.download("Download CSV", partial(export.to_csv_bytes, calls),  # built on click
                 file_name=f"call_list_{f.as_of:%Y%m%d}.csv", mime="text/csv",
                 icon=":material/download:")

with st.expander("Log a call", icon=":material/edit_note:"):
    names = dict(zip(calls.customer_id, calls.customer_name, strict=True))
    owners = dict(zip(calls.customer_id, calls.rep_id, strict=True))
    chosen = st.selectbox("Customer", list(names), format_func=lambda c: f"{names[c]} ({c})",
                          key=f.key("calls_log_customer"))
    # a signed-in rep records their own call; otherwise the call is the owner's
    caller = next(iter(f.reps)) if f.reps is not None and len(f.reps) == 1 else owners[chosen]
    log_call.draw(customer_id=chosen, customer_name=names[chosen], rep_id=caller, person="",
                  as_of=f.as_of, version=version, key="calls_log")
