"""Number formats for the screen, chosen from column-name suffixes (style doc §2.3)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

MARKDOWN_SIGNS = frozenset("\\`*_{}[]()#+-.!|~<>:$&=@")


def plain(text: object) -> str:
    """Text from the data, a file or the URL for an element that renders Markdown (title,
    caption, alert), shown exactly as written: the characters that Markdown, Streamlit's
    directives (:red[...], :material/...:), math and HTML act on are written as character
    references (&#42; for *), which Markdown shows as the character and never reads as
    markup; line breaks become spaces. A bare URL or e-mail address in the text still links
    to itself: GitHub-flavoured Markdown finds those after reading the references, and
    Streamlit shows HTML comments, the invisible way to split them, as text."""
    return "".join(f"&#{ord(c)};" if c in MARKDOWN_SIGNS else c
                   for c in " ".join(str(text).split()))


def money(value: float | None, currency: str) -> str:
    """1234567.8 -> 'USD 1,234,567.80'; None or NaN -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{currency} {value:,.2f}"


def money_short(value: float | None) -> str:
    """A tile figure without the currency: 4000 -> '4,000'; 28000 -> '28.0k'; 12345678 ->
    '12.35M' (the exact amount goes in the tile's help)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.2f}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:,.1f}k"
    return f"{value:,.0f}"


def percent(value: float | None) -> str:
    """0.1234 -> '12.3%'; None or NaN -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.1%}"


def column_config(columns: list[str]) -> dict[str, object]:
    """st.dataframe column_config for the columns whose suffix names a format."""
    config: dict[str, object] = {}
    for name in columns:
        label = (name.removesuffix("_amt").removesuffix("_pct").removeprefix("count_")
                 .replace("_", " ").capitalize())
        label = label.replace("Ar ", "AR ").replace(" id", " ID")
        if name.endswith("_amt"):
            config[name] = st.column_config.NumberColumn(label, format="accounting")
        elif name.endswith("_pct"):
            config[name] = st.column_config.NumberColumn(label, format="percent")
        elif name.endswith("_days"):
            config[name] = st.column_config.NumberColumn(label, format="%.1f")
        elif name.startswith("count_"):
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif name.endswith(("_on", "_at")):
            config[name] = st.column_config.DateColumn(label)
        else:
            config[name] = st.column_config.Column(label)
    return config


def days(value: float | None) -> str:
    """70.333 -> '70.3 d'; None or NaN (undefined, e.g. no sales) -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.1f} d"


def change_days(value: float | None) -> str | None:
    """+1.2 -> '+1.2 d'; undefined -> None (no delta shown)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return f"{value:+.1f} d"


def customer_line(header) -> str:
    """'C1 · Boston, East · owner Ana Ortiz · terms 30 days · customer since 2015-03-01'."""
    def known(value) -> bool:
        return value is not None and not pd.isna(value)

    parts = [header.customer_id]
    place = ", ".join(str(p) for p in (header.city, header.region) if known(p))
    if place:
        parts.append(place)
    parts.append(f"owner {header.rep_name if known(header.rep_name) else 'none'}")
    if known(header.terms_days):
        parts.append(f"terms {int(header.terms_days)} days")
    if known(header.customer_since_on):
        parts.append(f"customer since {pd.Timestamp(header.customer_since_on):%Y-%m-%d}")
    return " · ".join(parts)
