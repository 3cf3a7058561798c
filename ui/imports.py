"""The Import page's parts: uploads on disk, layout detection and the mapping editor, the
preview (a dry-run load), commit and cancel (the report itself: ui.load_report).

`review(paths)` is everything after the upload, so tests can drive it with files on disk.
Nothing is written to the store before "Commit": a preview runs the whole load in a
transaction and rolls it back (arlib.store.loader.load with dry_run).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from arlib import settings
from arlib.intake import foreign
from arlib.intake.frames import ImportOptions
from arlib.intake.preset_files import saved_presets
from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError
from arlib.store import facts, loader, state
from arlib.store.conflicts import ConflictError, base_name
from ui import auth, data, load_report, mapping
from ui.formats import path_md, plain

TYPES = ["csv", "tsv", "txt", "xlsx"]
ORDERS = {"dmy": "Day first", "mdy": "Month first"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


# --- uploads -------------------------------------------------------------------------------

@st.cache_resource(scope="session", show_spinner=False,
                   on_release=lambda folder: shutil.rmtree(folder, ignore_errors=True))
def upload_folder() -> Path:
    """This session's folder for uploaded files (removed when the session ends)."""
    return Path(tempfile.mkdtemp(prefix="ar-import-"))


def uploader() -> list:
    """The file picker (several files at once) with its size limit stated under it."""
    cfg = settings.load()
    files = st.file_uploader(
        "Files to import", type=TYPES, accept_multiple_files=True,
        key=f"import_files_{st.session_state.get('import_round', 0)}",
        max_upload_size=cfg.import_max_mb,
        help="Exports of your accounting system (QuickBooks, Xero, SAP, NetSuite, Business "
             "Central…) or the canonical tables (invoices.csv, payments.csv, …).")
    st.caption(f"CSV, TSV, TXT or XLSX, up to {cfg.import_max_mb:,} MB per file. Files picked "
               "together load together, all or nothing; nothing is written before you commit.")
    return files or []


def stage(files: list) -> list[Path]:
    """Write the uploads to this session's folder under their own names; a file over the
    size limit is refused with a message. Returns the paths in upload order."""
    limit = settings.load().import_max_bytes()
    root, paths = upload_folder(), []
    for f in files:
        if f.size > limit:
            st.error(f"{plain(f.name)}: {load_report.size_text(f.size)} is over the import "
                     f"limit of {limit / 2**20:,.0f} MB per file. Split the export (by date range, "
                     "for example) and upload the parts.", icon=":material/block:")
            continue
        name = Path(f.name).name  # a name never climbs out of the folder
        path = root / f.file_id / (name if name not in ("", ".", "..") else "upload")
        if not path.exists() or path.stat().st_size != f.size:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f.getvalue())
        paths.append(path)
    keep = {p.parent.name for p in paths}
    for folder in root.iterdir():
        if folder.name not in keep:  # removed from the picker
            shutil.rmtree(folder, ignore_errors=True)
    return paths


def cancel() -> None:
    """The Cancel button: forget the uploads. A click during a preview or a load stops it
    at its next progress step (reading ticks every grid.TICK_ROWS rows), and the load's one
    transaction is rolled back; a click that came after the commit says so."""
    landed = st.session_state.get("import_committed")
    if landed is None:
        reset("Import cancelled: nothing was loaded and the uploads were removed.")
        return
    reset(f"Cancel came after load {landed.load_id} had committed, so it stays loaded (its "
          "report is below; the past loads list it). The uploads were removed.")
    st.session_state["import_committed"] = landed


def reset(message: str | None = None) -> None:
    """Forget the uploads and every import choice of this session (a new, empty picker)."""
    for folder in upload_folder().iterdir():
        shutil.rmtree(folder, ignore_errors=True)
    for key in [k for k in st.session_state if str(k).startswith("import_")]:
        if key != "import_round":
            st.session_state.pop(key, None)
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    if message:
        st.session_state["import_flash"] = message


# --- the sample book ------------------------------------------------------------------------

