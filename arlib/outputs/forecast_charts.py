"""Plotly figures of the cash forecast (metrics.md §10): the 13 weeks with their band, and
the back-test's WAPE per horizon week by method."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from arlib.figures.forecast import weekly

METHOD_COLOURS = {"due_date": "#8c959f", "lateness": "#e3a008", "curves": "#0969da"}


def weeks(frame: pd.DataFrame, *, currency: str, method: str) -> go.Figure:
    """Stacked bars per week 1 to 13: expected, promised, then disputed (hatched, apart from
    the cash expected), and the 80 % band of their sum as a shaded range."""
    shown = frame[frame.week <= weekly.WEEKS]
    labels = [f"W{w} · {d:%m-%d}" for w, d in zip(shown.week, shown.week_start_on,
                                                  strict=True)]
    fig = go.Figure([
        go.Bar(x=labels, y=shown.expected_amt, name="Expected", marker_color="#0969da",
               hovertemplate="%{x}: %{y:,.2f} " + currency + " expected<extra></extra>"),
        go.Bar(x=labels, y=shown.promised_amt, name="Promised (weighted)",
               marker_color="#2da44e",
               hovertemplate="%{x}: %{y:,.2f} " + currency + " promised<extra></extra>"),
        go.Bar(x=labels, y=shown.disputed_amt, name="Disputed (apart)",
               marker={"color": "rgba(207, 34, 46, 0.35)",
                       "pattern": {"shape": "/", "fgcolor": "#cf222e", "solidity": 0.3}},
               hovertemplate="%{x}: %{y:,.2f} " + currency
                             + " disputed, if it pays as the method says<extra></extra>"),
    ])
    if shown.band_high_amt.notna().any():
        fig.add_trace(go.Scatter(x=labels, y=shown.band_high_amt, mode="lines",
                                 line={"width": 0}, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=labels, y=shown.band_low_amt, mode="lines", line={"width": 0}, fill="tonexty",
            fillcolor="rgba(9, 105, 218, 0.15)", name="80 % band",
            customdata=shown.band_high_amt,
            hovertemplate="%{x}: %{y:,.2f} to %{customdata:,.2f} " + currency
                          + "<extra>80 % band</extra>"))
    fig.update_layout(
        barmode="stack", title=f"Cash expected per week ({weekly.METHODS[method]}, {currency})",
        yaxis_title=f"Cash ({currency})", legend={"orientation": "h", "y": -0.2},
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=400)
    return fig


def backtest_wape(by_week: pd.DataFrame) -> go.Figure:
    """One line per method: WAPE per horizon week 1 to 13 in the back-test."""
    fig = go.Figure([
        go.Scatter(x=part.week, y=part.wape_pct, mode="lines+markers",
                   name=weekly.METHODS.get(method, method),
                   line={"color": METHOD_COLOURS.get(method)},
                   hovertemplate="week %{x}: WAPE %{y:.1%}<extra></extra>")
        for method, part in by_week.groupby("method", sort=False)])
    fig.update_layout(title="Back-test: error per horizon week (WAPE, lower is better)",
                      xaxis_title="Weeks after the as-of date", yaxis_tickformat=".0%",
                      xaxis={"dtick": 1}, legend={"orientation": "h", "y": -0.25},
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=360)
    return fig
