"""Layer rules of the codebase: arlib stays UI-free, pages hold no SQL, SQL has no f-strings."""

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
