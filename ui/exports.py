"""Download buttons for a page's tables, stamped with what they were computed from."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import streamlit as st

from arlib import settings
from arlib.outputs import export
from ui.filters import Filters


def stamp(f: Filters, version: str, **choices: object) -> dict[str, object]:
    """What an export was made from: date, period, filters, page choices, settings, load."""
    cfg = settings.load()
    return {
        "as of": f"{f.as_of:%Y-%m-%d}", "period from": f"{f.first_on:%Y-%m-%d}",
        "rep": f.rep_id or "all", "region": f.region or "all", **choices,
        "base currency": cfg.base_currency, "fx policy": cfg.fx_policy,
        "data load id": version.rsplit("#", 1)[-1],
    }


def buttons(name: str, sheets: Mapping[str, pd.DataFrame], info: Mapping[str, object],
            *, csv_sheet: str) -> None:
    """A CSV button for one table and an XLSX button for all of them (with an About sheet).

    Each file is built when its button is clicked, not on every run: a stamped workbook of a
    quarter's rows at a million invoices took 30 s to build, for a download nobody asked for.
    """
    left, right = st.columns(2)
    left.download_button("Download CSV", partial(export.to_csv_bytes, sheets[csv_sheet]),
                         file_name=f"{name}.csv", mime="text/csv", on_click="ignore",
                         icon=":material/download:", key=f"{name}_csv")
    right.download_button(
        "Download XLSX", partial(export.to_xlsx_bytes, dict(sheets), dict(info)),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore", icon=":material/download:", key=f"{name}_xlsx")
