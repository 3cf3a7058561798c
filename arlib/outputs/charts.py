"""Vega-Lite chart builders (altair): DataFrame in, chart out (no streamlit here). Vega-Lite
rather than plotly because a page's first load in a fresh browser draws it in about half the
CPU time (BENCHMARKS.md); Vega draws every text as text, so names need no escaping."""

from __future__ import annotations

import altair as alt
import pandas as pd

# current green, then darker and redder with age
BUCKET_COLOURS = ["#2da44e", "#f2cc60", "#e3a008", "#e16f24", "#cf222e", "#82071e"]
UNAPPLIED_COLOUR = "#6e7781"
HATCH_INK = "#24292f"


def hatch(ink: str = HATCH_INK, *, stripes: int = 7) -> dict:
    """A fill of diagonal stripes of `ink` over what is below (a gradient with hard stops,
    since Vega has no pattern fill): laid over a bar, it draws the bar hatched."""
    stops = []
    for i in range(stripes):
        a, b = i / stripes, (i + 0.35) / stripes
        stops += [{"offset": a, "color": ink}, {"offset": b, "color": ink},
                  {"offset": b, "color": "rgba(0,0,0,0)"},
                  {"offset": (i + 1) / stripes, "color": "rgba(0,0,0,0)"}]
    return {"gradient": "linear", "x1": 0, "y1": 1, "x2": 1, "y2": 0, "stops": stops}


def _bucket_colours(buckets: list[str]) -> list[str]:
    """Colour of each bucket in its order: greener to redder, unapplied grey."""
    return [UNAPPLIED_COLOUR if b == "unapplied" else
            BUCKET_COLOURS[min(i, len(BUCKET_COLOURS) - 1)] for i, b in enumerate(buckets)]


def _labels(names: pd.Series, ids: pd.Series) -> pd.Series:
    """Bar labels: each name as written (its id when it has none), and a name that several
    rows share (two customers called Acme) with its id, 'Acme (C7)', since bars with one
    label would be drawn as one."""
    names = names.fillna(ids)
    shared = names.duplicated(keep=False)
    return names.where(~shared, names + " (" + ids + ")")


def _legend(**kw) -> alt.Legend:
    return alt.Legend(orient="bottom", title=None, **kw)


