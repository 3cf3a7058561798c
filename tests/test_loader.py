"""The canonical import: counts, idempotence, upsert, rejects with their lines, unreadable files,
all-or-nothing, the load log, orphans, XLSX workbooks, NULL key parts and the command line.

Expected figures come from the golden CSV files read with the standard library, or are written
out by hand; none is copied from arlib's output.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from arlib.__main__ import main as cli_main
from arlib.intake.reading import LoadError
from arlib.store import db, loader
from tests.cells import expected_value
from tests.conftest import GOLDEN

ROOT = Path(__file__).resolve().parent.parent

# Row counts of the golden book (given with the book; checked against the files below).
EXPECTED_COUNTS = {"customers": 4, "reps": 3, "rep_absences": 1, "invoices": 10, "payments": 5,
                   "contacts": 12, "promises": 8, "disputes": 2, "notes": 3, "people": 4,
                   "fx_rates": 1}
TABLES = (*EXPECTED_COUNTS, "holidays")



# ---------------------------------------------------------------- helpers


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[list[str]] | list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return path


def rows_of(con, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def snapshot(con) -> dict[str, Any]:
    """Every table and view of the store with all its rows: what 'unchanged' has to mean."""
    tables = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where not temporary order by 1").fetchall()]
    views = [r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal and not temporary "
        "order by 1").fetchall()]
    content = {t: con.execute(f'select * from "{t}" order by all').fetchall() for t in tables}
    return {"tables": tables, "views": views, "rows": content}


def by_table(report: loader.LoadReport) -> dict[str, dict[str, int]]:
    return {r["table_name"]: {k: int(v) for k, v in r.items() if k != "table_name"}
            for r in report.by_table().to_dict("records")}


def rejects(report: loader.LoadReport) -> list[tuple]:
    return [(r["file_name"], r["line"], r["column_name"], r["value"], r["reason"])
            for r in report.rejects.to_dict("records")]


@pytest.fixture
def con():
    con = db.open_database(":memory:")
    yield con
    con.close()


@pytest.fixture(scope="module")
def golden_template(tmp_path_factory):
    """A closed database file holding one golden load (load 1), made once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "golden.duckdb"
    con = db.open_database(path)
    report = loader.load(con, [GOLDEN])
    con.close()
    assert report.total("rejected") == 0 and not path.with_name(path.name + ".wal").exists()
    return path


@pytest.fixture
def golden_file_db(golden_template, tmp_path):
    """A database file in tmp_path that already holds the golden load (as load 1)."""
    path = tmp_path / "store" / "ar.duckdb"
    path.parent.mkdir()
    shutil.copyfile(golden_template, path)
    con = db.open_database(path)
    yield path, con
    con.close()


@pytest.fixture
def golden_store(golden_file_db):
    """A store holding the golden load, for tests that go on loading."""
    return golden_file_db[1]


# ---------------------------------------------------------------- golden load


def test_golden_files_hold_the_expected_row_counts():
    counts = {p.stem: len(read_csv(p)[1]) for p in GOLDEN.glob("*.csv")}
    assert counts == EXPECTED_COUNTS
    assert not (GOLDEN / "holidays.csv").exists()


def test_golden_load_counts_rows_per_table_with_no_rejects_or_orphans(con):
    report = loader.load(con, [GOLDEN])
    assert report.status == "committed"
    assert report.load_id == 1
    assert by_table(report) == {
        t: {"rows_read": n, "inserted": n, "updated": 0, "unchanged": 0, "rejected": 0}
        for t, n in EXPECTED_COUNTS.items()}
    assert report.rejects.empty
    assert report.orphans.empty
    stored = {t: con.execute(f"select count(*) from raw_{t}").fetchall()[0][0] for t in TABLES}
    assert stored == {**EXPECTED_COUNTS, "holidays": 0}
    assert con.execute("select count(*) from load_rejects").fetchall() == [(0,)]
    assert con.execute("select orphans, rejected from loads").fetchall() == [(0, 0)]


