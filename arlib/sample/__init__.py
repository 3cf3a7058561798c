"""Seeded generator of a true-to-life canonical book (data-model.md), vectorised to scale.

The story: a few large accounts carry much of the revenue over a long tail; customers pay
promptly, slowly, chronically late or later and later; collectors chase overdue invoices,
take promises (kept, broken, partly kept, rescheduled), log disputes and visit big accounts;
one rep leaves mid-book and one joins in the last year. Internally every date is a day
number and every amount integer cents, so nothing is ever over-settled by rounding.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from arlib.sample import calendar as tcal
from arlib.sample.chase import CHANNELS, OUTCOMES, PROMISE, make_contacts
from arlib.sample.ledger import make_credit_notes, make_disputes, make_invoices
from arlib.sample.notes import contact_notes, make_notes, promise_notes
from arlib.sample.parties import METHODS, make_customers, make_people, make_reps
from arlib.sample.settle import NON_CASH, payments, schedule
from arlib.sample.text import dates, ids, join, money, opt, stamps, zfill

TABLES = ["customers", "reps", "rep_absences", "holidays", "invoices", "payments", "contacts",
          "promises", "disputes", "notes", "people", "fx_rates"]


def generate(out_dir: Path, *, customers: int = 300, months: int = 36, seed: int = 42,
             end_on: date = date(2026, 9, 30), reps: int = 8) -> dict[str, int]:
    """Write a canonical book (one CSV per table) to out_dir; returns rows written per table.

    Sizes scale linearly: invoices ≈ 2.8 × customers × months (a fifth of the customers open
    during the book), payment rows ≈ 1.06 per invoice, contacts ≈ 0.63, promises ≈ 0.14 and
    disputes ≈ 0.03 per invoice. 10,000 customers × 36 months give about 1M invoices
    (about 15 s and 1.5 GB). The same arguments always write byte-identical files.
    """
    if customers < 10 or months < 3 or reps < 3:
        raise ValueError("need at least 10 customers, 3 months and 3 reps")
    tables = build(customers=customers, months=months, seed=seed, end_on=end_on, reps=reps)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # DuckDB writes the same bytes as pandas' to_csv (minimal quoting, empty for missing,
    # \n line ends, UTF-8) about three times faster, which counts at a million rows
    con = duckdb.connect()
    try:
        for name in TABLES:
            con.register("book_table", tables[name])
            target = str(out_dir / f"{name}.csv").replace("'", "''")
            con.execute(f"COPY book_table TO '{target}' (HEADER, DELIMITER ',')")
            con.unregister("book_table")
    finally:
        con.close()
    return {name: len(tables[name]) for name in TABLES}


def build(*, customers: int, months: int, seed: int, end_on: date,
          reps: int) -> dict[str, pd.DataFrame]:
    """Every table as text columns, in canonical column order (one frame per table)."""
    rng = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(15)]
    first = tcal.add_months(d=date(end_on.year, end_on.month, 1), k=1 - months)
    start, end = tcal.to_day(d=first), tcal.to_day(d=end_on)
    holidays = [h for h in tcal.us_holidays(first.year, end_on.year) if h[0] <= end_on]
    # lookups reach back to the reps' start dates, up to about eight years before the book
    cal = tcal.build_calendar(start - 4000, end, holidays=holidays)
    rep = make_reps(rng[0], reps, start, cal)
    absences = tcal.rep_absences(rng[1], rep, cal, start)
    cust = make_customers(rng[2], customers, start, end, rep)
    inv = make_invoices(rng[3], cust, cal, start, end)
    invoice_ids = ids("I", len(inv), 6)
    disputes = make_disputes(rng[4], inv, cust, rep, cal, end)
    credits = make_credit_notes(rng[5], inv, disputes, cal, end, invoice_ids)
    sched = schedule(rng[6], inv, cust, disputes, credits, cal)
    rows = payments(rng[7], sched, inv, credits, end)
    avail = tcal.availability(rep, absences, cal)
    contacts = make_contacts(rng[8], inv, sched, rows, credits, disputes, cust, cal, avail,
                             start, end)
    reasons = np.full(len(inv), "", dtype=object)
    reasons[disputes.inv.to_numpy()] = disputes.reason.to_numpy()
    contacts["note"] = contact_notes(rng[9], contacts, OUTCOMES, invoice_ids, reasons)
    people = make_people(rng[10], cust, end)
    ctx = {"cust": cust, "rep": rep, "invoice_ids": invoice_ids, "people": people}
    return {
        "customers": _customers(cust, rep),
        "reps": _reps(rep),
        "rep_absences": pd.DataFrame({"rep_id": rep.rep_id.to_numpy()[absences.rep.to_numpy()],
                                      "from_on": dates(absences.from_on.to_numpy()),
                                      "to_on": dates(absences.to_on.to_numpy()),
                                      "reason": absences.reason.to_numpy()}),
        "holidays": pd.DataFrame({"on": [d.isoformat() for d, _ in holidays],
                                  "name": [n for _, n in holidays]}),
        "invoices": _invoices(inv, credits, ctx),
        "payments": _payments(rows, credits, ctx),
        "contacts": _contacts(rng[11], contacts, ctx),
        "promises": _promises(rng[12], contacts, ctx),
        "disputes": _disputes(disputes, ctx),
        "notes": _notes(make_notes(rng[13], cust, rep, cal, start, end), ctx),
        "people": _people(people, ctx),
        "fx_rates": _fx(tcal.fx_rates(rng[14], start=first, end_on=end_on)),
    }


def _customers(cust: pd.DataFrame, rep: pd.DataFrame) -> pd.DataFrame:
    """customers.csv rows."""
    limit = cust.limit_cents.to_numpy()
    return pd.DataFrame({
        "customer_id": cust.customer_id, "name": cust.name,
        "rep_id": rep.rep_id.to_numpy()[cust.owner.to_numpy()], "region": cust.region,
        "city": cust.city, "country": cust.country, "currency": cust.currency,
        "terms_days": cust.terms, "credit_limit": opt(money(limit), limit >= 0),
        "customer_since": dates(cust.since.to_numpy()), "billing_method": cust.billing,
        # no draw (the book stays the same): trade credit a business account, none a
        # consumer's, and no limit given no type, as in exports without one
        "account_type": np.where(limit > 0, "commercial", np.where(limit == 0, "consumer", ""))})


def _reps(rep: pd.DataFrame) -> pd.DataFrame:
    """reps.csv rows."""
    return pd.DataFrame({"rep_id": rep.rep_id, "name": rep.name, "team": rep.team,
                         "start_on": dates(rep.start_on.to_numpy()),
                         "end_on": dates(rep.end_on.to_numpy())})


def _invoices(inv: pd.DataFrame, credits: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """invoices.csv rows: invoices, then credit notes by date (negative amounts)."""
    cust = ctx["cust"]
    c, cc = inv.cidx.to_numpy(), inv.cidx.to_numpy()[credits.inv.to_numpy()]
    po = inv.po.to_numpy()
    docs = pd.DataFrame({
        "invoice_id": ctx["invoice_ids"], "customer_id": cust.customer_id.to_numpy()[c],
        "doc_type": "invoice", "invoice_on": dates(inv.inv_on.to_numpy()),
        "due_on": dates(inv.due.to_numpy()), "amount": money(inv.amount.to_numpy()),
        "currency": cust.currency.to_numpy()[c], "reference": opt(join("PO-", po), po >= 0)})
    cn_on = dates(credits.cn_on.to_numpy())
    notes = pd.DataFrame({
        "invoice_id": credits.cn_id, "customer_id": cust.customer_id.to_numpy()[cc],
        "doc_type": "credit_note", "invoice_on": cn_on, "due_on": cn_on,
        "amount": money(-credits.amount.to_numpy()), "currency": cust.currency.to_numpy()[cc],
        "reference": credits.text})
    return pd.concat([docs, notes], ignore_index=True)


def _payments(rows: pd.DataFrame, credits: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """payments.csv rows: one per application, unapplied cash with an empty invoice_id."""
    cust, inv = ctx["cust"], rows.inv.to_numpy()
    kind, c = rows.kind.to_numpy(), rows.cidx.to_numpy()
    method = np.array(METHODS, dtype=object)[np.clip(rows.method.to_numpy(), 0, 3)]
    for k, name in NON_CASH.items():
        method[kind == k] = name
    return pd.DataFrame({
        "payment_id": ids("P", int(rows.pid.max()) + 1 if len(rows) else 0, 6)[rows.pid.to_numpy()],
        "customer_id": cust.customer_id.to_numpy()[c],
        "invoice_id": opt(ctx["invoice_ids"][np.maximum(inv, 0)], inv >= 0),
        "paid_on": dates(rows.day.to_numpy()), "amount": money(rows.cents.to_numpy()),
        "currency": cust.currency.to_numpy()[c], "method": method, "reference": rows.ref})


def _person(rng: np.random.Generator, c: np.ndarray, people: pd.DataFrame) -> np.ndarray:
    """Name of the person spoken to per contact: mostly the customer's primary contact."""
    count = np.bincount(people.cidx.to_numpy(), minlength=int(c.max(initial=0)) + 1)
    offset = np.cumsum(count) - count
    k = np.where(rng.random(len(c)) < 0.75, 0, (rng.random(len(c)) * count[c]).astype(int))
    names = join(people["first"].to_numpy(), " ", people["last"].to_numpy())
    return names[offset[c] + k]


