"""Sample book, collections: contacts around late invoices and payments, and the promises taken.

Contacts are drawn per invoice in whole arrays: chasing while an invoice is overdue, a
"clincher" just before a late payment (often a promise that the payment then keeps), dispute
calls, reminders before large invoices fall due, and visits to large accounts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from arlib.sample.calendar import Calendar
from arlib.sample.parties import owner_at
from arlib.sample.text import pick

CHANNELS = ["call", "email", "visit", "letter", "sms", "meeting", "other"]
OUTCOMES = ["reached", "left_message", "no_answer", "promise", "dispute", "paid", "refused",
            "other"]
PROMISE = OUTCOMES.index("promise")
# contact tags (why the contact happened): they choose note texts and which contacts merge
CHASE, CLINCH, DISPUTE, RESOLVED, VISIT, REMINDER, RESCHEDULE = range(7)


def _facts(inv: pd.DataFrame, rows: pd.DataFrame, credits: pd.DataFrame,
           end: int) -> pd.DataFrame:
    """Per invoice: first and second cash (day number, cents) and the day chasing stops."""
    n = len(inv)
    out = pd.DataFrame({"a_day": -1, "a_cents": 0, "b_day": -1, "b_cents": 0}, index=range(n))
    for kind, pre in [(0, "a"), (1, "b")]:
        r = rows[rows.kind == kind]
        out.loc[r.src.to_numpy(), f"{pre}_day"] = r.day.to_numpy()
        out.loc[r.src.to_numpy(), f"{pre}_cents"] = r.cents.to_numpy()
    real = rows[rows.kind != 5]
    settled = np.bincount(real.src, weights=real.cents, minlength=n)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, real.src.to_numpy(), real.day.to_numpy())
    credit = np.zeros(n)
    credit[credits.inv.to_numpy()] = credits.amount.to_numpy()
    done = inv.amount.to_numpy() - settled <= credit  # a credit still to apply closes it too
    out["stop"] = np.where(done & (last >= 0), last, end)
    return out


def _frame(c: np.ndarray, inv: np.ndarray, day: np.ndarray, cap: np.ndarray | int, tag: int,
           outcome: np.ndarray, channel: np.ndarray, inbound: np.ndarray,
           cents: np.ndarray | int = 0, anchor: np.ndarray | int = -1) -> pd.DataFrame:
    """Candidate contacts; cents/anchor describe the promise when the outcome is one."""
    return pd.DataFrame({"cidx": c, "inv": inv, "day": day, "cap": cap, "tag": tag,
                         "outcome": outcome, "channel": channel, "inbound": inbound,
                         "cents": cents, "anchor": anchor})


def _chase(rng: np.random.Generator, inv: pd.DataFrame, facts: pd.DataFrame,
           chronic: np.ndarray) -> pd.DataFrame:
    """Calls and emails spread over the time an invoice is overdue (more the longer it lasts)."""
    w0, w1 = inv.due.to_numpy() + 1, facts.stop.to_numpy()
    span = w1 - w0
    mu = np.where(span >= 3, np.clip(span / 50, 0.1, 4), 0)
    i = np.repeat(np.arange(len(inv)), rng.poisson(mu))
    k = len(i)
    day = w0[i] + (rng.random(k) * (span[i] + 1)).astype(np.int64)
    outcome = pick(rng, k, [0.24, 0.26, 0.29, 0.10, 0, 0, 0.06, 0.05])
    outcome = np.where(chronic[i] & (outcome == 0) & (rng.random(k) < 0.5), 6, outcome)
    channel = pick(rng, k, [0.58, 0.32, 0, 0.04, 0.04, 0, 0.02])
    outcome = np.where((channel == 1) & (outcome == 1), 2, outcome)  # no voicemail by email
    outcome = np.where(channel == 3, 7, outcome)  # a dunning letter has no outcome to speak of
    net = np.maximum(1, inv.amount.to_numpy()[i])
    # a promise covers what is still to come then, sometimes only part of it
    due_cash = (np.where(facts.a_day.to_numpy()[i] >= day, facts.a_cents.to_numpy()[i], 0)
                + np.where(facts.b_day.to_numpy()[i] >= day, facts.b_cents.to_numpy()[i], 0))
    cents = np.where(due_cash > 0, due_cash, net)
    cents = np.where(rng.random(k) < 0.25, np.maximum(100, np.round(cents * 0.5)), cents)
    inbound = (rng.random(k) < 0.08) & (channel != 3)  # customers call back; letters go out
    return _frame(inv.cidx.to_numpy()[i], i, day, w1[i], CHASE, outcome, channel, inbound,
                  cents.astype(np.int64))


def _clinch(rng: np.random.Generator, inv: pd.DataFrame, rows: pd.DataFrame,
            sched: pd.DataFrame) -> pd.DataFrame:
    """The contact just before a late payment; often the promise that payment keeps."""
    due = inv.due.to_numpy()
    r = rows[rows.kind.isin([0, 1]).to_numpy() & (rows.day.to_numpy() - due[rows.src] > 2)]
    r = r[rng.random(len(r)) < 0.3]
    k, i = len(r), r.src.to_numpy()
    paid = r.day.to_numpy()
    day = np.maximum(paid - rng.integers(0, 8, k), inv.inv_on.to_numpy()[i] + 1)
    outcome = pick(rng, k, [0.27, 0.10, 0, 0.42, 0, 0.14, 0, 0.07])
    channel = pick(rng, k, [0.60, 0.35, 0, 0, 0.05, 0, 0])
    instalment = (r.kind.to_numpy() == 0) & (sched["mode"].to_numpy()[i] == 1)
    cents = np.where(instalment, sched.net.to_numpy()[i], r.cents.to_numpy())
    # unmatched remittances and some promises are for the account, not one invoice
    on_account = (r.inv.to_numpy() < 0) | (rng.random(k) < 0.15)
    return _frame(r.cidx.to_numpy(), np.where(on_account, -1, i), day, paid, CLINCH, outcome,
                  channel, outcome == 5, cents, paid)


def _disputes(rng: np.random.Generator, disputes: pd.DataFrame, end: int) -> pd.DataFrame:
    """The call or email that raised each dispute, and the one that closed it."""
    k = len(disputes)
    opened = _frame(disputes.cidx.to_numpy(), disputes.inv.to_numpy(), disputes.opened.to_numpy(),
                    end, DISPUTE, np.full(k, 4), pick(rng, k, [0.5, 0.5]), rng.random(k) < 0.6)
    d = disputes[disputes.resolved >= 0]
    closed = _frame(d.cidx.to_numpy(), d.inv.to_numpy(), d.resolved.to_numpy(), end, RESOLVED,
                    np.zeros(len(d), dtype=np.int64), pick(rng, len(d), [0.4, 0.6]),
                    np.zeros(len(d), dtype=bool))
    return pd.concat([opened, closed], ignore_index=True)


def _visits(rng: np.random.Generator, cust: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Visits and meetings with the largest accounts; some not visited for over a year."""
    size = cust["size"].to_numpy()
    top = np.flatnonzero(size >= np.quantile(size, 0.92))
    first = np.maximum(start, cust.since.to_numpy()[top])
    stale = rng.random(len(top)) < 0.25
    last = np.where(stale, np.maximum(first, end - 400), end)
    n = rng.poisson(2.0 * (last - first) / 365)
    i = np.repeat(np.arange(len(top)), n)
    k = len(i)
    day = first[i] + (rng.random(k) * (last[i] - first[i] + 1)).astype(np.int64)
    channel = np.where(rng.random(k) < 0.75, 2, 5)
    return _frame(top[i], np.full(k, -1), day, last[i], VISIT, np.zeros(k, dtype=np.int64),
                  channel, np.zeros(k, dtype=bool))