def test_golden_references_all_resolve_in_the_files_themselves():
    """The golden book has no orphans: checked on the CSVs, independently of the loader."""
    ids = {t: read_csv(GOLDEN / f"{t}.csv")[1] for t in EXPECTED_COUNTS}
    customers = {r["customer_id"] for r in ids["customers"]}
    reps = {r["rep_id"] for r in ids["reps"]}
    invoices = {r["invoice_id"] for r in ids["invoices"]}
    for table in ("invoices", "payments", "contacts", "promises", "disputes", "notes", "people"):
        assert {r["customer_id"] for r in ids[table]} <= customers, table
    for table in ("contacts", "promises", "rep_absences"):
        assert {r["rep_id"] for r in ids[table]} <= reps, table
    for table in ("payments", "promises", "disputes"):
        assert {r["invoice_id"] for r in ids[table]} - {""} <= invoices, table


def test_golden_stored_rows_equal_the_csv_rows_with_their_lines(golden_store):
    con = golden_store
    for table in EXPECTED_COUNTS:
        header, rows = read_csv(GOLDEN / f"{table}.csv")
        stored = rows_of(con, f"select * exclude (_load_id) from raw_{table}")
        columns = [c for c in stored[0] if c != "_line"]
        want = sorted(({c: expected_value(c, row.get(c, "")) for c in columns} | {"_line": line}
                       for line, row in enumerate(rows, start=2)), key=repr)
        assert sorted(stored, key=repr) == want, table
        assert set(header) <= set(columns), table


def test_reload_of_the_same_folder_is_a_no_op(golden_store):
    con = golden_store
    before = {t: con.execute(f"select * from raw_{t} order by all").fetchall() for t in TABLES}
    report = loader.load(con, [GOLDEN])
    after = {t: con.execute(f"select * from raw_{t} order by all").fetchall() for t in TABLES}
    assert report.status == "no_change"
    assert (report.total("inserted"), report.total("updated")) == (0, 0)
    assert report.total("unchanged") == sum(EXPECTED_COUNTS.values()) == 53
    assert {t: c["unchanged"] for t, c in by_table(report).items()} == EXPECTED_COUNTS
    assert after == before
    assert {r[0] for t in TABLES for r in con.execute(f"select _load_id from raw_{t}")
            .fetchall()} == {1}
    assert con.execute("select load_id, status from loads order by 1").fetchall() == \
        [(1, "committed"), (2, "no_change")]


def test_changed_row_and_new_row_are_upserted(golden_store, tmp_path):
    con = golden_store
    header, rows = read_csv(GOLDEN / "invoices.csv")
    changed = [dict(r, amount="5100.00") if r["invoice_id"] == "I102" else r for r in rows]
    new = {"invoice_id": "I105", "customer_id": "C1", "doc_type": "invoice",
           "invoice_on": "2024-12-30", "due_on": "2025-01-29", "amount": "750.25",
           "currency": "USD", "reference": "PO-5700"}
    report = loader.load(con, [write_csv(tmp_path / "invoices.csv", header, [*changed, new])])
    assert report.status == "committed"
    assert by_table(report) == {"invoices": {"rows_read": 11, "inserted": 1, "updated": 1,
                                             "unchanged": 9, "rejected": 0}}
    stored = {r["invoice_id"]: r for r in rows_of(con, "select * from raw_invoices")}
    assert len(stored) == 11
    assert (stored["I102"]["amount"], stored["I102"]["_load_id"]) == (Decimal("5100.00"), 2)
    assert (stored["I105"]["amount"], stored["I105"]["_load_id"]) == (Decimal("750.25"), 2)
    assert stored["I105"]["due_on"] == date(2025, 1, 29)
    assert {k for k, r in stored.items() if r["_load_id"] == 1} == \
        {r["invoice_id"] for r in rows} - {"I102"}


