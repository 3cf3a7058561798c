"""`streamlit run app.py`, plus a thread that imports files into the app's database on request.

Used by test_concurrency.py to commit a load while sessions read. DuckDB lets one process open
a database file for writing, so an import concurrent with the app must run inside the app's
process, on the app's database instance, as the Import page's commit does: `duckdb.connect`
on the same path in the same process returns a connection to the instance the app opened, and
`arlib.store.loader.load` runs its one transaction there. The app's code is unchanged.

    python tests/e2e/serve_with_import.py REQUEST_DIR [streamlit run options ...]

The test writes REQUEST_DIR/request.json, {"paths": [...], "running": N}, to a temporary
name and renames it. From then on, a gate holds each call of the Overview's tiles and the
customer profile at its start, so that those script runs have drawn part of their page (the
sidebar, from the state before) and wait to compute their figures. Once N calls wait (at most
60 s), the thread loads the files, then opens the gate: the waiting runs compute on the state
after the load, which is the mix the app must never show. It writes REQUEST_DIR/done.json
(load id, status, calls held, script runs in progress when the load began and those still
in progress after it), or REQUEST_DIR/failed.txt with the error. Timing alone would not do:
on a fast or a busy machine the runs may all end before, or all begin after, the commit.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path


def _runs_in_progress() -> set[threading.Thread]:
    # Streamlit runs each session's script on a thread of this name, which ends with the run
    return {t for t in threading.enumerate() if t.name == "ScriptRunner.scriptThread"}


class Gate:
    """Holds the wrapped calls at their start while closed; counts the calls it held."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.held = 0
        self._count = threading.Lock()

    def wrap(self, fn):
        def held_until_open(*args, **kwargs):
            if not self.open.is_set():
                with self._count:
                    self.held += 1
                self.open.wait(120)
            return fn(*args, **kwargs)
        return held_until_open


def _serve_imports(folder: Path) -> None:
    request = folder / "request.json"
    while not request.exists():
        time.sleep(0.02)
    gate = Gate()
    try:
        import duckdb

        from arlib.figures import customers, overview
        from arlib.store import loader

        gate.open.clear()  # ui.data calls them through the modules: the wrappers are seen
        overview.tiles, customers.profile = gate.wrap(overview.tiles), gate.wrap(
            customers.profile)
        asked = json.loads(request.read_text())
        deadline = time.monotonic() + 60
        while gate.held < asked["running"] and time.monotonic() < deadline:
            time.sleep(0.01)
        at_start = _runs_in_progress()
        con = duckdb.connect(os.environ["AR_DB_PATH"])  # the app's instance: same process
        try:
            report = loader.load(con, asked["paths"])
        finally:
            con.close()
        across = len(at_start & _runs_in_progress())  # runs that went on through the load
        answer = folder / "done.json"
        text = json.dumps({"load_id": report.load_id, "status": report.status,
                           "calls_held": gate.held, "runs_in_progress": len(at_start),
                           "runs_across_the_load": across})
    except Exception:
        answer, text = folder / "failed.txt", traceback.format_exc()
    finally:
        gate.open.set()
    answer.with_suffix(".tmp").write_text(text)
    answer.with_suffix(".tmp").rename(answer)


def main() -> int:
    folder, options = Path(sys.argv[1]), sys.argv[2:]
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # arlib, as for app.py
    threading.Thread(target=_serve_imports, args=(folder,), daemon=True,
                     name="test-import").start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
