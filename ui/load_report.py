"""The report of an import on the Import page: what a preview or a load does to the store,
the files' layouts, counts per table, tie-out, checks, rejected rows, the rows as stored, and
the load history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import streamlit as st

from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns
from arlib.outputs import export
from arlib.store import loader
from ui import data, exports
from ui.formats import plain


def headline(report: loader.LoadReport) -> str:
    """One sentence: what the load does (or would do) to the store."""
    verb = "would add" if not report.committed else "added"
    counts = (f"{report.total('inserted'):,} new rows, {report.total('updated'):,} updated, "
              f"{report.total('unchanged'):,} unchanged and {report.total('rejected'):,} "
              f"rejected")
    if not report.changed:
        head = "Nothing would change" if not report.committed else "Nothing changed"
        return f"{head}: {report.why_unchanged()}. ({counts})"
    return f"Load {report.load_id} {verb} {counts}."


def tieout_summary(tieouts: pd.DataFrame) -> tuple[bool, str]:
    """(ties out, sentence) for the files' own totals against what loads."""
    off = tieouts[tieouts["difference"] != "0.00"]
    if off.empty:
        return True, (f"Ties out: all {len(tieouts)} totals printed in the files match the "
                      "loaded rows to the cent (differences 0.00).")
    return False, (f"{len(off)} of {len(tieouts)} totals printed in the files differ from "
                   "the loaded rows (highlighted; rejected rows are left out of 'loaded').")


def _highlight(row: pd.Series) -> list[str]:
    style = "background-color: #fde2e1; color: #8a1c1c; font-weight: 600"
    return [style if row["difference"] != "0.00" else ""] * len(row)


LABELS = {
    "file_name": "File", "table_name": "Table", "layout": "Layout", "confidence": "Match",
    "header_line": "Header line", "snapshot_on": "Snapshot", "first_on": "First date",
    "last_on": "Last date", "rows_read": "Rows read", "inserted": "New",
    "updated": "Updated", "unchanged": "Unchanged", "rejected": "Rejected",
    "total": "Total row", "line": "Line", "column": "Column", "file_total": "In the file",
    "loaded": "Loaded", "difference": "Difference", "column_name": "Column",
    "value": "Value", "reason": "Reason", "refers_to": "Refers to", "rows": "Rows",
    "load_id": "Load", "origin": "From", "source": "Files", "status": "Status",
    "files": "Files read", "orphans": "Orphans",
}


def size_text(size_bytes: int) -> str:
    """175 -> '175 bytes'; 1157 -> '1.1 KB'; 3_500_000 -> '3.3 MB' (binary units, as the
    size limit)."""
    if size_bytes < 1024:
        return f"{size_bytes:,} bytes"
    if size_bytes < 2**20:
        return f"{size_bytes / 1024:,.1f} KB"
    return f"{size_bytes / 2**20:,.1f} MB"


def _config(frame: pd.DataFrame, **extra: object) -> dict[str, object]:
    """Readable headers for the report's tables."""
    config: dict[str, object] = {c: LABELS[c] for c in frame.columns if c in LABELS}
    config.update(extra)
    return config


def _table(frame: pd.DataFrame, **extra: object) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="",
                 column_config=_config(frame, **extra))


def files_table(report: loader.LoadReport, unsaved: set[str] = frozenset()) -> pd.DataFrame:
    """One row per file: its layout with detection, snapshot and date range (exports);
    canonical files say so, and a mapping still being edited (`unsaved`) says it is not
    saved."""
    names = pd.DataFrame({"file_name": list(dict.fromkeys(f.file_name for f in report.files))})
    if report.sources.empty:
        return names.assign(layout="Canonical tables")
    shown = report.sources.drop(columns="kind")
    for name in unsaved:
        shown["layout"] = shown["layout"].replace(f"Saved mapping '{name}'",
                                                  f"Mapping '{name}' (not saved)")
    return names.merge(shown, on="file_name", how="left").fillna({"layout": "Canonical tables"})


def health_report(report: loader.LoadReport, unsaved: set[str] = frozenset()) -> None:
    """The report of a preview or a load: files, counts per table, tie-out, duplicates,
    orphans, rejected rows (with a download), warnings and the rows as stored."""
    st.subheader("Health report" + ("" if report.committed else " (preview, not written yet)"))
    (st.success if report.changed else st.info)(headline(report))
    for message in report.empty_files():  # a file that brings nothing is an error to fix
        st.error(message, icon=":material/error:")
    fx_warning(report)
    cells = st.columns(5)
    for cell, (label, name) in zip(cells, [("Rows read", "rows_read"), ("New", "inserted"),
                                           ("Updated", "updated"), ("Unchanged", "unchanged"),
                                           ("Rejected", "rejected")], strict=True):
        cell.metric(label, f"{report.total(name):,}")
    _table(files_table(report, unsaved),
           confidence=st.column_config.NumberColumn("Match", format="percent"))
    st.markdown("**Rows per table**")
    _table(report.by_table())
    _tieout(report.tieouts)
    _problems(report)
    _stored_rows(report.preview)


