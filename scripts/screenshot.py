"""Screenshot app pages in headless Chromium: `python scripts/screenshot.py [--width 1280]`.

Starts `streamlit run app.py` on a free port against a fresh database (holding `--book` when
given, e.g. `--book sample_data`; else empty, as a new database starts), opens each
page and writes PNGs (default: docs/).
A page may carry URL parameters (`--pages "customer?customer=C1&customer_as_of=2024-12-31"`).
`--documents C1` also writes that customer's printable statement and brief (as of
`--as-of`, default the book's last day) and their pictures. Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
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


def _load(db_path: Path, book: Path | None, customers: list[str], as_of: date | None,
          out: Path) -> list[Path]:
    """Load `book` into a new database at `db_path` and write the statement and the brief of
    each customer (HTML, in `out`); returns the files written."""
    if book is None:
        return []
    sys.path.insert(0, str(ROOT))  # run as a script: the library is beside this folder
    from arlib import settings
    from arlib.figures import customers as figures
    from arlib.outputs import documents
    from arlib.store import db, loader, state

    cfg = settings.load()
    con = db.open_database(db_path)
    try:
        loader.load(con, [book])
        day = as_of or state.date_range(con)[1]
        written = []
        for customer_id in customers:
            profile = figures.profile(con, customer_id=customer_id, as_of=day, settings=cfg)
            for kind, render in (("statement", documents.statement_html),
                                 ("brief", documents.brief_html)):
                target = out / f"{kind}_{customer_id}_{day:%Y%m%d}.html"
                target.write_text(render(profile, as_of=day, currency=cfg.base_currency))
                written.append(target)
        return written
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900, help="viewport height in pixels")
    parser.add_argument("--pages", nargs="*", default=["overview"])
    parser.add_argument("--book", type=Path, help="a folder of files to load first")
    parser.add_argument("--documents", nargs="*", default=[], metavar="CUSTOMER_ID")
    parser.add_argument("--as-of", type=date.fromisoformat, help="date of the documents")
    args = parser.parse_args()
    port = _free_port()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "ar.duckdb"
        documents = _load(db_path, args.book, args.documents, args.as_of, args.out)
        proc = serve(db_path, port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                for name in args.pages:
                    page.goto(f"http://127.0.0.1:{port}/{'' if name == 'overview' else name}")
                    page.wait_for_selector("[data-testid='stApp'][data-test-script-state="
                                           "'notRunning']", timeout=60_000)
                    page.wait_for_function(  # the run has drawn every element
                        "!document.querySelector(\"[data-testid='stSkeleton']\")",
                        timeout=60_000)
                    if page.locator("[data-testid='stVegaLiteChart']").count():
                        page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas",
                                               timeout=30_000)
                    # let the charts and the tables (canvases drawn after the run) finish
                    time.sleep(5.0 if page.locator("[data-testid='stDataFrame']").count()
                               else 1.5)
                    target = args.out / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"wrote {target}")
                for html_file in documents:
                    page.goto(html_file.resolve().as_uri())
                    target = html_file.with_suffix(".png")
                    page.screenshot(path=str(target), full_page=True)
                    print(f"wrote {target}")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