def sample_offer(status: state.StoreStatus) -> None:
    """What the database holds, where that matters before an import: on an empty one, the
    offer to load the sample book first; on one that holds the sample alone, what the
    sample load just did (once) and a word that an import is added to the sample."""
    cfg = settings.load()
    if status.is_sample and not status.count_own_loads:
        done = st.session_state.pop("import_sample_done", None)
        if done:
            st.success(done, icon=":material/task_alt:")
            links = st.container(horizontal=True)
            links.page_link("pages/overview.py", label="Open the Overview",
                            icon=":material/dashboard:")
            links.page_link("pages/aging.py", label="Open Aging",
                            icon=":material/hourglass_bottom:")
        st.warning("This database holds the built-in **sample data**: files you commit here "
                   "are added to its invented customers. To keep your data apart, start the "
                   "app on a new database file, e.g. `AR_DB_PATH=~/ar/mine.duckdb streamlit "
                   "run app.py`: a new database starts empty.", icon=":material/science:")
        return
    if not status.is_empty:
        return
    available = state.sample_available(cfg)
    with st.container(border=True):
        st.markdown(f":material/inbox: **This database is empty:** "
                    f"{path_md(cfg.resolved_db_path())}  \nImport your own files below: "
                    "they will be the only data in it.")
        st.caption("Or explore the app first on the sample book, invented customers, reps, "
                   "invoices, payments, promises and contacts from "
                   f"{path_md(cfg.resolved_sample_dir())}. It stays in this database: "
                   "to keep your own data apart, import it into a new database file later."
                   if available else "The sample book is not available: "
                   f"{path_md(cfg.resolved_sample_dir())} holds no CSV files.")
        st.button("Load the sample book", icon=":material/science:", key="import_sample",
                  disabled=not available, on_click=_ask_sample)
    if st.session_state.pop("import_sample_asked", False) and available:
        _load_sample()


def _ask_sample() -> None:
    st.session_state["import_sample_asked"] = True  # acted on in the script (see _ask)


def _load_sample() -> None:
    """Load the sample book in one transaction, as an import commits, and say what it did."""
    cfg, con = settings.load(), data.connection()
    if not state.status(con, cfg).is_empty:  # another session loaded data meanwhile
        st.warning("Data was loaded into this database meanwhile, so the sample book was not "
                   "added to it.", icon=":material/block:")
        return
    with st.status("Loading the sample book…", expanded=True) as box:
        bar = st.progress(0.0)
        try:
            report = state.load_sample(con, cfg,
                                       progress=lambda text, done: bar.progress(done, text=text))
        except LoadError as exc:
            box.update(label="Nothing was loaded: a sample file cannot be read", state="error")
            st.error(plain(exc), icon=":material/error:")
            return
        except duckdb.TransactionException:
            box.update(label="Nothing was loaded: the database changed meanwhile",
                       state="error")
            st.error("Another change to the database reached the same rows while the sample "
                     "book loaded, so it was rolled back and nothing was loaded.",
                     icon=":material/error:")
            return
        bar.progress(1.0, text="Done")
        box.update(label=f"Load {report.load_id} committed", state="complete", expanded=False)
    if report.changed:
        with st.spinner("Preparing the figures of the sample data…"):
            facts.refresh(con)
    files = len(report.files)
    st.session_state["import_sample_done"] = (
        f"Loaded the sample book from {path_md(cfg.resolved_sample_dir())}: "
        f"{report.total('inserted'):,} rows from {files} file{'s' if files != 1 else ''}, in one "
        f"transaction, recorded as load {report.load_id} (listed below). Every page now shows "
        "the sample data, and the sidebar says so.")
    st.rerun()  # the sidebar and every cached figure read the new data


# --- detection and mapping -----------------------------------------------------------------

def _presets_key(presets: list[Preset]) -> tuple:
    return tuple((p.name, p.table, tuple(sorted(p.columns.items())), tuple(p.signature))
                 for p in presets)


def _sheet_key(path: Path) -> str:
    return f"import_sheet_{mapping.token(path)}"


def _header_key(path: Path) -> str:
    return f"import_header_{mapping.token(path)}"


def inspection(path: Path, presets: list[Preset]) -> foreign.Inspection | LoadError:
    """What the file looks like (layout or proposal) on the sheet and header row chosen (else
    proposed), or why it cannot be read; kept per file, choices and saved mappings."""
    sheet = st.session_state.get(_sheet_key(path))
    header_row = st.session_state.get(_header_key(path))
    key = (str(path), path.stat().st_mtime_ns, _presets_key(presets), sheet, header_row)
    found = st.session_state.setdefault("import_inspections", {})
    if key not in found:
        try:
            found[key] = foreign.inspect(path, path.name, presets, sheet=sheet,
                                         header_row=header_row)
        except LoadError as exc:
            found[key] = exc
    return found[key]


def _forget_header(path: Path) -> None:
    # another sheet has its own header row: the proposal for it applies again
    st.session_state.pop(_header_key(path), None)


