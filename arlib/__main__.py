"""Command line: `python -m arlib import PATH... [--db FILE]`, `python -m arlib sample ...`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from arlib import db, loader
from arlib.reading import LoadError
from arlib.report_text import load_report_text
from arlib.settings import load as load_settings


def _import(args: argparse.Namespace) -> int:
    path = args.db or load_settings().resolved_db_path()
    try:
        con = db.open_database(path)
    except Exception as exc:  # duckdb raises IOException when another process holds the file
        print(f"error: cannot open the database {path}: {exc}", file=sys.stderr)
        return 2
    try:
        report = loader.load(con, args.paths)
    except LoadError as exc:
        print(f"error: {exc}\nNothing was loaded; the database is unchanged.", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(load_report_text(report, db_path=str(path)))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from arlib.sample import generate  # numpy-heavy; only the sample command needs it

    counts = generate(args.out, customers=args.customers, months=args.months, seed=args.seed,
                      end_on=args.end)
    width = max(map(len, counts))
    print(f"Wrote a sample book to {args.out}:")
    for table, rows in counts.items():
        print(f"  {table:<{width}}  {rows:>10,}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m arlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    imp = commands.add_parser("import", help="load canonical CSV folders/files or XLSX workbooks")
    imp.add_argument("paths", nargs="+", type=Path, help="folders, CSV files or XLSX workbooks")
    imp.add_argument("--db", type=Path, help="database file (default: settings AR_DB_PATH)")
    imp.set_defaults(run=_import)

    smp = commands.add_parser("sample", help="write a seeded, true-to-life sample book")
    smp.add_argument("--out", type=Path, required=True, help="folder to write the CSVs to")
    smp.add_argument("--customers", type=int, default=300)
    smp.add_argument("--months", type=int, default=36)
    smp.add_argument("--seed", type=int, default=42)
    smp.add_argument("--end", type=date.fromisoformat, default=date(2026, 9, 30),
                     help="last day of the book (YYYY-MM-DD)")
    smp.set_defaults(run=_sample)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
