"""An import killed at any moment leaves the store as it was before the load or as it is
after it, never in between, and running the import again completes it (issue 8, item 4).

A store holding a first load (sample_data/) takes a second, large canonical book (the sample
generator at about 50,000 invoices: new rows and replaced ones) through `python -m arlib
import` in a subprocess, which is killed with SIGKILL at points spread over the import's
duration (measured on a copy). Each time the reopened store must equal, table by table (row
count and a sum of row hashes), the store before the load or the store after it, both made
on copies; its figures must be those of that state; and a second run of the import must
end on the state after the load.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from arlib import settings
from arlib.figures import overview
from arlib.store import db
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SAMPLE = ROOT / "sample_data"
KILLS = 5
# clock stamps of when the work ran, which a second run writes anew
STAMPS = {"loads": ["loaded_at"], "facts_state": ["built_at"]}
AS_OF = date(2026, 9, 30)
LOG = ("loads", "load_files", "load_rejects")


def _import(book: Path, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "arlib", "import", str(book), "--db",
                             str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> None:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, f"the import failed ({proc.returncode}):\n{out}\n{err}"


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [t for (t,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and not temporary "
        "order by table_name").fetchall()]


def _state(path: Path, *, changes_only: bool = False) -> dict[str, tuple]:
    """Every table of the store: row count and the sum of its row hashes (clock stamps left
    out), after opening the file as DuckDB does after a crash (the WAL replayed).

    With `changes_only`, the load log keeps only the loads that changed data (loading the
    same book again records a load that changed nothing)."""
    con = duckdb.connect(str(path))
    try:
        state = {}
        for table in _tables(con):
            skip = STAMPS.get(table)
            columns = f"columns(* exclude ({', '.join(skip)}))" if skip else "columns(*)"
            where = ""
            if changes_only and table in LOG:
                where = (" where load_id in (select load_id from loads "
                         "where status = 'committed')")
            state[table] = con.execute(
                f"select count(*), sum(hash({columns})) from {table}{where}").fetchone()
        return state
    finally:
        con.close()


def _record(state: dict[str, tuple]) -> dict[str, tuple]:
    """The tables of record (raw data and the load log); the others are derived from them
    and rebuilt when stale."""
    return {t: v for t, v in state.items()
            if t.startswith("raw_") or t in LOG}


def _figures(path: Path) -> dict:
    """The headline figures as the app reads them (derived tables brought up to date)."""
    con = db.open_database(path)
    try:
        return overview.headline(con, as_of=AS_OF, settings=settings.load()).to_dict()
    finally:
        con.close()


def _copy(source: Path, target: Path) -> Path:
    for suffix in ("", ".wal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
        if source.with_name(source.name + suffix).exists():
            shutil.copy(source.with_name(source.name + suffix),
                        target.with_name(target.name + suffix))
    return target


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The large book, a store holding the first load, the states before and after the
    second load, and how long that load takes in a subprocess."""
    from arlib.sample import generate

    work = tmp_path_factory.mktemp("crash")
    book = work / "book"
    counts = generate(book, customers=500, months=36, seed=7)
    assert counts["invoices"] > 45_000
    base = work / "base.duckdb"
    _finish(_import(SAMPLE, base))
    before = {"state": _state(base)}
    after_path = _copy(base, work / "after.duckdb")
    started = time.monotonic()
    _finish(_import(book, after_path))
    seconds = time.monotonic() - started
    before["figures"] = _figures(_copy(base, work / "before_figures.duckdb"))
    after = {"figures": _figures(after_path)}
    after["state"] = _state(after_path)
    assert _record(before["state"]) != _record(after["state"])
    assert before["figures"] != after["figures"]
    return {"work": work, "book": book, "base": base, "before": before, "after": after,
            "seconds": seconds}


def test_an_import_killed_at_any_point_leaves_before_or_after_and_a_rerun_completes_it(
        stores):
    seed = int(os.environ.get("AR_CRASH_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    span = stores["seconds"]
    # one kill in each of the first fifths of the import's duration (python's start-up
    # included), the last one about when it ends: the commit comes late in the run (the
    # derived tables are built inside the transaction), so a last kill anywhere in the final
    # fifth could still find every run before it, as one CI run did
    delays = [span * (i + rng.random()) / KILLS for i in range(KILLS - 1)]
    delays.append(span * rng.uniform(0.95, 1.15))
    outcomes = []
    for n, delay in enumerate(delays):
        path = _copy(stores["base"], stores["work"] / f"killed_{n}.duckdb")
        proc = _import(stores["book"], path)
        time.sleep(delay)
        alive = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        where = f"kill {n} at {delay:.2f} s of {span:.2f} s (seed {seed})"

        state = _state(path)
        record = _record(state)
        if record == _record(stores["before"]["state"]):
            found = "before"
        elif record == _record(stores["after"]["state"]):
            found = "after"
        else:
            differ = sorted(t for t in record
                            if record[t] not in (_record(stores["before"]["state"]).get(t),
                                                 _record(stores["after"]["state"]).get(t)))
            pytest.fail(f"{where}: the store is neither before nor after the load; "
                        f"tables {differ} hold something else")
        assert _figures(path) == stores[found]["figures"], where
        assert _state(path) == stores[found]["state"], where  # derived tables brought along
        outcomes.append((round(delay, 2), alive, found))

        _finish(_import(stores["book"], path))  # the import again: it completes the load
        assert _figures(path) == stores["after"]["figures"], f"{where}, then again"
        assert _state(path, changes_only=True) == stores["after"]["state"], (
            f"{where}, then the import again")

    print(f"\nimport {span:.1f} s; kills (delay, still running, state found): {outcomes}")
    assert sum(alive for _, alive, _ in outcomes) >= KILLS // 2, (
        f"most kills came after the import had ended: {outcomes}")
    # the kills gave both states: some came before the commit, some after it (one kill in
    # each fifth of the run: start-up and reading, the transaction, the derived tables)
    assert {found for _, _, found in outcomes} == {"before", "after"}, outcomes
