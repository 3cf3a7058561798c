"""Download buttons for a page's tables, stamped with what they were computed from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd
import streamlit as st

from arlib import settings
from arlib.outputs import export
from arlib.store import audit
from ui import auth, data
from ui.filters import Filters


def _built_and_recorded(build: Callable[[], bytes | str], con, who: str,
                        file_name: str) -> bytes | str:
    """The file, built now (on the click), and the download in the audit trail."""
    content = build()
    audit.record(con, email=who, action="export", detail=file_name)
    return content


def download(label: str, build: Callable[[], bytes | str], *, file_name: str, mime: str,
             where=st, **options) -> None:
    """A download button whose file is built when it is clicked, not on every run, and whose
    click is recorded in the audit trail with who and which file (figures of reps and
    customers leave the app only this way)."""
    # who and the connection are taken now: the file is built on the click, outside this run
    built = partial(_built_and_recorded, build, data.connection(), auth.who(), file_name)
    where.download_button(label, built, file_name=file_name, mime=mime, on_click="ignore",
                          **options)


def stamp(f: Filters, version: str, **choices: object) -> dict[str, object]:
    """What an export was made from: date, period, filters, page choices, settings, load."""
    cfg = settings.load()
    return {
        "as of": f"{f.as_of:%Y-%m-%d}", "period from": f"{f.first_on:%Y-%m-%d}",
        "rep": f.rep_id or "all", "region": f.region or "all", **choices,
        "base currency": cfg.base_currency, "fx policy": cfg.fx_policy,
        "data load id": version.rsplit("#", 1)[-1],
    }


Sheet = pd.DataFrame | Callable[[], pd.DataFrame]


def _frame(sheet: Sheet) -> pd.DataFrame:
    return sheet() if callable(sheet) else sheet


def _csv(sheet: Sheet) -> bytes:
    return export.to_csv_bytes(_frame(sheet))


def _workbook(sheets: Mapping[str, Sheet], info: Mapping[str, object]) -> bytes:
    return export.to_xlsx_bytes({name: _frame(sheet) for name, sheet in sheets.items()}, info)


def buttons(name: str, sheets: Mapping[str, Sheet], info: Mapping[str, object],
            *, csv_sheet: str) -> None:
    """A CSV button for one table and an XLSX button for all of them (with an About sheet);
    a sheet may be a function giving the table, called only when the file is built.

    Each file is built when its button is clicked, not on every run: a stamped workbook of a
    quarter's rows at a million invoices took 30 s to build, for a download nobody asked for.
    """
    left, right = st.columns(2)
    download("Download CSV", partial(_csv, sheets[csv_sheet]),
             file_name=f"{name}.csv", mime="text/csv", where=left,
             icon=":material/download:", key=f"{name}_csv")
    download("Download XLSX", partial(_workbook, dict(sheets), dict(info)),
             file_name=f"{name}.xlsx",
             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             where=right, icon=":material/download:", key=f"{name}_xlsx")