def aging_bar(buckets: pd.DataFrame, *, currency: str) -> alt.LayerChart:
    """Bar per aging bucket (open amount, base currency), the disputed part stacked on top
    and hatched, unapplied credits and cash in grey below zero. One row per bucket and part:
    bucket, part, amount, start and end (where the part's bar begins and ends)."""
    order = list(buckets["bucket"])
    undisputed = buckets["open_amt"] - buckets["disputed_amt"]
    rows = pd.concat([
        pd.DataFrame({"bucket": order, "part": "Not disputed", "amount": undisputed,
                      "start": 0.0, "end": undisputed, "items": buckets["count_items"]}),
        pd.DataFrame({"bucket": order, "part": "In dispute", "amount": buckets["disputed_amt"],
                      "start": undisputed, "end": buckets["open_amt"],
                      "items": buckets["count_items"]}),
    ], ignore_index=True)
    base = alt.Chart(rows).encode(
        x=alt.X("bucket:N", sort=order, title="Days past due", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("start:Q", title=f"Open amount ({currency})", axis=alt.Axis(format="~s")),
        y2="end:Q",
        tooltip=[alt.Tooltip("bucket:N", title="Days past due"),
                 alt.Tooltip("part:N", title="Part"),
                 alt.Tooltip("amount:Q", format=",.2f", title=currency),
                 alt.Tooltip("items:Q", format=",d", title="Items in the bucket")])
    bars = base.mark_bar().encode(color=alt.Color(
        "bucket:N", sort=order, legend=None,
        scale=alt.Scale(domain=order, range=_bucket_colours(order))))
    disputed = base.transform_filter(alt.datum.part == "In dispute").mark_bar(
        fill=hatch(), stroke=HATCH_INK, strokeWidth=0.5)
    return alt.layer(bars, disputed).properties(
        title=alt.Title(f"Open receivables by days past due ({currency})",
                        subtitle="Hatched: the part in dispute"), height=400)


DSO_METHODS = {"countback_days": "Countback DSO", "period_days": "Period DSO",
               "best_possible_days": "Best possible DSO", "add_days": "Average days delinquent"}
DSO_COLOURS = {"countback_days": "#0969da", "period_days": "#e16f24",
               "best_possible_days": "#2da44e", "add_days": "#8250df"}


def dso_trend(trend: pd.DataFrame, *, methods: list[str]) -> alt.Chart:
    """Line per DSO method over month ends (days); undefined months leave a gap. One row per
    month end and method: as_of, method (its name), days."""
    rows = trend.melt(id_vars="as_of", value_vars=methods, var_name="method", value_name="days")
    rows["as_of"] = pd.to_datetime(rows["as_of"])
    rows["method"] = rows["method"].map(DSO_METHODS)
    names = [DSO_METHODS[m] for m in methods]
    return alt.Chart(rows, title="DSO at each month end").mark_line(
        point=alt.OverlayMarkDef(size=60, filled=True),  # large enough to hover
        invalid="break-paths-show-domains").encode(
        # each month end drawn on its month's tick, each month named once
        x=alt.X("yearmonth(as_of):T", title="Month end",
                axis=alt.Axis(format="%b %Y", tickCount="month")),
        y=alt.Y("days:Q", title="Days"),
        color=alt.Color("method:N", sort=names, legend=_legend(),
                        scale=alt.Scale(domain=names,
                                        range=[DSO_COLOURS[m] for m in methods])),
        tooltip=[alt.Tooltip("as_of:T", format="%Y-%m-%d", title="Month end"),
                 alt.Tooltip("method:N", title="Method"),
                 alt.Tooltip("days:Q", format=".1f", title="Days")],
    ).properties(height=380)


def aging_history(history: pd.DataFrame, *, currency: str) -> alt.Chart:
    """Stacked bars of open amount per bucket at each month end (unapplied below zero). Rows
    as given: as_of, bucket, open_amt."""
    order = list(dict.fromkeys(history["bucket"]))
    rows = history.assign(as_of=pd.to_datetime(history["as_of"]),
                          rank=history["bucket"].map({b: i for i, b in enumerate(order)}))
    return alt.Chart(rows, title=f"Aging mix at each month end ({currency})").mark_bar().encode(
        x=alt.X("yearmonth(as_of):T", title="Month end", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("open_amt:Q", title=f"Open amount ({currency})", stack="zero",
                axis=alt.Axis(format="~s")),
        color=alt.Color("bucket:N", sort=order, legend=_legend(columns=4),
                        scale=alt.Scale(domain=order, range=_bucket_colours(order))),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("as_of:T", format="%Y-%m-%d", title="Month end"),
                 alt.Tooltip("bucket:N", title="Bucket"),
                 alt.Tooltip("open_amt:Q", format=",.0f", title=currency)],
    ).properties(height=380)


PROMISE_COLOURS = {"kept": "#2da44e", "partial": "#e3a008", "broken": "#cf222e",
                   "pending": "#8c959f"}
KEPT_RATES = {"kept_rate_pct": "Kept rate (count)", "kept_amount_rate_pct": "Kept rate (amount)"}


def kept_rate_by_month(rates: pd.DataFrame) -> alt.LayerChart:
    """Promises per month of due date by status (bars) and the kept rates (lines, right axis,
    0 to 100 %). Rows: month (e.g. 'Dec 2024'), series (a status or a rate), value (a count
    or a share)."""
    months = [f"{m:%b %Y}" for m in rates["due_month_on"]]  # one category per month
    counts = pd.DataFrame([(mo, s, rates[f"count_{s}"].iloc[i], k)
                           for i, mo in enumerate(months) for k, s in enumerate(PROMISE_COLOURS)],
                          columns=["month", "series", "value", "rank"])
    shares = pd.DataFrame([(mo, name, rates[c].iloc[i], 0)
                           for i, mo in enumerate(months) for c, name in KEPT_RATES.items()],
                          columns=["month", "series", "value", "rank"])
    rows = pd.concat([counts, shares], ignore_index=True)
    x = alt.X("month:N", sort=months, title="Month due", axis=alt.Axis(labelAngle=0))
    statuses, names = list(PROMISE_COLOURS), list(KEPT_RATES.values())
    bars = alt.Chart(rows).transform_filter(
        alt.FieldOneOfPredicate(field="series", oneOf=statuses)).mark_bar().encode(
        x=x, y=alt.Y("value:Q", title="Promises", stack="zero"),
        color=alt.Color("series:N", sort=statuses, legend=_legend(),
                        scale=alt.Scale(domain=statuses, range=list(PROMISE_COLOURS.values()))),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("month:N", title="Month due"), alt.Tooltip("series:N", title="Status"),
                 alt.Tooltip("value:Q", title="Promises")],
    )
    lines = alt.Chart(rows).transform_filter(
        alt.FieldOneOfPredicate(field="series", oneOf=names)).mark_line(
        point=True, color="#0969da").encode(
        x=x, y=alt.Y("value:Q", title="Kept rate", scale=alt.Scale(domain=[0, 1]),
                     axis=alt.Axis(format=".0%", orient="right")),
        strokeDash=alt.StrokeDash("series:N", sort=names, legend=_legend(),
                                  scale=alt.Scale(domain=names, range=[[1, 0], [3, 3]])),
        tooltip=[alt.Tooltip("month:N", title="Month due"), alt.Tooltip("series:N", title=""),
                 alt.Tooltip("value:Q", format=".1%", title="Rate")])
    return alt.layer(bars, lines).resolve_scale(y="independent").properties(
        title="Promises by month of their due date", height=420)


