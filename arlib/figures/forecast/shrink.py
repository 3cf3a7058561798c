"""Figures of thin histories shrunk towards a wider group (metrics.md §10.2, §10.3): a
customer's days late towards its region's, the region's towards the portfolio's, and a
customer's promise kept rate towards the portfolio's."""

from __future__ import annotations

import numpy as np
import pandas as pd


def blend(own: pd.Series, count: pd.Series, prior: pd.Series | float,
          prior_weight: float) -> pd.Series:
    """(count × own + k × prior) / (count + k): a figure from `count` observations pulled
    towards the prior, which counts as k observations; the prior alone without any."""
    count = count.fillna(0).astype(float)
    own = own.fillna(0.0).astype(float)
    return (count * own + prior_weight * prior) / (count + prior_weight)


def lateness(history: pd.DataFrame, *, customers: pd.DataFrame,
             prior_weight: float) -> pd.DataFrame:
    """One row per customer asked for (customer_id, region): its own paid invoices (count)
    and cash-weighted days late, its segment's days late (region shrunk towards the
    portfolio) and its shrunk days late; 0 days with no history anywhere."""
    cash = history.cash_amt.sum()
    portfolio = float((history.cash_amt * history.late_days).sum() / cash) if cash > 0 else 0.0
    regions = (history.dropna(subset=["region"])
               .assign(weighted=lambda f: f.cash_amt * f.late_days)
               .groupby("region")[["count_invoices", "cash_amt", "weighted"]].sum())
    regions["segment_days"] = blend(regions.weighted / regions.cash_amt, regions.count_invoices,
                                    portfolio, prior_weight)
    out = customers[["customer_id", "region"]].drop_duplicates("customer_id").merge(
        history[["customer_id", "count_invoices", "late_days"]], on="customer_id", how="left")
    segment = out.region.map(regions.segment_days).astype(float)
    out["segment_days"] = segment.fillna(portfolio)
    out["count_invoices"] = out.count_invoices.fillna(0).astype(np.int64)
    out["own_days"] = out.pop("late_days")
    out["late_days"] = blend(out.own_days, out.count_invoices, out.segment_days, prior_weight)
    return out


def kept_weights(promises: pd.DataFrame, *, customers: pd.Series,
                 prior_weight: float) -> pd.Series:
    """The weight of a pending promise per customer asked for: its amount kept rate over its
    rated promises (kept, partial, broken) shrunk towards the portfolio's; 1 (the promise
    at its word) when nothing anywhere is rated yet."""
    rated = promises[promises.status.isin(("kept", "partial", "broken"))]
    amount, allocated = rated.amount_base.sum(), rated.allocated_base_amt.sum()
    portfolio = float(allocated / amount) if amount > 0 else 1.0
    per = rated.groupby("customer_id").agg(count=("promise_id", "size"),
                                           amount=("amount_base", "sum"),
                                           allocated=("allocated_base_amt", "sum"))
    own = (per.allocated / per["amount"]).where(per["amount"] > 0)
    ids = pd.Index(customers.drop_duplicates())
    weights = blend(own.reindex(ids), per["count"].reindex(ids), portfolio, prior_weight)
    return pd.Series(weights.to_numpy(), index=ids, name="kept_weight")
