"""The inbox: files a scheduled export writes into a folder (setting `inbox_dir`), loaded by
the running app one load at a time under the rules of any import, then moved to processed/
or failed/ inside the inbox beside their report (text and JSON). Kept with the outputs since
each load leaves a written report (arlib.outputs.report_text).

An entry is a file or a folder dropped into the inbox; one entry is one load (a folder: all
its files together, like the command line's folder argument). Its life:

1. waiting: in the inbox itself; left alone while its name starts with a dot or ends with a
   partial suffix (PARTIAL), or while its size or time changed since the previous look, or
   it is younger than `inbox_settle_seconds` (`Watcher`);
2. claimed: moved (a rename) into processing/STAMP-NAME/, so no other look takes it again;
3. loaded: `loader.load` in one transaction, the load log naming its origin 'inbox';
4. filed: its report written beside it, then moved to processed/ (loaded, nothing to fix) or
   failed/ (nothing loaded, or a file that brought no row).

A stop between 2 and 4 leaves the entry in processing/: `recover` files it without loading
again when the load log already holds a load of its files, else loads it (never twice).
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from arlib.intake.frames import ImportOptions
from arlib.intake.preset_files import read_preset, saved_presets
from arlib.intake.reading import LoadError
from arlib.outputs import pack_schedule
from arlib.outputs.report_text import load_report_text
from arlib.settings import Settings
from arlib.store import audit, facts, loader, state

PROCESSING, PROCESSED, FAILED = "processing", "processed", "failed"
PARTIAL = (".part", ".partial", ".tmp", ".crdownload", ".download")
OPTIONS = ".import.json"  # a handed-over folder's import options (date order, mapping…)
MAPPING = ".mapping"  # a handed-over folder's mapping file: .mapping.json or .mapping.toml
MAX_REJECTS = 1_000  # rejects listed in the JSON report; the text report and count say all
WHO = "inbox"  # who the audit trail names for a load of the inbox
LOG = logging.getLogger("arlib.inbox")
_WORKERS: dict[Path, threading.Thread] = {}  # this process's worker per inbox folder
_STARTING = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    """What became of one entry: loaded or failed, the load, one line, its report files."""

    entry: str
    status: str  # "loaded" (a load ran; data may be unchanged) or "failed" (nothing loaded)
    exit_code: int  # 0: nothing to fix; 1: failed, or a file that brought no row
    load_id: int | None
    message: str
    report: Path  # the JSON report; the text report is beside it (.report.txt)


def waiting(inbox: Path) -> list[Path]:
    """The entries dropped into the inbox and not yet claimed, oldest first: hidden and
    partial names and the work folders left out (an entry taken meanwhile is skipped)."""
    if not inbox.is_dir():
        return []
    found = []
    for path in inbox.iterdir():
        if (path.name in (PROCESSING, PROCESSED, FAILED) or path.name.startswith(".")
                or path.name.lower().endswith(PARTIAL)):
            continue
        try:
            found.append((path.stat().st_mtime_ns, path.name, path))
        except FileNotFoundError:  # claimed or deleted between the listing and the look
            continue
    return [path for _, _, path in sorted(found)]


def signature(entry: Path) -> tuple[tuple[str, int, int], ...]:
    """What must stay the same between two looks at an entry: each of its files' relative
    name, size in bytes and modification time in ns (the entry's own for a folder)."""
    files = [entry] if entry.is_file() else [entry, *sorted(entry.rglob("*"))]
    return tuple((str(f.relative_to(entry.parent)), f.stat().st_size if f.is_file() else -1,
                  f.stat().st_mtime_ns) for f in files if f.exists())


class Watcher:
    """Tells which entries of an inbox are complete: seen with the same signature at the
    previous look, and at least `settle_seconds` old."""

    def __init__(self, inbox: Path, *, settle_seconds: float) -> None:
        self.inbox, self.settle = inbox, settle_seconds
        self.seen: dict[Path, tuple] = {}

    def ready(self, *, now: float | None = None) -> list[Path]:
        """The complete entries at this look, oldest first (a first look finds none)."""
        now = time.time() if now is None else now
        current = {}
        for entry in waiting(self.inbox):
            try:
                current[entry] = signature(entry)
            except FileNotFoundError:  # moved or deleted while looked at
                continue
        complete = [e for e, sig in current.items()
                    if self.seen.get(e) == sig and sig
                    and now - max(t for _, _, t in sig) / 1e9 >= self.settle]
        self.seen = current
        return complete


def process(con: duckdb.DuckDBPyConnection, entry: Path, *, settings: Settings) -> Outcome:
    """Claim one complete entry of the inbox, load it, file it beside its report."""
    return _load(con, _claim(entry), settings)


def recover(con: duckdb.DuckDBPyConnection, inbox: Path, *,
            settings: Settings) -> list[Outcome]:
    """Finish the entries a stop left in processing/: filed as they ended when their report
    was written, filed as loaded (not loaded again) when the load log holds a load of their
    files, else loaded now."""
    folder = inbox / PROCESSING
    if not folder.is_dir():
        return []
    _reports_after_their_entries(folder)
    out = []
    for work in sorted(p for p in folder.iterdir() if p.is_dir()):
        try:
            finished = _finish(con, work, settings)
        except Exception:  # one entry that cannot be finished must not hold up the others
            LOG.exception("inbox: %s could not be finished; it stays in %s", work.name, folder)
            continue
        if finished is not None:
            out.append(finished)
    return out


def _reports_after_their_entries(folder: Path) -> None:
    """Reports a stop left in processing/ after their entry was filed: moved beside it."""
    for report in sorted(folder.glob("*.report.*")):
        name = report.name.split(".report.")[0]
        for where in (PROCESSED, FAILED):
            if (folder.parent / where / name).is_dir():
                report.rename(folder.parent / where / report.name)
                break


def _finish(con: duckdb.DuckDBPyConnection, work: Path, settings: Settings) -> Outcome | None:
    """One entry a stop left in processing/, finished (None: nothing was in it)."""
    written = _report_path(work)
    if written.exists():  # its report was written: filed as it ended
        return _file(work, json.loads(written.read_text(encoding="utf-8")))
    if not any(work.iterdir()):  # stopped between making the folder and the move
        work.rmdir()
        return None
    done = state.loads_from(con, path=f"{work}/")
    if done.empty:
        return _load(con, work, settings)
    last = done.iloc[-1]
    load_id, empty = int(last.load_id), int(last.count_empty_files)
    message = (f"load {load_id} committed it before the app stopped; not loaded again"
               + (f"; {empty} of its files brought no row (see the Import page's load "
                  f"{load_id})" if empty else ""))
    summary = _summary(work, status="loaded", exit_code=1 if empty else 0, load_id=load_id,
                       message=message, errors=[message] if empty else [])
    return _write_and_file(work, summary, message + "\n")


def step(con: duckdb.DuckDBPyConnection, watcher: Watcher, *, settings: Settings,
         on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """One look at the inbox: every complete entry loaded in turn, oldest first."""
    out = []
    for entry in watcher.ready():
        try:
            outcome = process(con, entry, settings=settings)
        except FileNotFoundError:  # taken away between the look and the claim
            continue
        out.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return out


def serve(con: duckdb.DuckDBPyConnection, *, settings: Settings) -> threading.Thread:
    """This process's worker for the settings' inbox, started on the first call: a thread
    that finishes what a stop left half done, then looks into the inbox every
    `inbox_poll_seconds` until the process ends, and writes the CFO pack when its schedule
    says (`pack_schedule`). Each load is in the audit trail (WHO)."""
    box = settings.resolved_inbox_dir()
    with _STARTING:
        running = _WORKERS.get(box)
        if running is None or not running.is_alive():
            running = threading.Thread(target=_watch, args=(con, settings), daemon=True,
                                       name=f"inbox {box}")
            running.start()
            _WORKERS[box] = running
    return running


def _recorded(con: duckdb.DuckDBPyConnection, outcome: Outcome) -> None:
    where = f"load {outcome.load_id}" if outcome.load_id is not None else "nothing loaded"
    audit.record(con, email=WHO, action="import",
                 detail=f"{where} ({outcome.status}): {outcome.entry}")
    LOG.info("inbox: %s: %s (%s)", outcome.entry, outcome.message, outcome.report)


def _watch(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    box = settings.resolved_inbox_dir()
    box.mkdir(parents=True, exist_ok=True)
    watcher = Watcher(box, settle_seconds=settings.inbox_settle_seconds)
    scheduled = pack_schedule.Scheduled()
    try:
        for outcome in recover(con, box, settings=settings):
            _recorded(con, outcome)
    except Exception:  # a thread that died would leave the inbox unread until a restart
        LOG.exception("inbox: finishing the entries of %s failed", box / PROCESSING)
    while True:
        try:
            step(con, watcher, settings=settings, on_outcome=lambda o: _recorded(con, o))
        except Exception:
            LOG.exception("inbox: a look into %s failed", box)
        try:  # after the loads of this look: a pack due now reports the newest data
            scheduled.run_if_due(con, settings=settings)
        except Exception:
            LOG.exception("pack: the scheduled pack failed")
        time.sleep(settings.inbox_poll_seconds)


def _claim(entry: Path) -> Path:
    """Move the entry into processing/STAMP-NAME/ (one rename: no other look can take it)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    work = entry.parent / PROCESSING / f"{stamp}-{entry.name}"
    work.mkdir(parents=True)
    entry.rename(work / entry.name)
    return work


def _entry_name(work: Path) -> str:
    return work.name.split("-", 1)[1]


def _report_path(work: Path) -> Path:
    return work.with_name(f"{work.name}.report.json")


def _paths(entry: Path) -> list[Path]:
    """What one load of the entry reads: a file or folder as dropped (a folder's files
    together, as the command line reads a folder), or what a hand-over placed in its folder."""
    if (entry / OPTIONS).is_file():
        return sorted(p for p in entry.iterdir() if not p.name.startswith("."))
    return [entry]


def _options(entry: Path) -> dict:
    """The import options of a handed-over folder (OPTIONS, MAPPING files), else none."""
    given = entry / OPTIONS
    raw = json.loads(given.read_text(encoding="utf-8")) if given.is_file() else {}
    mapping = next((p for p in sorted(entry.glob(f"{MAPPING}.*")) if p.is_file()), None)
    snapshot = raw.get("snapshot_on")
    return {"options": ImportOptions(date_order=raw.get("date_order"),
                                     snapshot_on=date.fromisoformat(snapshot) if snapshot
                                     else None),
            "prefer": list(raw.get("prefer") or []),
            "mapping": read_preset(mapping) if mapping is not None else None}


def _load(con: duckdb.DuckDBPyConnection, work: Path, settings: Settings) -> Outcome:
    """Load the claimed entry's files in one load and file it with its report."""
    entry = work / _entry_name(work)
    db_path = str(settings.resolved_db_path())
    try:
        chosen = _options(entry)
        report = loader.load(con, _paths(entry),
                             presets=saved_presets(settings.resolved_presets_dir()),
                             max_bytes=settings.import_max_bytes(), settings=settings,
                             origin="inbox", **chosen)
    except Exception as exc:  # the load's one transaction rolled back: nothing was written
        reason = (str(exc) if isinstance(exc, (LoadError, ValueError, OSError)) else
                  f"the files could not be loaded ({type(exc).__name__}: {exc}).")
        message = f"{reason} Nothing was loaded; the database is unchanged."
        summary = _summary(work, status="failed", exit_code=1, load_id=None, message=message,
                           errors=[reason])
        return _write_and_file(work, summary, f"error: {message}\n")
    if report.changed:
        try:
            facts.refresh(con)  # the derived tables, so that the first figures come fast
        except Exception:  # committed all the same: the next figure rebuilds them
            LOG.exception("inbox: the derived tables after load %s", report.load_id)
    empty = report.empty_files()
    summary = _summary(work, status="loaded", exit_code=1 if empty else 0,
                       load_id=report.load_id, message=report.outcome(), errors=empty,
                       report=report)
    text = load_report_text(report, db_path=db_path) + "".join(
        f"\nerror: {m}" for m in empty) + "\n"
    return _write_and_file(work, summary, text)


def _summary(work: Path, *, status: str, exit_code: int, load_id: int | None, message: str,
             errors: list[str] | None = None, report: loader.LoadReport | None = None) -> dict:
    """The JSON report of one entry."""
    summary = {"entry": _entry_name(work), "status": status, "exit_code": exit_code,
               "load_id": load_id, "message": message, "errors": errors or [],
               "finished_at": datetime.now().isoformat(timespec="seconds")}
    if report is not None:
        rejects = report.rejects
        summary.update({
            "changed": report.changed, "files": [asdict(f) for f in report.files],
            "count_rejects": len(rejects),
            "rejects": rejects.head(MAX_REJECTS).astype(str).to_dict("records"),
            "warnings": list(report.warnings), "fx_warning": report.fx_warning})
    return summary


def _write_and_file(work: Path, summary: dict, text: str) -> Outcome:
    """Write the reports beside the claimed entry, then file both (the report first: a stop
    in between leaves an entry `recover` files as it ended)."""
    _report_path(work).with_suffix(".txt").write_text(text, encoding="utf-8")
    _report_path(work).write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return _file(work, summary)


def _file(work: Path, summary: dict) -> Outcome:
    """Move a claimed entry, then its reports, to processed/ or failed/ (a stop in between
    leaves reports in processing/ that `recover` moves beside their entry)."""
    where = work.parent.parent / (PROCESSED if summary["exit_code"] == 0 else FAILED)
    where.mkdir(exist_ok=True)
    report = where / _report_path(work).name
    sources = (_report_path(work).with_suffix(".txt"), _report_path(work))
    work.rename(where / work.name)
    for source in sources:
        if source.exists():
            source.rename(where / source.name)
    return Outcome(entry=summary["entry"], status=summary["status"],
                   exit_code=summary["exit_code"], load_id=summary["load_id"],
                   message=summary["message"], report=report)


def filed(inbox: Path, *, count: int = 20) -> list[dict]:
    """The latest `count` entries filed in processed/ or failed/, newest first: each one's
    JSON report (entry, status, exit code, load, message, errors, when) with `report_text`
    (the text report) and `folder` (where the entry and its reports are)."""
    reports = [p for where in (PROCESSED, FAILED) for p in (inbox / where).glob("*.report.json")]
    out = []
    for path in sorted(reports, key=lambda p: p.name, reverse=True)[:count]:
        summary = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt")
        out.append({**summary, "folder": str(path.parent),
                    "report_text": text.read_text(encoding="utf-8") if text.exists() else ""})
    return out


def hand_over(inbox: Path, paths: list[Path], *, options: dict | None = None,
              mapping: Path | None = None) -> str:
    """Copy files (and folders) into the inbox as one entry for the running app to load; the
    entry's name, by which `wait_for` finds its report. Written under a hidden name, then
    renamed, so the app never sees half of it."""
    names = [p.name for p in paths]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:  # one folder holds them: the second would overwrite the first
        raise ValueError(f"two of the files have the same name ({', '.join(twice)}): the "
                         "running app's inbox takes one file per name; rename one, or load "
                         "them one after the other")
    name = f"cli-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    inbox.mkdir(parents=True, exist_ok=True)
    part = inbox / f".{name}.part"
    part.mkdir()
    for path in paths:
        if path.is_dir():
            shutil.copytree(path, part / path.name)
        else:
            shutil.copy2(path, part / path.name)
    # always written: it marks the folder as a hand-over, whose contents are the load's paths
    (part / OPTIONS).write_text(json.dumps(options or {}, default=str), encoding="utf-8")
    if mapping is not None:
        shutil.copy2(mapping, part / f"{MAPPING}{mapping.suffix.lower()}")
    part.rename(inbox / name)
    return name


def withdraw(inbox: Path, name: str) -> bool:
    """Take a handed-over entry back out of the inbox, unless the app has claimed it
    already; whether it was withdrawn."""
    entry = inbox / name
    hidden = inbox / f".{name}.withdrawn"
    try:
        entry.rename(hidden)  # one rename: the app either claimed it first or never will
    except FileNotFoundError:
        return False
    shutil.rmtree(hidden)
    return True


def wait_for(inbox: Path, name: str, *, timeout_seconds: float,
             poll_seconds: float = 0.5) -> Path | None:
    """The JSON report of the entry `name` once the app filed it (the text report is beside
    it, `.report.txt`), None after the timeout."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        for where in (PROCESSED, FAILED):
            found = sorted((inbox / where).glob(f"*-{name}.report.json"))
            if found:
                return found[-1]
        if time.monotonic() >= deadline:
            return None
        time.sleep(poll_seconds)
