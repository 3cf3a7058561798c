"""Plotly figure builders: DataFrame in, figure out (no streamlit here)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

BUCKET_COLOURS = ["#2da44e", "#bf8700", "#d4a72c", "#e16f24", "#cf222e", "#82071e"]
UNAPPLIED_COLOUR = "#6e7781"


def aging_bar(buckets: pd.DataFrame, *, currency: str) -> go.Figure:
    """Bar per aging bucket (open amount in base currency), unapplied shown apart in grey."""
    colours = [BUCKET_COLOURS[min(i, len(BUCKET_COLOURS) - 1)] if b != "unapplied"
               else UNAPPLIED_COLOUR for i, b in enumerate(buckets["bucket"])]
    fig = go.Figure(go.Bar(
        x=buckets["bucket"], y=buckets["open_amt"], marker_color=colours,
        customdata=buckets["count_items"],
        hovertemplate="%{x}: %{y:,.2f} " + currency + "<br>%{customdata} items<extra></extra>",
    ))
    fig.update_layout(
        title=f"Open receivables by days past due ({currency})",
        xaxis_title="Days past due", yaxis_title=f"Open amount ({currency})",
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=360,
    )
    return fig