def test_latest_load_wins_when_an_older_file_comes_back(golden_store, tmp_path):
    header, rows = read_csv(GOLDEN / "invoices.csv")
    con = golden_store
    changed = [dict(r, amount="5100.00") if r["invoice_id"] == "I102" else r for r in rows]
    loader.load(con, [write_csv(tmp_path / "new" / "invoices.csv", header, changed)])
    report = loader.load(con, [GOLDEN / "invoices.csv"])
    assert by_table(report)["invoices"]["updated"] == 1
    assert con.execute("select amount, _load_id from raw_invoices where invoice_id = 'I102'")\
        .fetchall() == [(Decimal("5000.00"), 3)]


# ---------------------------------------------------------------- rejects and lines


def test_bad_row_is_rejected_with_file_line_column_reason_and_good_rows_load(con, tmp_path):
    header = ["invoice_id", "customer_id", "invoice_on", "due_on", "amount"]
    path = write_csv(tmp_path / "invoices.csv", header, [
        ["I1", "C1", "2024-01-01", "2024-01-31", "100.00"],
        ["I2", "C1", "2024-01-02", "2024-13-01", "200.00"],
        ["I3", "C1", "2024-01-03", "2024-02-02", "300.00"],
    ])
    report = loader.load(con, [path])
    assert rejects(report) == [
        ("invoices.csv", 3, "due_on", "2024-13-01", "is not a date (expected YYYY-MM-DD)")]
    assert by_table(report)["invoices"] == {"rows_read": 3, "inserted": 2, "updated": 0,
                                            "unchanged": 0, "rejected": 1}
    assert con.execute("select invoice_id, amount, _line from raw_invoices order by 1")\
        .fetchall() == [("I1", Decimal("100.00"), 2), ("I3", Decimal("300.00"), 4)]
    assert con.execute("select load_id, file_name, table_name, line, column_name, value "
                       "from load_rejects").fetchall() == \
        [(1, "invoices.csv", "invoices", 3, "due_on", "2024-13-01")]


def test_row_with_several_problems_reports_each_and_counts_once(con, tmp_path):
    header = ["payment_id", "customer_id", "paid_on", "amount", "currency"]
    path = write_csv(tmp_path / "payments.csv", header, [["P1", "", "01/02/2024", "-5", "usd"]])
    report = loader.load(con, [path])
    assert sorted((r[2], r[3]) for r in rejects(report)) == [
        ("amount", "-5"), ("currency", "usd"), ("customer_id", ""), ("paid_on", "01/02/2024")]
    assert {r[1] for r in rejects(report)} == {2}
    assert report.total("rejected") == 1


REPS = "rep_id,name,team,start_on,end_on\n"


def test_row_with_too_many_columns_is_rejected_and_later_rows_keep_their_lines(con, tmp_path):
    path = tmp_path / "reps.csv"
    path.write_text(REPS + "R1,Ana,East,,\n"          # line 2
                           "R2,Ben,West,,,extra\n"    # line 3: six cells
                           "R3,Cara,East,,\n"         # line 4
                           "R4,Dan,East,2024-02-30,\n"  # line 5: bad date
                           "R5,Eve,West,,\n")         # line 6
    report = loader.load(con, [path])
    found = rejects(report)
    assert [(f, line, col, value) for f, line, col, value, _ in found] == [
        ("reps.csv", 3, "", "R2,Ben,West,,,extra"),
        ("reps.csv", 5, "start_on", "2024-02-30")]
    assert re.search(r"too many columns", found[0][4], re.I)
    assert con.execute("select rep_id, _line from raw_reps order by 1").fetchall() == \
        [("R1", 2), ("R3", 4), ("R5", 6)]
    assert by_table(report)["reps"] == {"rows_read": 5, "inserted": 3, "updated": 0,
                                        "unchanged": 0, "rejected": 2}


