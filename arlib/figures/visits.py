"""Key accounts: where to visit (metrics.md §6), a score per customer from percentile ranks."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import duckdb
import numpy as np
import pandas as pd

from arlib.figures import aging, periods, promises
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings, VisitWeights
from arlib.store.db import run_frame

# factor column -> (weight field in VisitWeights, words for the reasons)
FACTORS = {
    "sales_12m_amt": ("sales_12m", "large sales in the last 12 months"),
    "open_ar_amt": ("open_ar", "large open balance"),
    "past_due_30_amt": ("past_due_30", "much past due over 30 days"),
    "broken_180_count": ("broken_promises", "broken promises in the last 180 days"),
    "open_disputes_amt": ("open_disputes", "open disputes"),
    "since_visit_days": ("days_since_visit", "not visited for long"),
}
FLAGS = ("new", "legacy", "agency candidate", "no visit in a year")


def percentile_ranks(values: pd.Series) -> pd.Series:
    """Each value's percentile rank from 0 (lowest) to 1 (highest); ties share the average
    rank; a single customer gets 0.5."""
    if len(values) < 2:
        return pd.Series(0.5, index=values.index)
    return (values.rank(method="average") - 1) / (len(values) - 1)


def score(factors: pd.DataFrame, weights: VisitWeights) -> pd.DataFrame:
    """The factors with a percentile and a weighted part per factor, the score (their sum),
    the rank (1 = visit first; ties by customer id) and the strongest reasons in words."""
    out = factors.copy()
    for column, (field, _) in FACTORS.items():
        out[f"{column}_pctl"] = percentile_ranks(out[column].astype(float))
        out[f"{column}_part"] = out[f"{column}_pctl"] * getattr(weights, field)
    parts = [f"{c}_part" for c in FACTORS]
    out["score"] = out[parts].sum(axis=1)
    out = out.sort_values(["score", "customer_id"], ascending=[False, True],
                          ignore_index=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    out["reasons"] = _reasons(out)
    return out


def _reasons(out: pd.DataFrame) -> list[str]:
    """Per customer, the two factors that add most to the score (ties in FACTORS order),
    among those where the customer has something and sits in the upper half (so a tie at
    zero is never a reason)."""
    columns = list(FACTORS)
    parts = out[[f"{c}_part" for c in columns]].to_numpy(dtype=float)
    strong = (out[columns].to_numpy(dtype=float) > 0) & (
        out[[f"{c}_pctl" for c in columns]].to_numpy(dtype=float) >= 0.5)
    top = np.argsort(np.where(strong, -parts, np.inf), axis=1, kind="stable")[:, :2]
    words = [w for _, w in FACTORS.values()]
    return [", ".join(words[i] for i in picks if keep[i])
            for picks, keep in zip(top.tolist(), strong.tolist(), strict=True)]


def flags(factors: pd.DataFrame, *, as_of: date) -> pd.Series:
    """The flags of each customer, comma-separated: new (customer for 90 days or less), legacy
    (5 years or more), agency candidate (over 60 days past due with a broken promise in 180
    days or no cash in 60 days), no visit in a year."""
    day = np.datetime64(as_of, "D")

    def days_before(column: str) -> np.ndarray:  # days from the column's date to as_of
        dates = pd.to_datetime(factors[column]).to_numpy().astype("datetime64[D]")
        return np.where(np.isnat(dates), np.nan, (day - dates).astype(float))

    since, cash, visit = (days_before(c) for c in ("customer_since_on", "last_cash_on",
                                                   "last_visit_on"))
    five_years_ago = periods.years_on(-5, on=as_of)  # None in the years 1 to 5: nobody is legacy
    five_years = (as_of - five_years_ago).days if five_years_ago else np.inf
    no_cash = np.isnan(cash) | (cash > 60)
    marks = {
        "new": since <= 90,
        "legacy": since >= five_years,
        "agency candidate": (factors.past_due_60_amt.to_numpy(dtype=float) > 0)
        & ((factors.broken_180_count.to_numpy() > 0) | no_cash),
        "no visit in a year": np.isnan(visit) | (visit > 365),
    }
    rows = zip(*(m.tolist() for m in marks.values()), strict=True)
    return pd.Series([", ".join(f for f, on in zip(marks, row, strict=True) if on)
                      for row in rows], index=factors.index)


def factors(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
            scope: Scope = EVERYONE) -> pd.DataFrame:
    """One row per customer: the raw factors of metrics.md §6 as of the date."""
    frame = run_frame(con, "figures/sql/visits/factors.sql", as_of=as_of,
                      **aging.params(settings, scope))
    book = promises.book(con, as_of=as_of, settings=settings, scope=scope).promises
    recent = book[(book.status == "broken")
                  & (book.due_on >= periods.days_before(179, on=as_of))]
    frame["broken_180_count"] = frame.customer_id.map(
        recent.groupby("customer_id").size()).fillna(0).astype(int)
    return frame


def plan(con: duckdb.DuckDBPyConnection, *, as_of: date, settings: Settings,
         scope: Scope = EVERYONE, weights: VisitWeights | None = None) -> pd.DataFrame:
    """Every customer in scope ranked for a visit, with its factor breakdown and flags."""
    raw = factors(con, as_of=as_of, settings=settings, scope=scope)
    raw["flags"] = flags(raw, as_of=as_of)
    return score(raw, weights or settings.visit_weights)


def select(ranked: pd.DataFrame, *, cities: list[str], flags_: list[str]) -> pd.DataFrame:
    """The ranked customers in any of `cities` and carrying every one of `flags_` (an empty
    list keeps all)."""
    keep = ranked.city.isin(cities) if cities else pd.Series(True, index=ranked.index)
    for flag in flags_:
        keep &= ranked["flags"].str.split(", ").map(lambda marks, f=flag: f in marks)
    return ranked[keep].reset_index(drop=True)


def cities(ranked: pd.DataFrame) -> list[str]:
    """The cities of the ranked customers, sorted (for the city filter)."""
    return sorted(ranked.city.dropna().unique())


def visit_plan_export(ranked: pd.DataFrame, *, app_url: str) -> pd.DataFrame:
    """The visit plan as people read it: customer, city, score, reasons, flags, last visit
    and a link to the customer page (where the brief is printed); `app_url` is any address
    of the app, only its scheme and host are used."""
    parts = urlsplit(app_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return pd.DataFrame({
        "rank": ranked["rank"], "customer_id": ranked.customer_id,
        "customer": ranked.customer_name, "city": ranked.city, "rep": ranked.rep_id,
        "score": ranked.score.round(4), "reasons": ranked.reasons, "flags": ranked["flags"],
        "last_visit_on": ranked.last_visit_on,
        "brief_link": [f"{origin}/customer?customer={c}" for c in ranked.customer_id]})
