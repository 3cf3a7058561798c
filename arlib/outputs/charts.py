"""Plotly figure builders: DataFrame in, figure out (no streamlit here)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

# current green, then darker and redder with age
BUCKET_COLOURS = ["#2da44e", "#f2cc60", "#e3a008", "#e16f24", "#cf222e", "#82071e"]
UNAPPLIED_COLOUR = "#6e7781"


def _as_written(values: pd.Series) -> pd.Series:
    """Names and ids from the data as chart text, shown exactly as written: plotly draws
    <b>, <i>, <br> and <a href> in labels and hovers and reads entities, so < > & are
    written as entities."""
    return values.map(lambda v: html.escape(v, quote=False) if isinstance(v, str) else v)


def _labels(names: pd.Series, ids: pd.Series) -> pd.Series:
    """Bar labels: each name as written (its id when it has none), and a name that several
    rows share (two customers called Acme) with its id, 'Acme (C7)', since bars with one
    label would be drawn as one."""
    names = names.fillna(ids)
    shared = names.duplicated(keep=False)
    return _as_written(names.where(~shared, names + " (" + ids + ")"))


def aging_bar(buckets: pd.DataFrame, *, currency: str) -> go.Figure:
    """Bar per aging bucket (open amount, base currency), the disputed part stacked apart and
    hatched, unapplied credits and cash in grey below zero."""
    colours = [BUCKET_COLOURS[min(i, len(BUCKET_COLOURS) - 1)] if b != "unapplied"
               else UNAPPLIED_COLOUR for i, b in enumerate(buckets["bucket"])]
    undisputed = buckets["open_amt"] - buckets["disputed_amt"]
    fig = go.Figure([
        go.Bar(x=buckets["bucket"], y=undisputed, marker_color=colours, name="Not disputed",
               customdata=buckets["count_items"],
               hovertemplate="%{x}: %{y:,.2f} " + currency
                             + " not disputed<br>%{customdata} items<extra></extra>"),
        go.Bar(x=buckets["bucket"], y=buckets["disputed_amt"], name="In dispute",
               marker={"color": colours, "pattern": {"shape": "/", "fgcolor": "#24292f",
                                                     "solidity": 0.4}},
               hovertemplate="%{x}: %{y:,.2f} " + currency + " in dispute<extra></extra>"),
    ])
    fig.update_layout(
        barmode="relative", title=f"Open receivables by days past due ({currency})",
        xaxis_title="Days past due", yaxis_title=f"Open amount ({currency})",
        legend={"orientation": "h", "y": -0.25}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=380,
    )
    return fig


DSO_METHODS = {"countback_days": "Countback DSO", "period_days": "Period DSO",
               "best_possible_days": "Best possible DSO", "add_days": "Average days delinquent"}


def dso_trend(trend: pd.DataFrame, *, methods: list[str]) -> go.Figure:
    """Line per DSO method over month ends (days); undefined months leave a gap."""
    fig = go.Figure()
    for column in methods:
        fig.add_trace(go.Scatter(
            x=trend["as_of"], y=trend[column], mode="lines+markers", name=DSO_METHODS[column],
            hovertemplate="%{x|%Y-%m-%d}: %{y:.1f} days<extra>" + DSO_METHODS[column]
                          + "</extra>"))
    fig.update_layout(
        title="DSO at each month end", xaxis_title="Month end", yaxis_title="Days",
        legend={"orientation": "h", "y": -0.25}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=360, hovermode="x unified")
    return fig


def aging_history(history: pd.DataFrame, *, currency: str) -> go.Figure:
    """Stacked bars of open amount per bucket at each month end (unapplied below zero)."""
    fig = go.Figure()
    for i, (bucket, rows) in enumerate(history.groupby("bucket", sort=False)):
        colour = UNAPPLIED_COLOUR if bucket == "unapplied" else \
            BUCKET_COLOURS[min(i, len(BUCKET_COLOURS) - 1)]
        fig.add_trace(go.Bar(
            x=rows["as_of"], y=rows["open_amt"], name=bucket, marker_color=colour,
            hovertemplate="%{x|%Y-%m-%d} " + bucket + ": %{y:,.0f} " + currency
                          + "<extra></extra>"))
    fig.update_layout(
        barmode="relative", title=f"Aging mix at each month end ({currency})",
        xaxis_title="Month end", yaxis_title=f"Open amount ({currency})",
        legend={"orientation": "h", "y": -0.25}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=380)
    return fig


def kept_rate_by_month(rates: pd.DataFrame) -> go.Figure:
    """Promises per month of due date by status (bars) and the kept rates (lines, right axis)."""
    months = [f"{m:%b %Y}" for m in rates["due_month_on"]]  # one category per month
    fig = go.Figure()
    for status, colour in (("kept", "#2da44e"), ("partial", "#e3a008"), ("broken", "#cf222e"),
                           ("pending", "#8c959f")):
        fig.add_trace(go.Bar(x=months, y=rates[f"count_{status}"], name=status,
                             marker_color=colour,
                             hovertemplate="%{x}: %{y} " + status + "<extra></extra>"))
    for column, name, dash in (("kept_rate_pct", "Kept rate (count)", "solid"),
                               ("kept_amount_rate_pct", "Kept rate (amount)", "dot")):
        fig.add_trace(go.Scatter(x=months, y=rates[column], name=name, yaxis="y2",
                                 mode="lines+markers", line={"color": "#0969da", "dash": dash},
                                 hovertemplate="%{x}: %{y:.1%}<extra>" + name
                                               + "</extra>"))
    fig.update_layout(
        barmode="stack", title="Promises by month of their due date",
        xaxis_title="Month due", yaxis_title="Promises",
        yaxis2={"title": "Kept rate", "overlaying": "y", "side": "right",
                "tickformat": ".0%", "range": [0, 1]},
        legend={"orientation": "h", "y": -0.25}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=380)
    return fig


def per_rep(table: pd.DataFrame, column: str, *, title: str, axis: str,
            hover: str) -> go.Figure:
    """One bar per rep of a scorecard figure (reps without a value are left out)."""
    rows = table.dropna(subset=[column])
    fig = go.Figure(go.Bar(x=_labels(rows["rep_name"], rows["rep_id"]), y=rows[column],
                           marker_color="#0969da", hovertemplate="%{x}: " + hover
                           + "<extra></extra>"))
    fig.update_layout(title=title, xaxis_title="Rep", yaxis_title=axis, height=320,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def payment_behaviour(paid: pd.DataFrame) -> go.Figure:
    """Days late per paid invoice over time (dots) and the trend (rolling mean of 5)."""
    fig = go.Figure([
        go.Scatter(x=paid["paid_on"], y=paid["late_days"], mode="markers", name="Invoice",
                   customdata=_as_written(paid["invoice_id"]), marker={"color": "#0969da"},
                   hovertemplate="%{customdata} paid %{x|%Y-%m-%d}: %{y} days late"
                                 "<extra></extra>"),
        go.Scatter(x=paid["paid_on"], y=paid["late_days"].rolling(5, min_periods=1).mean(),
                   mode="lines", name="Trend (last 5 invoices)", line={"color": "#cf222e"},
                   hovertemplate="%{x|%Y-%m-%d}: %{y:.1f} days late on average<extra></extra>"),
    ])
    days = pd.to_datetime(paid["paid_on"])
    pad = pd.Timedelta(days=7)  # one invoice still gets an axis of days, not milliseconds
    fig.update_layout(title="Payment behaviour: days late per paid invoice",
                      xaxis_title="Paid on", yaxis_title="Days after due date", height=320,
                      xaxis={"range": [days.min() - pad, days.max() + pad],
                             "tickformat": "%Y-%m-%d"},
                      yaxis={"tickformat": ",d", "rangemode": "tozero"},  # whole days
                      legend={"orientation": "h", "y": -0.3},
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def customer_aging(aging: pd.DataFrame, *, currency: str) -> go.Figure:
    """Bar per aging bucket of one customer (base currency)."""
    colours = [UNAPPLIED_COLOUR if b == "unapplied" else
               BUCKET_COLOURS[min(i, len(BUCKET_COLOURS) - 1)]
               for i, b in enumerate(aging["bucket"])]
    fig = go.Figure(go.Bar(x=aging["bucket"], y=aging["open_amt"], marker_color=colours,
                           hovertemplate="%{x}: " + currency + " %{y:,.2f}<extra></extra>"))
    fig.update_layout(title=f"Aging of this customer ({currency})", xaxis_title="Days past due",
                      yaxis_title=f"Open ({currency})", height=320,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


FACTOR_COLOURS = ["#0969da", "#54aeff", "#cf222e", "#e16f24", "#8250df", "#2da44e"]


def visit_scores(ranked: pd.DataFrame, factors: dict[str, tuple[str, str]]) -> go.Figure:
    """The top customers' scores as stacked bars of what each factor adds (best at the top)."""
    top = ranked.iloc[::-1]
    labels = _labels(top["customer_name"], top.get("customer_id", top["customer_name"]))
    fig = go.Figure()
    for colour, (column, (_, words)) in zip(FACTOR_COLOURS, factors.items(), strict=False):
        fig.add_trace(go.Bar(
            y=labels, x=top[f"{column}_part"], orientation="h",
            name=words,
            marker_color=colour,
            hovertemplate="%{y}: +%{x:.3f} from " + words + "<extra></extra>"))
    fig.update_layout(barmode="stack", title=f"Top {len(ranked)} accounts to visit",
                      xaxis_title="Score (sum of weighted percentiles)", yaxis_title="",
                      height=max(360, 26 * len(ranked) + 200),
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
                      margin={"l": 10, "r": 10, "t": 110, "b": 10})
    return fig
