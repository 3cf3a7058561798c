"""Layer rules of the codebase: arlib stays UI-free, pages hold no SQL, SQL has no f-strings."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_arlib_does_not_import_streamlit():
    code = ("import sys, arlib, arlib.store.loader, arlib.figures.overview, arlib.store.state, "
            "arlib.outputs.charts, arlib.outputs.report, "
            "arlib.__main__; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_arlib_source_never_mentions_streamlit_imports():
    offenders = [p.name for p in (ROOT / "arlib").rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(), re.M)]
    assert offenders == []


def test_pages_hold_no_sql_or_duckdb():
    pattern = re.compile(r"(\.execute\(|duckdb|\bselect\s.+\sfrom\b|run_sql)", re.I)
    offenders = [p.name for p in (ROOT / "pages").glob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_every_page_is_listed_in_app_navigation():
    app = (ROOT / "app.py").read_text()
    pages = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    assert pages and all(f"pages/{name}" in app for name in pages)


def test_sql_files_use_named_parameters_only():
    for path in (ROOT / "arlib").rglob("*.sql"):
        text = path.read_text()
        assert "?" not in re.sub(r"'[^']*'", "", text), f"{path}: positional parameter"
        assert not re.search(r"\{[a-z_]+\}", text), f"{path}: format placeholder"
        assert text.startswith("-- "), f"{path}: first line must state the grain"


def test_the_layers_of_arlib_hold():
    """import-linter's contracts in pyproject.toml: each package of arlib imports only those
    below it (intake, canonical, store, figures, outputs), and arlib never imports ui."""
    code = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    out = subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


# Date parameters that stay positional, each with its reason (file, function, parameter).
POSITIONAL_DATES = {
    ("arlib/store/allocation.py", "allocate", "paid_on"):
        "a numpy array of day numbers, one per cash row, not a date",
    ("arlib/canonical/models.py", "not_far_future", "value"):
        "a pydantic validator (AfterValidator): pydantic passes the value positionally",
    ("arlib/figures/dso.py", "with_days", "by_month"):
        "a dict of monthly sales keyed by month, not a date",
}
DATE_NAMES = {"as_of", "first_on", "last_on", "since", "dates", "on"}
DATE_TYPES = {"date", "datetime", "Timestamp"}


def _is_date(arg) -> bool:
    """A date parameter: named like one, or annotated with a date type anywhere inside
    (date, date | None, list[date], Sequence[datetime], "date"...)."""
    if arg.arg in DATE_NAMES or arg.arg.endswith("_on"):
        return True
    ann = arg.annotation
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        ann = ast.parse(ann.value, mode="eval").body
    return ann is not None and any(
        (isinstance(n, ast.Name) and n.id in DATE_TYPES)
        or (isinstance(n, ast.Attribute) and n.attr in DATE_TYPES)
        or (isinstance(n, ast.Constant) and isinstance(n.value, str)
            and n.value.strip() in DATE_TYPES)
        for n in ast.walk(ann))


def _public_functions(tree):
    """Module functions and methods of public classes whose names do not start with _."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def test_dates_are_keyword_only():
    """Every date parameter of a public function of arlib and ui is keyword-only (after *),
    so that no call can swap an as-of date and a period start (issue 14)."""
    files = sorted((ROOT / "arlib").rglob("*.py")) + sorted((ROOT / "ui").glob("*.py"))
    offenders, found = [], set()
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for name, fn in _public_functions(ast.parse(path.read_text(), filename=rel)):
            if name.rsplit(".", 1)[-1].startswith("_"):
                continue
            positional = fn.args.posonlyargs + fn.args.args
            positional += [fn.args.vararg] if fn.args.vararg else []
            for arg in positional:
                if not _is_date(arg):
                    continue
                if (rel, name, arg.arg) in POSITIONAL_DATES:
                    found.add((rel, name, arg.arg))
                else:
                    offenders.append(f"{rel}:{arg.lineno} {name}({arg.arg})")
    assert not offenders, ("date parameters to make keyword-only (after *), or to list in "
                           "POSITIONAL_DATES with a reason:\n" + "\n".join(offenders))
    assert found == set(POSITIONAL_DATES), f"stale exceptions: {set(POSITIONAL_DATES) - found}"


def test_every_table_shows_a_missing_value_as_a_blank_cell():
    """st.dataframe writes 'None' in an empty cell unless told otherwise: every table of the
    pages and ui passes placeholder="" (or read_aloud's arguments, which include it)."""
    import ast

    offenders = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "dataframe"):
                names = {k.arg for k in node.keywords}
                if "placeholder" not in names and None not in names:  # None: **arguments
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
