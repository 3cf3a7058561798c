"""Aging as of a date (metrics.md §1): buckets, per currency, per customer, per rep, history."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store.db import run_frame, run_sql


def params(settings: Settings, scope: Scope | None = None) -> dict[str, Any]:
    """The settings (and scope, when given) the queries over `open_items` take."""
    return {
        **(scope.params() if scope else {}),
        "base_currency": settings.base_currency,
        "fx_policy": settings.fx_policy,
        "aging_basis": settings.aging_basis,
        "bucket_edges": list(settings.aging_bucket_edges),
        "bucket_labels": settings.bucket_labels(),
    }


def history(con: duckdb.DuckDBPyConnection, *, dates: list[date], settings: Settings,
            scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per date and bucket (then `unapplied`): open and disputed amount, base currency."""
    frame = run_sql(con, "figures/sql/aging/history.sql", as_of_dates=list(dates),
                    **params(settings, scope))
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.date
    return frame


def buckets(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
            scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per bucket (then `unapplied`) as of the date: open and disputed amount."""
    return history(con, dates=[as_of], settings=settings, scope=scope).drop(columns="as_of")


def by_currency(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per original currency: a column per bucket in that currency, its total, and
    the total in base currency."""
    long = run_sql(con, "figures/sql/aging/by_currency.sql", as_of=as_of, **params(settings, scope))
    wide = _per_currency(long, settings)
    wide["total_base_amt"] = long.groupby("currency").open_amt.sum()
    return wide.reset_index()


def by_original_currency(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                         scope: Scope = EVERYONE, customer_id: str | None = None
                         ) -> pd.DataFrame:
    """One row per original currency (of one customer, when given): a column per bucket in
    that currency and its total. Nothing is converted, so it needs no FX rate."""
    long = run_sql(con, "figures/sql/aging/by_original_currency.sql", as_of=as_of,
                   customer_id=customer_id, **params(settings, scope))
    return _per_currency(long, settings).reset_index()


def _per_currency(long: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Currency and bucket rows as a column per bucket (in the currency) and the total."""
    labels = [*settings.bucket_labels(), "unapplied"]
    wide = long.pivot_table(index="currency", columns="bucket", values="open_currency_amt",
                            aggfunc="sum", fill_value=0.0).reindex(columns=labels,
                                                                   fill_value=0.0)
    wide.columns = [f"{b}_amt" for b in labels]
    wide["total_amt"] = wide.sum(axis=1)
    return wide


def by_customer(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
                scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer with a balance: a column per bucket, total, past due, disputed."""
    long = run_frame(con, "figures/sql/aging/by_customer.sql", as_of=as_of,
                     **params(settings, scope))
    return _wide(long, ["customer_id", "customer_name", "rep_id", "region"], settings)


def by_rep(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
           scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per rep owning customers with a balance (customers.rep_id): buckets and totals."""
    long = run_frame(con, "figures/sql/aging/by_customer.sql", as_of=as_of,
                     **params(settings, scope))
    long["rep_id"] = long["rep_id"].fillna("(no rep)")
    return _wide(long, ["rep_id"], settings)


def _wide(long: pd.DataFrame, keys: list[str], settings: Settings) -> pd.DataFrame:
    """Pivot bucket rows into bucket columns and add total, past due and disputed columns."""
    labels = [*settings.bucket_labels(), "unapplied"]
    grouped = long.fillna({k: "" for k in keys})
    wide = grouped.pivot_table(index=keys, columns="bucket", values="open_amt", aggfunc="sum",
                               fill_value=0.0).reindex(columns=labels, fill_value=0.0)
    wide.columns = [f"{b}_amt" for b in labels]
    wide["total_amt"] = wide.sum(axis=1)
    wide["past_due_amt"] = grouped.groupby(keys)["past_due_amt"].sum()  # by due date
    wide["disputed_amt"] = grouped.groupby(keys)["disputed_amt"].sum()
    return wide.reset_index().sort_values("total_amt", ascending=False, ignore_index=True)
