"""Shared fixtures: the golden book loaded into a store, in memory or in a file, and the app
run in this process (AppTest) on a new database built from it."""

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


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """Point the app at a new database file that it must build from the golden 'sample', and
    at an empty presets folder."""
    monkeypatch.setenv("AR_DB_PATH", str(tmp_path / "app.duckdb"))
    monkeypatch.setenv("AR_SAMPLE_DIR", str(GOLDEN))
    monkeypatch.setenv("AR_PRESETS_DIR", str(tmp_path / "presets"))
    from arlib import settings
    settings.load.cache_clear()
    yield tmp_path
    settings.load.cache_clear()


def run_app(at):
    """Run the AppTest script once and fail on any exception it shows."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
