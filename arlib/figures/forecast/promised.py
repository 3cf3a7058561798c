"""Open promises in the cash forecast (metrics.md §10.3): each pending promise moves the
part of the items it covers, weighted by the customer's kept rate, to its own date."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd


def _cents(value: float) -> int:
    return round(float(value) * 100)


def split(items: pd.DataFrame, pending: pd.DataFrame, weights: pd.Series, *,
          as_of: date) -> pd.DataFrame:
    """One row per part of an open item: the promised part of a pending promise (line
    `promised`, on the promise's date, never before the day after the as-of date) and the
    rest (line `expected`, or `disputed` for a disputed item, dated by the method); amounts
    in the item's currency and in base currency, the parts of an item adding up to it."""
    # only the items of customers with a pending promise can be covered; promises take
    # them in the forecast's order of the items: oldest due first
    promising = set(pending.customer_id.tolist())
    chosen = np.flatnonzero(items.customer_id.isin(promising).to_numpy()
                            & ~items.is_disputed.to_numpy(dtype=bool))
    near = items.iloc[chosen]
    ids, customers, currencies = (near.item_id.tolist(), near.customer_id.tolist(),
                                  near.currency.tolist())
    row_of = dict(zip(ids, chosen.tolist(), strict=True))  # an item's row in `items`
    promisable = {i: _cents(a) for i, a in zip(ids, near.open_amt.tolist(), strict=True)}
    currency_of = dict(zip(ids, currencies, strict=True))
    by_account: dict[tuple[str, str], list[str]] = {}
    for item, customer, currency in zip(ids, customers, currencies, strict=True):
        by_account.setdefault((customer, currency), []).append(item)
    first_day = as_of + timedelta(days=1)
    moved: dict[str, int] = {}
    promised = []
    order = pending.sort_values(["due_on", "made_on", "promise_id"])
    for promise, customer, invoice, currency, due_on, amount, allocated in zip(
            *(order[c].tolist() for c in ("promise_id", "customer_id", "invoice_id", "currency",
                                          "due_on", "amount", "allocated_amt")), strict=True):
        want = _cents(amount) - _cents(allocated)
        if isinstance(invoice, str):
            targets = [invoice] if currency_of.get(invoice) == currency else []
        else:
            targets = by_account.get((customer, currency), [])
        weight = float(weights.get(customer, 1.0))
        for item in targets:
            take = min(want, promisable.get(item, 0))
            if take <= 0:
                continue
            cents = round(take * weight)
            promisable[item] -= take
            want -= take
            if cents > 0:
                moved[item] = moved.get(item, 0) + cents
                promised.append((item, promise, cents, max(due_on, first_day)))
    # the covered items are found by their row, not by looking their ids up in every item
    parts = pd.DataFrame(promised, columns=["item_id", "promise_id", "cents", "fixed_on"])
    at = np.array([row_of[i] for i in parts.item_id.tolist()], dtype=np.int64)
    parts["amount"] = parts.cents / 100
    rates = items.fx_rate.to_numpy()[at]
    parts["base_amt"] = np.round(parts.amount.to_numpy() * rates, 2)
    parts["line"] = "promised"
    taken = np.zeros(len(items))
    taken[[row_of[i] for i in moved]] = list(moved.values())
    cents = np.round(items.open_amt.to_numpy(dtype=float) * 100)
    rest = items.assign(
        amount=(cents - taken) / 100,
        line=np.where(items.is_disputed.to_numpy(dtype=bool), "disputed", "expected"),
        promise_id=None, fixed_on=None)
    per_item = parts.groupby("item_id").base_amt.sum()
    moved_base = np.zeros(len(items))
    moved_base[[row_of[i] for i in per_item.index.tolist()]] = per_item.to_numpy(dtype=float)
    rest["base_amt"] = np.round(items.open_base_amt.to_numpy(dtype=float) - moved_base, 2)
    columns = ["item_id", "customer_id", "customer_name", "region", "currency", "invoice_on",
               "due_on", "fx_rate"]
    promised_rows = pd.concat([parts.drop(columns="cents"),
                               items[columns[1:]].iloc[at].reset_index(drop=True)], axis=1)
    kept = rest[rest.amount > 0]
    out = (pd.concat([kept, promised_rows], ignore_index=True) if len(promised_rows)
           else kept.reset_index(drop=True))
    return out[[*columns, "line", "promise_id", "fixed_on", "amount", "base_amt"]]
