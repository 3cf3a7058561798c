"""Hostile input and output (issue 8, item 5).

- Names and notes with HTML, script and Markdown are shown as written: text helpers, charts
  and the printable documents here; the pages in a browser in e2e/test_hostile_browser.py.
- Cells that look like formulas are neutralised in CSV and XLSX exports, headers included.
- A file over the size limit is refused, naming the limit, before anything reads it.
- SQL only through bound parameters: quotes and `'; drop table` fed through every filter and
  every URL parameter of every page (AppTest) change nothing and raise nothing; a static scan
  finds no call that formats values into SQL text.
- The app sends nothing anywhere: no usage statistics, no network client in the code.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from arlib import settings
from arlib.canonical import validation
from arlib.canonical.models import MODELS
from arlib.figures import customers
from arlib.intake.reading import LoadError
from arlib.outputs import charts, documents, export
from arlib.store import db, loader
from tests.conftest import GOLDEN, ROOT
from tests.conftest import run_app as _run
from ui import formats

pytestmark = pytest.mark.hostile

DROP = "'; drop table raw_invoices; --"
HOSTILE_VALUES = ["'", '"', DROP, "x' or '1'='1", "2024-12-31'); drop table raw_customers; --"]
FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
MARKUP_NAME = "Evil <img src=x onerror=alert(1)> **bold** [link](http://example.com) :red[x] $y$"


# --- names shown as written --------------------------------------------------------------

def test_plain_text_escapes_every_markdown_sign_and_keeps_the_rest():
    shown = formats.plain(MARKUP_NAME + "\n# heading")
    assert not formats.MARKDOWN_SIGNS & set(re.sub(r"&#\d+;", "", shown)), shown
    assert html.unescape(shown) == MARKUP_NAME + " # heading"
    assert formats.plain("No customer with the id 'C1'") == "No customer with the id 'C1'"


def test_charts_show_names_and_ids_as_written():
    ranked = pd.DataFrame({"customer_name": [MARKUP_NAME, "<b>Bold</b> & Co"],
                           "open_ar_part": [0.1, 0.2]})
    chart = charts.visit_scores(ranked, {"open_ar": ("open_ar", "open AR")})
    # Vega draws every label as text: the names as written, best first
    assert list(chart.data.account) == [MARKUP_NAME, "<b>Bold</b> & Co"]
    assert chart.to_dict()["encoding"]["y"]["sort"] == [MARKUP_NAME, "<b>Bold</b> & Co"]
    table = pd.DataFrame({"rep_id": ["R1"], "rep_name": ["<a href='http://x'>Rep</a>"],
                          "kept_rate_pct": [0.5]})
    chart = charts.per_rep(table, "kept_rate_pct", title="t", axis="a", fmt=".0%")
    assert list(chart.data.rep) == ["<a href='http://x'>Rep</a>"]


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> Path:
    """The golden book plus a customer, a rep and a note whose texts are hostile: quotes and
    SQL in the ids, region and city; markup in the names and the note."""
    folder = tmp_path_factory.mktemp("hostile") / "book"
    folder.mkdir()
    for source in GOLDEN.glob("*.csv"):
        shutil.copy(source, folder / source.name)
    rows = {
        "reps.csv": ["R9'; drop table raw_reps; --", "O'Hara \"Bob\" <b>x</b>", "East",
                     "2020-01-01", ""],
        "customers.csv": ["C9" + DROP, MARKUP_NAME, "R9'; drop table raw_reps; --",
                          "West'; drop table raw_customers; --", "Quote's \"town\" <i>",
                          "US", "USD", "30", "5000", "2020-01-01"],
        "invoices.csv": ["I9" + DROP, "C9" + DROP, "invoice", "2024-10-01", "2024-10-31",
                         "777.00", "USD", "=HYPERLINK(\"http://example.com\")"],
        "notes.csv": ["N9'", "C9" + DROP, "<script>alert(1)</script>", "2024-12-03 09:00",
                      "=1+1 <img src=x onerror=alert(2)> **urgent**"],
    }
    for name, row in rows.items():
        with (folder / name).open("a", newline="") as fh:
            csv.writer(fh).writerow(row)
    return folder


def test_printable_documents_escape_names_and_notes(hostile_book):
    con = db.open_database(":memory:")
    assert loader.load(con, [hostile_book]).total("rejected") == 0
    profile = customers.profile(con, customer_id="C9" + DROP, as_of=date(2024, 12, 31),
                                settings=settings.load())
    for page in (documents.statement_html(profile, as_of=date(2024, 12, 31), currency="USD"),
                 documents.brief_html(profile, as_of=date(2024, 12, 31), currency="USD")):
        assert "<img" not in page and "<script>alert" not in page
        assert "Evil &lt;img src=x onerror=alert(1)&gt; **bold**" in page
    con.close()


# --- exports -------------------------------------------------------------------------------

def _formula_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": FORMULAS,
        "string": pd.array([*FORMULAS[:5], None], dtype="string"),
        "category": pd.Categorical(FORMULAS),
        "=HYPERLINK(\"http://example.com\",\"header\")": range(6),
        "amount": [-2.0, 3.0, -4.5, 0.0, 1.0, -1.0],
        "note": ["ok", "a=b", "x-y", "line\r=1+1", "line\n@SUM(A1)", None],
    })


def _is_formula(text: object) -> bool:
    """A cell a spreadsheet would run: it starts with a formula sign and is not a number."""
    if not isinstance(text, str) or not text.startswith(export.FORMULA_STARTS):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def test_formula_cells_and_headers_are_text_in_csv():
    text = export.to_csv_bytes(_formula_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))  # a bare CR ends a row, as in Excel
    assert len(rows) == 7, rows  # line breaks inside cells stay inside them
    cells = [c for row in rows for c in row]
    assert not any(_is_formula(c) for c in cells), [c for c in cells if _is_formula(c)]
    assert rows[0][3] == "'=HYPERLINK(\"http://example.com\",\"header\")"
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [r[4] for r in rows[1:]] == ["-2.0", "3.0", "-4.5", "0.0", "1.0", "-1.0"]
    assert [r[5] for r in rows[1:]] == ["ok", "a=b", "x-y", "line\r=1+1", "line\n@SUM(A1)",
                                        ""]


def test_formula_cells_and_headers_are_text_in_xlsx():
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(
        {"Data": _formula_frame()}, {"=stamp": "@load", "rep": DROP})))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                assert not _is_formula(cell.value), f"{sheet.title}!{cell.coordinate}"
    data = book["Data"]
    # (a CR in a cell comes back as LF from the workbook)
    assert [c.value for c in data["A"][1:]] == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert [c.value for c in data["E"][1:]] == [-2, 3, -4.5, 0, 1, -1]  # numbers stay numbers


def test_exports_of_the_figures_keep_hostile_data_inert(hostile_book):
    from arlib.figures import aging

    con = db.open_database(":memory:")
    loader.load(con, [hostile_book])
    frame = customers.open_items(con, customer_id="C9" + DROP, as_of=date(2024, 12, 31),
                                 settings=settings.load())
    assert len(frame) == 1
    frame = frame.assign(reference="=HYPERLINK(\"http://example.com\")")
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(
        {"Items": frame, "Customers": aging.by_customer(con, as_of=date(2024, 12, 31),
                                                         settings=settings.load())})))
    assert not any(c.data_type == "f" for s in book.worksheets for r in s.iter_rows()
                   for c in r)
    con.close()


# --- the size limit ------------------------------------------------------------------------

def _counts(con) -> dict[str, int]:
    """Rows of every table of record: the raw tables and the load log (the others are
    derived from them, and built when first read)."""
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for (t,) in con.execute("select table_name from duckdb_tables() "
                                    "where schema_name = 'main' and (table_name like 'raw%' "
                                    "or table_name like 'load%')").fetchall()}


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    before = _counts(con)
    big = tmp_path / "invoices.csv"
    big.write_text("invoice_id,customer_id,invoice_on,due_on,amount\n"
                   + "".join(f"X{n},C1,2024-10-01,2024-10-31,1.00\n" for n in range(100)))
    with pytest.raises(LoadError) as refused:
        loader.load(con, [big], max_bytes=1000)
    message = str(refused.value)
    assert message.startswith("invoices.csv: ")
    assert f"{big.stat().st_size:,} bytes is over the import limit of 1,000 bytes" in message
    assert "AR_IMPORT_MAX_MB" in message
    assert _counts(con) == before  # nothing written, not even the load log
    con.close()


@pytest.mark.parametrize("name", ["export.csv", "book.xlsx", "invoices.csv"])
def test_a_file_over_the_size_limit_is_never_read(tmp_path, monkeypatch, name):
    """The limit guards memory and time: an oversized file, in a folder or named alone, is
    refused before anything opens it to find its layout."""
    def no_reading(*args, **kwargs):
        raise AssertionError("an oversized file was read")

    for reader in ("read_grids", "csv_header", "_is_canonical_workbook", "stage_csv",
                   "stage_workbook", "convert"):
        monkeypatch.setattr(loader, reader, no_reading)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / name).write_bytes(b"a,b,c\n" + b"1,2,3\n" * 500)
    for paths in ([folder], [folder / name]):
        with pytest.raises(LoadError, match="over the import limit of 1,000 bytes"):
            loader.load(db.open_database(":memory:"), paths, max_bytes=1000)


# --- SQL only through parameters: the app under hostile filters and URLs --------------------

PAGES = ["pages/overview.py", "pages/dso.py", "pages/aging.py", "pages/promises.py",
         "pages/scorecard.py", "pages/calls.py", "pages/visits.py", "pages/customer.py",
         "pages/import.py"]
# every URL parameter a page reads (bound widgets and the customer id)
URL_KEYS = ["as_of", "period", "from", "rep", "region", "currency", "aging_basis",
            "dso_method", "dso_window", "promises_status", "scorecard_channels", "customer",
            "customer_as_of"]


@pytest.fixture(scope="module")
def hostile_app(hostile_book, tmp_path_factory):
    """The app's database built from the hostile book, and its tables' row counts."""
    path = tmp_path_factory.mktemp("hostile_db") / "app.duckdb"
    con = db.open_database(path)
    report = loader.load(con, [hostile_book])
    assert report.total("rejected") == 0
    counts = _counts(con)
    con.close()
    return {"db": path, "book": hostile_book, "counts": counts}


@pytest.fixture
def app_env(hostile_app, monkeypatch):
    monkeypatch.setenv("AR_DB_PATH", str(hostile_app["db"]))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(hostile_app["book"]))
    settings.load.cache_clear()
    yield hostile_app
    settings.load.cache_clear()
    con = duckdb.connect(str(hostile_app["db"]))  # the app's instance, in this process
    try:
        assert _counts(con) == hostile_app["counts"]  # every table there, no row changed
    finally:
        con.close()


def _open(page: str, query: dict[str, str]) -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return _run(at)


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("title", "warning", "info", "error", "caption")
                    for e in getattr(at, kind))


@pytest.mark.parametrize("page_file", PAGES)
def test_hostile_url_parameters_change_nothing_on_every_page(app_env, page_file):
    for shift in range(len(HOSTILE_VALUES)):  # each parameter gets each hostile value once
        query = {key: HOSTILE_VALUES[(i + shift) % len(HOSTILE_VALUES)]
                 for i, key in enumerate(URL_KEYS)}
        at = _open(page_file, query)
        assert at.title, f"{page_file} drew nothing for {query}"
        if page_file == "pages/customer.py":  # an unknown id: a clear message, nothing else
            assert "No customer with the id" in _texts(at)


def test_hostile_values_in_the_data_go_through_every_filter_as_values(app_env):
    rep, region = "R9'; drop table raw_reps; --", "West'; drop table raw_customers; --"
    at = _open("pages/overview.py", {"as_of": "2024-12-31"})
    at.selectbox(key="rep").set_value(rep)
    at.selectbox(key="region").set_value(region)
    _run(at)
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Open AR"] == "777"  # the hostile customer's one invoice, matched by value
    assert at.dataframe[0].value.customer_name.tolist() == [MARKUP_NAME]
    for page in PAGES[1:7]:  # the same filters on every other analytics page
        at.switch_page(page)
        _run(at)
        assert at.selectbox(key="rep").value == rep
        assert at.selectbox(key="region").value == region
    at.switch_page("pages/visits.py")
    _run(at)
    at.multiselect(key="visits_city").set_value(["Quote's \"town\" <i>"])
    _run(at)
    assert at.dataframe[0].value.customer_name.tolist() == [MARKUP_NAME]

    at = _open("pages/customer.py", {"customer": "C9" + DROP, "customer_as_of": "2024-12-31"})
    assert [t.value for t in at.title] == [formats.plain(MARKUP_NAME)]
    assert {m.label: m.value for m in at.metric}["Open"] == "USD 777.00"
    notes = at.dataframe  # the note, as written
    assert any("=1+1 <img src=x onerror=alert(2)> **urgent**" in f.value.to_string()
               for f in notes if "text" in f.value)


# --- SQL only through parameters: the code -------------------------------------------------

# Call sites that build SQL text from something other than a constant or a file of
# a package's sql/ folder, and what they put in it: identifiers, never values.
FORMATTED_SQL = {
    ("arlib/store/db.py", "run_sql"): "a query file (sql_text), values bound",
    ("arlib/store/db.py", "run_arrow"): "a query file (sql_text), values bound",
    ("arlib/store/loader.py", "_merge"): "SQL generated from the models (validation, upsert)",
    ("arlib/store/loader.py", "_write"): "SQL generated from the models (upsert.orphans)",
    ("arlib/store/loader.py", "_preview"): "SQL generated from the models (upsert.rows_of_load)",
    ("arlib/store/db.py", "ensure_schema"): "create table statements generated from the models",
    ("arlib/store/facts.py", "_build_facts"): "fact table names, a constant tuple",
    ("arlib/intake/reading.py", "stage_csv"): "temp table names from the file's index; reader "
                                       "options, a constant; the path is $path",
    ("arlib/intake/reading.py", "stage_workbook"): "temp table name from the sheet's index",
    ("arlib/intake/reading.py", "stage_frame"): "temp table name from the file's index",
    ("arlib/store/loader.py", "_conflicts"): "temp table names from the staged parts; the "
                                             "check SQL generated from the models",
    ("arlib/store/conflicts.py", "find"): "keys and column names from the models, quoted; "
                                          "column numbers; values bound",
    ("arlib/store/controls.py", "count"): "free-text column names, quoted; a temp table "
                                          "name; the pattern is $controls",
    ("arlib/sample/__init__.py", "generate"): "COPY ... TO 'path' with quotes doubled "
                                              "(DuckDB's COPY takes no parameter for it)",
}
SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}


def _sql_calls(path: Path) -> dict[tuple[str, str], int]:
    """(file, innermost function) -> line, for every DuckDB call whose SQL is neither a
    constant nor a query file (a package's sql/ folder) read by `sql_text`."""
    found: dict[tuple[str, str], int] = {}

    class Calls(ast.NodeVisitor):
        def __init__(self) -> None:
            self.functions = ["<module>"]

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            self.functions.append(node.name)
            self.generic_visit(node)
            self.functions.pop()

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Call(self, node: ast.Call) -> None:
            if (isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS
                    and node.args and not _fixed_sql(node.args[0])):
                found.setdefault((str(path.relative_to(ROOT)), self.functions[-1]),
                                 node.lineno)
            self.generic_visit(node)

    Calls().visit(ast.parse(path.read_text()))
    return found


def _fixed_sql(sql: ast.expr) -> bool:
    """A constant, or a query file of a package's sql/ folder (checked by the test below)."""
    return isinstance(sql, ast.Constant) or (
        isinstance(sql, ast.Call) and isinstance(sql.func, ast.Name)
        and sql.func.id == "sql_text")


def test_sql_is_formatted_only_where_reviewed_and_only_with_identifiers():
    found = {}
    for path in sorted((ROOT / "arlib").rglob("*.py")):
        found |= _sql_calls(path)
    unreviewed = {k: v for k, v in found.items() if k not in FORMATTED_SQL}
    assert not unreviewed, (
        "SQL text built at these call sites (file, function: line) is not reviewed; pass "
        "values as $parameters, and add a site to FORMATTED_SQL only if it formats "
        f"identifiers: {unreviewed}")


def test_the_pages_and_the_ui_run_no_sql():
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
                 *sorted((ROOT / "ui").glob("*.py"))]:
        calls = [n for n in ast.walk(ast.parse(path.read_text()))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and n.func.attr in SQL_METHODS - {"query"}]
        assert not calls, f"{path.name} runs SQL on line {calls[0].lineno}; arlib does that"


