"""Browser tier: `streamlit run app.py` on a free port and Debian's Chromium via Playwright.

Run with `pytest -m e2e`. Without Chromium the tests skip with the reason, except under CI
(`CI` set), where `.ci/run` installs it and a missing browser is a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, ROOT, build_store

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium package")
    pytest.skip("no Chromium found (apt-get install -y chromium); browser tests skipped")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at the machine's Chromium."""
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_ARGS}


HOSTILE_NOTE = ["N9", "C1", "<b>Mallory</b>", "2024-12-03 09:00",
                "<script>alert('xss')</script> **urgent** <img src=x onerror=alert(2)>"]


def _book(folder: Path) -> Path:
    """The golden book plus one note full of markup (which must print as plain text)."""
    folder.mkdir(exist_ok=True)
    for source in GOLDEN.glob("*.csv"):
        shutil.copy(source, folder / source.name)
    with (folder / "notes.csv").open("a", newline="") as fh:
        csv.writer(fh).writerow(HOSTILE_NOTE)
    return folder


STREAMLIT_OPTIONS = ["--server.headless=true", "--server.address=127.0.0.1",
                     "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]


@contextmanager
def serving(env: dict[str, str], log: Path,
            command: tuple[str, ...] = (sys.executable, "-m", "streamlit", "run", "app.py")
            ) -> Iterator[str]:
    """The app served on a free localhost port (its URL) by `command` plus the options,
    with `env`; its output goes to `log` (a pipe nobody reads could fill and stall it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # a page reruns by itself on a newer load only where a test asks (AR_REFRESH_SECONDS):
    # elsewhere such a run could land between a test's step and its check
    env = {"AR_REFRESH_SECONDS": "0", **env}
    with log.open("wb") as out:
        proc = subprocess.Popen([*command, f"--server.port={port}", *STREAMLIT_OPTIONS],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health") as answer:
                        if answer.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.25)
            else:
                pytest.fail("the app did not start:\n" + log.read_text())
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The app served on localhost from a new database holding the golden book (as the
    sample: AR_SAMPLE_DIR names its folder)."""
    _chromium()
    book = _book(tmp_path_factory.mktemp("book") / "golden")
    path = tmp_path_factory.mktemp("db") / "ar.duckdb"
    build_store(path, book)  # a database away from the default starts empty
    env = {**os.environ, "AR_DB_PATH": str(path), "AR_SAMPLE_DIR": str(book)}
    with serving(env, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def wait_for_app(page) -> None:
    """Wait until the script run is over (the attribute Streamlit's own e2e tests use) and
    the page's last element has been drawn (a run started by URL-bound widgets first shows
    placeholders)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stHeading']",
                           timeout=30_000)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    for i in range(charts.count()):
        charts.nth(i).locator("svg.marks, canvas.marks").first.wait_for(timeout=30_000)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for a reviewer to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
