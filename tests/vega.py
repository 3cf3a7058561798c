"""The Vega-Lite charts a page sent, read back from AppTest: each chart's spec and the rows it
draws (Streamlit sends a chart's data apart from its spec, as Arrow)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest


def title(spec: dict) -> str:
    """A chart's title text (a title may carry a subtitle)."""
    for part in (spec.get("title"), *(layer.get("title") for layer in spec.get("layer", []))):
        if part:
            return part if isinstance(part, str) else part["text"]
    return ""


def charts(at: AppTest) -> list[tuple[dict, pd.DataFrame]]:
    """(spec, rows) of every chart drawn, in page order; rows of all its datasets together."""
    out = []
    for chart in at.get("vega_lite_chart"):
        frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas()
                  for d in chart.proto.datasets]
        out.append((json.loads(chart.proto.spec),
                    pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()))
    return out


def chart(at: AppTest, text: str) -> pd.DataFrame:
    """The rows of the chart titled `text`."""
    for spec, rows in charts(at):
        if title(spec) == text:
            return rows
    raise AssertionError(f"no chart titled {text!r}: {[title(s) for s, _ in charts(at)]}")
