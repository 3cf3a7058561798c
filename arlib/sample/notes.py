"""Sample book, free text: contact notes, promise notes and the account notes table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arlib.sample.calendar import Calendar
from arlib.sample.chase import CHASE, CLINCH, DISPUTE, REMINDER, RESCHEDULE, RESOLVED, VISIT
from arlib.sample.parties import owner_at
from arlib.sample.text import dates, join, money, pick

GENERIC = [
    "AP runs payments on Thursdays; remittance questions go to the AP inbox.",
    "Statement of account sent; customer asked for copies of two invoices.",
    "Customer moved to a new ERP; invoices must quote the PO number.",
    "Billing contact changed; people list updated.",
    "Credit limit reviewed, no change.",
]
BY_SEGMENT = [
    ["Reliable payer, usually on the due date.",
     "Takes the early-payment discount when it is offered."],
    ["Pays two to four weeks late but always pays; weekly reminders work.",
     "AP is understaffed: approvals take two weeks."],
    ["Chronic late payer: keep on credit hold until the 90+ balance is cleared.",
     "Escalated to the controller; payment plan under discussion.",
     "Consider placing the oldest items with the collection agency."],
    ["Payments slipping over recent months; ask about cash flow.",
     "Used to pay on time, now 30+ days late on most invoices."],
]
# shown literally by the app: markup must never be rendered (data-model.md, notes)
LITERAL = [
    "Customer forwarded <b>bold</b> remittance text: <script>alert(1)</script> (pasted as is)",
    "**urgent** call the CFO before Friday; do _not_ extend terms",
    'AP said: "we pay on the 10th, not before", see email\nSecond line: copy sent to treasury',
]
PLAIN = {  # outcome -> (text before the invoice, text after it)
    "reached": ("Spoke with AP about ", "; in the next payment run"),
    "left_message": ("Left voicemail about ", ""),
    "no_answer": ("No answer; will try again about ", ""),
    "paid": ("Customer says payment for ", " was sent"),
    "refused": ("Refused to commit to a date for ", ""),
    "other": ("Reminder sent for ", ""),
}


def contact_notes(rng: np.random.Generator, f: pd.DataFrame, outcomes: list[str],
                  invoice_ids: np.ndarray, reasons: np.ndarray) -> np.ndarray:
    """Note per contact: what was said, naming the invoice; about 15% left empty."""
    n = len(f)
    inv = f.inv.to_numpy()
    subject = np.where(inv >= 0, invoice_ids[np.maximum(inv, 0)], "the open invoices")
    outcome = np.array(outcomes, dtype=object)[f.outcome.to_numpy()]
    tag = f.tag.to_numpy()
    note = np.full(n, None, dtype=object)
    for name, (before, after) in PLAIN.items():
        at = outcome == name
        note[at] = join(before, subject[at], after)
    at = outcome == "promise"
    note[at] = join("Promised ", money(f.cents.to_numpy()[at]), " by ",
                    dates(f.p_due.to_numpy()[at]), " for ", subject[at])
    at = tag == RESCHEDULE
    note[at] = join("Asked to move the payment date for ", subject[at])
    at = tag == DISPUTE
    note[at] = join("Customer disputes ", subject[at], ": ", reasons[np.maximum(inv[at], 0)])
    note[tag == RESOLVED] = join("Dispute closed for ", subject[tag == RESOLVED])
    note[tag == VISIT] = np.where(f.channel.to_numpy()[tag == VISIT] == 2,
                                  "Account review on site", "Quarterly business review (video)")
    note[tag == REMINDER] = join("Courtesy reminder before the due date of ",
                                 subject[tag == REMINDER])
    note[(f.channel.to_numpy() == 3) & (tag == CHASE)] = "Dunning letter sent"
    note[(rng.random(n) < 0.15) & np.isin(tag, [CHASE, CLINCH])] = None
    return note


def promise_notes(rng: np.random.Generator, f: pd.DataFrame) -> np.ndarray:
    """Note per promise: mostly empty, some confirmations, the reschedules say so."""
    note = np.where(rng.random(len(f)) < 0.2, "Confirmed by email", None).astype(object)
    at = f.tag.to_numpy() == RESCHEDULE
    note[at] = join("Rescheduled from ", dates(f.old_due.to_numpy()[at]))
    return note


def make_notes(rng: np.random.Generator, cust: pd.DataFrame, reps: pd.DataFrame,
               cal: Calendar, start: int, end: int) -> pd.DataFrame:
    """Account notes: a few per customer about its situation, plus literal-markup samples."""
    n = len(cust)
    seg = cust.segment.to_numpy()
    count = rng.poisson(np.where(seg >= 2, 3.0, 1.5))
    c = np.repeat(np.arange(n), count)
    first = np.maximum(start, cust.since.to_numpy()[c])
    day = first + (rng.random(len(c)) * (end - first + 1)).astype(np.int64)
    generic = np.array(GENERIC, dtype=object)[rng.integers(0, len(GENERIC), len(c))]
    text = generic.copy()
    for s, texts in enumerate(BY_SEGMENT):
        at = (seg[c] == s) & (rng.random(len(c)) < 0.6)
        text[at] = np.array(texts, dtype=object)[rng.integers(0, len(texts), at.sum())]
    new = cust.since.to_numpy() > end - 90
    extra_c = np.concatenate([np.flatnonzero(new), np.arange(len(LITERAL)) % n])
    extra_day = np.concatenate([np.minimum(end, cust.since.to_numpy()[new] + 2),
                                end - 1 - np.arange(len(LITERAL))])
    extra_text = ["New account: welcome call done, billing contact confirmed."] * int(new.sum())
    c = np.concatenate([c, extra_c])
    day = cal.snap(np.concatenate([day, extra_day]), end)
    text = np.concatenate([text, np.array(extra_text + LITERAL, dtype=object)])
    author = reps.name.to_numpy()[owner_at(cust, c, day)].astype(object)
    author[pick(rng, len(c), [0.9, 0.1]) == 1] = "Credit manager"
    out = pd.DataFrame({"cidx": c, "day": day, "minute": 480 + rng.integers(0, 600, len(c)),
                        "author": author, "text": text})
    return out.sort_values(["day", "minute", "cidx"], kind="stable").reset_index(drop=True)
