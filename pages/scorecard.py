"""Rep scorecard for bonus reviews: contacts, working days, collections and kept promises."""

import streamlit as st

from arlib import settings
from arlib.figures import difficulty, reps
from arlib.outputs import charts
from ui import data, exports, filters, formats, fx, links, shell, tables, urls

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Rep scorecard")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
every_channel = ["call", "email", "visit", "letter", "sms", "meeting", "other"]
urls.stop_on([urls.choice_problem("scorecard_channels", every_channel, what="channel")])
channels = st.multiselect("Channels counted as contacts", every_channel,
                          key="scorecard_channels", bind="query-params",
                          placeholder="All channels",
                          help="Leave empty to count every channel. Attribution of cash never "
                               "depends on this choice.")
card = data.scorecard(first_on=f.first_on, as_of=f.as_of, region=f.region,
                      channels=tuple(channels), viewer=f.reps, version=version)
table = reps.only(card.table, f.rep_id)
st.caption(f"Period {f.first_on:%Y-%m-%d} to {f.as_of:%Y-%m-%d}; amounts in "
           f"{cfg.base_currency} at each payment's date.")
shown = ["rep_id", "rep_name", "count_contacts", "count_reached", "working_days",
         "contacts_per_day", "attributed_amt", "per_contact_amt", "portfolio_amt",
         "kept_rate_pct"]
# a forecast of every portfolio at the period's start: asked for, not on every run
if st.toggle("Portfolio difficulty", key="scorecard_difficulty", bind="query-params",
             help="Beside each rep: the cash the forecast made the day before the period "
                  "expected in 13 weeks from the items then open of the customers they own "
                  "today, what those items brought, and the ratio: under 100 % the "
                  "portfolio paid less than expected."):
    table = difficulty.beside(table, data.portfolio_difficulty(first_on=f.first_on,
                                                               version=version))
    at = shown.index("per_contact_amt") + 1  # beside dollars per contact
    shown[at:at] = ["collected_vs_expected_pct", "portfolio_expected_amt",
                    "portfolio_collected_amt"]
event = st.dataframe(table[shown], hide_index=True, width="stretch", placeholder="",
                     column_config={**formats.column_config(shown),
                                    "contacts_per_day": st.column_config.NumberColumn(
                                        "Contacts per day", format="%.2f"),
                                    "per_contact_amt": st.column_config.NumberColumn(
                                        "Per contact", format="accounting")},
                     on_select="rerun", selection_mode="single-row", key=f.key("scorecard"))
with st.expander("How collections are attributed", expanded=False):
    st.write(reps.ATTRIBUTION_RULE.format(window=cfg.attribution_window_days))

left, right = st.columns(2)
left.altair_chart(charts.per_rep(table, "contacts_per_day", title="Contacts per working day",
                                 axis="Contacts per day", fmt=",.2f"),
                  width="stretch")
right.altair_chart(charts.per_rep(table, "per_contact_amt", title="Collected per contact",
                                  axis=f"{cfg.base_currency} per contact",
                                  fmt=",.2f"), width="stretch")

rows = event.selection.rows if event else []
chosen = table.iloc[rows[0]].rep_id if rows else None
sheets = {"Scorecard": table[shown], "Contacts": card.contacts, "Payments": card.payments,
          "Payments to promises": card.promise_pairs}
if chosen is None:
    st.info("Select a rep's row to see the contacts and payments behind the figures.")
else:
    detail = reps.drill_down(card, chosen)
    st.subheader("Behind the figures of "
                 + formats.plain(formats.named(table.iloc[rows[0]].rep_name, chosen)))
    tabs = st.tabs(["Contacts", "Payments attributed", "Payments to promises"])
    for tab, (name, frame) in zip(tabs, detail.items(), strict=True):
        with tab:
            frame = tables.capped(frame, what=name.lower().replace("_", " "))
            picked = st.dataframe(frame, hide_index=True, width="stretch", placeholder="",
                                  column_config=formats.column_config(list(frame.columns)),
                                  on_select="rerun", selection_mode="single-row",
                                  key=f.key(f"scorecard_{chosen}_{name}"))
            if "customer_id" in frame.columns:
                links.open_selected_customer(picked, frame)
st.caption("The XLSX holds the scorecard and every row behind it (every rep shown), stamped with "
           "the period, the settings and the data load.")
exports.buttons(f"scorecard_{f.first_on:%Y%m%d}_{f.as_of:%Y%m%d}", sheets,
                exports.stamp(f, version, channels=", ".join(channels) or "all",
                              **{"attribution window days": cfg.attribution_window_days,
                                 "promise grace days": cfg.promise_grace_days,
                                 "promise tolerance": cfg.promise_tolerance}),
                csv_sheet="Scorecard")
