"""Canonical import: a folder of CSVs or one XLSX workbook into the store, all or nothing.

Files are read into temporary tables first (a file that cannot be read stops the load before
anything is written); then one transaction checks every row set-based, merges good rows by
key, records rejects, orphans and the load itself, and commits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from arlib import upsert, validation
from arlib.db import sql_text
from arlib.models import BY_TABLE
from arlib.reading import LoadError, Staged, stage_csv, stage_workbook

COUNTS = ("rows_read", "inserted", "updated", "unchanged", "rejected")


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
    """The outcome of one load: per-file counts, every reject with its reason, orphans."""

    load_id: int
    source: str
    status: str
    files: list[FileReport]
    rejects: pd.DataFrame
    orphans: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        """Sum of one count (rows_read, inserted, updated, unchanged, rejected) over files."""
        return sum(getattr(f, name) for f in self.files)

    @property
    def changed(self) -> bool:
        return self.status == "committed"

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


def _sources(paths: list[Path], warnings: list[str]) -> list[tuple[Path, str | None]]:
    """(file, table) pairs to read: a CSV names its table, a workbook (None) has sheets."""
    out: list[tuple[Path, str | None]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
            for p in found:
                if p.suffix.lower() == ".xlsx":
                    out.append((p, None))
                elif p.stem.lower() in BY_TABLE:
                    out.append((p, p.stem.lower()))
                else:
                    warnings.append(f"{p.name}: ignored, not a canonical table name")
        elif not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            out.append((path, None))
        elif path.suffix.lower() in (".csv", ".txt") and path.stem.lower() in BY_TABLE:
            out.append((path, path.stem.lower()))
        else:
            raise LoadError(f"{path.name}: not a canonical file; name a CSV after its table "
                            f"({', '.join(BY_TABLE)}) or give an XLSX workbook")
    if not out:
        raise LoadError("no canonical tables found in " + ", ".join(map(str, paths)))
    return out


def _stage_all(cur: duckdb.DuckDBPyConnection, paths: list[Path],
               warnings: list[str]) -> list[tuple[Staged, FileReport]]:
    staged = []
    for path, table in _sources(paths, warnings):
        digest, size = _sha256(path), path.stat().st_size
        parts = ([stage_csv(cur, path, table, len(staged))] if table else
                 stage_workbook(cur, path, len(staged)))
        for part in parts:
            warnings.extend(part.warnings)
            staged.append((part, FileReport(part.file_name, part.table, "canonical", size,
                                            digest, rows_read=part.rows_read)))
    return staged


def _merge(cur: duckdb.DuckDBPyConnection, part: Staged, report: FileReport,
           load_id: int) -> None:
    """Check one staged file, record its rejects, merge its good rows; fills the counts."""
    model = BY_TABLE[part.table]
    cur.execute("create or replace temp table checked_rows as "
                + validation.check_select(model, part.name, part.columns))
    cur.execute("create or replace temp table classified_rows as "
                + upsert.classify(model, "checked_rows"))
    params = {"load_id": load_id, "file_name": part.file_name, "table_name": part.table}
    cur.execute(sql_text("load/insert_check_rejects.sql"), params)
    cur.execute(upsert.insert_duplicate_rejects(model, "classified_rows"), params)
    cur.execute(upsert.delete_replaced(model, "classified_rows"))
    cur.execute(upsert.insert_new(model, "classified_rows"), {"load_id": load_id})
    counts = dict(cur.execute(sql_text("load/action_counts.sql")).fetchall())
    rejected_lines = cur.execute(sql_text("load/rejected_lines.sql"), params).fetchall()[0][0]
    report.inserted = counts.get("inserted", 0)
    report.updated = counts.get("updated", 0)
    report.unchanged = counts.get("unchanged", 0)
    report.rejected = rejected_lines


def load(con: duckdb.DuckDBPyConnection, paths: list[Path | str]) -> LoadReport:
    """Load canonical files into the store in one transaction and report what happened."""
    paths = [Path(p) for p in paths]
    source = ", ".join(str(p) for p in paths)
    warnings: list[str] = []
    with con.cursor() as cur:
        staged = _stage_all(cur, paths, warnings)
        cur.execute("begin transaction")
        try:
            load_id = cur.execute(sql_text("load/next_load_id.sql")).fetchall()[0][0]
            for part, report in staged:
                part.record_read_rejects(cur, load_id)
                _merge(cur, part, report, load_id)
            orphans = cur.execute(upsert.orphans()).df()
            changed = any(r.inserted or r.updated for _, r in staged)
            status = "committed" if changed else "no_change"
            _record(cur, load_id, source, status, [r for _, r in staged],
                    int(orphans["rows"].sum()))
            rejects = cur.execute(sql_text("load/rejects_of_load.sql"),
                                  {"load_id": load_id}).df()
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
    return LoadReport(load_id, source, status, [r for _, r in staged], rejects,
                      orphans[orphans["rows"] > 0].reset_index(drop=True), warnings)


def _record(cur: duckdb.DuckDBPyConnection, load_id: int, source: str, status: str,
            files: list[FileReport], orphans: int) -> None:
    totals = {name: sum(getattr(f, name) for f in files) for name in COUNTS}
    cur.execute(sql_text("load/insert_load.sql"),
                {"load_id": load_id, "loaded_at": datetime.now(), "source": source,
                 "layout": "canonical", "status": status, "files": len(files),
                 "orphans": orphans, **totals})
    for f in files:
        cur.execute(sql_text("load/insert_load_file.sql"),
                    {"load_id": load_id, **vars(f)})
