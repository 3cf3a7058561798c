"""Honest import messages (issue 15, point 3): a load that rejected rows never says they are
already in the database; a file that loads no row makes `python -m arlib import` exit
non-zero naming the file and what to do; rejected rows create nothing (no customer, no row
derived from the same line).

The files are the QuickBooks Online A/R Aging Detail fixture with chosen lines broken (a due
date before the invoice date); what must load is worked out by hand from the fixture."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb

from arlib.store import db, loader
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "layouts" / "qbo_aging_detail.csv"
# document lines of the fixture (1-based line numbers) -> (invoice number, customer)
DOCUMENTS = {7: ("1041", "Harbor Lane Outfitters"), 8: ("1043", "Birchwood Supply Co"),
             11: ("1052", "Keystone Ridge Farms"), 14: ("1058", "Birchwood Supply Co"),
             15: ("1061", "Tidewater Cafe"), 18: ("1067", "Harbor Lane Outfitters"),
             21: ("1072", "Keystone Ridge Farms"), 22: ("1075", "Tidewater Cafe")}


def _broken(folder: Path, lines: set[int], name: str = "qbo_aging.csv") -> Path:
    """The fixture with the due date of the given lines set before their invoice date."""
    out = []
    for n, line in enumerate(FIXTURE.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if n in lines:
            row = next(csv.reader([line]))
            row[5] = "01/01/2026"  # every document of the fixture is dated after this
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(row)
            line = buffer.getvalue()
        out.append(line)
    path = folder / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _import(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "arlib", "import", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _column(db_path: Path, sql: str) -> list:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return sorted(r[0] for r in con.execute(sql).fetchall())
    finally:
        con.close()


def test_every_line_rejected_exits_non_zero_and_creates_nothing(tmp_path):
    path = _broken(tmp_path, set(DOCUMENTS))
    store = tmp_path / "ar.duckdb"
    out = _import(str(path), "--db", str(store))
    assert out.returncode != 0
    assert "already in the database" not in out.stdout + out.stderr
    assert "every row read was rejected (8 lines)" in out.stdout
    assert "error: qbo_aging.csv: no row loaded" in out.stderr
    assert "import it again" in out.stderr
    assert _column(store, "select customer_id from stg_customers") == []
    assert _column(store, "select invoice_id from stg_invoices") == []
    assert _column(store, "select payment_id from stg_payments") == []


def test_customers_only_on_rejected_lines_are_not_created(tmp_path):
    # Birchwood's two lines (8, 14) rejected: not created; Harbor Lane's line 7 and
    # Keystone's line 11 rejected, but their lines 18 and 21 load: both created. Line 11's
    # partial payment (3,200.00 less 1,200.00 open) goes with its rejected invoice.
    path = _broken(tmp_path, {7, 8, 11, 14})
    store = tmp_path / "ar.duckdb"
    out = _import(str(path), "--db", str(store))
    assert out.returncode == 0, out.stderr
    assert "data changed, but 4 lines were rejected (not loaded)" in out.stdout
    assert _column(store, "select customer_id from stg_customers") == [
        "Harbor Lane Outfitters", "Keystone Ridge Farms", "Tidewater Cafe"]
    assert _column(store, "select invoice_id from stg_invoices") == [
        "1061", "1067", "1072", "1075"]
    assert _column(store, "select payment_id from stg_payments") == []
    # the same file again: the good rows are there, the bad ones still rejected
    again = _import(str(path), "--db", str(store))
    assert again.returncode == 0, again.stderr
    assert ("nothing changed: 7 rows are already in the database and 4 lines were "
            "rejected") in again.stdout  # 3 customers + 4 invoices unchanged


def test_a_clean_reload_says_already_in_the_database(tmp_path):
    store = tmp_path / "ar.duckdb"
    path = _broken(tmp_path, set())
    assert _import(str(path), "--db", str(store)).returncode == 0
    again = _import(str(path), "--db", str(store))
    assert again.returncode == 0
    assert "nothing changed: every row is already in the database" in again.stdout


def test_a_file_without_data_rows_exits_non_zero(tmp_path):
    path = tmp_path / "invoices.csv"
    path.write_text("invoice_id,customer_id,invoice_on,due_on,amount\n")
    out = _import(str(path), "--db", str(tmp_path / "ar.duckdb"))
    assert out.returncode != 0
    assert "the files hold no data rows" in out.stdout
    assert "error: invoices.csv: no row loaded, the file holds no data rows" in out.stderr


def test_the_load_report_names_the_file_in_memory(tmp_path):
    con = db.open_database(":memory:")
    report = loader.load(con, [_broken(tmp_path, set(DOCUMENTS), "aging.csv")])
    con.close()
    assert not report.changed
    assert report.why_unchanged() == "every row read was rejected (8 lines), none loaded"
    assert [m.split(":")[0] for m in report.empty_files()] == ["aging.csv"]