def per_rep(table: pd.DataFrame, column: str, *, title: str, axis: str,
            fmt: str) -> alt.Chart:
    """One bar per rep of a scorecard figure (reps without a value are left out), `fmt` the
    d3 format of its value in the tooltip. Rows: rep (the label), value."""
    rows = table.dropna(subset=[column])
    rows = pd.DataFrame({"rep": _labels(rows["rep_name"], rows["rep_id"]).to_numpy(),
                         "value": rows[column].to_numpy()})
    return alt.Chart(rows, title=title).mark_bar(color="#0969da").encode(
        x=alt.X("rep:N", sort=list(rows["rep"]), title="Rep",
                axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelLimit=160)),
        y=alt.Y("value:Q", title=axis),
        tooltip=[alt.Tooltip("rep:N", title="Rep"), alt.Tooltip("value:Q", format=fmt,
                                                                  title=axis)],
    ).properties(height=340)


PAYMENT_SERIES = {"Invoice": "#0969da", "Trend (last 5 invoices)": "#cf222e"}


def payment_behaviour(paid: pd.DataFrame) -> alt.LayerChart:
    """Days late per paid invoice over time (dots) and the trend (rolling mean of 5). Rows:
    paid_on, days, series ('Invoice' or the trend), invoice_id (on the dots)."""
    paid_on = pd.to_datetime(paid["paid_on"])
    dots, trend = PAYMENT_SERIES
    rows = pd.concat([
        pd.DataFrame({"paid_on": paid_on, "days": paid["late_days"].astype(float),
                      "series": dots, "invoice_id": paid["invoice_id"]}),
        pd.DataFrame({"paid_on": paid_on, "series": trend, "invoice_id": None,
                      "days": paid["late_days"].rolling(5, min_periods=1).mean()}),
    ], ignore_index=True)
    pad = pd.Timedelta(days=7)  # one invoice still gets an axis of days, not milliseconds
    x = alt.X("paid_on:T", title="Paid on", axis=alt.Axis(format="%Y-%m-%d"),
              scale=alt.Scale(domain=[(paid_on.min() - pad).isoformat(),
                                      (paid_on.max() + pad).isoformat()]))
    y = alt.Y("days:Q", title="Days after due date", scale=alt.Scale(zero=True),
              axis=alt.Axis(format=",d", tickMinStep=1))  # whole days
    colour = alt.Color("series:N", sort=list(PAYMENT_SERIES), legend=_legend(),
                       scale=alt.Scale(domain=list(PAYMENT_SERIES),
                                       range=list(PAYMENT_SERIES.values())))
    base = alt.Chart(rows).encode(x=x, y=y, color=colour)
    points = base.transform_filter(alt.datum.series == dots).mark_circle(size=50).encode(
        tooltip=[alt.Tooltip("invoice_id:N", title="Invoice"),
                 alt.Tooltip("paid_on:T", format="%Y-%m-%d", title="Paid on"),
                 alt.Tooltip("days:Q", format=",d", title="Days late")])
    line = base.transform_filter(alt.datum.series == trend).mark_line().encode(
        tooltip=[alt.Tooltip("paid_on:T", format="%Y-%m-%d", title="Paid on"),
                 alt.Tooltip("days:Q", format=".1f", title="Days late on average")])
    return alt.layer(points, line).properties(
        title="Payment behaviour: days late per paid invoice", height=340)


