"""Import into the store, all or nothing: canonical CSV folders and workbooks, and exports
in any known layout or saved mapping (`arlib.intake`).

Files are read into temporary tables first (a file that cannot be read stops the load before
anything is written); then one transaction checks every row set-based, merges good rows by
key, records rejects, orphans and the load itself, and commits, or rolls back for a preview.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from arlib.canonical import validation
from arlib.canonical.models import BY_TABLE
from arlib.intake.foreign import Converted, convert, detect, tie_out
from arlib.intake.frames import ImportOptions
from arlib.intake.grid import WORKBOOK_SUFFIXES, read_grids
from arlib.intake.presets import Preset, canonical_layouts
from arlib.intake.reading import (
    LoadError,
    Staged,
    csv_header,
    stage_csv,
    stage_frame,
    stage_workbook,
)
from arlib.intake.shape import normalise
from arlib.settings import Settings
from arlib.settings import load as load_settings
from arlib.store import conflicts, controls, fx, upsert
from arlib.store.db import sql_text

DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # the default of settings.import_max_mb
PREVIEW_ROWS = 20  # rows per table kept in LoadReport.preview

# progress(message, share done 0-1): told before each file is read and each table is merged
Progress = Callable[[str, float], None]

COUNTS = ("rows_read", "inserted", "updated", "unchanged", "rejected")
# where a load's files came from, as the load log and the Import page's list of loads say
ORIGINS = ("file", "Import page", "command line", "inbox", "sample", "app entry")


@dataclass
class FileReport:
    """What one file (or workbook sheet) brought: fingerprint and row counts."""

    file_name: str
    table_name: str
    layout: str
    size_bytes: int
    sha256: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class LoadReport:
    """The outcome of one load: per-file counts, every reject with its reason, orphans, and
    the FX rates the store lacks once it holds this load's rows (a warning, not a reject)."""

    load_id: int
    source: str
    status: str
    files: list[FileReport]
    rejects: pd.DataFrame
    orphans: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # per file: layout, snapshot
    tieouts: pd.DataFrame = field(default_factory=pd.DataFrame)
    committed: bool = True  # False for a preview (dry run): nothing was written
    # per table written: its first rows as stored by this load (read before commit/rollback)
    preview: dict[str, pd.DataFrame] = field(default_factory=dict)
    # arlib.store.fx.missing_rates over every date, and its message ('' when none is missing)
    missing_rates: pd.DataFrame = field(default_factory=pd.DataFrame)
    fx_warning: str = ""
    # keys two files held with different values, decided by the file the user preferred:
    # one row per differing cell (conflicts.CELLS) with `kept`, the file whose values load
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    # per file and free-text column: values whose control characters were removed (controls)
    cleaned: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def duplicates(self) -> int:
        """Rows rejected because their key repeats an earlier row of the same file."""
        if self.rejects.empty:
            return 0
        return int(self.rejects["reason"].str.startswith("duplicate key").sum())

    @property
    def conflicted(self) -> int:
        """Rows rejected because another file of the load, chosen to win, holds their key
        with other values."""
        if self.rejects.empty:
            return 0
        return int(self.rejects["reason"].str.startswith(conflicts.REASON_START).sum())

    def conflict_lines(self) -> list[str]:
        """One sentence per pair of files that held keys with different values: how many
        keys, whose values are kept and that the other file's rows are rejected."""
        if self.conflicts.empty:
            return []
        out = []
        for (a, b, kept), cells in self.conflicts.groupby(["file_a", "file_b", "kept"],
                                                          sort=False):
            keys = len(cells.drop_duplicates(["table_name", "key"]))
            lost = b if kept == a else a
            out.append(f"{a} and {b} held {keys:,} key{'s' if keys != 1 else ''} with "
                       f"different values: the values of {kept} are kept, as chosen; the rows "
                       f"of {lost} with those keys are rejected (listed with both values)")
        return out

    def control_notes(self) -> list[str]:
        """One sentence per file and column whose values had control characters removed."""
        return controls.notes(self.cleaned)

    def total(self, name: str) -> int:
        """Sum of one count (rows_read, inserted, updated, unchanged, rejected) over files."""
        return sum(getattr(f, name) for f in self.files)

    @property
    def changed(self) -> bool:
        return self.status == "committed"

    def rejected_lines(self, file_name: str | None = None) -> int:
        """Lines of the files (of one file, workbook sheets included) with a rejected row: a
        line of an export may give rows in several tables, so this counts lines, not rows."""
        if self.rejects.empty:
            return 0
        mine = self.rejects
        if file_name is not None:
            mine = mine[mine["file_name"].str.split("[").str[0] == file_name]
        return len(mine[["file_name", "line"]].drop_duplicates())

    def empty_files(self) -> list[str]:
        """Messages, one per file of the load that brought no row (every row rejected, or an
        export without data rows): each names the file and what to do next."""
        out = []
        for name in dict.fromkeys(f.file_name.split("[")[0] for f in self.files):
            mine = [f for f in self.files if f.file_name.split("[")[0] == name]
            read, rejected = sum(f.rows_read for f in mine), sum(f.rejected for f in mine)
            if sum(f.inserted + f.updated + f.unchanged for f in mine):
                continue
            if rejected and self._lost_conflicts_only(name):
                continue  # the user chose another file's values for every row of this one
            if rejected:
                lines = self.rejected_lines(name)
                out.append(f"{name}: no row loaded, every line read ({lines:,}) was rejected "
                           "(reasons listed). Correct those cells in the file, or map its "
                           "columns (the Import page, or --mapping with a saved mapping) and "
                           "import it again.")
            elif any(f.layout != "canonical" for f in mine) or read == self.total("rows_read"):
                out.append(f"{name}: no row loaded, the file holds no data rows under its "
                           "header. Check that it is the right export (not an empty report "
                           "or a page of titles) and import it again.")
        return out

    def _lost_conflicts_only(self, file_name: str) -> bool:
        """True when every rejected line of the file lost a conflict to a chosen file."""
        mine = self.rejects[self.rejects["file_name"].str.split("[").str[0] == file_name]
        lost = mine["reason"].str.startswith(conflicts.REASON_START)
        return bool(lost.any()) and set(mine[lost]["line"]) == set(mine["line"])

    def why_unchanged(self) -> str:
        """Why a load changed nothing, claiming nothing it did not see ('' when it changed
        data): no data rows, rows rejected, or rows already in the database."""
        rejected, unchanged = self.total("rejected"), self.total("unchanged")
        if self.changed:
            return ""
        if not self.total("rows_read"):
            return "the files hold no data rows"
        if rejected and unchanged:
            return (f"{unchanged:,} rows are already in the database and "
                    f"{self.rejected_lines():,} lines were rejected")
        if rejected:
            return (f"every row read was rejected ({self.rejected_lines():,} lines), none "
                    "loaded")
        return "every row is already in the database"

    def outcome(self) -> str:
        """What the load did (or would do) to the store, in one phrase."""
        rejected = self.total("rejected")
        if not self.changed:
            head = ("nothing changed" if self.committed else
                    "preview only, nothing was written; it would change nothing")
            return f"{head}: {self.why_unchanged()}"
        told = ("data changed" if self.committed else
                "preview only, nothing was written; it would change data")
        lines = self.rejected_lines()
        return told + (f", but {lines:,} line{' was' if lines == 1 else 's were'} rejected "
                       "(not loaded)" if rejected else "")

    def by_table(self) -> pd.DataFrame:
        """One row per table of the load with its counts."""
        frame = pd.DataFrame([vars(f) for f in self.files])
        return frame.groupby("table_name", as_index=False)[list(COUNTS)].sum()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _canonical_table(path: Path) -> str | None:
    """The canonical table a CSV holds by its header, when every column is canonical."""
    try:
        header = csv_header(path)
    except LoadError:
        return None
    names = {normalise(h) for h in header}
    for layout in canonical_layouts():
        known = set(layout.signature) | set(layout.optional)
        if set(layout.signature) <= names <= known:
            return layout.key.removeprefix("canonical_")
    return None


