"""Number formats for the screen, chosen from column-name suffixes (style doc §2.3)."""

from __future__ import annotations

import math

import streamlit as st


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
        label = name.removesuffix("_amt").removeprefix("count_").replace("_", " ").capitalize()
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