def customer_aging(aging: pd.DataFrame, *, currency: str) -> alt.Chart:
    """Bar per aging bucket of one customer (base currency). Rows as given: bucket,
    open_amt."""
    order = list(aging["bucket"])
    rows = aging[["bucket", "open_amt"]]
    return alt.Chart(rows, title=f"Aging of this customer ({currency})").mark_bar().encode(
        x=alt.X("bucket:N", sort=order, title="Days past due", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("open_amt:Q", title=f"Open ({currency})", axis=alt.Axis(format="~s")),
        color=alt.Color("bucket:N", sort=order, legend=None,
                        scale=alt.Scale(domain=order, range=_bucket_colours(order))),
        tooltip=[alt.Tooltip("bucket:N", title="Days past due"),
                 alt.Tooltip("open_amt:Q", format=",.2f", title=currency)],
    ).properties(height=340)


FACTOR_COLOURS = ["#0969da", "#54aeff", "#cf222e", "#e16f24", "#8250df", "#2da44e"]


def visit_scores(ranked: pd.DataFrame, factors: dict[str, tuple[str, str]]) -> alt.Chart:
    """The top customers' scores as stacked bars of what each factor adds (best at the top).
    Rows: account (the label), factor (its words), part (what it adds), rank."""
    labels = list(_labels(ranked["customer_name"],
                          ranked.get("customer_id", ranked["customer_name"])))
    words = [w for _, (_, w) in factors.items()]
    rows = pd.DataFrame([(label, w, ranked[f"{column}_part"].iloc[i], k)
                         for i, label in enumerate(labels)
                         for k, (column, (_, w)) in enumerate(factors.items())],
                        columns=["account", "factor", "part", "rank"])
    return alt.Chart(rows, title=f"Top {len(ranked)} accounts to visit").mark_bar().encode(
        y=alt.Y("account:N", sort=labels, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("part:Q", title="Score (sum of weighted percentiles)", stack="zero"),
        color=alt.Color("factor:N", sort=words,
                        legend=alt.Legend(orient="top", title=None, columns=3, labelLimit=400),
                        scale=alt.Scale(domain=words, range=FACTOR_COLOURS[:len(words)])),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("account:N", title="Account"), alt.Tooltip("factor:N", title="From"),
                 alt.Tooltip("part:Q", format="+.3f", title="Adds")],
    ).properties(height=max(360, 26 * len(ranked) + 200))
