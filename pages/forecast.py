"""Cash-in forecast: the 13 weeks after the date with their band, methods side by side, the
items behind each week, and how far each method can be trusted (the back-test)."""

import streamlit as st

from arlib import settings
from arlib.figures.forecast import views
from arlib.figures.forecast.weekly import METHODS, WEEKS
from arlib.outputs import forecast_charts
from ui import data, exports, filters, forecast_data, formats, fx, links, shell, urls

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Cash-in forecast")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
every = f"All, converted to {cfg.base_currency}"
currencies = forecast_data.currencies(as_of=f.as_of, scope=f.scope, version=version)
urls.stop_on([urls.choice_problem("forecast_method", METHODS.values(), what="forecast method"),
              urls.choice_problem("forecast_currency", [every, *currencies], what="currency")])
bar = st.empty()


def replayed(done, total):
    bar.progress(done / total, text=f"Replaying past forecasts to score the methods: {done} "
                                    f"of {total} dates")


tested = forecast_data.backtest_scores(as_of=f.as_of, first_on=first_on, version=version,
                                       progress=replayed)
bar.empty()
pick, which = st.columns([3, 1])
method = pick.radio("Method", list(METHODS), format_func=METHODS.get, horizontal=True,
                    index=list(METHODS).index(tested["best"]), key="forecast_method",
                    bind="query-params")
currency = which.selectbox(
    "Currency", [None, *currencies], key="forecast_currency", bind="query-params",
    format_func=lambda c: every if c is None else c,
    help="Only the items in one currency, in that currency and converted.")
st.caption(tested["verdict"])
v = forecast_data.page(as_of=f.as_of, first_on=first_on, scope=f.scope, currency=currency,
                       method=method, version=version)
cur = cfg.base_currency


LABELS = {"expected_currency_amt": "In its currency", "expected_amt": f"Expected ({cur})",
          "all_lines_amt": f"With disputed ({cur})", "change_amt": f"Amount ({cur})",
          "total_amt": f"Cash expected ({cur})", "method_name": "Method",
          "wape_pct": "WAPE 13 weeks", "coverage_pct": "80 % band coverage",
          "count_dates": "Dates replayed", "not_expected_amt": f"Not expected ({cur})",
          "total_currency_amt": f"Cash expected ({currency})",
          "disputed_currency_amt": f"Disputed ({currency})"}


def column(name):
    if name == "method_name":
        return st.column_config.Column(LABELS[name])
    shape = ("percent" if name.endswith("_pct") else "%d" if name.startswith("count_")
             else "accounting")
    return st.column_config.NumberColumn(LABELS[name], format=shape)


def table(frame, columns, key=None, **select):
    config = formats.column_config(columns)
    config.update({name: column(name) for name in columns if name in LABELS})
    return st.dataframe(frame[columns], hide_index=True, width="stretch", placeholder="", key=key,
                        column_config=config, **select)


weeks = v["weeks"]
within = weeks[weeks.week <= WEEKS]
tiles = st.columns(4)
tiles[0].metric(f"Cash expected in 13 weeks ({cur})", f"{within.total_amt.sum():,.0f}")
tiles[1].metric(f"of which promised ({cur})", f"{within.promised_amt.sum():,.0f}",
                help="Pending promises weighted by each customer's amount kept rate.")
tiles[2].metric(f"Disputed, apart ({cur})", f"{weeks.disputed_amt.sum():,.0f}")
tiles[3].metric(f"Expected after 13 weeks ({cur})",
                f"{weeks[weeks.week > WEEKS].total_amt.sum():,.0f}")
if currency is not None:
    st.caption(f"Only the items in {currency}: {within.total_currency_amt.sum():,.2f} {currency} "
               f"expected in 13 weeks, {weeks.disputed_currency_amt.sum():,.2f} {currency} "
               f"disputed; converted to {cur} at each item's rate above.")
st.altair_chart(forecast_charts.weeks(weeks, currency=cur, method=method), width="stretch")
held = tested["summary"].set_index("method").coverage_pct.get(method)
st.caption("Cash expected from the items open on the date, week by week (metrics.md §10); "
           "disputed items are hatched, apart: not in the cash expected. The 80 % band is "
           "around all three, the sum the back-test scores, from this method's past errors "
           "per week (metrics.md §10.5)" + (
               "." if held is None or held != held else
               f": in the back-test it held the cash of {held:.0%} of the weeks."))

