"""Sample book, documents: invoices, disputes and credit notes (day numbers, integer cents).

Settlements are in `sample_settle`; both work on whole arrays, one element per document.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from arlib.sample.calendar import Calendar, add_months, from_day, to_day
from arlib.sample.parties import owner_at
from arlib.sample.text import ids, pick

REASONS = ["pricing", "damaged", "missing_po", "quantity", "duplicate_billing", "service"]
REASON_SHARES = [0.30, 0.15, 0.15, 0.15, 0.10, 0.15]
RESOLUTIONS = ["rejected", "credit_issued", "partial_credit", "withdrawn"]
OWNERS = {"pricing": "Sales - Mo Reed", "damaged": "Warehouse - Ray Ford",
          "missing_po": "Billing - Tom Hayes", "quantity": "Warehouse - Ray Ford",
          "duplicate_billing": "Billing - Tom Hayes", "service": "Service - Ada Lowe"}
DISPUTE_NOTES = {
    "pricing": "Customer says the contract price is lower than invoiced",
    "damaged": "Goods arrived damaged; photos requested",
    "missing_po": "AP cannot match the invoice without a PO number",
    "quantity": "Customer received fewer units than invoiced",
    "duplicate_billing": "Customer says this invoice duplicates an earlier one",
    "service": "Customer unhappy with the service visit; holding payment",
}
CREDIT_KINDS = ["Price correction", "Damaged goods", "Returned goods"]


def _month_grid(cal: Calendar, start: int, end: int) -> tuple[np.ndarray, ...]:
    """Per book month: working days (concatenated), offsets, counts, share of month open, end."""
    first, days, ends, share = from_day(start), [], [], []
    m = first
    while to_day(d=m) <= end:
        last = to_day(d=add_months(d=m, k=1)) - 1
        days.append(cal.workdays(to_day(d=m), min(last, end)))
        share.append(len(days[-1]) / max(1, len(cal.workdays(to_day(d=m), last))))
        ends.append(last)
        m = add_months(d=m, k=1)
    count = np.array([len(d) for d in days])
    return (np.concatenate(days), np.cumsum(count) - count, count, np.array(share),
            np.array(ends))


def make_invoices(rng: np.random.Generator, cust: pd.DataFrame, cal: Calendar, start: int,
                  end: int) -> pd.DataFrame:
    """Invoices on working days, Poisson per customer-month from the customer's first day."""
    work, offset, count, share, month_end = _month_grid(cal, start, end)
    n, m = len(cust), len(count)
    since = cust.since.to_numpy()
    lam = cust.rate.to_numpy()[:, None] * share[None, :] * (month_end[None, :] >= since[:, None])
    k = np.repeat(np.arange(n * m), rng.poisson(lam).ravel())
    c, mo = k // m, k % m
    day = work[offset[mo] + (rng.random(len(k)) * count[mo]).astype(np.int64)]
    keep = day >= since[c]
    c, day = c[keep], day[keep]
    # mean-one lognormal noise around the account's typical invoice
    noise = rng.lognormal(-0.245, 0.7, len(c))
    amount = np.maximum(2500, np.round(cust.mean_cents.to_numpy()[c] * noise)).astype(np.int64)
    order = np.lexsort((amount, c, day))
    c, day, amount = c[order], day[order], amount[order]
    po = rng.integers(10000, 99999, len(c))
    return pd.DataFrame({"cidx": c, "inv_on": day, "due": day + cust.terms.to_numpy()[c],
                         "amount": amount, "t": (day - start) / max(1, end - start),
                         "po": np.where(rng.random(len(c)) < 0.9, po, -1)})


