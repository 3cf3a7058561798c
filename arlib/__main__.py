"""Command line: `python -m arlib import|presets|roster|report|sample|bench ...` (see `-h`)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

import duckdb

from arlib.intake.frames import ImportOptions
from arlib.intake.preset_files import find_preset, preset_files, read_preset, saved_presets
from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError
from arlib.outputs import inbox, report
from arlib.outputs.report_text import load_report_text
from arlib.settings import Settings
from arlib.settings import load as load_settings
from arlib.store import db, facts, fx, loader, roster

# report flags that override a setting: flag destination -> settings field
OVERRIDES = {"window": "dso_window_days", "grace": "promise_grace_days",
             "tolerance": "promise_tolerance", "attribution_days": "attribution_window_days",
             "base": "base_currency", "fx_policy": "fx_policy", "aging_basis": "aging_basis"}


def _held_by_another(exc: Exception) -> bool:
    """Whether opening the database failed on a lock another process holds (DuckDB lets
    one process write a file: most likely the running app)."""
    text = " ".join(str(exc).split())
    return "Could not set lock" in text or "Conflicting lock" in text


def _cannot_open(path: Path, exc: Exception) -> str:
    """Why the database cannot be opened, in one line."""
    text = " ".join(str(exc).split())
    if _held_by_another(exc):
        pid = re.search(r"\(PID (\d+)\)", text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return (f"the database {path} is in use by another program{holder}, most likely the "
                "running app: import on the app's Import page, or stop the app and run the "
                "import again.")
    return f"cannot open the database {path}: {text}"


def _hand_over(args: argparse.Namespace, settings: Settings) -> int:
    """The running app holds the database: place the files in its inbox as one entry and,
    unless --no-wait, wait for its report and exit as if the load had run here."""
    if args.db:  # the inbox of the database named, not the default one's
        settings = settings.model_copy(update={"db_path": Path(args.db)})
    inbox_dir = settings.resolved_inbox_dir()
    options = {"date_order": args.date_order, "snapshot_on": args.snapshot_on,
               "prefer": args.prefer or []}
    mapping = _mapping_file(args.mapping, settings.resolved_presets_dir())
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}. Nothing was handed over.",
              file=sys.stderr)
        return 1
    try:
        name = inbox.hand_over(inbox_dir, list(args.paths), options=options, mapping=mapping)
    except ValueError as exc:
        print(f"error: {exc}. Nothing was handed over.", file=sys.stderr)
        return 1
    print(f"The database is in use by the running app: the files were placed in its inbox "
          f"as {inbox_dir / name}.", file=sys.stderr)
    if args.no_wait:
        print("Not waiting (--no-wait): the app loads them within a few seconds; the report "
              f"will be in {inbox_dir / 'processed'} or {inbox_dir / 'failed'}.")
        return 0
    print(f"Waiting for the app to load them (at most {args.wait_seconds:g} s)…",
          file=sys.stderr)
    found = inbox.wait_for(inbox_dir, name, timeout_seconds=args.wait_seconds)
    if found is None:
        if inbox.withdraw(inbox_dir, name):  # never loaded later on top of newer data
            print(f"error: no report after {args.wait_seconds:g} s: whatever holds the "
                  "database did not take the files from its inbox (is it the app?), so they "
                  "were taken back out: nothing was loaded. Run the import again.",
                  file=sys.stderr)
        else:
            print(f"error: no report after {args.wait_seconds:g} s, but the app has taken the "
                  f"files and is loading them: their report will be in {inbox_dir}/processed "
                  "or /failed.", file=sys.stderr)
        return 3
    summary = json.loads(found.read_text(encoding="utf-8"))
    print(found.with_suffix(".txt").read_text(encoding="utf-8"), end="")
    print(f"Report and files: {found.parent}", file=sys.stderr)
    return int(summary["exit_code"])  # the errors are in the report printed above


def _mapping(given: str | None, folder: Path) -> Preset | None:
    """The preset `--mapping` names: a file path, else a saved preset's name in the presets
    folder; LoadError naming the saved ones when it is neither."""
    path = _mapping_file(given, folder)
    return None if path is None else read_preset(path)


def _mapping_file(given: str | None, folder: Path) -> Path | None:
    """The file of the preset `--mapping` names (see `_mapping`)."""
    if not given:
        return None
    path = Path(given)
    if path.suffix.lower() in (".json", ".toml") and path.is_file():
        return path
    found = find_preset(folder, given)
    if found is not None:
        return found[0]
    if path.is_file():
        return path
    names = ", ".join(f"'{p.name}'" for _, p in preset_files(folder))
    raise LoadError(f"--mapping {given}: neither a preset file nor the name of a saved mapping "
                    f"in {folder} (saved: {names or 'none'}). Give a saved name, a path to "
                    "a JSON or TOML preset, or save one on the Import page.")


def _presets(args: argparse.Namespace) -> int:
    folder = load_settings().resolved_presets_dir()
    found = preset_files(folder)
    if not found:
        print(f"no saved mappings in {folder}")
        return 0
    print(f"{len(found)} saved mapping{'s' if len(found) != 1 else ''} in {folder}:")
    for path, preset in found:
        target = "documents" if preset.target == "documents" else preset.table
        order = f", dates {preset.date_order}" if preset.date_order else ""
        print(f"  {preset.name}  ({target}{order}; file {path.name})")
        print(f"    signature: {', '.join(preset.signature)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = args.db or settings.resolved_db_path()
    existed = Path(path).exists()
    try:
        mapping = _mapping(args.mapping, settings.resolved_presets_dir())
    except LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        con = db.open_database(path)
    except (duckdb.Error, OSError) as exc:
        if _held_by_another(exc) and not args.dry_run:
            return _hand_over(args, settings)
        print(f"error: {_cannot_open(path, exc)}", file=sys.stderr)
        return 2
    options = ImportOptions(date_order=args.date_order, snapshot_on=args.snapshot_on)
    try:
        report = loader.load(con, args.paths, presets=saved_presets(
            settings.resolved_presets_dir()), mapping=mapping, options=options,
            dry_run=args.dry_run, max_bytes=settings.import_max_bytes(), settings=settings,
            prefer=args.prefer or [], origin="command line")
    except LoadError as exc:
        con.close()
        if not existed:  # leave no empty database behind for a load that did not happen
            for leftover in (Path(path), Path(f"{path}.wal")):
                leftover.unlink(missing_ok=True)
        print(f"error: {exc}\nNothing was loaded; the database is unchanged.", file=sys.stderr)
        return 1
    if report.changed and not args.dry_run:
        facts.refresh(con)  # the derived tables, so that the first figures come fast
    con.close()
    if args.dry_run and not existed:
        for leftover in (Path(path), Path(f"{path}.wal")):
            leftover.unlink(missing_ok=True)
    print(load_report_text(report, db_path=str(path)))
    empty = report.empty_files()
    for message in empty:  # a file that loads nothing is a failed import, whatever else did
        print(f"error: {message}", file=sys.stderr)
    return 1 if empty else 0


def _roster(args: argparse.Namespace) -> int:
    path = args.db or load_settings().resolved_db_path()
    rows = None
    if args.file is not None:
        try:
            rows = roster.read_csv(args.file)
        except roster.RosterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        con = db.open_database(path)
    except (duckdb.Error, OSError) as exc:
        print(f"error: {_cannot_open(path, exc)}", file=sys.stderr)
        return 2
    try:
        if rows is not None:
            change = roster.replace(con, rows, changed_by=f"command line: {args.file.name}")
            print(f"{change.text()}, from {args.file}, in {path}")
            for warning in roster.unknown_scopes(con, rows):
                print(f"warning: {warning}", file=sys.stderr)
        listed = roster.entries(con)
    finally:
        con.close()
    if rows is None:
        print(f"{len(listed)} people on the roster of {path}" +
              (":" if len(listed) else " (with sign-in configured, nobody can see anything)"))
        for row in listed.itertuples(index=False):
            scope = row.rep_id if row.role == "rep" else row.team if row.role == "manager" else ""
            print(f"  {row.email}  {roster.ROLES.get(row.role, row.role)}"
                  f"{'  ' + scope if scope else ''}{'' if row.active else '  (inactive)'}")
    return 0


def _report(args: argparse.Namespace) -> int:
    overrides = {field: getattr(args, flag) for flag, field in OVERRIDES.items()
                 if getattr(args, flag) is not None}
    settings = Settings(**{**load_settings().model_dump(), **overrides})
    try:
        if args.db:
            con = db.open_fresh(args.db)
        else:
            con = db.open_database(":memory:")
            loader.load(con, [args.data], settings=settings)
    except (LoadError, OSError, duckdb.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        missing = fx.missing_rates(con, settings=settings, as_of=args.as_of)
        if not missing.empty:  # every figure is in base currency: none can be trusted
            print(f"error: {fx.message(missing, base_currency=settings.base_currency)}",
                  file=sys.stderr)
            return 1
        result = report.build(con, as_of=args.as_of, first_on=args.period_from,
                              settings=settings)
    except duckdb.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(json.dumps(result, indent=2) if args.json else report.text(result))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from arlib.sample import generate  # numpy-heavy; only the sample command needs it

    counts = generate(args.out, customers=args.customers, months=args.months, seed=args.seed,
                      end_on=args.end, reps=args.reps)
    width = max(map(len, counts))
    print(f"Wrote a sample book to {args.out}:")
    for table, rows in counts.items():
        print(f"  {table:<{width}}  {rows:>10,}")
    return 0


FLOOR_LIMIT = 20  # a call should cost at most this many scans of the tables it reads


def _bench(args: argparse.Namespace) -> int:
    from arlib.bench import browser, compare, run, table  # only the bench needs pandas' ref

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    runs = args.runs if args.browser or args.browser_only else 0
    if args.browser_only:
        out = browser.bench(args.invoices, keep=args.keep, seed=args.seed, runs=runs, log=log)
    else:
        out = run.bench(args.invoices, keep=args.keep, seed=args.seed, log=log,
                        browser_runs=runs, with_pandas=not args.no_pandas)
        print(table.text(out))
        for line in table.over_floor(out, FLOOR_LIMIT):
            print(f"slower than {FLOOR_LIMIT}x its scan floor: {line}")
    if "browser" in out:
        print("\n" + browser.text(out["browser"]))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=2, default=str))
        print(f"\nWrote {args.out}")
    problems = [f"{name}: {p['problem']}" for name, p in out.get("pandas", {}).items()
                if name != "frames_load_s" and not p["agree"]]
    if problems:
        raise compare.Mismatch("\n".join(problems))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from arlib.figures.forecast import backtest  # pandas-heavy; only this command needs it
    from arlib.outputs import backtest as backtest_out
    from arlib.store import state

    settings = load_settings()
    try:
        if args.data:
            con = db.open_database(":memory:")
            loader.load(con, args.data, settings=settings)
        else:
            con = db.open_fresh(args.db or settings.resolved_db_path())
    except (LoadError, OSError, duckdb.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        missing = fx.missing_rates(con, settings=settings, as_of=None)
        if not missing.empty:  # the forecasts are in base currency
            print(f"error: {fx.message(missing, base_currency=settings.base_currency)}",
                  file=sys.stderr)
            return 1
        first_on, last_on = state.date_range(con)
        if last_on is None:
            print("error: the database holds no data: import some first", file=sys.stderr)
            return 1
        dates = backtest.as_of_dates(last_on=last_on, first_on=first_on, months=args.months,
                                     every_days=args.every)

        def progress(done: int, total: int) -> None:
            print(f"replayed {done}/{total}", file=sys.stderr, flush=True)

        replayed = backtest.replay(con, dates=dates, settings=settings, progress=progress)
    except duckdb.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    scores = backtest.scores(replayed)
    print(backtest_out.text(scores, dates=dates))
    if dates:
        for path in backtest_out.save(args.out, replayed, scores, dates=dates):
            print(f"Wrote {path}")
    return 0


def _pack(args: argparse.Namespace) -> int:
    from arlib.figures import periods
    from arlib.outputs import pack  # the PDF and chart renderers load only for a pack

    settings = load_settings()
    try:
        if args.data:
            con = db.open_database(":memory:")
            loader.load(con, args.data, settings=settings)
        else:
            path = args.db or settings.resolved_db_path()
            if not Path(path).exists():
                print(f"error: no database at {path}: import some data first, or give --db",
                      file=sys.stderr)
                return 1
            con = db.open_fresh(path)
    except (LoadError, OSError, duckdb.Error) as exc:
        text = " ".join(str(exc).split())
        if "Could not set lock" in text or "Conflicting lock" in text:
            pid = re.search(r"\(PID (\d+)\)", text)
            text = (f"the database {path} is in use by another program"
                    f"{f' (process {pid.group(1)})' if pid else ''}, most likely the running "
                    "app (DuckDB lets one program open a database file): stop the app and run "
                    "the pack again")
        print(f"error: {text}. No pack was written.", file=sys.stderr)
        return 1
    first_on = args.period_from or periods.start_of("quarter", as_of=args.as_of)
    out = args.out or settings.resolved_outbox_dir()
    try:
        paths = pack.write_pack(con, as_of=args.as_of, first_on=first_on, settings=settings,
                                out_dir=out)
    except pack.PackError as exc:
        print(f"error: {exc}. No pack was written.", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"CFO pack as of {args.as_of}, period from {first_on}:")
    for path in paths:
        print(f"  {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m arlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    imp = commands.add_parser("import", help="load canonical files or ERP exports (CSV, TSV, "
                              "XLSX): the layout is detected from the header")
    imp.add_argument("paths", nargs="+", type=Path, help="folders, CSV/TSV files or workbooks")
    imp.add_argument("--db", type=Path, help="database file (default: settings AR_DB_PATH)")
    imp.add_argument("--mapping",
                     help="a saved column mapping to apply to the files: its name (see "
                          "`python -m arlib presets`) or a JSON or TOML preset file")
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="date_order", action="store_const", const="dmy",
                       help="read dates like 03/04/2026 as 3 April")
    order.add_argument("--month-first", dest="date_order", action="store_const", const="mdy",
                       help="read dates like 03/04/2026 as 4 March")
    imp.add_argument("--snapshot-on", type=date.fromisoformat,
                     help="the date of an open-items export that prints no 'As of' date")
    imp.add_argument("--prefer", action="append", metavar="FILE",
                     help="where files of this load hold the same key with different values, "
                          "keep the values of FILE (its name, e.g. b.csv); the other file's "
                          "rows with those keys are rejected and listed. Repeat to rank "
                          "several files, the first named wins. Without it such a conflict "
                          "stops the load: nothing is written and the conflicts are listed")
    imp.add_argument("--dry-run", action="store_true",
                     help="check and count everything, then change nothing (a preview)")
    imp.add_argument("--no-wait", action="store_true",
                     help="when the running app holds the database the files go to its inbox "
                          "(setting AR_INBOX_DIR) and the command waits for the app's report; "
                          "with this flag it returns at once")
    imp.add_argument("--wait-seconds", type=float, default=600,
                     help="how long to wait for the running app's report (default 600)")
    imp.set_defaults(run=_import)

    pre = commands.add_parser("presets", help="list the saved column mappings (name, table, "
                              "file, signature columns)")
    pre.set_defaults(run=_presets)

    ros = commands.add_parser("roster", help="replace the roster of who may sign in (email, "
                              "role, rep_id, team, active) with a CSV file; without a file, "
                              "list it")
    ros.add_argument("file", type=Path, nargs="?",
                     help="CSV with the header email,name,role,rep_id,team,active (roles: "
                          "finance_admin, viewer, manager, rep)")
    ros.add_argument("--db", type=Path, help="database file (default: settings AR_DB_PATH)")
    ros.set_defaults(run=_roster)

    rep = commands.add_parser("report", help="every figure of the metric spec as of a date")
    rep.add_argument("data", type=Path, nargs="?",
                     help="folder of canonical CSVs (loaded into memory); or use --db")
    rep.add_argument("--db", type=Path, help="report on this database file instead")
    rep.add_argument("--as-of", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    rep.add_argument("--from", dest="period_from", type=date.fromisoformat, required=True,
                     help="first day of the period (YYYY-MM-DD)")
    rep.add_argument("--json", action="store_true", help="print one JSON object")
    rep.add_argument("--window", type=int, help="DSO window in days")
    rep.add_argument("--grace", type=int, help="promise grace days")
    rep.add_argument("--tolerance", type=float, help="promise tolerance (share, e.g. 0.02)")
    rep.add_argument("--attribution-days", type=int, help="contact attribution window")
    rep.add_argument("--base", help="base currency (ISO code)")
    rep.add_argument("--fx-policy", choices=["document", "as_of"])
    rep.add_argument("--aging-basis", choices=["due", "invoice"])
    rep.set_defaults(run=_report)

    smp = commands.add_parser("sample", help="write a seeded, true-to-life sample book")
    smp.add_argument("--out", type=Path, required=True, help="folder to write the CSVs to")
    smp.add_argument("--customers", type=int, default=300)
    smp.add_argument("--months", type=int, default=36)
    smp.add_argument("--reps", type=int, default=8)
    smp.add_argument("--seed", type=int, default=42)
    smp.add_argument("--end", type=date.fromisoformat, default=date(2026, 9, 30),
                     help="last day of the book (YYYY-MM-DD)")
    smp.set_defaults(run=_sample)

    bench = commands.add_parser("bench", help="time every page's calls on a generated book of "
                                "N invoices, against scan floors and a pandas reference")
    bench.add_argument("--invoices", type=int, default=1_000_000,
                       help="about how many invoices the book has (default 1,000,000)")
    bench.add_argument("--out", type=Path, help="write every measurement to this JSON file")
    bench.add_argument("--keep", type=Path,
                       help="keep the book and the database in this folder (a book already "
                            "there with the same size is reused)")
    bench.add_argument("--seed", type=int, default=42)
    bench.add_argument("--browser", action="store_true",
                       help="also time every page in headless Chromium (page complete: first "
                            "load, navigation, filter changes, the customer page)")
    bench.add_argument("--browser-only", action="store_true",
                       help="time the pages in the browser only (no call timings, no pandas)")
    bench.add_argument("--no-pandas", action="store_true",
                       help="skip the pandas reference (a book too big to hold as frames)")
    bench.add_argument("--runs", type=int, default=3,
                       help="browser samples of each page and kind (default 3)")
    bench.set_defaults(run=_bench)

    back = commands.add_parser("backtest", help="replay the cash forecast as of past dates "
                               "and score each method against the cash that arrived")
    back.add_argument("data", type=Path, nargs="*",
                      help="folders or files to load into memory (default: the database)")
    back.add_argument("--db", type=Path, help="database file (default: settings AR_DB_PATH)")
    back.add_argument("--months", type=int, default=18,
                      help="how far back the as-of dates go, in months (default 18)")
    back.add_argument("--every", type=int, default=28,
                      help="days between two as-of dates (default 28: four weeks)")
    back.add_argument("--out", type=Path, default=Path("data/backtest"),
                      help="folder for backtest.json and the CSVs (default data/backtest)")
    back.set_defaults(run=_backtest)

    pck = commands.add_parser("pack", help="write the CFO pack as of a date (PDF and XLSX: "
                              "tiles, DSO trend, aging, past-due customers and what changed "
                              "since the last pack, promises, 13-week forecast)")
    pck.add_argument("data", type=Path, nargs="*",
                     help="folders or files to load into memory (default: the database)")
    pck.add_argument("--db", type=Path, help="database file (default: settings AR_DB_PATH)")
    pck.add_argument("--as-of", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    pck.add_argument("--from", dest="period_from", type=date.fromisoformat,
                     help="first day of the period (YYYY-MM-DD; default: the as-of date's "
                          "quarter, as on the Overview)")
    pck.add_argument("--out", type=Path,
                     help="folder to write to (default: settings AR_OUTBOX_DIR, data/outbox)")
    pck.set_defaults(run=_pack)

    args = parser.parse_args(argv)
    if args.command == "report" and not (args.data or args.db):
        parser.error("report needs a DATA folder or --db FILE")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
