"""Issue 21, point 1, the Import page's part: reading runs with bounded memory and can be
cancelled. The page inspects only the first lines of a text file (grid.HEAD_BYTES) when it is
uploaded; the load reads it whole and tells its progress every grid.TICK_ROWS rows, where a
Cancel click stops it (Streamlit raises its stop there) with nothing loaded; a Cancel that
comes after the commit says that the load stays."""

from __future__ import annotations

import html

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from arlib.intake import foreign, grid
from arlib.intake.reading import LoadError
from arlib.store import db, loader
from tests.conftest import GOLDEN, ROOT, run_app

pytestmark = pytest.mark.hostile

HEADER = ("Customer ID,Customer name,Invoice no.,Reference number,Date,Due date,Total amount,"
          "Total paid,Total due,State,Currency,Base currency,Terms\n")


def _intacct(path, rows: int):
    """A Sage Intacct invoice list of `rows` invoices (days after the 12th: no date question),
    each line 99 bytes or more."""
    with path.open("w") as fh:
        fh.write(HEADER)
        for n in range(1, rows + 1):
            fh.write(f"C-{n % 500:04d},Customer {n % 500},INV-{n:07d},PO {n},05/{13 + n % 15}/"
                     f"2026,06/{13 + n % 15}/2026,{n % 9000 + 100}.00,0.00,{n % 9000 + 100}.00,"
                     "Posted,USD,USD,Net 30\n")
    return path


class Stop(BaseException):
    """What Streamlit raises in a run's next element when Cancel is clicked."""


def test_the_page_inspects_the_first_lines_of_a_big_text_file_only(tmp_path):
    path = _intacct(tmp_path / "big.csv", 40_000)  # 4.6 MB
    head, = grid.read_grids(path, head=True)
    whole, = grid.read_grids(path)
    assert not head.complete and whole.complete
    assert len(whole.rows) == 40_001
    # whole lines of the first MB, the last one (which may be cut) left out
    read = path.read_bytes()[:grid.HEAD_BYTES]
    assert head.lines[-1] == read.count(b"\n") - 1 and len(head.rows) == head.lines[-1]
    assert head.rows == whole.rows[:len(head.rows)]
    found = foreign.inspect(path, path.name, [])
    assert (found.layout.key, found.header_line) == ("intacct_invoices", 1)
    assert found.preview.equals(foreign.preview_frame(whole))
    with pytest.raises(LoadError, match=(
            rf"^big\.csv: line 20,000 is below the first {head.lines[-1]:,} lines, the ones "
            "shown here: choose the line of the column names among them$")):
        foreign.inspect(path, path.name, [], header_row=20_000)


def test_a_small_file_is_read_whole_by_the_inspection(tmp_path):
    path = _intacct(tmp_path / "small.csv", 20)
    head, = grid.read_grids(path, head=True)
    assert head.complete and len(head.rows) == 21


def test_a_load_tells_its_reading_progress_and_a_stop_there_loads_nothing(tmp_path):
    path = _intacct(tmp_path / "big.csv", 50_000)
    told = []
    con = db.open_database(tmp_path / "ar.duckdb")
    try:
        loader.load(con, [GOLDEN])
        report = loader.load(con, [path], dry_run=True,
                             progress=lambda text, done: told.append((text, done)))
        assert report.total("rows_read") > 50_000  # invoices and their customers
        reading = [t for t in told if t[0].startswith("Reading big.csv (1 of 1): ")]
        # 50,001 rows: a tick at each 20,000th, at its share of the lines
        assert [t[0] for t in reading] == ["Reading big.csv (1 of 1): 40%",
                                           "Reading big.csv (1 of 1): 80%"]
        assert [round(t[1], 3) for t in reading] == [0.2, 0.4]  # reading is the first half

        def stop_at_first_tick(text: str, done: float) -> None:
            if ": " in text:
                raise Stop
        before = con.execute("select count(*) from loads").fetchone()[0]
        with pytest.raises(Stop):
            loader.load(con, [path], progress=stop_at_first_tick)
        assert con.execute("select count(*) from loads").fetchone()[0] == before == 1
        assert con.execute("select count(*) from raw_invoices where invoice_id like 'INV-%'"
                           ).fetchone() == (0,)
    finally:
        con.close()


def _import_page() -> AppTest:
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    return run_app(at)


ONE_INVOICE = (b"invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency\n"
               b"I901,C1,invoice,2024-12-01,2024-12-31,100.00,USD\n")


def _previewed() -> AppTest:
    """The Import page with ONE_INVOICE uploaded and previewed."""
    at = _import_page()
    at.file_uploader[0].set_value([("invoices.csv", ONE_INVOICE, "text/csv")])
    at = run_app(at)
    at.button(key="import_preview_button").click()
    return run_app(at)


def test_cancel_after_the_commit_landed_says_the_load_stays(app_env):
    # the commit's run stopped by the Cancel click after loader.load had committed: the run
    # left its report in the session before drawing anything (ui/imports.py run_load)
    at = _previewed()
    path = app_env / "invoices.csv"
    path.write_bytes(ONE_INVOICE)
    con = duckdb.connect(str(app_env / "app.duckdb"))  # the app's instance: same process
    try:
        at.session_state["import_committed"] = loader.load(con, [path])
    finally:
        con.close()
    at.button(key="import_cancel").click()
    at = run_app(at)
    assert [html.unescape(i.value) for i in at.info][:1] == [
        "Cancel came after load 2 had committed, so it stays loaded (its report is below; the "
        "past loads list it). The uploads were removed."]
    assert any(s.value.startswith("Committed. Load 2 added 1 new row") for s in at.success)
    assert not at.get("subheader") or "Files" not in [s.value for s in at.subheader]
    assert _loads(app_env) == [(1, "committed"), (2, "committed")]


def test_cancel_before_a_commit_says_nothing_was_loaded(app_env):
    at = _previewed()
    at.button(key="import_cancel").click()
    at = run_app(at)
    assert [html.unescape(i.value) for i in at.info][:1] == [
        "Import cancelled: nothing was loaded and the uploads were removed."]
    assert _loads(app_env) == [(1, "committed")]


def _loads(folder) -> list[tuple]:
    con = duckdb.connect(str(folder / "app.duckdb"))  # the app's instance: same process
    try:
        return con.execute("select load_id, status from loads order by load_id").fetchall()
    finally:
        con.close()
