"""Where a script run's time goes, written when the `run_log` setting names a file: one JSON
line per run with the page and the seconds of each phase (read by the browser bench)."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager

from arlib import settings

_run = threading.local()  # a session's runs happen one at a time on its own thread
_write = threading.Lock()  # runs of many sessions append to one file


def start() -> None:
    """Begin timing this script run (app.py, first thing)."""
    _run.started, _run.phases = time.perf_counter(), {}


@contextmanager
def phase(name: str):
    """Add the seconds spent inside the block to this run's phase `name`."""
    began = time.perf_counter()
    try:
        yield
    finally:
        phases = getattr(_run, "phases", None)
        if phases is not None:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - began


def finish(page: str | None) -> None:
    """Append this run's line to the run log, when one is configured."""
    path = settings.load().run_log
    phases = getattr(_run, "phases", None)
    if path is None or phases is None:
        return
    line = {"at": time.time(), "page": page or "",
            "run_s": time.perf_counter() - _run.started, **{f"{k}_s": v
                                                           for k, v in phases.items()}}
    with _write, open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
    _run.phases = None