st.subheader("Since a week earlier")
table(forecast_data.changes(as_of=f.as_of, scope=f.scope, currency=currency, version=version),
      ["change", "count_items", "change_amt"])
st.caption("Against the forecast of seven days before: invoices dated since, balances paid or "
           "settled since (items open then), pending promises made since.")

st.subheader("Per week")
st.caption("Select a week to see the customers and items behind it.")
own = [] if currency is None else ["total_currency_amt", "disputed_currency_amt"]
event = table(within, ["week", "week_start_on", "week_end_on", *own, "total_amt",
                       "expected_amt", "promised_amt", "disputed_amt", "all_lines_amt",
                       "band_low_amt", "band_high_amt"],
              key=f.key(f"forecast_weeks_{method}_{currency}"), on_select="rerun",
              selection_mode="single-row")
rows = event.selection.rows if event is not None else []
if rows:
    week = int(within.iloc[rows[0]].week)
    behind = forecast_data.week_items(as_of=f.as_of, scope=f.scope, currency=currency,
                                      method=method, week=week, version=version)
    st.markdown(f"**Week {week}**: select a row to open the customer.")
    picked = table(behind, ["customer_name", "customer_id", "item_id", "line", "due_on",
                            "currency", "expected_currency_amt", "expected_amt"],
                   key=f.key(f"forecast_items_{method}_{currency}_{week}"), on_select="rerun",
                   selection_mode="single-row")
    links.open_selected_customer(picked, behind)

st.subheader("Largest expected receipts")
largest = v["largest"]
event = table(largest, ["customer_name", "customer_id", "item_id", "due_on", "currency",
                        "expected_amt"],
              key=f.key(f"forecast_largest_{method}_{currency}"), on_select="rerun",
              selection_mode="single-row")
links.open_selected_customer(event, largest)

st.subheader("Overdue, not expected in 13 weeks")
late = v["not_expected"]
if late.empty:
    st.info("The method expects every overdue item's cash within the 13 weeks.")
else:
    event = table(late, ["customer_name", "customer_id", "item_id", "due_on", "days_past_due",
                         "currency", "not_expected_amt"],
                  key=f.key(f"forecast_late_{method}_{currency}"), on_select="rerun",
                  selection_mode="single-row")
    links.open_selected_customer(event, late)
    st.caption("Past due on the date, and by this method's timing not paid within the 13 "
               "weeks (in whole or in part): candidates for a call, an agency or a write-off.")

if f.currency_view == "original":
    st.subheader("Per currency")
    table(v["by_currency"], ["week", "currency", "total_currency_amt", "total_amt",
                             "disputed_currency_amt", "disputed_amt"])

st.subheader("How far to trust it: the back-test")
summary = tested["summary"]
if summary.empty:
    st.info("Nothing to replay yet: the data before the date spans less than 13 weeks.")
else:
    chart, scores = st.columns([1, 1])
    chart.altair_chart(forecast_charts.backtest_wape(tested["by_week"]), width="stretch")
    with scores:
        table(summary.assign(method_name=summary.method.map(METHODS)),
              ["method_name", "wape_pct", "bias_pct", "coverage_pct", "count_dates"])
        st.caption("Forecasts made every four weeks over the 18 months before the date, with "
                   "only what was known then, against the cash that arrived. WAPE: weekly "
                   "error over cash; bias: forecast over cash, less 1; coverage: share of "
                   "weeks inside the 80 % band made from earlier dates' errors (it should be "
                   "near 80 %).")
        if f.reps is not None:  # a manager or rep: the only company-wide figure they see
            st.caption("These scores are the whole company's back-test, in percentages: the "
                       "methods are chosen and trusted on every customer's history.")

tested_weeks = tested["by_week"]
if f.reps is not None:  # a manager or rep: the company's back-test as ratios, no cash
    summary, tested_weeks = views.percentages_only(summary), views.percentages_only(tested_weeks)
every_item = forecast_data.all_items(as_of=f.as_of, scope=f.scope, currency=currency,
                                     method=method, version=version)
exports.buttons("forecast", {"weeks": weeks, "items": every_item, "by_currency": v["by_currency"],
                             "backtest": summary, "backtest_weeks": tested_weeks},
                exports.stamp(f, version, method=METHODS[method], currency=currency or "all"),
                csv_sheet="weeks")