def _is_canonical_workbook(path: Path) -> bool:
    from python_calamine import CalamineWorkbook
    try:
        sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # a broken workbook: the foreign reader names the problem
        return False
    return any(s.strip().lower() in BY_TABLE for s in sheets)


def _kind(path: Path) -> str | None:
    """'table:<name>' for a canonical CSV, 'workbook' for a canonical workbook, else
    'foreign' (an export to detect)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv") and path.stem.lower() in BY_TABLE:
        return f"table:{path.stem.lower()}"
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook" if _is_canonical_workbook(path) else "foreign"
    table = _canonical_table(path) if suffix == ".csv" else None
    return f"table:{table}" if table else "foreign"


def _size(n: int) -> str:
    """A file size for messages: bytes below 1 MB, else MB with one decimal."""
    return f"{n:,} bytes" if n < 2**20 else f"{n / 2**20:,.1f} MB"


def _known_export(path: Path, presets: list[Preset]) -> bool:
    """True when a file in a folder is an export whose layout is recognised."""
    try:
        return any(detect(g, presets)[0] is not None for g in read_grids(path, head=True))
    except LoadError:
        return False


def _sources(paths: list[Path], warnings: list[str], max_bytes: int,
             presets: list[Preset]) -> list[tuple[Path, str]]:
    """(file, kind) pairs to read; a folder gives its canonical files and known exports."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.iterdir()):
                if p.suffix.lower() not in (".csv", ".tsv", ".txt", *WORKBOOK_SUFFIXES):
                    continue
                _within_limit(p, max_bytes)  # before anything reads the file
                kind = _kind(p)
                if kind == "foreign" and not _known_export(p, presets):
                    warnings.append(f"{p.name}: ignored, neither a canonical table nor an "
                                    "export of a known layout")
                    continue
                out.append((p, kind))
        elif not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        else:
            _within_limit(path, max_bytes)
            out.append((path, _kind(path)))
    if not out:
        raise LoadError("no canonical tables found in " + ", ".join(map(str, paths))
                        + " (and no export of a known layout)")
    return out


