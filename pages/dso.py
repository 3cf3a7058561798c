"""DSO: how many days of sales are tied up in receivables, by method, window, region, rep."""

import streamlit as st

from arlib import settings
from arlib.figures import dso, periods
from arlib.outputs import charts
from ui import data, filters, formats, fx, shell, urls

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Days sales outstanding")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
methods = list(charts.DSO_METHODS)
windows = sorted({30, 60, 90, 120, 180, cfg.dso_window_days})
urls.stop_on([urls.choice_problem("dso_method", charts.DSO_METHODS.values(), what="method"),
              urls.choice_problem("dso_window", map(str, windows), what="sales window")])
pick = st.columns([2, 1])
method = pick[0].radio("Method", methods, format_func=charts.DSO_METHODS.get, horizontal=True,
                       key="dso_method", bind="query-params")
window = pick[1].selectbox("Sales window (days)", windows,
                           index=windows.index(cfg.dso_window_days), key="dso_window",
                           bind="query-params",
                           help="N of period DSO and best possible DSO (setting: "
                                f"{cfg.dso_window_days}).")

month_ends = tuple(periods.trailing_month_ends(24, as_of=f.as_of, since=first_on))
trend = data.dso_trend(dates=month_ends, scope=f.scope, version=version, window_days=window)
chart, explain = st.columns([3, 2])
chart.altair_chart(charts.dso_trend(trend, methods=[method]), width="stretch")
with explain:
    st.markdown(dso.formula(method, trend.iloc[-1],
                            data.countback_steps(as_of=f.as_of, scope=f.scope, version=version,
                                                 window_days=window),
                            currency=cfg.base_currency))

st.subheader(f"By region and by owner rep, as of {f.as_of:%Y-%m-%d}")
shown = ["group_key", "ar_total_amt", "sales_window_amt", "countback_days", "period_days",
         "best_possible_days", "add_days"]
left, right = st.columns(2)
for column, group_by, title in ((left, "region", "Region"), (right, "rep_id", "Owner rep")):
    table = data.dso_by_group(as_of=f.as_of, group_by=group_by, scope=f.scope, version=version,
                              window_days=window)
    column.dataframe(table[shown], hide_index=True, width="stretch", placeholder="",
                     column_config={**formats.column_config(shown),
                                    "group_key": st.column_config.Column(title)})

st.subheader("The figures behind the chart")
shown = ["as_of", "ar_total_amt", "ar_current_amt", "sales_window_amt",
         "sales_month_to_date_amt", "countback_days", "period_days", "best_possible_days",
         "add_days"]
st.dataframe(trend[shown], hide_index=True, width="stretch", placeholder="",
             column_config=formats.column_config(shown))
