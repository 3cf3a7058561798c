"""The inbox (issue 22, points 1, 2 and 4): complete files only, one load per entry in turn,
processed/ or failed/ beside a report, a stop mid-load never loads twice, and the command line
hands its files to the app that holds the database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from arlib.outputs import inbox
from arlib.settings import Settings
from arlib.store import db, loader, state
from tests.conftest import GOLDEN, ROOT

BAD = "customer_id,name\n,No id\n"  # every row rejected: a file that brings nothing


@pytest.fixture
def box(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def store(tmp_path):
    con = db.open_database(tmp_path / "ar.duckdb")
    yield con
    con.close()


def _settings(tmp_path) -> Settings:
    return Settings(db_path=tmp_path / "ar.duckdb", presets_dir=tmp_path / "presets",
                    inbox_dir=tmp_path / "inbox")


def _age(path: Path, seconds: float) -> None:
    """Make a file (and a folder's files) look written `seconds` ago."""
    when = time.time() - seconds
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(p, (when, when))


def _counts(con) -> tuple[int, int]:
    return (len(state.loads(con)),
            con.execute("select count(*) from raw_invoices").fetchone()[0])


def test_only_complete_entries_are_taken(box):
    watcher = inbox.Watcher(box, settle_seconds=5)
    done, growing, young = box / "done.csv", box / "growing.csv", box / "young.csv"
    for path in (done, growing, young):
        path.write_text("a,b\n1,2\n")
    (box / "half.csv.part").write_text("a,b\n")
    (box / ".hidden.csv").write_text("a,b\n")
    _age(done, 60), _age(growing, 60), _age(box / "half.csv.part", 60)
    now = time.time()
    assert watcher.ready(now=now) == []  # a first look only records what it saw
    with growing.open("a") as f:
        f.write("3,4\n")
    _age(growing, 60)  # same age, other size: still being written
    # young is 3 s old (under 5: left alone), growing changed size since the first look
    assert watcher.ready(now=now + 3) == [done]
    assert set(watcher.ready(now=now + 6)) == {done, growing, young}


def test_a_dropped_book_is_loaded_and_filed_with_its_report(box, store, tmp_path):
    shutil.copytree(GOLDEN, box / "q4")
    _age(box / "q4", 60)
    watcher = inbox.Watcher(box, settle_seconds=5)
    assert inbox.step(store, watcher, settings=_settings(tmp_path)) == []
    [outcome] = inbox.step(store, watcher, settings=_settings(tmp_path))
    assert (outcome.entry, outcome.status, outcome.exit_code, outcome.load_id) == (
        "q4", "loaded", 0, 1)
    filed = outcome.report.with_name(outcome.report.name.removesuffix(".report.json"))
    assert outcome.report.parent == box / "processed" and filed.is_dir()
    assert sorted(p.name for p in (filed / "q4").iterdir()) == sorted(
        p.name for p in GOLDEN.iterdir())
    assert not any(box.glob("*.csv")) and not any((box / "processing").iterdir())
    summary = json.loads(outcome.report.read_text())
    assert summary["status"] == "loaded" and summary["count_rejects"] == 0
    text = outcome.report.with_suffix(".txt").read_text()
    assert text.startswith("Load 1 into ")
    loads = state.loads(store)
    assert loads[["load_id", "origin", "status"]].values.tolist() == [[1, "inbox", "committed"]]
    # the same rows as the golden book loaded directly (a second method)
    direct = db.open_database(":memory:")
    loader.load(direct, [GOLDEN])
    for table in ("raw_invoices", "raw_payments", "raw_promises"):
        assert store.execute(f"select count(*) from {table}").fetchone() == \
            direct.execute(f"select count(*) from {table}").fetchone()


def test_a_bad_file_lands_in_failed_with_its_reasons_and_changes_nothing(box, store,
                                                                          tmp_path):
    loader.load(store, [GOLDEN])
    before = _counts(store)
    (box / "customers.csv").write_text(BAD)
    (box / "unreadable.xlsx").write_bytes(b"not a workbook")
    _age(box / "customers.csv", 60), _age(box / "unreadable.xlsx", 60)
    watcher = inbox.Watcher(box, settle_seconds=5)
    watcher.ready()
    outcomes = inbox.step(store, watcher, settings=_settings(tmp_path))
    assert [(o.entry, o.exit_code) for o in outcomes] == [("customers.csv", 1),
                                                          ("unreadable.xlsx", 1)]
    assert all(o.report.parent == box / "failed" for o in outcomes)
    empty, unreadable = (json.loads(o.report.read_text()) for o in outcomes)
    assert "customers.csv" in empty["errors"][0] and empty["count_rejects"] == 1
    assert unreadable["status"] == "failed" and unreadable["load_id"] is None
    assert "Nothing was loaded; the database is unchanged." in unreadable["message"]
    assert _counts(store)[1] == before[1]  # no invoice row came or went
    assert state.loads(store).status.tolist()[:1] == ["no_change"]


def test_two_entries_at_once_load_one_after_the_other(box, store, tmp_path):
    for name in ("b_first", "a_second"):  # oldest first, whatever the names
        shutil.copytree(GOLDEN, box / name)
    _age(box / "b_first", 120), _age(box / "a_second", 60)
    watcher = inbox.Watcher(box, settle_seconds=5)
    watcher.ready()
    outcomes = inbox.step(store, watcher, settings=_settings(tmp_path))
    assert [(o.entry, o.load_id) for o in outcomes] == [("b_first", 1), ("a_second", 2)]
    assert state.loads(store).status.tolist() == ["no_change", "committed"]


def test_a_stop_mid_load_never_loads_twice(box, store, tmp_path):
    cfg = _settings(tmp_path)
    for name in ("committed", "claimed"):
        shutil.copytree(GOLDEN, box / name)
    # the app stopped after the load of one entry committed, before it was filed...
    work = inbox._claim(box / "committed")
    loader.load(store, [work / "committed"], origin="inbox")
    # ...and after another was claimed, before its load began
    inbox._claim(box / "claimed")
    outcomes = inbox.recover(store, box, settings=cfg)
    assert [(o.entry, o.load_id, o.exit_code) for o in outcomes] == [
        ("committed", 1, 0), ("claimed", 2, 0)]
    assert "not loaded again" in outcomes[0].message
    assert len(state.loads(store)) == 2
    assert inbox.recover(store, box, settings=cfg) == []  # nothing left to finish


def test_files_waiting_at_a_restart_are_loaded_once(box, store, tmp_path):
    shutil.copytree(GOLDEN, box / "night")
    _age(box / "night", 60)
    for _ in range(2):  # two app starts: each its own watcher
        watcher = inbox.Watcher(box, settle_seconds=5)
        watcher.ready()
        inbox.step(store, watcher, settings=_settings(tmp_path))
    assert len(state.loads(store)) == 1


def _serve_inbox(path: Path, box: Path, stop: threading.Event) -> None:
    """What the running app does: hold the database and load the inbox."""
    con = db.open_database(path)
    cfg = Settings(db_path=path, inbox_dir=box, presets_dir=path.parent / "presets")
    watcher = inbox.Watcher(box, settle_seconds=0)
    try:
        while not stop.is_set():
            inbox.step(con, watcher, settings=cfg)
            time.sleep(0.2)
    finally:
        con.close()


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "arlib", "import", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_hands_its_files_to_the_app_and_reports_as_if_it_loaded(tmp_path):
    path, box = tmp_path / "ar.duckdb", tmp_path / "inbox"
    db.open_database(path).close()
    stop = threading.Event()
    # another process must hold the lock: DuckDB shares one instance within a process
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(path))
        env = {**os.environ, "AR_DB_PATH": str(path), "AR_INBOX_DIR": str(box)}
        handed = _cli(str(GOLDEN), "--no-wait", env=env)
        assert handed.returncode == 0, handed.stderr
        assert "placed in its inbox" in handed.stderr
        [entry] = inbox.waiting(box)
        assert entry.name.startswith("cli-") and (entry / GOLDEN.name).is_dir()
    finally:
        holder.kill()
        holder.wait()
    shutil.rmtree(entry)
    # nobody takes the files from the inbox: after the wait they are taken back out
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        late = _cli(str(GOLDEN), "--wait-seconds", "1", env=env)
        assert late.returncode == 3 and "taken back out: nothing was loaded" in late.stderr
        assert inbox.waiting(box) == []
    finally:
        holder.kill()
        holder.wait()
    # now the "app" (a thread of this test process) holds it and loads its inbox
    server = threading.Thread(target=_serve_inbox, args=(path, box, stop), daemon=True)
    server.start()
    try:
        time.sleep(0.5)
        done = _cli(str(GOLDEN), env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Load 1 into ") and "data changed" in done.stdout
        bad = tmp_path / "customers.csv"
        bad.write_text(BAD)
        failed = _cli(str(bad), env=env)
        assert failed.returncode == 1 and "customers.csv" in failed.stdout
    finally:
        stop.set()
        server.join(timeout=30)


def test_an_unexpected_error_files_the_entry_as_failed(box, store, tmp_path, monkeypatch):
    shutil.copytree(GOLDEN, box / "odd")

    def broken(*args, **kwargs):
        raise KeyError("column")

    monkeypatch.setattr(inbox.loader, "load", broken)
    outcome = inbox.process(store, box / "odd", settings=_settings(tmp_path))
    assert (outcome.status, outcome.exit_code, outcome.report.parent.name) == (
        "failed", 1, "failed")
    assert "KeyError" in outcome.message and "Nothing was loaded" in outcome.message
    assert state.loads(store).empty


def test_a_stop_while_filing_puts_the_reports_beside_their_entry(box, store, tmp_path):
    shutil.copytree(GOLDEN, box / "q4")
    outcome = inbox.process(store, box / "q4", settings=_settings(tmp_path))
    # as if the app stopped after moving the entry, before moving its reports
    for report in list((box / "processed").glob("*.report.*")):
        report.rename(box / "processing" / report.name)
    assert inbox.recover(store, box, settings=_settings(tmp_path)) == []
    assert outcome.report.exists() and outcome.report.with_suffix(".txt").exists()
    assert not any((box / "processing").iterdir())
    assert len(state.loads(store)) == 1


def test_a_committed_load_of_an_empty_file_is_recovered_as_failed(box, store, tmp_path):
    (box / "customers.csv").write_text(BAD)
    work = inbox._claim(box / "customers.csv")
    loader.load(store, [work / "customers.csv"], origin="inbox")  # then the app stopped
    [outcome] = inbox.recover(store, box, settings=_settings(tmp_path))
    assert (outcome.exit_code, outcome.report.parent.name) == (1, "failed")
    assert "1 of its files brought no row" in outcome.message


def test_a_hand_over_of_two_files_of_one_name_is_refused(box, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "invoices.csv").write_text("x\n")
    with pytest.raises(ValueError, match="same name"):
        inbox.hand_over(box, [tmp_path / "a" / "invoices.csv", tmp_path / "b" / "invoices.csv"])
    assert inbox.waiting(box) == [] and not list(box.glob(".*"))