def test_blank_line_does_not_shift_line_numbers(con, tmp_path):
    path = tmp_path / "reps.csv"
    path.write_text(REPS + "R1,Ana,East,,\n\nR3,Cara,East,,\nR4,Dan,East,2024-02-30,\n")
    report = loader.load(con, [path])
    assert [(line, col) for _, line, col, _, _ in rejects(report)] == [(5, "start_on")]
    assert con.execute("select rep_id, _line from raw_reps order by 1").fetchall() == \
        [("R1", 2), ("R3", 4)]


def test_duplicate_key_in_one_file_keeps_the_first_and_rejects_the_later(con, tmp_path):
    path = tmp_path / "reps.csv"
    path.write_text(REPS + "R1,Ana,East,,\nR2,Ben,West,,\nR1,Anna,North,,\n")
    report = loader.load(con, [path])
    found = rejects(report)
    assert [(f, line, col, value) for f, line, col, value, _ in found] == \
        [("reps.csv", 4, "rep_id", "R1")]
    assert "line 2" in found[0][4]
    assert con.execute("select rep_id, name, team, _line from raw_reps order by 1").fetchall() \
        == [("R1", "Ana", "East", 2), ("R2", "Ben", "West", 3)]
    assert by_table(report)["reps"] == {"rows_read": 3, "inserted": 2, "updated": 0,
                                        "unchanged": 0, "rejected": 1}


# ---------------------------------------------------------------- unreadable input


def _garbage(folder: Path) -> list[Path]:
    path = folder / "invoices.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(128, 256)) * 4)
    return [path]


def _empty(folder: Path) -> list[Path]:
    path = folder / "payments.csv"
    path.write_bytes(b"")
    return [path]


def _missing_column(folder: Path) -> list[Path]:
    return [write_csv(folder / "contacts.csv", ["contact_id", "customer_id", "rep_id",
                                                "contact_at"], [["K99", "C1", "R1", "2024-12-30"]])]


def _no_canonical_file(folder: Path) -> list[Path]:
    (folder / "readme.txt").write_text("invoices are in the ERP\n")
    write_csv(folder / "summary.csv", ["total"], [["100"]])
    return [folder]


def _missing_path(folder: Path) -> list[Path]:
    return [folder / "nowhere"]


def _broken_workbook(folder: Path) -> list[Path]:
    path = folder / "book.xlsx"
    path.write_text("this is not a zip file")
    return [path]


