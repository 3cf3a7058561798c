"""Printable one-page HTML documents for a customer: the statement and the pre-visit brief.

Every value from the data is escaped, so notes and names holding markup print as written.
Amounts, days and missing values read as arlib.written says: 'USD 10,500.00' with
the item's own currency or the base currency, whole days, blank where the data has nothing.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from arlib import written

STYLE = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 11pt;
       color: #1f2328; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
.muted { color: #59636e; } table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d1d9e0; padding: .25em .5em; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid #1f2328; }
ul { margin: .2em 0 .2em 1.2em; padding: 0; }
@media print { body { margin: 0; } @page { size: A4; margin: 15mm; } }
"""


def _e(value: object) -> str:
    """Escaped text of a value (dates as YYYY-MM-DD); missing values print as nothing."""
    return html.escape(written.text(value))


def _table(frame: pd.DataFrame, columns: dict[str, str], *, currency: str,
           money: set[str] = frozenset(), own: set[str] = frozenset(),
           days: set[str] = frozenset(), total: dict[str, float] | None = None,
           empty: str = "None.") -> str:
    """An HTML table of `columns` (name -> heading). Amounts are exact and right-aligned:
    `money` columns in `currency` (the base), `own` columns in the row's `currency`; `days`
    columns are whole days; `total` is a last row of base amounts."""
    if frame.empty:
        return f'<p class="muted">{_e(empty)}</p>'
    right = money | own | days

    def cell(row: pd.Series, c: str) -> str:
        if c in money:
            return f'<td class="num">{_e(written.money(row[c], currency))}</td>'
        if c in own:
            return f'<td class="num">{_e(written.money(row[c], row.get("currency")))}</td>'
        if c in days:
            return f'<td class="num">{_e(written.days(row[c]))}</td>'
        return f"<td>{_e(row[c])}</td>"

    head = "".join(f'<th class="{"num" if c in right else ""}">{_e(h)}</th>'
                   for c, h in columns.items())
    rows = "".join("<tr>" + "".join(cell(r, c) for c in columns) + "</tr>"
                   for _, r in frame.iterrows())
    if total:
        rows += '<tr class="total">' + "".join(
            f'<td class="num">{_e(written.money(total[c], currency))}</td>' if c in total
            else "<td></td>" for c in columns) + "</tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>")


def statement_html(profile: dict, *, as_of: date, currency: str) -> str:
    """The statement of open items with their aging, as of the date, to review with the
    customer; totals in each document currency and in base currency."""
    head, items = profile["header"], profile["open_items"]
    by_currency = items.groupby("currency").open_currency_amt.sum()
    aging = profile["aging"][profile["aging"].open_amt != 0]
    terms = written.days(head.terms_days)
    body = (
        f"<h1>Statement of account</h1><p>{_e(head.customer_name)} ({_e(head.customer_id)})"
        f'<br><span class="muted">As of {as_of:%Y-%m-%d}'
        + (f" · terms {_e(terms)} days" if terms else "")
        + "</span></p><h2>Open items</h2>"
        + _table(items.assign(item_type=items.item_type.map(written.words)),
                 {"item_id": "Document", "item_type": "Type", "invoice_on": "Dated",
                  "due_on": "Due", "days_past_due": "Days past due",
                  "open_currency_amt": "Open", "open_amt": f"Open ({currency})"},
                 currency=currency, own={"open_currency_amt"}, money={"open_amt"},
                 days={"days_past_due"}, total={"open_amt": float(items.open_amt.sum())},
                 empty="No open items.")
        + "<h2>Aging</h2>"
        + _table(aging, {"bucket": "Days past due", "open_amt": f"Open ({currency})"},
                 currency=currency, money={"open_amt"}, empty="Nothing open.")
        + "<p>Balance by currency: "
        + (", ".join(_e(written.money(v, c)) for c, v in by_currency.items()) or "none")
        + f'</p><p class="muted">Payments and credits received after {as_of:%Y-%m-%d} are '
          "not shown.</p>")
    return _page(f"Statement {head.customer_id} {as_of:%Y-%m-%d}", body)