def file_as_read(path: Path, found: foreign.Inspection | None) -> None:
    """The first rows of the file as read, with its line numbers, and the sheet and header
    row as pickers (defaulting to what was proposed); a change inspects the file again."""
    with st.expander("File as read: sheet and header row",
                     expanded=found is None or found.layout is None):
        if found is not None and found.preview is not None:
            st.dataframe(found.preview, hide_index=True, width="stretch", placeholder="",
                         column_config={"line": st.column_config.NumberColumn("Line",
                                                                              format="%d")})
        picks = st.columns(2)
        if found is not None and len(found.sheets) > 1:
            picks[0].selectbox("Sheet", found.sheets, index=found.sheets.index(found.sheet)
                               if found.sheet in found.sheets else 0, key=_sheet_key(path),
                               on_change=_forget_header, args=(path,),
                               help="The workbook's sheets that hold cells; the one holding "
                                    "the data is proposed.")
        picks[1].number_input(
            "Header row (line)", min_value=1, step=1, key=_header_key(path),
            value=found.header_row if found is not None else 1,
            help="The line that holds the column names, as numbered on the left. Title lines "
                 "above it are read for the 'As of' date.")


def layout_line(found: foreign.Inspection, source: pd.Series | None) -> str:
    """'QuickBooks Online A/R Aging Detail — 100% match, header on line 5, snapshot
    2026-07-25, dates 2026-03-14 to 2026-08-17' (snapshot and dates once previewed)."""
    line = (f"**{plain(found.layout.name)}** — {found.confidence:.0%} match, header on line "
            f"{found.header_line}")
    if source is not None:
        if source.snapshot_on:
            line += f", snapshot {source.snapshot_on}"
        if source.first_on:
            line += f", dates {source.first_on} to {source.last_on}"
    return line


@dataclass
class Readiness:
    """What the files allow: unsaved mappings, choices per file, and the files that keep
    the preview disabled (unreadable, unmapped, or a question unanswered)."""

    drafts: list[Preset] = field(default_factory=list)
    options: dict[str, ImportOptions] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    prefer: list[str] = field(default_factory=list)  # files whose values win, first first


def file_panels(paths: list[Path], presets: list[Preset],
                sources: pd.DataFrame | None) -> Readiness:
    """One bordered panel per file: its layout line or the mapping editor (or its error),
    the day/month question when one was asked, a snapshot date for open-items exports."""
    ready = Readiness()
    questions = st.session_state.get("import_date_questions", {})
    for path in paths:
        with st.container(border=True):
            st.markdown(f":material/description: **{plain(path.name)}** · "
                        f"{load_report.size_text(path.stat().st_size)}")
            found = inspection(path, presets)
            if isinstance(found, LoadError):
                st.error(plain(found), icon=":material/error:")
                ready.blocked.append(path.name)
                if st.session_state.get(_header_key(path)) or \
                        st.session_state.get(_sheet_key(path)):
                    file_as_read(path, None)  # a choice made it unreadable: undo it here
                continue
            file_as_read(path, found)
            snapshot = None
            if found.layout is None:
                draft = mapping.mapping_editor(path, found)
                if draft is None:
                    ready.blocked.append(path.name)
                else:
                    ready.drafts.append(draft)
            else:
                row = _source_row(sources, path.name)
                st.markdown(f":material/check_circle: {layout_line(found, row)}")
                if found.layout.kind == "snapshot":
                    snapshot = snapshot_input(path)
            order = _saved_order(found, presets)
            if path.name in questions and order is None:
                order = date_question(path, questions[path.name])
                if order is None:
                    ready.blocked.append(path.name)
            if order or snapshot:
                ready.options[path.name] = ImportOptions(date_order=order, snapshot_on=snapshot)
    return ready


def _saved_order(found: foreign.Inspection, presets: list[Preset]) -> str | None:
    """The day/month order a saved mapping recorded for files like this one."""
    if found.layout is None:
        return None
    return next((p.date_order for p in presets if found.layout.key == f"preset:{p.name}"),
                None)


def _source_row(sources: pd.DataFrame | None, file_name: str) -> pd.Series | None:
    if sources is None or sources.empty:
        return None
    rows = sources[sources["file_name"] == file_name]
    return rows.iloc[0] if len(rows) else None


# --- choices, preview, commit --------------------------------------------------------------

