"""A user's data is theirs (issue 14): only the default database is built from the sample book
on first launch; a database at any other path starts empty, opens on the Import page, loads
the sample only when asked, and the sidebar names the database and whether it holds the
sample."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from arlib import settings
from arlib.settings import Settings
from arlib.store import db, loader, state
from tests.conftest import GOLDEN, ROOT, run_app

SAMPLE = ROOT / "sample_data"
PAGES = ["pages/overview.py", "pages/dso.py", "pages/aging.py", "pages/promises.py",
         "pages/scorecard.py", "pages/calls.py", "pages/visits.py", "pages/customer.py",
         "pages/import.py"]


def _csv_rows(folder: Path) -> dict[str, int]:
    """Records per CSV file of the folder, read with the csv module (a quoted field may
    span lines), by table name."""
    counts = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            counts[path.stem] = sum(1 for _ in csv.DictReader(fh))
    return counts


def _table_rows(path: Path, tables) -> dict[str, int]:
    # duckdb.connect on the app's file in this process reaches the app's own instance
    con = duckdb.connect(str(path))
    try:
        return {t: con.execute(f"select count(*) from raw_{t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def _loads(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path))
    try:
        return con.execute("select load_id, source, status from loads order by load_id").fetchall()
    finally:
        con.close()


def _sidebar_text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("warning", "info", "caption")
                    for e in getattr(at.sidebar, kind))


def _names(text: str, path: Path) -> bool:
    """The text names the file: in full, or from the home folder (~/...)."""
    home = Path.home().resolve()
    short = f"~/{path.resolve().relative_to(home)}" if path.resolve().is_relative_to(home) else ""
    return str(path.resolve()) in text or bool(short and short in text)


@pytest.fixture
def new_db(tmp_path, monkeypatch):
    """AR_DB_PATH at a new file away from the default; the real sample_data/ as the sample."""
    path = tmp_path / "mine" / "books.duckdb"
    monkeypatch.setenv("AR_DB_PATH", str(path))
    monkeypatch.delenv("AR_SAMPLE_DIR", raising=False)
    monkeypatch.setenv("AR_PRESETS_DIR", str(tmp_path / "presets"))
    settings.load.cache_clear()
    yield path
    settings.load.cache_clear()


# --- the library ---------------------------------------------------------------------------

def test_only_the_default_database_path_is_the_default(tmp_path):
    assert Settings().uses_default_db()
    assert Settings(db_path=Path("data/ar.duckdb")).uses_default_db()
    assert Settings(db_path=settings.REPO_ROOT / "data" / "ar.duckdb").uses_default_db()
    assert not Settings(db_path=tmp_path / "ar.duckdb").uses_default_db()
    assert not Settings(db_path=Path("data/other.duckdb")).uses_default_db()


def test_a_new_database_elsewhere_starts_empty(tmp_path):
    cfg = Settings(db_path=tmp_path / "new.duckdb", sample_dir=GOLDEN)
    con, built = state.open_store(cfg)
    try:
        assert not built
        status = state.status(con, cfg)
        assert status.is_empty and not status.is_sample and status.load_id == 0
        assert con.execute("select count(*) from raw_customers").fetchone()[0] == 0
    finally:
        con.close()


def test_the_default_database_is_built_from_the_sample_on_first_launch(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "REPO_ROOT", tmp_path)
    cfg = Settings(sample_dir=GOLDEN)
    con, built = state.open_store(cfg)
    try:
        assert built and (tmp_path / "data" / "ar.duckdb").exists()
        status = state.status(con, cfg)
        assert status.is_sample and status.count_own_loads == 0
    finally:
        con.close()
    con, built = state.open_store(cfg)  # the second launch opens it as it is
    try:
        assert not built
        assert state.status(con, cfg).count_data_loads == 1
    finally:
        con.close()


def test_status_says_sample_sample_plus_own_loads_or_own_only(tmp_path):
    cfg = Settings(db_path=tmp_path / "x.duckdb", sample_dir=GOLDEN)
    extra = tmp_path / "extra" / "customers.csv"
    extra.parent.mkdir()
    extra.write_text("customer_id,name,rep_id\nC77,Own Customer Ltd,R1\n")
    con = db.open_database(":memory:")
    report = state.load_sample(con, cfg)
    assert report.changed and report.source == str(GOLDEN)
    first = state.status(con, cfg)
    assert first.is_sample and first.count_own_loads == 0 and not first.is_empty
    loader.load(con, [extra])
    mixed = state.status(con, cfg)
    assert mixed.is_sample and mixed.count_own_loads == 1  # the latest load is not the sample
    assert state.load_sample(con, cfg).status == "no_change"  # loading it again adds nothing
    assert state.status(con, cfg).count_own_loads == 1
    own = db.open_database(":memory:")
    loader.load(own, [extra])
    alone = state.status(own, cfg)
    assert not alone.is_sample and alone.count_own_loads == 1
    con.close()
    own.close()


def test_the_sample_folder_is_recognised_however_it_was_named():
    cfg = Settings()  # sample_data/ of the app's folder
    assert state.is_sample_source(str(SAMPLE), cfg)
    assert state.is_sample_source("sample_data", cfg)  # `python -m arlib import sample_data`
    assert state.is_sample_source(f"{SAMPLE}/", cfg)
    assert not state.is_sample_source(f"{SAMPLE}, {GOLDEN}", cfg)  # mixed with other files
    assert not state.is_sample_source(str(GOLDEN), cfg)


# --- the app -------------------------------------------------------------------------------

def test_a_new_database_opens_empty_on_import_and_loads_the_sample_on_request(new_db):
    expected = _csv_rows(SAMPLE)
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    assert new_db.exists()
    assert set(_table_rows(new_db, expected).values()) == {0}  # no invented customers
    assert _loads(new_db) == []
    assert [t.value for t in at.title] == ["Import data"]  # the default page of an empty store
    assert any("This database is empty" in m.value for m in at.markdown)
    assert any("No data loaded yet" in w.value for w in at.sidebar.warning)
    assert _names(_sidebar_text(at), new_db)  # the sidebar names the open database
    assert not at.sidebar.info  # and does not call it the sample
    assert not at.sidebar.selectbox  # no customer to find

    at.button(key="import_sample").click()
    run_app(at)
    assert _table_rows(new_db, expected) == expected  # every sample row, as in the CSVs
    assert _loads(new_db) == [(1, str(SAMPLE), "committed")]  # recorded as one load
    done = " ".join(m.value for m in at.success)  # what the button did
    assert "Loaded the sample book" in done
    assert f"{sum(expected.values()):,} rows from {len(expected)} files" in done
    assert "load 1" in done
    assert any("added to its invented customers" in w.value for w in at.warning)
    assert any("sample data" in i.value for i in at.sidebar.info)
    assert _names(_sidebar_text(at), new_db)
    assert not any(m.value.startswith(":material/inbox: **This database is empty")
                   for m in at.markdown)  # the offer is gone once the store holds data

    at.switch_page("pages/overview.py")
    run_app(at)
    assert {m.label for m in at.metric} >= {"Open AR", "DSO"}  # the sample's figures


def test_own_files_on_top_of_the_sample_are_named_so(app_env):
    extra = app_env / "extra" / "customers.csv"
    extra.parent.mkdir()
    extra.write_text("customer_id,name,rep_id\nC77,Own Customer Ltd,R1\n")
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    assert any("sample data" in i.value for i in at.sidebar.info)
    at.switch_page("pages/import.py")
    run_app(at)
    assert any("added to its invented customers" in w.value for w in at.warning)
    con = duckdb.connect(str(app_env / "app.duckdb"))  # the app's instance, in this process
    try:
        loader.load(con, [extra])
    finally:
        con.close()
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    assert any("sample data** plus 1 load of your own files" in w.value
               for w in at.sidebar.warning)
    assert not at.sidebar.info
    assert _names(_sidebar_text(at), app_env / "app.duckdb")


def test_own_data_alone_is_named_so(tmp_path, monkeypatch):
    book = tmp_path / "book"
    book.mkdir()
    (book / "customers.csv").write_text("customer_id,name,rep_id\nC1,Solo Ltd,R1\n")
    con = db.open_database(tmp_path / "own.duckdb")
    loader.load(con, [book])
    con.close()
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "own.duckdb"))
    settings.load.cache_clear()
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    settings.load.cache_clear()
    assert [t.value for t in at.title] == ["Overview"]  # data: the usual first page
    text = _sidebar_text(at)
    assert "Your own data: 1 load, no sample data" in text
    assert _names(text, tmp_path / "own.duckdb")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(new_db, page):
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.query_params["customer"] = "C1"
    at.switch_page(page)
    run_app(at)
    assert at.title
    if page == "pages/customer.py":
        assert any("No customer with the id 'C1'" in w.value for w in at.warning)
    elif page != "pages/import.py":
        assert any("no data to show" in i.value for i in at.info)
        assert any("Import data" in i.value for i in at.info)
    assert set(_table_rows(new_db, _csv_rows(SAMPLE)).values()) == {0}