def _reminders(rng: np.random.Generator, inv: pd.DataFrame, end: int) -> pd.DataFrame:
    """Courtesy emails a few days before large invoices fall due."""
    amount = inv.amount.to_numpy()
    i = np.flatnonzero((amount >= np.median(amount)) & (rng.random(len(inv)) < 0.03))
    day = inv.due.to_numpy()[i] - rng.integers(3, 8, len(i))
    i, day = i[day <= end], day[day <= end]
    outcome = np.where(rng.random(len(i)) < 0.6, 0, 2)
    return _frame(inv.cidx.to_numpy()[i], i, day, end, REMINDER, outcome,
                  np.ones(len(i), dtype=np.int64), np.zeros(len(i), dtype=bool))


def _place(rng: np.random.Generator, f: pd.DataFrame, cust: pd.DataFrame, cal: Calendar,
           avail: np.ndarray) -> pd.DataFrame:
    """Move contacts onto working days within their cap and give each its rep (or a cover)."""
    f = f.copy()
    f["day"] = cal.snap(f.day.to_numpy(), f.cap.to_numpy())
    rep = owner_at(cust, f.cidx.to_numpy(), f.day.to_numpy())
    col = f.day.to_numpy() - cal.lo
    # an absent owner's calls are made by the next available colleague
    todo = ~avail[rep, col]
    for step in range(1, avail.shape[0]):
        cand = (rep + step) % avail.shape[0]
        take = todo & avail[cand, col]
        rep = np.where(take, cand, rep)
        todo &= ~take
    f["rep"] = rep
    visit = np.isin(f.channel.to_numpy(), [2, 5])
    f["minute"] = np.where(visit, 540 + 30 * rng.integers(0, 13, len(f)),
                           480 + 5 * rng.integers(0, 114, len(f)))
    return f[~todo]


