"""Issue 21, point 3: the same key in two files of one load with different values. The load
stops (nothing written, exit 1) naming the key, both files and lines and both values of each
differing column, unless the user chooses the file whose values are kept (`--prefer FILE` on
the command line, the choice on the Import page); the other file's rows with those keys are
then rejects with the reason, and the report, `load_files` and `load_rejects` agree. Files
that hold a key with the same values do not conflict."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from arlib.__main__ import main as cli_main
from arlib.intake.reading import LoadError
from arlib.settings import Settings
from arlib.store import db, loader
from arlib.store.conflicts import ConflictError
from tests.conftest import GOLDEN, ROOT, build_store
from tests.conftest import run_app as _run

pytestmark = pytest.mark.hostile

HEADER = "invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency,reference\n"
# C1 and C2 are customers of the golden book: no orphan clouds the counts
A = HEADER + ("I-1,C1,invoice,2024-12-01,2024-12-31,999.00,USD,PO-1\n"
              "I-2,C2,invoice,2024-12-02,2025-01-01,50.00,USD,PO-2\n")
B = HEADER + ("I-1,C1,invoice,2024-12-01,2025-01-15,100.00,USD,PO-1\n"
              "I-2,C2,invoice,2024-12-02,2025-01-01,50.0,USD,PO-2\n"  # the same value
              "I-3,C2,invoice,2024-12-03,2025-01-02,5.00,USD,PO-3\n")

STOPPED = (
    "a.csv and b.csv hold 1 key with different values:\n"
    "  invoices invoice_id I-1 (a.csv line 2, b.csv line 2): due_on 2024-12-31 in a.csv, "
    "2025-01-15 in b.csv; amount 999.00 in a.csv, 100.00 in b.csv\n"
    "Choose the file whose values are kept: import again with --prefer a.csv or --prefer "
    "b.csv (on the Import page: the choice under the files); the other file's rows with those "
    "keys are then rejected and listed. Or correct the files so that they agree.")
A_LOSES = ("key also in b.csv line 2 with other values (due_on: 2024-12-31 here, 2025-01-15 "
           "there; amount: 999.00 here, 100.00 there); the values of b.csv are kept, as chosen")
B_LOSES = ("key also in a.csv line 2 with other values (due_on: 2025-01-15 here, 2024-12-31 "
           "there; amount: 100.00 here, 999.00 there); the values of a.csv are kept, as chosen")


def _files(folder: Path, **bodies: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, body in bodies.items():
        (folder / f"{stem}.csv").write_text(body)
        paths.append(folder / f"{stem}.csv")
    return paths


def _state(con) -> dict[str, list]:
    """Everything a load writes, to compare before and after."""
    return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
            for t in ("loads", "load_files", "load_rejects", "raw_invoices", "raw_customers")}


def _invoices(con, *ids: str) -> dict[str, tuple]:
    rows = con.execute("select invoice_id, amount, due_on from raw_invoices where invoice_id "
                       "in (select unnest($ids))", {"ids": list(ids)}).fetchall()
    return {i: (amount, due) for i, amount, due in rows}


def _counts_agree(con, report: loader.LoadReport) -> None:
    """The report, load_files and load_rejects say the same rejected count, per file."""
    files = dict(con.execute("select file_name, rejected from load_files where load_id = $id",
                             {"id": report.load_id}).fetchall())
    lines = dict(con.execute("select file_name, count(distinct line) from load_rejects where "
                             "load_id = $id group by file_name", {"id": report.load_id}
                             ).fetchall())
    assert {f.file_name: f.rejected for f in report.files} == files
    assert {k: v for k, v in files.items() if v} == lines
    assert con.execute("select rejected from loads where load_id = $id",
                       {"id": report.load_id}).fetchone()[0] == report.total("rejected")


@pytest.fixture
def golden_store(tmp_path):
    """A database file holding the golden book (load 1), open."""
    build_store(tmp_path / "ar.duckdb", GOLDEN)
    con = db.open_database(tmp_path / "ar.duckdb")
    yield con
    con.close()


def test_a_conflict_stops_the_load_naming_key_files_lines_and_both_values(golden_store,
                                                                          tmp_path):
    before = _state(golden_store)
    paths = _files(tmp_path / "in", a=A, b=B)
    with pytest.raises(ConflictError) as stopped:
        loader.load(golden_store, paths)
    assert str(stopped.value) == STOPPED
    assert stopped.value.files == ["a.csv", "b.csv"]
    cells = stopped.value.conflicts
    assert cells[["key", "column_name", "file_a", "line_a", "value_a", "file_b", "line_b",
                  "value_b"]].values.tolist() == [
        ["I-1", "due_on", "a.csv", 2, "2024-12-31", "b.csv", 2, "2025-01-15"],
        ["I-1", "amount", "a.csv", 2, "999.00", "b.csv", 2, "100.00"]]
    assert _state(golden_store) == before  # nothing written, not even the load log
    with pytest.raises(ConflictError):  # a preview stops the same way
        loader.load(golden_store, paths, dry_run=True)
    assert _state(golden_store) == before


@pytest.mark.parametrize(("prefer", "kept", "lost", "reason"), [
    # the loser's (inserted, unchanged, rejected): I-2 is in both with the same value,
    # inserted from a.csv and unchanged in b.csv
    ("b.csv", (Decimal("100.00"), date(2025, 1, 15)), ("a.csv", (1, 0, 1)), A_LOSES),
    ("a.csv", (Decimal("999.00"), date(2024, 12, 31)), ("b.csv", (1, 1, 1)), B_LOSES),
])
def test_the_preferred_file_wins_and_the_other_files_rows_are_listed(
        golden_store, tmp_path, prefer, kept, lost, reason):
    report = loader.load(golden_store, _files(tmp_path / "in", a=A, b=B), prefer=[prefer])
    assert _invoices(golden_store, "I-1", "I-2", "I-3") == {
        "I-1": kept, "I-2": (Decimal("50.00"), date(2025, 1, 1)),
        "I-3": (Decimal("5.00"), date(2025, 1, 2))}
    loser, counts = lost
    assert report.rejects[["file_name", "line", "column_name", "value", "reason"]
                          ].values.tolist() == [[loser, 2, "invoice_id", "I-1", reason]]
    by_file = {f.file_name: (f.inserted, f.unchanged, f.rejected) for f in report.files}
    assert by_file[loser] == counts
    assert report.conflicted == 1 and report.duplicates == 0
    assert report.conflict_lines() == [
        f"a.csv and b.csv held 1 key with different values: the values of {prefer} are kept, "
        f"as chosen; the rows of {loser} with those keys are rejected (listed with both "
        "values)"]
    assert report.outcome() == "data changed, but 1 line was rejected (not loaded)"
    assert report.empty_files() == []
    _counts_agree(golden_store, report)


def test_files_that_hold_a_key_with_the_same_values_do_not_conflict(empty_con, tmp_path):
    same = HEADER + "I-1,C1,invoice,2024-12-01,2024-12-31,100.0,USD,PO-1\n"
    again = HEADER + "I-1,C1,invoice,2024-12-01,2024-12-31,100.00,USD,PO-1\n"
    report = loader.load(empty_con, _files(tmp_path, a=same, b=again))
    assert [(f.file_name, f.inserted, f.unchanged, f.rejected) for f in report.files] == [
        ("a.csv", 1, 0, 0), ("b.csv", 0, 1, 0)]
    assert report.conflicts.empty and report.rejects.empty
    assert _invoices(empty_con, "I-1") == {"I-1": (Decimal("100.00"), date(2024, 12, 31))}


def test_a_repeat_of_the_losing_row_in_its_file_does_not_load_in_its_place(empty_con,
                                                                            tmp_path):
    twice = A + "I-1,C1,invoice,2024-12-01,2024-12-31,777.00,USD,PO-1\n"  # line 4
    report = loader.load(empty_con, _files(tmp_path, a=twice, b=B), prefer=["b.csv"])
    assert _invoices(empty_con, "I-1") == {"I-1": (Decimal("100.00"), date(2025, 1, 15))}
    assert report.rejects[["file_name", "line", "reason"]].values.tolist() == [
        ["a.csv", 2, A_LOSES],
        ["a.csv", 4, "duplicate key: the same key is on line 2, which is rejected: " + A_LOSES]]
    _counts_agree(empty_con, report)


def test_several_preferred_files_rank_in_the_order_given(empty_con, tmp_path):
    # I-1: a and b differ; I-2: a and b agree, c differs; I-3: b and c differ (not in a)
    c = HEADER + ("I-2,C2,invoice,2024-12-02,2025-01-01,60.00,USD,PO-2\n"
                  "I-3,C2,invoice,2024-12-03,2025-01-02,6.00,USD,PO-3\n")
    paths = _files(tmp_path, a=A, b=B, c=c)
    with pytest.raises(ConflictError) as stopped:  # a decides I-1 and I-2, not I-3
        loader.load(empty_con, paths, prefer=["a.csv"])
    assert str(stopped.value).splitlines()[:2] == [
        "b.csv and c.csv hold 1 key with different values:",
        "  invoices invoice_id I-3 (b.csv line 4, c.csv line 3): amount 5.00 in b.csv, "
        "6.00 in c.csv"]
    assert stopped.value.files == ["b.csv", "c.csv"]
    assert empty_con.execute("select count(*) from loads").fetchone() == (0,)
    report = loader.load(empty_con, paths, prefer=["c.csv", "a.csv"])
    assert _invoices(empty_con, "I-1", "I-2", "I-3") == {
        "I-1": (Decimal("999.00"), date(2024, 12, 31)),
        "I-2": (Decimal("60.00"), date(2025, 1, 1)),
        "I-3": (Decimal("6.00"), date(2025, 1, 2))}
    # I-1: b loses to a; I-2: a and b lose to c; I-3: b loses to c
    assert report.rejects[["file_name", "line", "value"]].values.tolist() == [
        ["a.csv", 3, "I-2"], ["b.csv", 2, "I-1"], ["b.csv", 3, "I-2"], ["b.csv", 4, "I-3"]]
    assert report.empty_files() == []  # b.csv lost every row, as chosen: not an error
    _counts_agree(empty_con, report)


def test_files_of_the_same_name_in_two_folders_are_told_apart_by_their_folder(empty_con,
                                                                           tmp_path):
    jan = _files(tmp_path / "jan", invoices=A)[0].parent
    feb = _files(tmp_path / "feb", invoices=B)[0].parent
    with pytest.raises(ConflictError) as stopped:
        loader.load(empty_con, [jan, feb])
    assert str(stopped.value).splitlines()[0] == (
        "jan/invoices.csv and feb/invoices.csv hold 1 key with different values:")
    with pytest.raises(LoadError) as refused:  # the bare name could be either
        loader.load(empty_con, [jan, feb], prefer=["invoices.csv"])
    assert str(refused.value) == (
        "--prefer invoices.csv: not a file of this load (its files: jan/invoices.csv, "
        "feb/invoices.csv). Give the name of one of them.")
    report = loader.load(empty_con, [jan, feb], prefer=["feb/invoices.csv"])
    assert _invoices(empty_con, "I-1") == {"I-1": (Decimal("100.00"), date(2025, 1, 15))}
    assert [(f.file_name, f.rejected) for f in report.files] == [("jan/invoices.csv", 1),
                                                                 ("feb/invoices.csv", 0)]
    assert report.rejects["reason"].tolist() == [A_LOSES.replace("b.csv", "feb/invoices.csv")]
    _counts_agree(empty_con, report)


def _cli(tmp_path, monkeypatch, *args: str) -> int:
    monkeypatch.setattr("arlib.__main__.load_settings",
                        lambda: Settings(presets_dir=tmp_path / "presets"))
    return cli_main(["import", *args])


def test_the_command_line_stops_with_exit_1_and_the_database_unchanged(
        tmp_path, monkeypatch, capsys):
    store = tmp_path / "ar.duckdb"
    build_store(store, GOLDEN)
    con = db.open_database(store, read_only=True)
    before = _state(con)
    con.close()
    a, b = _files(tmp_path / "in", a=A, b=B)
    assert _cli(tmp_path, monkeypatch, str(a), str(b), "--db", str(store)) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (f"error: {STOPPED}\nNothing was loaded; the database is unchanged.\n")
    con = db.open_database(store, read_only=True)
    assert _state(con) == before
    con.close()
    # a new database is not left behind either
    assert _cli(tmp_path, monkeypatch, str(a), str(b), "--db", str(tmp_path / "new.duckdb")
                ) == 1
    assert not (tmp_path / "new.duckdb").exists()


def test_the_command_line_prefer_flag_loads_the_chosen_files_values(tmp_path, monkeypatch,
                                                                   capsys):
    store = tmp_path / "ar.duckdb"
    build_store(store, GOLDEN)
    a, b = _files(tmp_path / "in", a=A, b=B)
    assert _cli(tmp_path, monkeypatch, str(a), str(b), "--db", str(store), "--prefer",
                "b.csv") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Load 2 into {store}: data changed, but 1 line was rejected "
                          "(not loaded).\n")
    assert ("Conflict between files: a.csv and b.csv held 1 key with different values: the "
            "values of b.csv are kept, as chosen; the rows of a.csv with those keys are "
            "rejected (listed with both values).\n") in out
    assert f"  a.csv line 2, invoice_id 'I-1': {A_LOSES}\n" in out
    con = db.open_database(store, read_only=True)
    assert _invoices(con, "I-1") == {"I-1": (Decimal("100.00"), date(2025, 1, 15))}
    con.close()


def test_the_command_line_refuses_a_preferred_file_not_in_the_load(tmp_path, monkeypatch,
                                                                  capsys):
    a, b = _files(tmp_path / "in", a=A, b=B)
    store = tmp_path / "ar.duckdb"
    assert _cli(tmp_path, monkeypatch, str(a), str(b), "--db", str(store), "--prefer",
                "c.csv") == 1
    assert capsys.readouterr().err == (
        "error: --prefer c.csv: not a file of this load (its files: a.csv, b.csv). Give the "
        "name of one of them.\nNothing was loaded; the database is unchanged.\n")
    assert not store.exists()


def test_the_import_help_documents_prefer(capsys):
    with pytest.raises(SystemExit):
        cli_main(["import", "-h"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert ("--prefer FILE where files of this load hold the same key with different values, "
            "keep the values of FILE (its name, e.g. b.csv); the other file's rows with those "
            "keys are rejected and listed. Repeat to rank several files, the first named "
            "wins. Without it such a conflict stops the load: nothing is written and the "
            "conflicts are listed") in help_text


# --- the Import page ------------------------------------------------------------------------

def _import_page() -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    return _run(at)


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return _run(at)


def test_the_import_page_shows_the_conflict_and_loads_the_chosen_files_values(app_env):
    at = _import_page()
    at.file_uploader[0].set_value([("a.csv", A.encode(), "text/csv"),
                                   ("b.csv", B.encode(), "text/csv")])
    at = _click(_run(at), "import_preview_button")
    assert [w.value for w in at.warning if "different values" in w.value] == [
        "The files hold the same key with different values (1 key, listed below): nothing "
        "can load until you choose whose values are kept. The other file's rows with those "
        "keys are then rejected and listed in the report."]
    table = next(d.value for d in at.dataframe if "value_a" in d.value.columns)
    assert table[["key", "column_name", "file_a", "line_a", "value_a", "file_b", "line_b",
                  "value_b"]].values.tolist() == [
        ["I-1", "due_on", "a.csv", 2, "2024-12-31", "b.csv", 2, "2025-01-15"],
        ["I-1", "amount", "a.csv", 2, "999.00", "b.csv", 2, "100.00"]]
    assert at.button(key="import_preview_button").disabled  # until a file is chosen
    # option labels are written as character references (ui.formats.plain): unescaped here
    assert [html.unescape(o) for o in at.radio(key="import_prefer").options] == [
        "a.csv", "b.csv"]
    at.radio(key="import_prefer").set_value("b.csv")
    at = _click(_run(at), "import_preview_button")
    # new: I-2 from a.csv, I-1 and I-3 from b.csv; unchanged: I-2 of b.csv; rejected: I-1
    # of a.csv
    assert at.success[0].value == ("Load 2 would add 3 new rows, 0 updated, 1 unchanged and "
                                   "1 rejected.")
    text = " ".join(html.unescape(m.value) for m in at.markdown)
    assert ("- Conflict between files: a.csv and b.csv held 1 key with different values: the "
            "values of b.csv are kept, as chosen; the rows of a.csv with those keys are "
            "rejected (listed with both values).") in text
    rejects = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert rejects[["file_name", "line", "reason"]].values.tolist() == [["a.csv", 2, A_LOSES]]
    at = _click(at, "import_commit")
    assert at.success[0].value.startswith("Committed. Load 2 added 3 new rows")
    con = db.open_database(app_env / "app.duckdb")  # the app's instance, in this process
    try:
        assert _invoices(con, "I-1") == {"I-1": (Decimal("100.00"), date(2025, 1, 15))}
        assert con.execute("select file_name, rejected from load_files where load_id = 2 "
                           "order by file_name").fetchall() == [("a.csv", 1), ("b.csv", 0)]
        assert con.execute("select file_name, line, reason from load_rejects where load_id = 2"
                           ).fetchall() == [("a.csv", 2, A_LOSES)]
    finally:
        con.close()