def make_disputes(rng: np.random.Generator, inv: pd.DataFrame, cust: pd.DataFrame,
                  reps: pd.DataFrame, cal: Calendar, end: int) -> pd.DataFrame:
    """Disputes on about 3% of invoices: reason, disputed amount, owner, resolution, credit."""
    c = inv.cidx.to_numpy()
    opened = inv.inv_on.to_numpy() + rng.integers(3, cust.terms.to_numpy()[c] + 21)
    hit = np.flatnonzero((rng.random(len(inv)) < cust.dispute_rate.to_numpy()[c])
                         & (opened <= end))
    k = len(hit)
    opened = cal.snap(opened[hit], end)
    reason = np.array(REASONS, dtype=object)[pick(rng, k, REASON_SHARES)]
    amount = inv.amount.to_numpy()[hit]
    full = np.isin(reason, ["duplicate_billing", "missing_po"]) | (
        np.isin(reason, ["service", "damaged"]) & (rng.random(k) < 0.5))
    disputed = np.where(full, amount, np.maximum(100, np.round(amount * rng.uniform(0.1, 0.6, k))))
    res = pick(rng, k, [0.35, 0.40, 0.15, 0.10])
    res = np.where(reason == "duplicate_billing", 1, res)
    res = np.where(reason == "missing_po", np.where(rng.random(k) < 0.8, 0, 3), res)
    # most disputes close within weeks; some drag on for months
    stuck = np.where(rng.random(k) < 0.15, rng.integers(60, 300, k), 0)
    resolved = opened + 5 + np.round(rng.gamma(1.5, 20.0, k)).astype(np.int64) + stuck
    resolved = np.where(resolved <= end, cal.snap(resolved, end), -1)
    resolution = np.where(resolved >= 0, np.array(RESOLUTIONS, dtype=object)[res], None)
    partial = np.round(disputed * rng.uniform(0.3, 0.7, k))
    credit = np.select([res == 1, res == 2], [disputed, partial], 0).astype(np.int64)
    credit = np.where(resolved >= 0, credit, 0)
    collector = reps.name.to_numpy()[owner_at(cust, c[hit], opened)]
    owner = np.where(rng.random(k) < 0.4, collector, [OWNERS[r] for r in reason])
    note = np.array([DISPUTE_NOTES[r] for r in reason], dtype=object)
    out = pd.DataFrame({"inv": hit, "cidx": c[hit], "opened": opened, "resolved": resolved,
                        "amount": disputed.astype(np.int64), "reason": reason, "owner": owner,
                        "resolution": resolution, "credit": credit, "note": note})
    out = out.sort_values(["opened", "inv"], kind="stable").reset_index(drop=True)
    out["dispute_id"] = ids("D", k, 4)
    return out


def make_credit_notes(rng: np.random.Generator, inv: pd.DataFrame, disputes: pd.DataFrame,
                      cal: Calendar, end: int, invoice_ids: np.ndarray) -> pd.DataFrame:
    """Credit notes: dispute credits (applied when resolved) and returns/price corrections."""
    n = len(inv)
    free = np.ones(n, dtype=bool)
    free[disputes.inv.to_numpy()] = False
    cn_on = inv.inv_on.to_numpy() + rng.integers(2, 26, n)
    hit = np.flatnonzero(free & (rng.random(n) < 0.025) & (cn_on <= end))
    k = len(hit)
    kind = pick(rng, k, [0.4, 0.3, 0.3])
    amount = inv.amount.to_numpy()[hit]
    frac = np.where((kind == 2) & (rng.random(k) < 0.15), 1.0, rng.uniform(0.05, 0.5, k))
    cn_day = cal.snap(cn_on[hit], end)
    applied_on = np.maximum(cal.snap(cn_day + rng.integers(0, 8, k), cal.hi), cn_day)
    own = pd.DataFrame({"inv": hit, "cn_on": cn_day,
                        "amount": np.maximum(100, np.round(amount * frac)).astype(np.int64),
                        "text": [f"{CREDIT_KINDS[i]} {invoice_ids[j]}" for i, j in zip(kind, hit,
                                                                                      strict=True)],
                        # a few credits are never applied: they stay open as customer credit
                        "applied_on": np.where(rng.random(k) < 0.88, applied_on, -1)})
    d = disputes[disputes.credit > 0]
    settled = pd.DataFrame({"inv": d.inv.to_numpy(), "cn_on": d.resolved.to_numpy(),
                            "amount": d.credit.to_numpy(),
                            "text": [f"Dispute {x} settled ({r}) {invoice_ids[j]}" for x, r, j in
                                     zip(d.dispute_id, d.reason, d.inv, strict=True)],
                            "applied_on": d.resolved.to_numpy()})
    out = pd.concat([own, settled], ignore_index=True)
    out = out.sort_values(["cn_on", "inv"], kind="stable").reset_index(drop=True)
    out["cn_id"] = ids("CN", len(out), 6)
    return out
