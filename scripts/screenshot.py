"""Screenshot app pages in headless Chromium: `python scripts/screenshot.py [--width 1280]`.

Starts `streamlit run app.py` on a free port against a fresh database built from the sample
data, opens each page and writes PNGs (default: docs/). Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_path: Path, port: int) -> subprocess.Popen:
    """Start the app on localhost and wait until it answers its health check."""
    env = {**os.environ, "AR_DB_PATH": str(db_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                if r.read() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the app did not start:\n" + proc.stdout.read().decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900, help="viewport height in pixels")
    parser.add_argument("--pages", nargs="*", default=["overview"])
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = serve(Path(tmp) / "ar.duckdb", port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                for name in args.pages:
                    page.goto(f"http://127.0.0.1:{port}/{'' if name == 'overview' else name}")
                    page.wait_for_selector("[data-testid='stApp'][data-test-script-state="
                                           "'notRunning']", timeout=60_000)
                    page.wait_for_selector("[data-testid='stPlotlyChart']", timeout=30_000)
                    time.sleep(1.0)  # let plotly finish its first draw before the picture
                    target = args.out / f"{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"wrote {target}")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
