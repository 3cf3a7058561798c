"""Printable one-page HTML documents for a customer: the statement and the pre-visit brief.

Every value from the data is escaped, so notes and names holding markup print as written.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

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
    """Escaped text of a value; missing values print as an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | date):
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    return html.escape(str(value))


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _table(frame: pd.DataFrame, columns: dict[str, str], money: set[str] = frozenset(),
           total: dict[str, float] | None = None) -> str:
    """An HTML table of `columns` (name -> heading); money columns right-aligned."""
    if frame.empty:
        return '<p class="muted">None.</p>'
    head = "".join(f'<th class="{"num" if c in money else ""}">{_e(h)}</th>'
                   for c, h in columns.items())
    rows = "".join(
        "<tr>" + "".join(f'<td class="num">{_money(r[c])}</td>' if c in money else
                         f"<td>{_e(r[c])}</td>" for c in columns) + "</tr>"
        for _, r in frame.iterrows())
    if total:
        rows += '<tr class="total">' + "".join(
            f'<td class="num">{_money(total[c])}</td>' if c in total else "<td></td>"
            for c in columns) + "</tr>"
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
    body = (
        f"<h1>Statement of account</h1><p>{_e(head.customer_name)} ({_e(head.customer_id)})"
        f'<br><span class="muted">As of {as_of:%Y-%m-%d} · terms {_e(head.terms_days)} days'
        f"</span></p><h2>Open items</h2>"
        + _table(items, {"item_id": "Document", "item_type": "Type", "invoice_on": "Dated",
                         "due_on": "Due", "days_past_due": "Days past due",
                         "currency": "Currency", "open_currency_amt": "Open",
                         "open_amt": f"Open ({currency})"},
                 money={"open_currency_amt", "open_amt"},
                 total={"open_amt": float(items.open_amt.sum())})
        + "<h2>Aging</h2>"
        + _table(aging, {"bucket": "Days past due", "open_amt": f"Open ({currency})"},
                 money={"open_amt"})
        + "<p>Balance by currency: "
        + ", ".join(f"{_e(c)} {_money(v)}" for c, v in by_currency.items())
        + f'</p><p class="muted">Payments and credits received after {as_of:%Y-%m-%d} are '
          "not shown.</p>")
    return _page(f"Statement {head.customer_id} {as_of:%Y-%m-%d}", body)


def talking_points(profile: dict) -> list[str]:
    """What to raise with the customer, drawn from the data: disputes to settle, broken
    promises to renew, short payments, stale contact details, past-due balance."""
    points = []
    for d in profile["disputes"].itertuples(index=False):
        points.append(f"Settle dispute {d.dispute_id} on {d.invoice_id or 'the account'} "
                      f"({d.reason or 'no reason recorded'}, open {d.age_days} days, owner "
                      f"{d.owner or 'none'}).")
    listing = profile["promises"]
    for p in listing[listing.status == "broken"].head(3).itertuples(index=False):
        points.append(f"Renew broken promise {p.promise_id}: {_money(p.promised_amt)} "
                      f"{p.currency} due {p.due_on:%Y-%m-%d}, nothing came.")
    for p in listing[listing.is_light].head(3).itertuples(index=False):
        points.append(f"Promise {p.promise_id} came in short: {_money(p.allocated_amt)} of "
                      f"{_money(p.promised_amt)} {p.currency}.")
    for person in profile["people"][profile["people"].is_stale].itertuples(index=False):
        points.append(f"Confirm the details of {person.name} (last verified "
                      f"{_e(person.verified_on) or 'never'}).")
    if profile["summary"].past_due_amt > 0:
        points.append(f"Ask for a date for the past-due balance of "
                      f"{_money(profile['summary'].past_due_amt)}.")
    return points


def brief_html(profile: dict, *, as_of: date, currency: str) -> str:
    """The pre-visit brief: the account in numbers, last five contacts and notes, open
    promises and disputes, people, payment behaviour and talking points."""
    head, s = profile["header"], profile["summary"]
    promises_ = profile["promises"]
    numbers = {"Open": _money(s.open_amt), "Past due": _money(s.past_due_amt),
               "In dispute": _money(s.disputed_amt),
               "Credit limit": "" if pd.isna(s.credit_limit_amt) else
               _money(s.credit_limit_amt),
               "Days beyond terms": "n/a" if pd.isna(s.beyond_terms_days) else
               f"{s.beyond_terms_days:.1f}",
               "On time": "n/a" if pd.isna(s.on_time_pct) else f"{s.on_time_pct:.0%}"}
    body = (
        f"<h1>Pre-visit brief: {_e(head.customer_name)}</h1>"
        f'<p class="muted">{_e(head.customer_id)} · '
        + ", ".join(_e(v) for v in (head.city, head.region) if _e(v))
        + f' · owner '
        f"{_e(head.rep_name)} · as of {as_of:%Y-%m-%d} · amounts in {_e(currency)}</p>"
        "<h2>Talking points</h2><ul>"
        + "".join(f"<li>{_e(p)}</li>" for p in talking_points(profile))
        + "</ul><h2>The account in numbers</h2><table><tr>"
        + "".join(f"<th>{_e(k)}</th>" for k in numbers) + "</tr><tr>"
        + "".join(f'<td class="num">{_e(v)}</td>' for v in numbers.values()) + "</tr></table>"
        "<h2>Last five contacts</h2>"
        + _table(profile["contacts"].head(5), {"contact_at": "When", "rep_name": "Rep",
                                               "channel": "Channel", "outcome": "Outcome",
                                               "person": "With", "note": "Note"})
        + "<h2>Latest notes</h2>"
        + _table(profile["notes"].head(5), {"created_at": "When", "author": "By",
                                            "text": "Note"})
        + "<h2>Open promises</h2>"
        + _table(promises_[promises_.status == "pending"],
                 {"promise_id": "Promise", "invoice_id": "Invoice", "due_on": "Due",
                  "promised_amt": "Amount", "currency": "Currency"}, money={"promised_amt"})
        + "<h2>Open disputes</h2>"
        + _table(profile["disputes"], {"dispute_id": "Dispute", "invoice_id": "Invoice",
                                       "age_days": "Days open", "reason": "Reason",
                                       "owner": "Owner"})
        + "<h2>People</h2>"
        + _table(profile["people"].assign(check=profile["people"].is_stale.map(
            {True: "check details", False: ""})),
            {"name": "Name", "role": "Role", "email": "Email", "phone": "Phone",
             "verified_on": "Verified", "check": ""})
        + f"<h2>Payment behaviour</h2><p>{len(profile['paid_invoices'])} invoices paid in "
          "cash so far"
        + ("" if profile["paid_invoices"].empty else
           f", on average {profile['paid_invoices'].late_days.mean():.1f} days after the due "
           f"date (last five: "
           + ", ".join(str(int(v)) for v in profile["paid_invoices"].late_days.tail(5))
           + " days)")
        + ".</p>")
    return _page(f"Brief {head.customer_id} {as_of:%Y-%m-%d}", body)
