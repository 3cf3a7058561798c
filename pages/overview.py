"""Overview for the CFO: cash-flow health as of a date, for a period."""

import streamlit as st

from arlib import settings
from arlib.figures import periods
from arlib.outputs import charts
from ui import data, filters, formats, fx, links, shell

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Overview")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
t = data.tiles(first_on=f.first_on, as_of=f.as_of, scope=f.scope, version=version)
cur = cfg.base_currency
policy = "each document's own date" if cfg.fx_policy == "document" else "the as-of date"
st.caption(f"As of {f.as_of:%Y-%m-%d}, period from {f.first_on:%Y-%m-%d}. Amounts in {cur}; "
           f"other currencies converted at the rate of {policy}.")

money = st.columns(5)
money[0].metric("Open AR", formats.money_short(t.open_ar_amt), border=True,
                help="Open invoices less unapplied credit notes and cash: "
                     + formats.money(t.open_ar_amt, cur))
past_due_share = t.past_due_amt / t.open_ar_amt if t.open_ar_amt > 0 else None
money[1].metric("Past due", formats.money_short(t.past_due_amt), border=True,
                delta=f"{formats.percent(past_due_share)} of open", delta_color="off",
                delta_arrow="off", help="Open invoice balances past their due date: "
                                        + formats.money(t.past_due_amt, cur))
money[2].metric("In dispute", formats.money_short(t.disputed_amt), border=True,
                help="Open balance of invoices with a dispute open on the date: "
                     + formats.money(t.disputed_amt, cur))
money[3].metric("Unapplied", formats.money_short(t.unapplied_amt), border=True,
                help="Cash received and credit notes not yet matched to an invoice: "
                     + formats.money(t.unapplied_amt, cur))
money[4].metric("Promised", f"{int(t.count_open_promises):,}", border=True,
                delta=f"{formats.money_short(t.open_promises_due_amt)} to come",
                delta_color="off", delta_arrow="off",
                help="Open promises (pending): made by the date, not yet kept, deadline plus "
                     f"{cfg.promise_grace_days} grace days not passed. Still to come: "
                     + formats.money(t.open_promises_due_amt, cur))

speed = st.columns(5)
speed[0].metric("DSO", formats.days(t.countback_days), border=True,
                delta=formats.change_days(t.countback_change_days),
                delta_color="inverse",
                help="Countback DSO: days of recent sales that the open AR represents, "
                     "counted back month by month (metrics.md §2). The change is against "
                     "the last month end.")
speed[1].metric("Best DSO", formats.days(t.best_possible_days), border=True,
                help=f"Best possible DSO: current (not past due) AR / sales of the last "
                     f"{cfg.dso_window_days} days × {cfg.dso_window_days}.")
speed[2].metric("ADD", formats.days(t.add_days), border=True,
                help="Average days delinquent: period DSO less best possible DSO, the days "
                     "that lateness adds.")
speed[3].metric("CEI", formats.percent(t.cei_pct / 100), border=True,
                help="Collection effectiveness index for the period: the share of what "
                     "could be collected that was collected.")
speed[4].metric("Kept", formats.percent(t.kept_rate_pct), border=True,
                delta=f"{formats.percent(t.kept_amount_rate_pct)} by amount",
                delta_color="off", delta_arrow="off",
                help="Promise kept rate: kept / (kept + partial + broken) for promises due in "
                     "the period; below it, the same by amount.")

month_ends = tuple(periods.trailing_month_ends(24, as_of=f.as_of, since=first_on))
left, right = st.columns(2)
left.altair_chart(charts.dso_trend(data.dso_trend(dates=month_ends, scope=f.scope, version=version),
                                   methods=["countback_days", "period_days",
                                            "best_possible_days"]), width="stretch")
right.altair_chart(charts.aging_history(data.aging_history(dates=month_ends, scope=f.scope,
                                                           version=version),
                                        currency=cur), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader("Largest past-due customers")
    top = data.top_past_due(as_of=f.as_of, scope=f.scope, version=version)
    shown = ["customer_name", "customer_id", "rep_id", "past_due_amt", "total_amt"]
    event = st.dataframe(top[shown], hide_index=True, width="stretch", placeholder="",
                         column_config=formats.column_config(shown), on_select="rerun",
                         selection_mode="single-row", key=f.key("overview_top"))
    st.caption("Select a row to open the customer.")
    links.open_selected_customer(event, top)
with right:
    st.subheader("Hardest wins of the period")
    wins = data.hardest_wins(first_on=f.first_on, as_of=f.as_of, scope=f.scope, version=version)
    if wins.empty:
        st.info("No cash came in during the period on invoices more than 60 days past due.")
    else:
        shown = ["rep_name", "rep_id", "collected_amt", "count_invoices", "oldest_days"]
        st.dataframe(wins[shown], hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(shown))
    st.caption("Cash collected in the period on invoices more than 60 days past due when "
               "paid, by the rep the payment is attributed to.")
