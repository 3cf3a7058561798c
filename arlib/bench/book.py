"""The benchmark's book: the sample generator scaled to N invoices, imported in a child process
(so that its peak memory, DuckDB's included, is the child's own high-water mark)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

MONTHS = 36
# 10,000 customers over 36 months give 1,004,957 invoices with the default seed (the generator
# gives about 100.5 per customer; 100 makes 1,000,000 requested invoices 10,000 customers)
INVOICES_PER_CUSTOMER = 100
META = "bench_book.json"


def scale(invoices: int) -> dict[str, int]:
    """Generator arguments for about `invoices` invoices: 60 reps per 10,000 customers."""
    customers = max(10, round(invoices / INVOICES_PER_CUSTOMER))
    return {"customers": customers, "months": MONTHS, "reps": max(8, round(customers * 0.006))}


def make(book_dir: Path, invoices: int, seed: int) -> dict:
    """Write the book to `book_dir` (or reuse one written there with the same arguments);
    returns the arguments, the rows per table and the seconds it took."""
    args = {**scale(invoices), "seed": seed}
    meta = book_dir / META
    if meta.exists():
        kept = json.loads(meta.read_text())
        if kept["args"] == args:
            return {**kept, "reused": True}
    from arlib.sample import generate  # numpy-heavy; only needed to write a new book

    start = time.perf_counter()
    rows = generate(book_dir, **args)
    made = {"args": args, "rows": rows, "generate_s": time.perf_counter() - start}
    meta.write_text(json.dumps(made, indent=2))
    return {**made, "reused": False}


def load(book_dir: Path, db_path: Path) -> dict:
    """Import the book's canonical CSVs into a new database file in a child process; returns
    its step timings and peak resident memory."""
    for old in (db_path, Path(f"{db_path}.wal")):
        old.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "arlib.bench.book", str(book_dir),
                           str(db_path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the import failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(book_dir: str, db_path: str) -> None:
    """Import the book (load, then the derived fact tables) and print one JSON line: seconds
    per step and peak RSS in bytes."""
    from arlib.store import db, facts, loader

    start = time.perf_counter()
    con = db.open_database(db_path)
    # the generated book's files are as big as the book (AR_IMPORT_MAX_MB is for uploads)
    report = loader.load(con, [Path(book_dir)], max_bytes=1 << 60)
    loaded = time.perf_counter()
    facts.refresh(con)  # as `python -m arlib import` does after a load
    derived = time.perf_counter()
    con.close()
    closed = time.perf_counter()
    print(json.dumps({
        "load_s": loaded - start, "facts_s": derived - loaded, "close_s": closed - derived,
        "total_s": closed - start,
        "rejected": report.total("rejected"),
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    _child(*sys.argv[1:3])
