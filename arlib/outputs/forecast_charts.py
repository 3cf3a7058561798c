"""Vega-Lite charts of the cash forecast (metrics.md §10): the 13 weeks with their band, and
the back-test's WAPE per horizon week by method."""

from __future__ import annotations

import altair as alt
import pandas as pd

from arlib.figures.forecast import weekly
from arlib.outputs.charts import hatch

METHOD_COLOURS = {"due_date": "#8c959f", "lateness": "#e3a008", "curves": "#0969da"}
PARTS = {"expected_amt": ("Expected", "#0969da"),
         "promised_amt": ("Promised (weighted)", "#2da44e"),
         "disputed_amt": ("Disputed (apart)", "rgba(207, 34, 46, 0.35)")}


def weeks(frame: pd.DataFrame, *, currency: str, method: str) -> alt.LayerChart:
    """Stacked bars per week 1 to 13: expected, promised, then disputed (hatched, apart from
    the cash expected), and the 80 % band of their sum as a shaded range. Rows: week (its
    label), part, amount, start and end of its bar, band_low_amt and band_high_amt."""
    shown = frame[frame.week <= weekly.WEEKS]
    labels = [f"W{w} · {d:%m-%d}" for w, d in zip(shown.week, shown.week_start_on,
                                                  strict=True)]
    rows, start = [], pd.Series(0.0, index=shown.index)
    for column, (part, _) in PARTS.items():
        end = start + shown[column].fillna(0.0)
        rows.append(pd.DataFrame({"week": labels, "part": part, "amount": shown[column],
                                  "start": start, "end": end,
                                  "band_low_amt": shown.band_low_amt,
                                  "band_high_amt": shown.band_high_amt}))
        start = end
    rows = pd.concat(rows, ignore_index=True)
    x = alt.X("week:N", sort=labels, title=None, axis=alt.Axis(labelAngle=-45))
    names = [p for p, _ in PARTS.values()]
    base = alt.Chart(rows).encode(
        x=x, y=alt.Y("start:Q", title=f"Cash ({currency})", axis=alt.Axis(format="~s")),
        y2="end:Q",
        tooltip=[alt.Tooltip("week:N", title="Week"), alt.Tooltip("part:N", title="Part"),
                 alt.Tooltip("amount:Q", format=",.2f", title=currency)])
    bars = base.mark_bar().encode(color=alt.Color(
        "part:N", sort=names, legend=alt.Legend(orient="bottom", title=None),
        scale=alt.Scale(domain=names, range=[c for _, c in PARTS.values()])))
    disputed = base.transform_filter(alt.datum.part == PARTS["disputed_amt"][0]).mark_bar(
        fill=hatch("#cf222e"))
    layers = [bars, disputed]
    title = f"Cash expected per week ({weekly.METHODS[method]}, {currency})"
    if shown.band_high_amt.notna().any():
        layers.append(alt.Chart(rows).transform_filter(
            alt.datum.part == names[0]).mark_area(color="#0969da", opacity=0.15).encode(
            x=x, y="band_low_amt:Q", y2="band_high_amt:Q",
            tooltip=[alt.Tooltip("week:N", title="Week"),
                     alt.Tooltip("band_low_amt:Q", format=",.2f", title="80 % band from"),
                     alt.Tooltip("band_high_amt:Q", format=",.2f", title="to")]))
        title = alt.Title(title, subtitle="Shaded: the 80 % band of the three together")
    return alt.layer(*layers).properties(title=title, height=440)


def backtest_wape(by_week: pd.DataFrame) -> alt.Chart:
    """One line per method: WAPE per horizon week 1 to 13 in the back-test. Rows: week,
    method (its name), wape_pct (a share)."""
    rows = by_week[["week", "method", "wape_pct"]].assign(
        method=by_week["method"].map(lambda m: weekly.METHODS.get(m, m)))
    codes = list(dict.fromkeys(by_week["method"]))
    names = [weekly.METHODS.get(m, m) for m in codes]
    return alt.Chart(rows, title="Back-test: error per horizon week (WAPE, lower is better)"
                     ).mark_line(point=True).encode(
        x=alt.X("week:Q", title="Weeks after the as-of date",
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("wape_pct:Q", title="WAPE", axis=alt.Axis(format=".0%")),
        color=alt.Color("method:N", sort=names, legend=alt.Legend(orient="bottom", title=None),
                        scale=alt.Scale(domain=names,
                                        range=[METHOD_COLOURS.get(m, "#6e7781") for m in codes])),
        tooltip=[alt.Tooltip("method:N", title="Method"), alt.Tooltip("week:Q", title="Week"),
                 alt.Tooltip("wape_pct:Q", format=".1%", title="WAPE")],
    ).properties(height=380)