def _contacts(rng: np.random.Generator, f: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """contacts.csv rows, ids in time order."""
    c = f.cidx.to_numpy()
    person = _person(rng, c, ctx["people"])
    person[(f.channel.to_numpy() == 3) & (rng.random(len(f)) < 0.5)] = None  # letters to AP
    return pd.DataFrame({
        "contact_id": ids("K", len(f), 6), "customer_id": ctx["cust"].customer_id.to_numpy()[c],
        "rep_id": ctx["rep"].rep_id.to_numpy()[f.rep.to_numpy()],
        "contact_at": stamps(f.day.to_numpy(), f.minute.to_numpy()),
        "channel": np.array(CHANNELS, dtype=object)[f.channel.to_numpy()],
        "direction": np.where(f.inbound.to_numpy(), "inbound", "outbound"),
        "outcome": np.array(OUTCOMES, dtype=object)[f.outcome.to_numpy()],
        "person": person, "note": f.note})


def _promises(rng: np.random.Generator, contacts: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """promises.csv rows: one per promise contact, same customer, rep and day."""
    f = contacts[contacts.outcome.to_numpy() == PROMISE]
    c, inv = f.cidx.to_numpy(), f.inv.to_numpy()
    return pd.DataFrame({
        "promise_id": ids("PR", len(f), 5), "customer_id": ctx["cust"].customer_id.to_numpy()[c],
        "rep_id": ctx["rep"].rep_id.to_numpy()[f.rep.to_numpy()],
        "invoice_id": opt(ctx["invoice_ids"][np.maximum(inv, 0)], inv >= 0),
        "made_on": dates(f.day.to_numpy()), "due_on": dates(f.p_due.to_numpy()),
        "amount": money(f.cents.to_numpy()), "currency": ctx["cust"].currency.to_numpy()[c],
        "note": promise_notes(rng, f)})


def _disputes(d: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """disputes.csv rows."""
    c = d.cidx.to_numpy()
    return pd.DataFrame({
        "dispute_id": d.dispute_id, "customer_id": ctx["cust"].customer_id.to_numpy()[c],
        "invoice_id": ctx["invoice_ids"][d.inv.to_numpy()], "opened_on": dates(d.opened),
        "resolved_on": dates(d.resolved), "amount": money(d.amount),
        "currency": ctx["cust"].currency.to_numpy()[c], "reason": d.reason, "owner": d.owner,
        "resolution": d.resolution, "note": d.note})


def _notes(notes: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """notes.csv rows, ids in time order."""
    return pd.DataFrame({
        "note_id": ids("N", len(notes), 5),
        "customer_id": ctx["cust"].customer_id.to_numpy()[notes.cidx.to_numpy()],
        "author": notes.author, "created_at": stamps(notes.day, notes.minute),
        "text": notes.text})


def _people(p: pd.DataFrame, ctx: dict) -> pd.DataFrame:
    """people.csv rows."""
    email = join(np.char.lower(p["first"].to_numpy().astype(str)), ".",
                 np.char.lower(p["last"].to_numpy().astype(str)), "@", p.domain.to_numpy())
    phone = join(p.dial.to_numpy(), " ", p.area.to_numpy(), " 555 ",
                 zfill(p.line.to_numpy(), 4))
    return pd.DataFrame({
        "customer_id": ctx["cust"].customer_id.to_numpy()[p.cidx.to_numpy()],
        "name": join(p["first"].to_numpy(), " ", p["last"].to_numpy()), "role": p.role,
        "email": opt(email, p.has_email), "phone": opt(phone, p.has_phone),
        "is_primary": np.where(p.primary, "true", "false"),
        "verified_on": dates(p.verified.to_numpy())})


def _fx(fx: pd.DataFrame) -> pd.DataFrame:
    """fx_rates.csv rows: 4-decimal rates to USD."""
    return pd.DataFrame({"currency": fx.currency, "on": dates(fx.on.to_numpy()),
                         "rate_to_base": [f"{r:.4f}" for r in fx.rate]})