def _merge_same_day(f: pd.DataFrame) -> pd.DataFrame:
    """One chasing contact per customer and day: a collector calls about all open items at once."""
    plain = np.isin(f.tag.to_numpy(), [CHASE, REMINDER]) & (f.outcome.to_numpy() != PROMISE)
    f = f.assign(plain=plain).sort_values(["cidx", "day", "plain"], kind="stable")
    key = f[["cidx", "day"]].to_numpy()
    dup = np.zeros(len(f), dtype=bool)
    dup[1:] = (key[1:] == key[:-1]).all(axis=1)
    return f[~(dup & f.plain.to_numpy())].drop(columns="plain")


def _reschedules(rng: np.random.Generator, placed: pd.DataFrame, end: int) -> pd.DataFrame:
    """Customers who ask to move a promise before its date: a newer promise supersedes it."""
    p = placed[(placed.tag == CHASE) & (placed.outcome == PROMISE)]
    p = p[rng.random(len(p)) < 0.35]
    k = len(p)
    old_due = p.p_due.to_numpy()
    day = p.day.to_numpy() + 1 + (rng.random(k) * (old_due - p.day.to_numpy())).astype(np.int64)
    new = _frame(p.cidx.to_numpy(), p.inv.to_numpy(), day, old_due, RESCHEDULE,
                 np.full(k, PROMISE), pick(rng, k, [0.6, 0.4]), rng.random(k) < 0.5,
                 p.cents.to_numpy())
    new["p_due"] = old_due + rng.integers(4, 15, k)
    new["old_due"] = old_due
    new["old_day"] = p.day.to_numpy()
    return new[(day <= end) & (old_due > p.day.to_numpy())]


def make_contacts(rng: np.random.Generator, inv: pd.DataFrame, sched: pd.DataFrame,
                  rows: pd.DataFrame, credits: pd.DataFrame, disputes: pd.DataFrame,
                  cust: pd.DataFrame, cal: Calendar, avail: np.ndarray, start: int,
                  end: int) -> pd.DataFrame:
    """All contacts (placed, with rep and minute) and, for promise outcomes, the promise terms."""
    facts = _facts(inv, rows, credits, end)
    chronic = cust.segment.to_numpy()[inv.cidx.to_numpy()] == 2
    base = pd.concat([_chase(rng, inv, facts, chronic), _clinch(rng, inv, rows, sched),
                      _disputes(rng, disputes, end), _visits(rng, cust, start, end),
                      _reminders(rng, inv, end)], ignore_index=True)
    placed = _merge_same_day(_place(rng, base, cust, cal, avail))
    made = placed.day.to_numpy()
    anchor = placed.anchor.to_numpy()
    # a clincher promise falls due around the day the money came; others a week or so out
    clinch_due = np.maximum(made, anchor + rng.integers(-2, 5, len(placed)))
    placed["p_due"] = np.where(anchor >= 0, clinch_due, made + rng.integers(3, 11, len(placed)))
    moved = _place(rng, _reschedules(rng, placed, end), cust, cal, avail)
    day = moved.day.to_numpy()
    moved = moved[(day > moved.old_day.to_numpy()) & (day <= moved.old_due.to_numpy())
                  & (day <= end)]
    out = pd.concat([placed, moved], ignore_index=True)
    out = out.sort_values(["day", "minute", "cidx", "tag"], kind="stable").reset_index(drop=True)
    return out
