"""Portfolio difficulty (metrics.md §4.2): per rep, the cash their customers' open items
actually brought in the 13 weeks after a period's start, against the cash the forecast made on
the day before expected of them, so that a rep given the hardest accounts is not paid less
for it."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from arlib.figures.forecast import backtest, inputs, weekly
from arlib.figures.periods import days_before
from arlib.settings import Settings
from arlib.store.db import run_sql

# the payment-timing curves (metrics.md §10.4): on a generated book of 100,000 invoices they
# expected 0.96-1.01 of what each rep's portfolio brought in a quarter, customer lateness
# 1.15-1.42 times it
METHOD = "curves"
COLUMNS = ["rep_id", "expected_amt", "collected_amt", "collected_vs_expected_pct"]


def portfolio(con: duckdb.DuckDBPyConnection, *, first_on: date, settings: Settings,
              method: str = METHOD) -> pd.DataFrame:
    """One row per owner rep today: the cash the forecast made on the day before `first_on`
    expected in its 13 weeks from the items then open of the rep's customers (every line,
    disputed too, base currency), the cash those items brought in the same 13 weeks
    (converted at each item's rate, as the back-test does), and collected / expected (a
    fraction; undefined when nothing was expected)."""
    opening = days_before(1, on=first_on)
    known = weekly.known(con, as_of=opening, settings=settings)
    placed = weekly.place(known, method)
    placed = placed[placed.week <= weekly.WEEKS]
    cash = inputs.cash_after(con, as_of=opening,
                             last_on=opening + timedelta(days=backtest.HORIZON_DAYS),
                             settings=settings)
    rates = known.parts.drop_duplicates("item_id").set_index("item_id").fx_rate
    collected = pd.Series(np.round(cash.paid_amt.to_numpy(dtype=float)
                                   * cash.item_id.map(rates).to_numpy(dtype=float), 2),
                          index=cash.customer_id.to_numpy())
    owners = run_sql(con, "figures/sql/reps/owners.sql").set_index("customer_id").rep_id
    expected = placed.groupby(placed.customer_id.map(owners)).base_amt.sum()
    got = collected.groupby(collected.index.map(owners)).sum()
    out = pd.DataFrame({"expected_amt": expected, "collected_amt": got}).fillna(0.0)
    out = out.rename_axis("rep_id").reset_index()
    out["expected_amt"] = out.expected_amt.round(2)
    out["collected_amt"] = out.collected_amt.round(2)
    out["collected_vs_expected_pct"] = (out.collected_amt / out.expected_amt).where(
        out.expected_amt > 0)
    return out[COLUMNS].sort_values("rep_id", ignore_index=True)


def beside(table: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Scorecard rows (one per rep) with their portfolio's expected and collected cash and
    the ratio beside them (blank for a rep who owns no customer, and the unattributed row)."""
    return table.merge(found.rename(columns={"expected_amt": "portfolio_expected_amt",
                                             "collected_amt": "portfolio_collected_amt"}),
                       on="rep_id", how="left")
