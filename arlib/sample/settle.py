"""Sample book, settlements: when and how each invoice is paid, credited, discounted, written off.

Each invoice gets at most one row of each kind (cash A, cash B, credit note, discount,
write-off) and the kinds add up to at most its amount, so nothing is ever over-settled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from arlib.sample.calendar import Calendar
from arlib.sample.parties import METHODS
from arlib.sample.text import pick

# row kinds: 0 cash (first or only), 1 cash (second instalment or after a dispute),
# 2 credit note application, 3 discount, 4 write-off, 5 unapplied overpayment
NON_CASH = {2: "credit_note", 3: "discount", 4: "write_off"}


def _per_invoice(n: int, at: np.ndarray, values: np.ndarray, fill: int) -> np.ndarray:
    """Spread values given for invoice positions `at` onto an array over all n invoices."""
    out = np.full(n, fill, dtype=np.int64)
    out[at] = values
    return out


def schedule(rng: np.random.Generator, inv: pd.DataFrame, cust: pd.DataFrame,
             disputes: pd.DataFrame, credits: pd.DataFrame, cal: Calendar) -> pd.DataFrame:
    """Per invoice: days and cents of cash A/B, discount, write-off (dates may pass the end)."""
    n, c = len(inv), inv.cidx.to_numpy()
    amount, due, t = inv.amount.to_numpy(), inv.due.to_numpy(), inv.t.to_numpy()
    seg = cust.segment.to_numpy()[c]
    applied = credits[credits.applied_on >= 0]
    cn = _per_invoice(n, applied.inv.to_numpy(), applied.amount.to_numpy(), 0)
    disputed = _per_invoice(n, disputes.inv.to_numpy(), np.ones(len(disputes)), 0) > 0
    d_amount = _per_invoice(n, disputes.inv.to_numpy(), disputes.amount.to_numpy(), 0)
    d_resolved = _per_invoice(n, disputes.inv.to_numpy(), disputes.resolved.to_numpy(), -1)
    d_credit = _per_invoice(n, disputes.inv.to_numpy(), disputes.credit.to_numpy(), 0)
    # deteriorating accounts stop paying some invoices as the book goes on
    never = rng.random(n) < cust.never.to_numpy()[c] + (seg == 3) * 0.06 * t
    late = (cust.late0.to_numpy()[c] + cust.slope.to_numpy()[c] * t
            + rng.normal(0.0, 1.0, n) * cust.late_sd.to_numpy()[c])
    pa = np.maximum(inv.inv_on.to_numpy() + 1, due + np.round(late).astype(np.int64))
    early = cust.disc_taker.to_numpy()[c] & (rng.random(n) < 0.4) & ~disputed & (cn == 0)
    pa = np.where(early, inv.inv_on.to_numpy() + rng.integers(4, 11, n), pa)
    disc = np.where(early, np.round(amount * 0.02), 0).astype(np.int64)
    net = amount - cn - disc
    mode = np.where(disputed, 0, pick(rng, n, [0.91, 0.07, 0.02]))  # full, instalments, short
    part = np.round(net * np.where(mode == 1, rng.uniform(0.3, 0.7, n),
                                   rng.uniform(0.9, 0.995, n))).astype(np.int64)
    cash_a = np.where(mode == 0, net, part)
    cash_b = np.where(mode == 1, net - part, 0)
    pb = pa + rng.integers(14, 46, n)
    write_off = np.where((mode == 2) & (rng.random(n) < 0.7), net - part, 0)
    pe = pa + rng.integers(20, 91, n)
    # a disputed invoice: the undisputed part on time, the rest after the resolution
    cash_a = np.where(disputed, amount - d_amount, cash_a)
    cash_b = np.where(disputed, np.where(d_resolved >= 0, d_amount - d_credit, 0), cash_b)
    pb = np.where(disputed, d_resolved + rng.integers(3, 26, n), pb)
    write_off = np.where(disputed, 0, write_off)
    cash_a, cash_b = np.where(never, 0, cash_a), np.where(never, 0, cash_b)
    old = never & ~disputed & (rng.random(n) < 0.6)
    write_off = np.where(old, net, write_off)
    pe = np.where(old, due + rng.integers(150, 421, n), pe)
    weekday = rng.random((2, n)) < 0.97  # a few payments (cards, lockbox) land on weekends
    pa = np.where(weekday[0], cal.next_work(pa), pa)
    pb = np.where(weekday[1], cal.next_work(pb), pb)
    pb = np.where(pb <= pa, cal.next_work(pa + 1), pb)  # one row per invoice per payment
    method = cust.method.to_numpy()[c]
    method = np.where(rng.random(n) < 0.08, rng.integers(0, len(METHODS), n), method)
    return pd.DataFrame({"pa": pa, "cash_a": cash_a, "pb": pb, "cash_b": cash_b, "disc": disc,
                         "pe": cal.next_work(pe), "write_off": write_off, "method": method,
                         "never": never, "disputed": disputed, "mode": mode, "net": net})


def _rows(sched: pd.DataFrame, inv: pd.DataFrame, credits: pd.DataFrame,
          end: int) -> pd.DataFrame:
    """Long table of settlement rows dated on or before end, one per invoice and kind."""
    c = inv.cidx.to_numpy()
    idx = np.arange(len(inv))
    parts = []
    for kind, day, cents in [(0, sched.pa, sched.cash_a), (1, sched.pb, sched.cash_b),
                             (3, sched.pa, sched.disc), (4, sched.pe, sched.write_off)]:
        parts.append(pd.DataFrame({"kind": kind, "inv": idx, "cidx": c, "day": day.to_numpy(),
                                   "cents": cents.to_numpy(), "method": sched.method.to_numpy(),
                                   "cn": -1}))
    ap = credits[credits.applied_on >= 0]
    parts.append(pd.DataFrame({"kind": 2, "inv": ap.inv.to_numpy(), "cidx": c[ap.inv.to_numpy()],
                               "day": ap.applied_on.to_numpy(), "cents": ap.amount.to_numpy(),
                               "method": -1, "cn": ap.index.to_numpy()}))
    rows = pd.concat(parts, ignore_index=True)
    return rows[(rows.cents > 0) & (rows.day <= end)].reset_index(drop=True)


def _references(rng: np.random.Generator, method: np.ndarray) -> np.ndarray:
    """Remittance reference per cash payment: cheque number, wire id, card digits, ACH trace."""
    k = len(method)
    ref = np.select(
        [method == 2, method == 1, method == 3],
        [np.char.add("CHK-", rng.integers(100_000, 999_999, k).astype(str)),
         np.char.add("WT", rng.integers(10_000_000, 99_999_999, k).astype(str)),
         np.char.add("CARD-", rng.integers(1000, 9999, k).astype(str))],
        np.char.add("ACH-", rng.integers(100_000, 999_999, k).astype(str))).astype(object)
    ref[(method == 0) & (rng.random(k) < 0.6)] = None  # many ACH receipts carry no trace
    return ref


def payments(rng: np.random.Generator, sched: pd.DataFrame, inv: pd.DataFrame,
             credits: pd.DataFrame, end: int) -> pd.DataFrame:
    """Payment rows: cash per customer, day and method is one payment; ids in date order."""
    rows = _rows(sched, inv, credits, end)
    n = len(rows)
    # recent remittances not yet matched to invoices sit as unapplied cash
    recent = (rows.kind.to_numpy() == 0) & (rows.day.to_numpy() > end - 30)
    unapplied = recent & (rng.random(n) < 0.05)
    rows["src"] = rows.inv.to_numpy()  # the invoice a row settles or would have settled
    rows.loc[unapplied, "inv"] = -1
    cash = rows.kind.to_numpy() <= 1
    grp = np.where(cash & ~unapplied, rows.method.to_numpy(), 100 + np.arange(n))
    rows["grp"] = grp
    rows = rows.sort_values(["day", "cidx", "grp", "inv"], kind="stable").reset_index(drop=True)
    key = rows[["day", "cidx", "grp"]].to_numpy()
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (key[1:] != key[:-1]).any(axis=1)
    rows["pid"] = np.cumsum(new) - 1
    rows = _overpay(rng, rows, new)
    rows["ref"] = _text_refs(rng, rows, credits, sched)
    # within a payment: applied rows first, the unapplied remainder last
    rows["last"] = rows.inv.to_numpy() < 0
    rows = rows.sort_values(["pid", "last", "inv"], kind="stable").reset_index(drop=True)
    return rows.drop(columns=["last", "grp"])


def _overpay(rng: np.random.Generator, rows: pd.DataFrame, new: np.ndarray) -> pd.DataFrame:
    """Add an unapplied remainder to a few cash payments (customer paid a little too much)."""
    firsts = rows[new & (rows.kind.to_numpy() <= 1) & (rows.inv.to_numpy() >= 0)]
    extra = firsts[rng.random(len(firsts)) < 0.004].copy()
    extra["inv"] = -1
    extra["kind"] = 5
    extra["cents"] = rng.integers(500, 50_000, len(extra))
    return pd.concat([rows, extra], ignore_index=True)


def _text_refs(rng: np.random.Generator, rows: pd.DataFrame, credits: pd.DataFrame,
               sched: pd.DataFrame) -> np.ndarray:
    """Reference text per row: remittance per payment, credit note id, write-off reason."""
    kind, pid = rows.kind.to_numpy(), rows.pid.to_numpy()
    first = np.unique(pid, return_index=True)[1]
    ref = _references(rng, rows.method.to_numpy()[first])[np.searchsorted(pid[first], pid)]
    ref[kind == 2] = credits.cn_id.to_numpy()[rows.cn.to_numpy()[kind == 2]]
    ref[kind == 3] = "Early-payment discount 2%"
    wo = np.flatnonzero(kind == 4)
    texts = np.array(["Uncollectible, approved by controller", "Customer in bankruptcy"],
                     dtype=object)
    # bankruptcy is a fact about the customer, so all its write-offs say so
    bankrupt = rng.random(int(rows.cidx.to_numpy().max(initial=0)) + 1) < 0.3
    reason = texts[bankrupt[rows.cidx.to_numpy()[wo]].astype(int)]
    reason = np.where(rows.cents.to_numpy()[wo] < 20_000, "Small balance write-off", reason)
    short = sched["mode"].to_numpy()[rows.inv.to_numpy()[wo]] == 2
    ref[wo] = np.where(short, "Short-pay write-off", reason)
    return ref