UNREADABLE: dict[str, tuple[Callable[[Path], list[Path]], str]] = {
    "binary-garbage": (_garbage, r"invoices\.csv: not a UTF-8 text file"),
    "empty-file": (_empty, r"payments\.csv: the file is empty"),
    "missing-required-column": (
        _missing_column, r"contacts\.csv: missing required columns for contacts: channel"),
    "no-canonical-file": (_no_canonical_file, r"no canonical tables found in .*/input"),
    "missing-path": (_missing_path, r"nowhere: no such file or folder"),
    "broken-workbook": (_broken_workbook, r"book\.xlsx: cannot be read as an XLSX workbook"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_input_raises_and_leaves_the_database_exactly_as_before(case, golden_file_db,
                                                                           tmp_path):
    path, con = golden_file_db
    make, message = UNREADABLE[case]
    folder = tmp_path / "input"
    folder.mkdir()
    before = snapshot(con)
    assert before["rows"]["loads"] and before["rows"]["load_files"]
    with pytest.raises(LoadError, match=message):
        loader.load(con, make(folder))
    assert snapshot(con) == before
    con.close()
    reopened = db.open_database(path)
    try:
        assert snapshot(reopened) == before
    finally:
        reopened.close()


def test_two_empty_header_cells_give_a_message_that_names_the_problem(con, tmp_path):
    path = tmp_path / "reps.csv"
    path.write_text("rep_id,name,team,start_on,end_on,,\nR1,Ana,East,,,,\n")
    try:
        loader.load(con, [path])
    except LoadError as exc:
        assert not str(exc).rstrip().endswith(":"), str(exc)
    else:
        assert con.execute("select rep_id from raw_reps").fetchall() == [("R1",)]


def test_invalid_utf8_in_a_row_is_treated_the_same_wherever_it_is(tmp_path):
    filler = "".join(f"R{i},Name {i},East,,\n" for i in range(1000)).encode()
    outcomes = []
    for name, body in (("near", b""), ("far", filler)):
        path = tmp_path / name / "reps.csv"
        path.parent.mkdir()
        path.write_bytes(REPS.encode() + body + b"RX,Bad \xff name,East,,\nRY,Ok,East,,\n")
        con = db.open_database(":memory:")
        try:
            report = loader.load(con, [path])
            outcomes.append(("rejected", report.total("rejected")))
        except LoadError:
            outcomes.append(("load_error", None))
        finally:
            con.close()
    assert outcomes[0] == outcomes[1], outcomes


def test_one_unreadable_file_in_a_folder_loads_none_of_the_others(golden_file_db, tmp_path):
    _, con = golden_file_db
    folder = tmp_path / "book"
    shutil.copytree(GOLDEN, folder)
    header, rows = read_csv(folder / "invoices.csv")
    write_csv(folder / "invoices.csv", header,
              [dict(r, amount="1.00") if r["invoice_id"] == "I101" else r for r in rows])
    write_csv(folder / "holidays.csv", ["on", "name"], [["2024-12-25", "Christmas Day"]])
    (folder / "notes.csv").write_bytes(b"note_id,customer_id\xff\xfe\x00garbage")
    before = snapshot(con)
    with pytest.raises(LoadError, match=r"notes\.csv"):
        loader.load(con, [folder])
    assert snapshot(con) == before

    fresh = db.open_database(":memory:")
    try:
        with pytest.raises(LoadError, match=r"notes\.csv"):
            loader.load(fresh, [folder])
        counts = {t: fresh.execute(f"select count(*) from {t}").fetchall()[0][0]
                  for t in [f"raw_{t}" for t in TABLES] + ["loads", "load_files", "load_rejects"]}
        assert set(counts.values()) == {0}, counts
    finally:
        fresh.close()


# ---------------------------------------------------------------- the load log


def test_loads_and_load_files_record_time_files_sizes_hashes_and_counts(con):
    started = datetime.now()
    report = loader.load(con, [GOLDEN])
    finished = datetime.now()
    [load] = rows_of(con, "select * from loads")
    assert load["load_id"] == report.load_id == 1
    assert started <= load["loaded_at"] <= finished
    assert (load["source"], load["layout"], load["status"]) == \
        (str(GOLDEN), "canonical", "committed")
    assert (load["files"], load["rows_read"], load["inserted"], load["updated"],
            load["unchanged"], load["rejected"], load["orphans"]) == (11, 53, 53, 0, 0, 0, 0)

    files = {r["file_name"]: r for r in rows_of(con, "select * from load_files")}
    assert set(files) == {f"{t}.csv" for t in EXPECTED_COUNTS}
    for name, row in files.items():
        raw = (GOLDEN / name).read_bytes()
        assert row["load_id"] == 1
        assert row["size_bytes"] == len(raw), name
        assert row["sha256"] == hashlib.sha256(raw).hexdigest(), name
        assert row["table_name"] == name.removesuffix(".csv")
        assert row["layout"] == "canonical"
        n = EXPECTED_COUNTS[row["table_name"]]
        assert (row["rows_read"], row["inserted"], row["updated"], row["unchanged"],
                row["rejected"]) == (n, n, 0, 0, 0), name


def test_each_stored_row_names_the_load_that_last_wrote_it(golden_store, tmp_path):
    con = golden_store
    header, rows = read_csv(GOLDEN / "reps.csv")
    loader.load(con, [write_csv(tmp_path / "reps.csv", header,
                                [dict(rows[0], team="North")])])
    assert con.execute("select rep_id, team, _load_id from raw_reps order by 1").fetchall() == \
        [("R1", "North", 2), ("R2", "West", 1), ("R3", "East", 1)]
    assert con.execute("select load_id, files, rows_read, updated, status from loads "
                       "order by 1").fetchall() == \
        [(1, 11, 53, 0, "committed"), (2, 1, 1, 1, "committed")]


# ---------------------------------------------------------------- orphans


def test_orphans_are_counted_and_the_orphan_rows_are_stored(golden_store, tmp_path):
    con = golden_store
    folder = tmp_path / "late"
    write_csv(folder / "payments.csv", ["payment_id", "customer_id", "invoice_id", "paid_on",
                                        "amount"], [["P90", "C1", "I999", "2024-12-30", "10.00"]])
    write_csv(folder / "contacts.csv", ["contact_id", "customer_id", "rep_id", "contact_at",
                                        "channel"], [["K90", "C1", "R99", "2024-12-30 10:00",
                                                      "call"]])
    write_csv(folder / "promises.csv", ["promise_id", "customer_id", "rep_id", "made_on",
                                        "due_on", "amount"],
              [["PR90", "C99", "R1", "2024-12-30", "2025-01-10", "500.00"]])
    report = loader.load(con, [folder])
    orphans = {(r["table_name"], r["column_name"], r["refers_to"]): int(r["rows"])
               for r in report.orphans.to_dict("records")}
    assert orphans == {("payments", "invoice_id", "invoices.invoice_id"): 1,
                       ("contacts", "rep_id", "reps.rep_id"): 1,
                       ("promises", "customer_id", "customers.customer_id"): 1}
    assert report.total("inserted") == 3 and report.total("rejected") == 0
    assert con.execute("select orphans from loads where load_id = 2").fetchall() == [(3,)]
    for table, key, value in (("payments", "payment_id", "P90"), ("contacts", "contact_id", "K90"),
                              ("promises", "promise_id", "PR90")):
        assert con.execute(f"select count(*) from raw_{table} where {key} = $v",
                           {"v": value}).fetchall() == [(1,)], table


# ---------------------------------------------------------------- XLSX


def _cell(column: str, text: str) -> Any:
    """A CSV cell as a real workbook cell: dates as dates, amounts as numbers, flags as bools."""
    value = expected_value(column, text)
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_workbook(path: Path, source: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for csv_path in sorted(source.glob("*.csv")):
        header, rows = read_csv(csv_path)
        sheet = book.create_sheet(csv_path.stem)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(c, row[c]) for c in header])
    book.save(path)
    return path


def test_xlsx_workbook_loads_the_same_rows_as_the_csv_folder(golden_store, tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", GOLDEN)
    check = openpyxl.load_workbook(path)
    assert isinstance(check["invoices"]["D2"].value, datetime)  # a real date cell
    assert isinstance(check["invoices"]["F2"].value, float | int)  # a real number cell
    from_csv, from_xlsx = golden_store, db.open_database(":memory:")
    try:
        report = loader.load(from_xlsx, [path])
        assert report.rejects.empty
        assert {f.file_name for f in report.files} == {f"book.xlsx[{t}]" for t in EXPECTED_COUNTS}
        assert {t: c["inserted"] for t, c in by_table(report).items()} == EXPECTED_COUNTS
        for table in TABLES:
            sql = f"select * exclude (load_id) from stg_{table} order by all"
            assert from_xlsx.execute(sql).fetchall() == from_csv.execute(sql).fetchall(), table
    finally:
        from_xlsx.close()


def test_xlsx_small_fx_rate_is_read_as_a_number(con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "fx_rates"
    sheet.append(["currency", "on", "rate_to_base"])
    sheet.append(["IDR", date(2024, 1, 1), 0.0000632])
    book.save(tmp_path / "fx.xlsx")
    report = loader.load(con, [tmp_path / "fx.xlsx"])
    assert rejects(report) == []
    assert con.execute("select rate_to_base from raw_fx_rates").fetchall() == \
        [(Decimal("0.0000632000"),)]


# ---------------------------------------------------------------- NULL key part


def test_unapplied_cash_with_empty_invoice_id_reloads_as_unchanged(con, tmp_path):
    header = ["payment_id", "customer_id", "invoice_id", "paid_on", "amount", "method"]
    path = write_csv(tmp_path / "payments.csv", header, [
        ["P5", "C2", "", "2024-12-20", "1000.00", "check"],
        ["P6", "C1", "I101", "2024-12-21", "10.00", "ach"],
        ["P6", "C1", "", "2024-12-21", "5.00", "ach"],  # same payment, the unapplied rest
    ])
    first = loader.load(con, [path])
    assert by_table(first)["payments"] == {"rows_read": 3, "inserted": 3, "updated": 0,
                                           "unchanged": 0, "rejected": 0}
    second = loader.load(con, [path])
    assert second.status == "no_change"
    assert by_table(second)["payments"] == {"rows_read": 3, "inserted": 0, "updated": 0,
                                            "unchanged": 3, "rejected": 0}
    assert con.execute("select payment_id, invoice_id, amount, _load_id from raw_payments "
                       "order by all").fetchall() == [
        ("P5", None, Decimal("1000.00"), 1), ("P6", "I101", Decimal("10.00"), 1),
        ("P6", None, Decimal("5.00"), 1)]

    write_csv(path, header, [["P5", "C2", "", "2024-12-20", "900.00", "check"]])
    third = loader.load(con, [path])
    assert by_table(third)["payments"]["updated"] == 1
    assert con.execute("select amount, _load_id from raw_payments where payment_id = 'P5'")\
        .fetchall() == [(Decimal("900.00"), 3)]


# ---------------------------------------------------------------- command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "arlib", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_cli_import_prints_the_counts_and_exits_0(tmp_path):
    store = tmp_path / "ar.duckdb"
    done = _cli("import", str(GOLDEN), "--db", str(store))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for table, n in EXPECTED_COUNTS.items():
        # table_name  rows_read  inserted  updated  unchanged  rejected
        assert re.search(rf"^\s*{table}\s+{n}\s+{n}\s+0\s+0\s+0\s*$", done.stdout, re.M), table
    assert "Rejected rows: none" in done.stdout
    con = db.open_database(store, read_only=True)
    try:
        assert con.execute("select count(*) from raw_contacts").fetchall() == [(12,)]
    finally:
        con.close()


def test_cli_import_of_an_unreadable_file_exits_non_zero_without_traceback(tmp_path, capsys):
    bad = tmp_path / "in" / "invoices.csv"
    bad.parent.mkdir()
    bad.write_bytes(b"\xff\xfe\x00\x01 not text")
    store = tmp_path / "ar.duckdb"
    code = cli_main(["import", str(bad.parent), "--db", str(store)])  # raises if uncaught
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert "Traceback" not in err
    assert re.search(r"^error: invoices\.csv: not a UTF-8 text file", err)
    assert "Nothing was loaded; the database is unchanged." in err
    # the database did not exist before, and a load that did not happen leaves none behind
    assert not store.exists()


def test_mixed_line_ends_load_with_the_right_line_numbers(con, tmp_path):
    # a file edited on two systems: some lines end CRLF, others LF
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep_id,name,team,start_on,end_on\r\nR1,Ana,East,,\n"
                     b'R2,"Ben, Jr.",West,,\r\nR3,Cara,East,2024-02-30,\nR4,Dan,East,,\n')
    report = loader.load(con, [path])
    assert con.execute("select rep_id, name, _line from raw_reps order by 1").fetchall() == [
        ("R1", "Ana", 2), ("R2", "Ben, Jr.", 3), ("R4", "Dan", 5)]
    assert [(r[1], r[2]) for r in rejects(report)] == [(4, "start_on")]
    assert report.files[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
