"""Shared fixtures: the golden book loaded into a store, in memory or in a file, and the app
run in this process (AppTest) on a database file holding it, or on its first launch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from arlib.store import db, loader

# AppTest runs the app in this process: show full errors instead of the redacted message.
os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"

ROOT = Path(__file__).resolve().parent.parent


def _shared_folder() -> Path:
    """The project's shared folder (golden book, real data): beside the checkout by default."""
    for candidate in (os.environ.get("AR_SHARED_DIR"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "golden" / "q4_2024").is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _shared_folder()
GOLDEN = SHARED / "golden" / "q4_2024"


@pytest.fixture(scope="session")
def golden_expected() -> dict:
    """The hand-computed figures of the golden book."""
    return json.loads((GOLDEN / "expected.json").read_text())


@pytest.fixture(scope="session")
def golden_con():
    """An in-memory store holding the golden book (read-only use, shared by the session)."""
    con = db.open_database(":memory:")
    report = loader.load(con, [GOLDEN])
    assert report.total("rejected") == 0
    yield con
    con.close()


@pytest.fixture
def empty_con():
    """A fresh in-memory store."""
    con = db.open_database(":memory:")
    yield con
    con.close()


def build_store(path: Path, book: Path) -> None:
    """A database file holding the book (one load of its folder), closed again: a database
    at a path other than the default starts empty, so a test that needs data loads it."""
    con = db.open_database(path)
    try:
        assert loader.load(con, [book]).changed
    finally:
        con.close()


# folders and schedules a developer's environment may name: an app under test loads its own
# inbox and writes its own packs, beside its own database, never theirs
OUTSIDE = ("AR_INBOX_DIR", "AR_OUTBOX_DIR", "AR_PACK_SCHEDULE")


@pytest.fixture(autouse=True)
def _own_folders(monkeypatch):
    for name in OUTSIDE:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """Point the app at a new database file holding the golden book, loaded from the folder
    the settings name as the sample (so the app calls it the sample data), and at an empty
    presets folder."""
    build_store(tmp_path / "app.duckdb", GOLDEN)
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "app.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(GOLDEN))
    monkeypatch.setenv("AR_PRESETS_DIR", str(tmp_path / "presets"))
    from arlib import settings
    settings.load.cache_clear()
    yield tmp_path
    settings.load.cache_clear()


@pytest.fixture
def first_run_env(tmp_path, monkeypatch):
    """The app's first launch on its default database: AR_DB_PATH unset, and the app's
    folder moved to a temporary one (so the default `data/ar.duckdb` is new there), with the
    golden book as the sample. Yields that folder."""
    from arlib import settings
    monkeypatch.setattr(settings, "REPO_ROOT", tmp_path)
    monkeypatch.delenv("AR_DB_PATH", raising=False)
    monkeypatch.setenv("AR_SAMPLE_DIR", str(GOLDEN))
    monkeypatch.setenv("AR_PRESETS_DIR", str(tmp_path / "presets"))
    settings.load.cache_clear()
    yield tmp_path
    settings.load.cache_clear()


def run_app(at):
    """Run the AppTest script once and fail on any exception it shows."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
