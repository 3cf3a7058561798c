"""`streamlit run app.py`, plus a thread that imports files into the app's database on request.

Used by test_concurrency.py to commit a load while sessions read. DuckDB lets one process open
a database file for writing, so an import concurrent with the app must run inside the app's
process, on the app's database instance, as the Import page's commit does: `duckdb.connect`
on the same path in the same process returns a connection to the instance the app opened, and
`arlib.loader.load` runs its one transaction there. The app itself is unchanged.

    python tests/e2e/serve_with_import.py REQUEST_DIR [streamlit run options ...]

The test writes REQUEST_DIR/request.json, {"paths": [...], "running": N}, to a temporary
name and renames it. The thread then waits until N script runs are in progress at once (at
most 60 s), so that the load commits while sessions are computing; loads the files; and
writes REQUEST_DIR/done.json (load id, status, script runs in progress and ended since the
request when the load began, and the runs in progress both before and after the load), or
REQUEST_DIR/failed.txt with the error.
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


def _serve_imports(folder: Path) -> None:
    request = folder / "request.json"
    while not request.exists():
        time.sleep(0.02)
    try:
        import duckdb

        from arlib import loader

        asked = json.loads(request.read_text())
        deadline, seen = time.monotonic() + 60, _runs_in_progress()
        while time.monotonic() < deadline:
            running = _runs_in_progress()
            seen |= running
            if len(running) >= asked["running"]:
                break
            time.sleep(0.002)
        ended, running = len(seen - running), len(running)
        at_start = _runs_in_progress()
        con = duckdb.connect(os.environ["AR_DB_PATH"])  # the app's instance: same process
        try:
            report = loader.load(con, asked["paths"])
        finally:
            con.close()
        across = len(at_start & _runs_in_progress())  # runs that went on through the load
        answer = folder / "done.json"
        text = json.dumps({"load_id": report.load_id, "status": report.status,
                           "runs_ended": ended, "runs_in_progress": running,
                           "runs_across_the_load": across})
    except Exception:
        answer, text = folder / "failed.txt", traceback.format_exc()
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
