"""Straightforward pandas version of the rep scorecard: promise book, FIFO allocation, figures."""

from __future__ import annotations

import bisect
from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd

from arlib.bench.pandas_ref import rates, to_base_cents
from arlib.settings import Settings

UNATTRIBUTED = "(unattributed)"


def _superseded(p: pd.DataFrame) -> np.ndarray:
    """A newer promise for the same customer and invoice made after it, by its due date."""
    key = p.customer_id + "|" + p.invoice_id.fillna("")
    made = pd.DataFrame({"key": key, "made_on": p.made_on}).drop_duplicates()
    made = made.sort_values(["key", "made_on"])
    made["next_made_on"] = made.groupby("key").made_on.shift(-1)
    nxt = pd.DataFrame({"key": key, "made_on": p.made_on}).merge(made, how="left")
    return (nxt.next_made_on <= p.due_on.to_numpy()).to_numpy()


def _allocate(live: pd.DataFrame, cash: pd.DataFrame, grace: int) -> tuple[dict, pd.DataFrame]:
    """FIFO: promises by due date take their customer's cash rows in paid_on order."""
    taken, pairs = {}, []
    by_customer = {c: g for c, g in cash.groupby("customer_id", sort=False)}
    for customer, promised in live.groupby("customer_id", sort=False):
        rows = by_customer.get(customer)
        if rows is None:
            taken.update(dict.fromkeys(promised.promise_id, 0))
            continue
        paid, left, money = rows.paid_on.tolist(), rows.cents.tolist(), rows.currency.tolist()
        applied, ids = rows.invoice_id.tolist(), rows.payment_id.tolist()
        for p in promised.itertuples(index=False):
            got, need = 0, p.cents
            lo = bisect.bisect_left(paid, p.made_on)
            hi = bisect.bisect_right(paid, p.due_on + pd.Timedelta(days=grace))
            for i in range(lo, hi):
                if got >= need:
                    break
                if left[i] <= 0 or money[i] != p.currency or (
                        isinstance(p.invoice_id, str) and applied[i] != p.invoice_id):
                    continue
                part = min(left[i], need - got)
                left[i] -= part
                got += part
                pairs.append((p.promise_id, p.rep_id, ids[i], part, len(pairs)))
            taken[p.promise_id] = got
    return taken, pd.DataFrame(pairs, columns=["promise_id", "rep_id", "payment_id", "cents",
                                               "seq"])