def talking_points(profile: dict, *, currency: str | None = None) -> list[str]:
    """What to raise with the customer, drawn from the data: disputes to settle, broken
    promises to renew, short payments, stale contact details, past-due balance (in
    `currency`, the base; each promise and dispute in its own)."""
    points = []
    for d in profile["disputes"].itertuples(index=False):
        amount = written.money(d.disputed_currency_amt, d.currency)
        points.append(f"Settle dispute {d.dispute_id} on "
                      f"{written.text(d.invoice_id) or 'the account'} "
                      f"({written.text(d.reason) or 'no reason recorded'}, open "
                      f"{written.days(d.age_days)} days, owner "
                      f"{written.text(d.owner) or 'none'}"
                      + (f", {amount} in dispute" if amount else "") + ").")
    listing = profile["promises"]
    for p in listing[listing.status == "broken"].head(3).itertuples(index=False):
        points.append(f"Renew broken promise {p.promise_id}: "
                      f"{written.money(p.promised_currency_amt, p.currency)} due "
                      f"{written.day(p.due_on)}, nothing came.")
    for p in listing[listing.is_light].head(3).itertuples(index=False):
        points.append(f"Promise {p.promise_id} came in short: "
                      f"{written.money(p.allocated_currency_amt, p.currency)} of "
                      f"{written.money(p.promised_currency_amt, p.currency)}.")
    for person in profile["people"][profile["people"].is_stale].itertuples(index=False):
        points.append(f"Confirm the details of {written.text(person.name)} (last verified "
                      f"{written.day(person.verified_on) or 'never'}).")
    if profile["summary"].past_due_amt > 0:
        points.append(f"Ask for a date for the past-due balance of "
                      f"{written.money(profile['summary'].past_due_amt, currency)}.")
    return points


def brief_html(profile: dict, *, as_of: date, currency: str) -> str:
    """The pre-visit brief: the account in numbers, last five contacts and notes, open
    promises and disputes, people, payment behaviour and talking points."""
    head, s = profile["header"], profile["summary"]
    promises_ = profile["promises"]
    late = profile["paid_invoices"].late_days.dropna()
    paid = len(profile["paid_invoices"])
    numbers = {"Open": written.money(s.open_amt, currency),
               "Past due": written.money(s.past_due_amt, currency),
               "In dispute": written.money(s.disputed_amt, currency),
               "Credit limit": written.money(s.credit_limit_amt, currency),
               "Days beyond terms": "n/a" if written.missing(s.beyond_terms_days) else
               f"{s.beyond_terms_days:.1f}",
               "On time": "n/a" if written.missing(s.on_time_pct) else
               f"{s.on_time_pct:.0%}"}
    body = (
        f"<h1>Pre-visit brief: {_e(head.customer_name)}</h1>"
        f'<p class="muted">'
        + " · ".join(part for part in (
            _e(head.customer_id), ", ".join(_e(v) for v in (head.city, head.region) if _e(v)),
            f"owner {_e(head.rep_name) or 'none'}", f"as of {as_of:%Y-%m-%d}",
            f"amounts in {_e(currency)} unless marked") if part)
        + "</p>"
        "<h2>Talking points</h2><ul>"
        + "".join(f"<li>{_e(p)}</li>" for p in talking_points(profile, currency=currency))
        + "</ul><h2>The account in numbers</h2><table><tr>"
        + "".join(f'<th class="num">{_e(k)}</th>' for k in numbers) + "</tr><tr>"
        + "".join(f'<td class="num">{_e(v)}</td>' for v in numbers.values()) + "</tr></table>"
        "<h2>Last five contacts</h2>"
        + _table(profile["contacts"].head(5).assign(
            channel=lambda f: f.channel.map(written.words),
            outcome=lambda f: f.outcome.map(written.words)),
            {"contact_at": "When", "rep_name": "Rep", "channel": "Channel",
             "outcome": "Outcome", "person": "With", "note": "Note"},
            currency=currency, empty="No contacts yet.")
        + "<h2>Latest notes</h2>"
        + _table(profile["notes"].head(5), {"created_at": "When", "author": "By",
                                            "text": "Note"},
                 currency=currency, empty="No notes yet.")
        + "<h2>Open promises</h2>"
        + _table(promises_[promises_.status == "pending"],
                 {"promise_id": "Promise", "invoice_id": "Invoice", "due_on": "Due",
                  "promised_currency_amt": "Amount"},
                 currency=currency, own={"promised_currency_amt"}, empty="No open promises.")
        + "<h2>Open disputes</h2>"
        + _table(profile["disputes"], {"dispute_id": "Dispute", "invoice_id": "Invoice",
                                       "disputed_currency_amt": "Amount",
                                       "age_days": "Days open", "reason": "Reason",
                                       "owner": "Owner"},
                 currency=currency, own={"disputed_currency_amt"}, days={"age_days"},
                 empty="No open disputes.")
        + "<h2>People</h2>"
        + _table(profile["people"].assign(check=profile["people"].is_stale.map(
            {True: "check details", False: ""})),
            {"name": "Name", "role": "Role", "email": "Email", "phone": "Phone",
             "verified_on": "Verified", "check": ""}, currency=currency,
            empty="No contact people on file.")
        + f"<h2>Payment behaviour</h2><p>{paid} invoice{'s' if paid != 1 else ''} paid in "
          "cash so far"
        + ("" if late.empty else
           f", on average {written.days(late.mean())} days after the due date (last five: "
           + ", ".join(written.days(v) for v in late.tail(5)) + " days)")
        + ".</p>")
    return _page(f"Brief {head.customer_id} {as_of:%Y-%m-%d}", body)