def _order_label(order: str, examples: list[str]) -> str:
    """'Day first: 03/04/2026 is 3 April' from a file's own ambiguous example."""
    parts = "".join(c if c.isdigit() else " " for c in (examples or [""])[0]).split()
    if len(parts) >= 2 and all(1 <= int(p) <= 12 for p in parts[:2]):
        day, month = (parts[0], parts[1]) if order == "dmy" else (parts[1], parts[0])
        # a radio's option label renders Markdown, and the example is a cell of the file
        return f"{ORDERS[order]}: {plain(examples[0])} is {int(day)} {MONTHS[int(month) - 1]}"
    return f"{ORDERS[order]}: 03/04 is {'3 April' if order == 'dmy' else '4 March'}"


def date_question(path: Path, question: dict) -> str | None:
    """Ask whether the file's dates are day first or month first; None until answered."""
    names = ", ".join(f"'{c}'" for c in question["columns"])
    st.warning(plain(f"The dates in {names} could be day first or month first (for example "
                     f"{', '.join(question['examples'][:3])}). Which is it?"),
               icon=":material/help:")
    return st.radio("Date order", list(ORDERS), index=None, key=mapping.order_key(path),
                    format_func=lambda o: _order_label(o, question["examples"]))


def snapshot_input(path: Path):
    """The day an open-items export's balances are from, when the file does not say."""
    return st.date_input(
        "Snapshot date", value=None, key=f"import_snapshot_{mapping.token(path)}",
        format="YYYY-MM-DD", width=260,
        help="The day this export's open balances are from. Empty: the file's own 'As of' "
             "line, else its latest document date (the report says which). A date given "
             "here wins over the file's.")


def run_load(paths: list[Path], presets: list[Preset], ready: Readiness, *,
             dry_run: bool) -> loader.LoadReport | None:
    """The load (or its preview) with a progress bar; None when it could not run (the
    reason is shown, or the day/month question is asked)."""
    label = "Previewing" if dry_run else "Loading"
    with st.status(f"{label} {len(paths)} file{'s' if len(paths) != 1 else ''}…",
                   expanded=True) as box:
        bar = st.progress(0.0)
        try:
            report = loader.load(data.connection(), paths, presets=presets,
                                 file_options=ready.options, dry_run=dry_run,
                                 prefer=ready.prefer,
                                 max_bytes=settings.load().import_max_bytes(),
                                 progress=lambda text, done: bar.progress(done, text=text),
                                 origin="Import page")
            if not dry_run:  # before any element: a Cancel clicked now stops the run there
                st.session_state["import_committed"] = report
                auth.record("import", f"load {report.load_id} ({report.status}): "
                                      + ", ".join(p.name for p in paths))
        except foreign.DateOrderNeeded as exc:
            box.update(label="Which date order?", state="error")
            _remember_question(paths, exc)
            st.rerun()
        except ConflictError as exc:
            box.update(label="Nothing was loaded: the files disagree", state="error")
            _remember_conflicts(paths, exc)
            st.rerun()
        except LoadError as exc:
            box.update(label="Nothing was loaded: a file cannot be read", state="error")
            st.error(plain(exc), icon=":material/error:")
            return None
        except duckdb.TransactionException:
            # another program's write met this one's rows (the app's own loads take turns)
            box.update(label="Nothing was loaded: the database changed meanwhile",
                       state="error")
            st.error("Another change to the database reached the same rows while this load "
                     "ran, so it was rolled back and nothing was loaded. Preview again, then "
                     "commit.", icon=":material/error:")
            return None
        bar.progress(1.0, text="Done")
        box.update(label="Preview ready: nothing was written yet" if dry_run else
                   f"Load {report.load_id} committed", state="complete", expanded=False)
    return report


def _remember_question(paths: list[Path], exc: foreign.DateOrderNeeded) -> None:
    # a workbook sheet is named 'book.xlsx[Sheet1]': the question belongs to the file
    name = next((p.name for p in paths if exc.file_name == p.name
                 or exc.file_name.startswith(f"{p.name}[")), exc.file_name)
    questions = st.session_state.setdefault("import_date_questions", {})
    questions[name] = {"columns": exc.columns, "examples": exc.examples}


def _files_key(paths: list[Path]) -> tuple:
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)


def _remember_conflicts(paths: list[Path], exc: ConflictError) -> None:
    # the files of conflicts found earlier stay offered: choosing one may leave others open
    known = st.session_state.get("import_conflicts")
    files = [*(known["files"] if known and known["key"] == _files_key(paths) else []),
             *exc.files]
    st.session_state["import_conflicts"] = {
        "key": _files_key(paths), "cells": exc.conflicts,
        "files": list(dict.fromkeys(base_name(f) for f in files))}


