"""Cached access to arlib for the pages: one connection per process, results per data version."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from arlib import aging, overview, settings, store


@st.cache_resource(show_spinner="Opening the database…")
def _store(db_path: str) -> tuple[duckdb.DuckDBPyConnection, bool]:
    # Keyed on the path so that a changed AR_DB_PATH (tests) never reuses another file.
    return store.open_store(settings.load())


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection; arlib takes a cursor per query (see the style doc §3.2)."""
    return _store(str(settings.load().resolved_db_path()))[0]


def built_from_sample() -> bool:
    """True when this process created the database from sample_data/ on first launch."""
    return _store(str(settings.load().resolved_db_path()))[1]


def status() -> store.StoreStatus:
    """Latest load of the store (not cached: cheap, and it is what invalidates the caches)."""
    return store.status(connection(), settings.load())


@st.cache_data(show_spinner=False, max_entries=64)
def date_range(data_version: int) -> tuple[date | None, date | None]:
    """First and last event date of the data (cached per data version)."""
    return store.date_range(connection())


@st.cache_data(show_spinner="Computing figures…", max_entries=256)
def headline(as_of: date, data_version: int) -> pd.Series:
    """Overview figures as of the date (cached per date and data version)."""
    return overview.headline(connection(), as_of=as_of, settings=settings.load())


@st.cache_data(show_spinner=False, max_entries=256)
def buckets(as_of: date, data_version: int) -> pd.DataFrame:
    """Aging buckets as of the date (cached per date and data version)."""
    return aging.buckets(connection(), as_of=as_of, settings=settings.load())