def _within_limit(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise LoadError(f"{path.name}: {_size(size)} is over the import limit of "
                        f"{_size(max_bytes)} per file (setting AR_IMPORT_MAX_MB)")


def _stage_all(cur: duckdb.DuckDBPyConnection, paths: list[Path], warnings: list[str],
               presets: list[Preset], mapping: Preset | None, options: ImportOptions,
               file_options: dict[str, ImportOptions], max_bytes: int, progress: Progress
               ) -> tuple[list[tuple[Staged, FileReport]], list[Converted], set[int], list[Path]]:
    """Read every file into temporary tables: the staged parts with their reports, the
    converted exports, the positions of the parts converted from an export, and the file
    each part was read from. Files of the same name from different folders are named by
    their path from the folder they share (jan/invoices.csv), so that their rejects, counts
    and conflicts stay apart."""
    staged: list[tuple[Staged, FileReport]] = []
    origins: list[Path] = []
    exported: set[int] = set()
    converted: list[Converted] = []
    sources = _sources(paths, warnings, max_bytes, presets)
    names = conflicts.labels([(path.name, path) for path, _ in sources])
    for n, ((path, kind), name) in enumerate(zip(sources, names, strict=True)):
        reading = f"Reading {path.name} ({n + 1} of {len(sources)})"
        progress(reading, n / len(sources) / 2)
        digest, size = _sha256(path), path.stat().st_size
        if kind == "foreign":
            chosen = file_options.get(path.name, options)

            def tick(done: float, n: int = n, reading: str = reading) -> None:
                progress(f"{reading}: {done:.0%}", (n + done) / len(sources) / 2)

            for conv in convert(path, name, presets, chosen, mapping, tick=tick):
                converted.append(conv)
                warnings.extend(conv.warnings)
                for table, frame in conv.tables.items():
                    # customers derived from documents never overwrite what the store has
                    part = stage_frame(cur, frame, conv.file_name, table, len(staged),
                                       insert_only=table == "customers"
                                       and conv.layout.kind != "canonical")
                    if conv.layout.kind != "canonical":
                        exported.add(len(staged))
                    staged.append((part, FileReport(part.file_name, table, conv.layout.key,
                                                    size, digest, rows_read=len(frame))))
                    origins.append(path)
            continue
        parts = ([stage_csv(cur, path, kind.removeprefix("table:"), len(staged))]
                 if kind.startswith("table:") else stage_workbook(cur, path, len(staged)))
        for part in parts:
            warnings.extend(part.warnings)
            part.file_name = name + part.file_name.removeprefix(path.name)  # a sheet's [name]
            staged.append((part, FileReport(part.file_name, part.table, "canonical", size,
                                            digest, rows_read=part.rows_read)))
            origins.append(path)
    return staged, converted, exported, origins


def _merge(cur: duckdb.DuckDBPyConnection, part: Staged, report: FileReport,
           load_id: int, *, part_no: int, warnings: list[str], origin: str,
           checked: str | None = None, exported: bool = False) -> None:
    """Check one staged file (the `part_no`-th of the load; `checked`: its rows already
    checked), record its rejects, merge its good rows; fills the counts. Rows that lost a
    conflict with a preferred file are rejected. Rows of an `exported` table (converted
    from an export) whose line was rejected in another table are rejected too, and the
    customers it derives are created only when a row naming them loads: a rejected row
    creates nothing. A point of contact confirmed in the app is kept against an import's
    row for the person verified no later (a warning names them)."""
    model = BY_TABLE[part.table]
    cur.execute("create or replace temp table checked_rows as "
                + (f"select * from {checked}" if checked else
                   validation.check_select(model, part.name, part.columns)))
    if checked:
        cur.execute(f"drop table {checked}")
    cur.execute(conflicts.reject_losers(model), {"part": part_no})
    params = {"load_id": load_id, "file_name": part.file_name, "table_name": part.table}
    if exported and part.insert_only:
        cur.execute(sql_text("store/sql/load/reject_unused_customers.sql"),
                    {"file_name": part.file_name})
    elif exported:
        cur.execute(sql_text("store/sql/load/reject_lines_rejected_elsewhere.sql"), params)
        if "customer_id" in part.columns:
            cur.execute(sql_text("store/sql/load/insert_export_customers.sql"),
                        {"file_name": part.file_name})
    cur.execute("create or replace temp table classified_rows as "
                + upsert.classify(model, "checked_rows"))
    if part.insert_only:
        cur.execute(sql_text("store/sql/load/keep_stored.sql"))
    if part.table == "people" and origin != "app entry":  # the app's own rows replace
        kept = cur.execute(sql_text("store/sql/load/keep_app_confirmed.sql")).fetchall()
        if kept:
            warnings.append(
                f"{part.file_name}: kept {len(kept)} point(s) of contact as confirmed in the "
                "app, the file's rows being verified no later: " + ", ".join(
                    f"{name} ({customer})" for customer, name in sorted(kept)))
    cur.execute(sql_text("store/sql/load/insert_check_rejects.sql"), params)
    cur.execute(upsert.insert_duplicate_rejects(model, "classified_rows"), params)
    if part.table == "customers":  # a hand-over is known only while the old row is there
        cur.execute(sql_text("store/sql/load/insert_owner_changes.sql"), {"load_id": load_id})
    cur.execute(upsert.delete_replaced(model, "classified_rows"))
    cur.execute(upsert.insert_new(model, "classified_rows"), {"load_id": load_id})
    counts = dict(cur.execute(sql_text("store/sql/load/action_counts.sql")).fetchall())
    rejected_lines = cur.execute(sql_text("store/sql/load/rejected_lines.sql"),
                                 params).fetchall()[0][0]
    report.inserted = counts.get("inserted", 0)
    report.updated = counts.get("updated", 0)
    report.unchanged = counts.get("unchanged", 0)
    report.rejected = rejected_lines


def load(con: duckdb.DuckDBPyConnection, paths: list[Path | str], *,
         presets: list[Preset] | None = None, mapping: Preset | None = None,
         options: ImportOptions | None = None, dry_run: bool = False,
         max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
         file_options: dict[str, ImportOptions] | None = None,
         settings: Settings | None = None, prefer: list[str] | None = None,
         origin: str = "file") -> LoadReport:
    """Load files into the store in one transaction and report what happened.

    Exports are detected by header (saved `presets` first) unless a `mapping` is given;
    with `dry_run` everything is checked and counted, then rolled back (a preview).
    `file_options` are choices for single files by file name (a day/month order asked
    about one file must not apply to the others); `options` for every other file.
    `progress` is told what is being done (for a progress bar). FX rates missing once the
    load is in are checked against `settings` (the environment's unless given).
    Where two files hold the same key with different values, the values of the file ranked
    first in `prefer` (file names) are kept and the other file's rows rejected; a conflict
    no preferred file decides stops the load (conflicts.ConflictError, nothing written).
    `origin` says in the load log where the files came from (ORIGINS).
    """
    progress = progress or (lambda message, done: None)
    paths = [Path(p) for p in paths]
    source = ", ".join(str(p) for p in paths)
    warnings: list[str] = []
    with con.cursor() as cur:
        staged, converted, exported, origins = _stage_all(
            cur, paths, warnings, presets or [], mapping, options or ImportOptions(),
            file_options or {}, max_bytes, progress)
        with _WRITING:
            return _write(cur, staged, converted, source, warnings, dry_run, progress,
                          settings or load_settings(), exported, prefer or [], origins,
                          origin)


# One load writes at a time in this process (two sessions of the app may commit at once):
# each takes the next load id and upserts the same keys, which two open transactions would
# do in conflict. Reading and staging the files runs outside it, in parallel.
_WRITING = threading.Lock()


def _write(cur: duckdb.DuckDBPyConnection, staged: list[tuple[Staged, FileReport]],
           converted: list[Converted], source: str,
           warnings: list[str], dry_run: bool, progress: Progress,
           settings: Settings, exported: set[int],
           prefer: list[str], origins: list[Path], origin: str) -> LoadReport:
    """The load's one transaction over the staged files: settle keys the files disagree
    on, merge, record, check the FX rates, commit (or roll back for a preview)."""
    cur.execute("begin transaction")
    try:
        load_id = cur.execute(sql_text("store/sql/load/next_load_id.sql")).fetchall()[0][0]
        cur.execute(sql_text("store/sql/load/create_export_customers.sql"))
        exported = exported or set()
        checked, decided = _conflicts(cur, staged, prefer, origins)
        cleaned = []
        # an export's derived customers last: by then its documents' rejects are known
        order = sorted(range(len(staged)), key=lambda i: staged[i][0].insert_only)
        for n, i in enumerate(order):
            part, report = staged[i]
            progress(f"Checking {part.file_name}: {part.table}", 0.5 + n / len(staged) / 2)
            part.record_read_rejects(cur, load_id)
            cleaned.append(controls.count(cur, part.name, part.file_name, part.table,
                                          part.columns))
            _merge(cur, part, report, load_id, part_no=i, warnings=warnings, origin=origin,
                   checked=checked.get(i), exported=i in exported)
        orphans = cur.execute(upsert.orphans()).df()
        changed = any(r.inserted or r.updated for _, r in staged)
        status = "committed" if changed else "no_change"
        layout = ", ".join(dict.fromkeys(r.layout for _, r in staged))
        _record(cur, load_id, source, layout, status, [r for _, r in staged],
                int(orphans["rows"].sum()), origin)
        rejects = cur.execute(sql_text("store/sql/load/rejects_of_load.sql"),
                              {"load_id": load_id}).df()
        preview = _preview(cur, [p.table for p, _ in staged], load_id)
        missing = fx.missing_in_load(cur, settings=settings)
        cur.execute("rollback" if dry_run else "commit")
    except BaseException:
        cur.execute("rollback")
        raise
    return LoadReport(load_id, source, status, [r for _, r in staged], rejects,
                      orphans[orphans["rows"] > 0].reset_index(drop=True), warnings,
                      _source_table(converted), _tieouts(converted, rejects),
                      committed=not dry_run, preview=preview, missing_rates=missing,
                      fx_warning=fx.message(missing, base_currency=settings.base_currency),
                      conflicts=decided, cleaned=pd.concat(cleaned, ignore_index=True))


def _conflicts(cur: duckdb.DuckDBPyConnection, staged: list[tuple[Staged, FileReport]],
               prefer: list[str], origins: list[Path]) -> tuple[dict[int, str], pd.DataFrame]:
    """Check the rows of every table that several files of the load bring, find the keys
    they hold with different values and settle them by `prefer` (ConflictError when one is
    not settled). Returns the checked table of each such part (by position) for the merge,
    and the conflicts as decided. Rows an export derives (insert_only) never conflict: they
    never replace a row. `origins`: the file each part was read from."""
    parts = list(zip([p.file_name for p, _ in staged], origins, strict=True))
    conflicts.prepare(cur, list(zip(conflicts.labels(parts), origins, strict=True)), prefer)
    by_table: dict[str, list[int]] = {}
    for i, (part, _) in enumerate(staged):
        if not part.insert_only:
            by_table.setdefault(part.table, []).append(i)
    checked: dict[int, str] = {}
    for table, positions in by_table.items():
        if len(positions) < 2:
            continue
        for i in positions:
            part = staged[i][0]
            checked[i] = f"checked_{part.name}"
            cur.execute(f"create or replace temp table {checked[i]} as "
                        + validation.check_select(BY_TABLE[table], part.name, part.columns))
        conflicts.find(cur, table, {i: checked[i] for i in positions})
    return checked, conflicts.resolve(cur)


def _preview(cur: duckdb.DuckDBPyConnection, tables: list[str],
             load_id: int) -> dict[str, pd.DataFrame]:
    """The first rows each table holds from this load, as stored (typed), in file order."""
    return {t: cur.execute(upsert.rows_of_load(BY_TABLE[t]),
                           {"load_id": load_id, "limit": PREVIEW_ROWS}).df()
            for t in dict.fromkeys(tables)}


def _source_table(converted: list[Converted]) -> pd.DataFrame:
    """One row per converted export: layout, confidence, snapshot, header line, date range."""
    rows = []
    for c in converted:
        dates = [v for f in c.tables.values() for col in ("invoice_on", "paid_on", "due_on")
                 if col in f for v in f[col].dropna()
                 if isinstance(v, str) and len(v) == 10 and v[4] == "-"]
        rows.append({"file_name": c.file_name, "layout": c.layout.name,
                     "kind": c.layout.kind, "confidence": c.confidence,
                     "header_line": c.header_line, "snapshot_on": c.snapshot_on,
                     "first_on": min(dates, default=None), "last_on": max(dates, default=None)})
    return pd.DataFrame(rows, columns=["file_name", "layout", "kind", "confidence",
                                       "header_line", "snapshot_on", "first_on", "last_on"])


def _tieouts(converted: list[Converted], rejects: pd.DataFrame) -> pd.DataFrame:
    """Each file's own totals against what loaded (rejected lines left out)."""
    frames = []
    for c in converted:
        if not c.totals:
            continue
        mine = rejects[rejects["file_name"] == c.file_name]["line"] if len(rejects) else []
        frames.append(tie_out(c, {int(v) for v in mine}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _record(cur: duckdb.DuckDBPyConnection, load_id: int, source: str, layout: str,
            status: str, files: list[FileReport], orphans: int, origin: str) -> None:
    totals = {name: sum(getattr(f, name) for f in files) for name in COUNTS}
    cur.execute(sql_text("store/sql/load/insert_load.sql"),
                {"load_id": load_id, "loaded_at": datetime.now(), "source": source,
                 "layout": layout, "status": status, "origin": origin,
                 # one report per file and table: an export feeds several tables
                 "files": len({f.file_name for f in files}),
                 "orphans": orphans, **totals})
    for f in files:
        cur.execute(sql_text("store/sql/load/insert_load_file.sql"),
                    {"load_id": load_id, **vars(f)})