def promise_book(f: dict[str, pd.DataFrame], *, as_of: date,
                 cfg: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every promise made by the date with its status and allocation, and the pairs."""
    day, base = pd.Timestamp(as_of), cfg.base_currency
    p = f["promises"][f["promises"].made_on <= day].copy()
    p["currency"] = p.currency.fillna(base)
    p["fx_rate"] = rates(p.currency, on=p.made_on, fx=f["fx_rates"], base=base)
    p["base_cents"] = to_base_cents(p.cents.to_numpy(), p.fx_rate.to_numpy())
    p["is_superseded"] = _superseded(p)
    p = p.sort_values(["due_on", "made_on", "promise_id"], ignore_index=True)
    pay = f["payments"]
    cash = pay[pay.is_cash & (pay.paid_on <= day)].assign(
        currency=lambda c: c.currency.fillna(base), has_invoice=lambda c: c.invoice_id.isna())
    cash = cash.sort_values(["customer_id", "paid_on", "payment_id", "has_invoice",
                             "invoice_id"], ignore_index=True)
    taken, pairs = _allocate(p[~p.is_superseded], cash, cfg.promise_grace_days)
    p["taken"] = p.promise_id.map(taken).fillna(0).astype("int64")
    tol = Fraction(str(cfg.promise_tolerance))
    kept = p.taken * tol.denominator >= p.cents * (tol.denominator - tol.numerator)
    pending = day <= p.due_on + pd.Timedelta(days=cfg.promise_grace_days)
    p["status"] = np.select([p.is_superseded, kept, pending, p.taken > 0],
                            ["superseded", "kept", "pending", "partial"], "broken")
    p["allocated_base"] = np.round(p.taken / 100 * p.fx_rate, 2)
    return p, pairs


def _working_days(f: dict[str, pd.DataFrame], first_on: date, as_of: date) -> pd.DataFrame:
    """Reps employed in the period with their working days (weekdays, no holiday, absence)."""
    days = pd.date_range(first_on, as_of)
    days = days[(days.dayofweek < 5) & ~days.isin(f["holidays"].holiday_on)]
    reps = f["reps"]
    reps = reps[(reps.start_on.isna() | (reps.start_on <= pd.Timestamp(as_of)))
                & (reps.end_on.isna() | (reps.end_on >= pd.Timestamp(first_on)))]
    counts = []
    for r in reps.itertuples(index=False):
        mine = days[((days >= r.start_on) | pd.isna(r.start_on))
                    & ((days <= r.end_on) | pd.isna(r.end_on))]
        for a in f["rep_absences"][f["rep_absences"].rep_id == r.rep_id].itertuples():
            mine = mine[(mine < a.from_on) | (mine > a.to_on)]
        counts.append(len(mine))
    return reps.assign(working_days=counts)[["rep_id", "rep_name", "working_days"]]


def _period_cash(f: dict[str, pd.DataFrame], first_on: date, as_of: date,
                 cfg: Settings) -> pd.DataFrame:
    """One row per cash payment of the period with its base cents, owner and contact rep."""
    pay = f["payments"]
    rows = pay[pay.is_cash & (pay.paid_on >= pd.Timestamp(first_on))
               & (pay.paid_on <= pd.Timestamp(as_of))].copy()
    rows["currency"] = rows.currency.fillna(cfg.base_currency)
    rows["base_cents"] = to_base_cents(rows.cents.to_numpy(), rates(
        rows.currency, on=rows.paid_on, fx=f["fx_rates"], base=cfg.base_currency))
    cash = rows.groupby("payment_id", as_index=False).agg(
        customer_id=("customer_id", "first"), paid_on=("paid_on", "min"),
        base_cents=("base_cents", "sum"))
    owners = f["customers"].set_index("customer_id").rep_id
    cash["owner_rep_id"] = cash.customer_id.map(owners)
    near = cash[["payment_id", "customer_id", "paid_on"]].merge(
        f["contacts"], on="customer_id")
    near = near[(near.contact_on <= near.paid_on) & (near.contact_on >= near.paid_on
                - pd.Timedelta(days=cfg.attribution_window_days))]
    latest = near.sort_values(["contact_at", "contact_id"]).drop_duplicates("payment_id",
                                                                             keep="last")
    cash["contact_rep_id"] = cash.payment_id.map(latest.set_index("payment_id").rep_id)
    return cash


def scorecard(f: dict[str, pd.DataFrame], *, first_on: date, as_of: date,
              cfg: Settings) -> pd.DataFrame:
    """One row per rep (and the unattributed row): contacts, reached, working days, attributed
    and portfolio cents, kept rates by count and by amount."""
    book, pairs = promise_book(f, as_of=as_of, cfg=cfg)
    cash = _period_cash(f, first_on, as_of, cfg)
    best = (pairs.groupby(["payment_id", "promise_id", "rep_id"], as_index=False)
            .agg(cents=("cents", "sum"), seq=("seq", "min"))
            .sort_values(["payment_id", "cents", "seq"], ascending=[True, False, True])
            .drop_duplicates("payment_id").set_index("payment_id").rep_id)
    cash["rep_id"] = cash.payment_id.map(best).fillna(cash.contact_rep_id)
    c = f["contacts"]
    c = c[(c.contact_on >= pd.Timestamp(first_on)) & (c.contact_on <= pd.Timestamp(as_of))]
    reached = ~c.outcome.fillna("").isin(["no_answer", "left_message", "bounced",
                                          "wrong_number"])
    table = _working_days(f, first_on, as_of)
    extra = sorted((set(c.rep_id) | set(cash.rep_id.dropna())) - set(table.rep_id))
    table = pd.concat([table, pd.DataFrame({"rep_id": extra, "working_days": 0})],
                      ignore_index=True)
    table["count_contacts"] = table.rep_id.map(c.groupby("rep_id").size()).fillna(0)
    table["count_reached"] = table.rep_id.map(c[reached].groupby("rep_id").size()).fillna(0)
    table["attributed_cents"] = table.rep_id.map(cash.groupby("rep_id").base_cents.sum())
    table["portfolio_cents"] = table.rep_id.map(cash.groupby("owner_rep_id").base_cents.sum())
    period = book[(book.made_on <= pd.Timestamp(as_of)) & (book.due_on >= pd.Timestamp(first_on))]
    rated = period[period.status.isin(["kept", "partial", "broken"])]
    by_rep = rated.groupby("rep_id")
    table["kept_rate_pct"] = table.rep_id.map(
        by_rep.status.apply(lambda s: (s == "kept").sum() / len(s)))
    amounts = by_rep[["allocated_base", "base_cents"]].sum()
    table["kept_amount_rate_pct"] = table.rep_id.map(
        (amounts.allocated_base / (amounts.base_cents / 100)).where(amounts.base_cents > 0))
    table = table.fillna({"count_contacts": 0, "count_reached": 0, "attributed_cents": 0,
                          "portfolio_cents": 0})
    loose = int(cash.base_cents[cash.rep_id.isna()].sum())
    return pd.concat([table, pd.DataFrame([{"rep_id": UNATTRIBUTED,
                                            "attributed_cents": loose}])], ignore_index=True)