def fx_warning(report: loader.LoadReport) -> None:
    """The FX rates the store lacks with this load in: each currency and its first date with
    no rate (the rows load all the same; pages show no base-currency figure meanwhile)."""
    if report.fx_warning:
        done = "were loaded" if report.committed else "load on commit"
        st.warning(plain(report.fx_warning) + f"\n\nThe rows {done} all the same; until the "
                   "rates are loaded, the pages show balances per original currency and no "
                   "converted figure.", icon=":material/currency_exchange:")


def _tieout(tieouts: pd.DataFrame) -> None:
    st.markdown("**Tie-out against the files' own totals**")
    if tieouts.empty:
        st.caption("The files print no totals to compare with.")
        return
    ties, sentence = tieout_summary(tieouts)
    (st.success if ties else st.error)(sentence, icon=":material/balance:")
    money = {c: st.column_config.TextColumn(LABELS[c], alignment="right")
             for c in ("file_total", "loaded", "difference")}
    st.dataframe(tieouts.style.apply(_highlight, axis=1), hide_index=True, width="stretch",
                 placeholder="", column_config=_config(tieouts, **money))


def _problems(report: loader.LoadReport) -> None:
    st.markdown("**Checks**")
    dup = report.duplicates
    st.markdown(f"- Duplicate keys inside a file: **{dup:,}** rows"
                + (" (rejected; the first is kept)" if dup else ""))
    for line in report.conflict_lines():
        st.markdown(f"- Conflict between files: {plain(line)}.")
    if report.orphans.empty:
        st.markdown("- Orphans: **none**, every reference resolves.")
    else:
        st.markdown(f"- Orphans: **{int(report.orphans['rows'].sum()):,}** rows refer to rows "
                    "that are not loaded (kept, but they cannot be placed everywhere):")
        _table(report.orphans)
    if report.rejects.empty:
        st.markdown("- Rejected rows: **none**.")
    else:
        problems = len(report.rejects)
        st.markdown(f"- Rejected rows: **{report.total('rejected'):,}** ({problems:,} "
                    f"problem{'s' if problems != 1 else ''}; a row with a problem is not "
                    "loaded, the others are):")
        _table(report.rejects)
        exports.buttons(f"import_rejects_{report.load_id}", {"Rejected rows": report.rejects},
                        {"load id": report.load_id, "committed": report.committed,
                         "files": ", ".join(dict.fromkeys(f.file_name for f in report.files))},
                        csv_sheet="Rejected rows")
    for warning in report.warnings:
        st.warning(plain(warning), icon=":material/warning:")
    for note in report.control_notes():
        st.info(plain(note) + ".", icon=":material/info:")


def _stored_rows(preview: dict[str, pd.DataFrame]) -> None:
    if not preview:
        return
    st.markdown(f"**Rows as they will be stored** (first {loader.PREVIEW_ROWS} per table)")
    shown = {t: f for t, f in preview.items() if len(f)}
    if not shown:
        st.caption("No row would be written: everything is already stored.")
        return
    for tab, (table, frame) in zip(st.tabs(list(shown)), shown.items(), strict=True):
        tab.dataframe(frame, hide_index=True, width="stretch", placeholder="",
                      column_config=stored_config(table))


def stored_config(table: str) -> dict[str, object]:
    """Show a canonical table's columns as stored: dates as dates, decimals to their places."""
    config: dict[str, object] = {}
    for col in columns(BY_TABLE[table]):
        if col.py_type is date:
            config[col.name] = st.column_config.DateColumn(format="YYYY-MM-DD")
        elif col.py_type is datetime:
            config[col.name] = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")
        elif col.py_type is Decimal:
            places = col.constraints.get("decimal_places", 2)
            config[col.name] = st.column_config.NumberColumn(format=f"%.{places}f")
    return config


def committed(report: loader.LoadReport) -> None:
    """The outcome of the commit with links to the pages that show the data."""
    shown = " Every page now shows the new data." if report.changed else ""
    st.success(f"Committed. {headline(report)}{shown}", icon=":material/task_alt:")
    for message in report.empty_files():
        st.error(message, icon=":material/error:")
    fx_warning(report)
    links = st.container(horizontal=True)
    links.page_link("pages/overview.py", label="Open the Overview", icon=":material/dashboard:")
    links.page_link("pages/aging.py", label="Open Aging", icon=":material/hourglass_bottom:")
    with st.expander("Report of the load", expanded=False):
        health_report(report)


def past_loads(version: str) -> None:
    """Every load of the store, newest first."""
    st.subheader("Past loads")
    history = data.load_history(version)
    if history.empty:
        st.caption("Nothing has been loaded yet.")
        return
    _table(history, loaded_at=st.column_config.DatetimeColumn("Loaded at",
                                                              format="YYYY-MM-DD HH:mm"))
    st.download_button("Download CSV", export.to_csv_bytes(history), file_name="loads.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:",
                       key="import_loads_csv")