CONFLICT_LABELS = {"table_name": "Table", "key_columns": "Key", "key": "Value of the key",
                   "column_name": "Column", "file_a": "File", "line_a": "Line",
                   "value_a": "Value", "file_b": "Other file", "line_b": "Its line",
                   "value_b": "Its value"}


def conflict_choice(paths: list[Path], ready: Readiness) -> None:
    """When a preview found keys that files hold with different values: the conflicts (key,
    both files and lines, both values of each differing column) and the choice of the file
    whose values are kept, into `ready.prefer`; unanswered, the preview stays disabled."""
    found = st.session_state.get("import_conflicts")
    if not found or found["key"] != _files_key(paths):
        st.session_state.pop("import_conflicts", None)  # the files changed since
        return
    cells, files = found["cells"], found["files"]
    keys = len(cells.drop_duplicates(["table_name", "key", "file_a", "file_b"]))
    with st.container(border=True):
        st.warning(f"The files hold the same key{'s' if keys != 1 else ''} with different "
                   f"values ({keys:,} key{'s' if keys != 1 else ''}, listed below): nothing "
                   "can load until you choose whose values are kept. The other file's rows "
                   "with those keys are then rejected and listed in the report.",
                   icon=":material/difference:")
        st.dataframe(cells, hide_index=True, width="stretch", placeholder="",
                     column_config={**CONFLICT_LABELS,
                                    "line_a": st.column_config.NumberColumn("Line", format="%d"),
                                    "line_b": st.column_config.NumberColumn("Its line",
                                                                            format="%d")})
        if len(files) == 2:
            chosen = st.radio("Keep the values of", files, index=None, key="import_prefer",
                              format_func=plain, horizontal=True)
            ready.prefer = [chosen] if chosen else []
        else:
            ready.prefer = st.multiselect(
                "Keep the values of (the first chosen wins over the next)", files,
                key="import_prefer_many", format_func=plain)
    if not ready.prefer:
        ready.blocked.append("the choice of the file whose values are kept")


def fingerprint(paths: list[Path], presets: list[Preset], ready: Readiness) -> tuple:
    """What a preview depends on: the files, the mappings and the choices."""
    return (_files_key(paths), _presets_key(presets), tuple(sorted(ready.options.items())),
            tuple(ready.prefer))


def review(paths: list[Path]) -> None:
    """Everything after the upload: files, mappings and choices, preview with its health
    report, commit and cancel."""
    saved = saved_presets(mapping.presets_dir())
    preview = st.session_state.get("import_preview")
    st.subheader("Files")
    ready = file_panels(paths, saved, preview[1].sources if preview else None)
    conflict_choice(paths, ready)
    presets = [*ready.drafts, *saved]  # unsaved mappings first, as saved ones are
    key = fingerprint(paths, presets, ready)
    if preview and preview[0] != key:
        st.session_state.pop("import_preview")  # the files or choices changed since
        preview = None
    if ready.blocked:
        st.caption(f"Preview needs every file readable, mapped and its questions answered "
                   f"({plain(', '.join(dict.fromkeys(ready.blocked)))} not yet).")
    buttons = st.container(horizontal=True)
    buttons.button("Preview", type="secondary" if preview else "primary",
                   icon=":material/preview:", key="import_preview_button", on_click=_ask,
                   args=("preview",), disabled=bool(ready.blocked))
    buttons.button("Cancel", icon=":material/close:", key="import_cancel", on_click=cancel)
    action = st.session_state.pop("import_action", None)
    if action == "preview" and not ready.blocked:
        report = run_load(paths, presets, ready, dry_run=True)
        if report is not None:
            st.session_state["import_preview"] = (key, report)
            st.rerun()  # the file panels show the snapshot and dates of the preview
    if preview:
        load_report.health_report(preview[1], {d.name for d in ready.drafts})
        st.caption("Commit writes these rows to the database in one transaction; every page "
                   "then shows them. Cancel leaves the database as it is.")
        st.button("Commit", type="primary", icon=":material/database_upload:",
                  key="import_commit", on_click=_ask, args=("commit",))
        if action == "commit":
            report = run_load(paths, presets, ready, dry_run=False)
            if report is not None:
                if report.changed:
                    with st.spinner("Preparing the figures of the new data…"):
                        facts.refresh(data.connection())  # as the command line does
                reset()
                st.session_state["import_committed"] = report
                st.rerun()  # the sidebar and every cached figure read the new data


def _ask(action: str) -> None:
    # Buttons act through a flag set in their callback: a rerun early in the script (see
    # ui.shell.require_app) would otherwise lose the click.
    st.session_state["import_action"] = action