def test_sql_files_take_values_only_as_named_parameters():
    for path in sorted((ROOT / "arlib").rglob("*.sql")):
        text = path.read_text()
        # Python formatting would need {name}, %s or %(name)s; DuckDB structs are {'k': v}
        assert not re.search(r"\{\s*[A-Za-z_]\w*\s*\}|%s|%\(\w+\)s", text), path


def test_generated_sql_interpolates_only_names_from_the_models():
    """validation.py and upsert.py write SQL from the models: the names they put in the
    text are the models' table and column names (plain identifiers) and their literals go
    through quoting that doubles quotes."""
    identifier = re.compile(r"^[a-z][a-z0-9_]*$")
    for model in MODELS:
        assert identifier.match(model.table), model
        for column in validation.columns(model):
            assert identifier.match(column.name), (model.table, column.name)
            if column.references:
                table, name = column.references.split(".")
                assert identifier.match(table) and identifier.match(name), column.references
        assert set(model.key) <= {c.name for c in validation.columns(model)}
    assert validation.quote_ident('a"b') == '"a""b"'
    assert validation._lit("it's") == "'it''s'"


# --- no telemetry ----------------------------------------------------------------------------

def test_the_app_sends_no_usage_statistics_and_has_no_network_client():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    clients = {"requests", "httpx", "urllib.request", "http.client", "aiohttp", "socket"}
    # the browser bench starts the app itself on 127.0.0.1 and waits for its health check
    local_only = {ROOT / "arlib" / "bench" / "browser.py"}
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
                 *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "arlib").rglob("*.py"))]:
        if path in local_only:
            assert "127.0.0.1" in path.read_text() and "http://" not in path.read_text() \
                .replace("http://127.0.0.1", ""), path
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not clients & set(names), f"{path.relative_to(ROOT)} imports {names}"
