"""Call script and recap drafts from plain template files with named fields (issue 20,
point 4): `{field}` in a template is replaced by the account's value; a field with no value
reads `[missing: field]` and an unknown name `[unknown field: name]`, never blank."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pandas as pd

from arlib import written

FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
TEMPLATES = {"script": "call_script.txt", "recap": "recap_email.txt"}
RECAP_FIELDS = ("agreed", "promise_amount", "promise_date", "next_step")  # typed after the call
NONE = "none"


@dataclass(frozen=True)
class Draft:
    """A filled template: its text, the fields it left missing and the names it does not know."""

    text: str
    missing: tuple[str, ...]
    unknown: tuple[str, ...]


def read_template(folder: Path, kind: str) -> str:
    """The template text of `kind` (script or recap) from the templates folder; a clear
    error naming the file when it cannot be read."""
    path = folder / TEMPLATES[kind]
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"The {kind} template {path} cannot be read ({exc.__class__.__name__})"
                         f": put a UTF-8 text file there (AR_TEMPLATES_DIR names the folder)."
                         ) from exc


def render(template: str, fields: dict[str, str]) -> Draft:
    """The template with each `{field}` replaced; missing and unknown fields shown in
    brackets and listed."""
    missing, unknown = [], []

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in fields:
            unknown.append(name)
            return f"[unknown field: {name}]"
        if not fields[name].strip():
            missing.append(name)
            return f"[missing: {name}]"
        return fields[name]

    text = FIELD.sub(fill, template)
    return Draft(text, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))


def _lines(items: list[str]) -> str:
    return "\n".join(f"   - {i}" for i in items) if items else f"   - {NONE}"


def account_fields(profile: dict, *, as_of: date, currency: str) -> dict[str, str]:
    """The named fields of one customer's profile (arlib.figures.customers.profile) as of
    the date: who, terms, balances in `currency` (the base), open items, past promises,
    open disputes; an empty string where the data has nothing."""
    head, s = profile["header"], profile["summary"]
    people = profile["people"]
    person = people.iloc[0] if len(people) else pd.Series(dtype=object)  # primary first
    items = profile["open_items"]
    invoices = items[items.item_type != "unapplied_cash"]
    listing = profile["promises"]
    return {
        "customer_name": written.text(head.customer_name),
        "customer_id": written.text(head.customer_id),
        "as_of": as_of.isoformat(),
        "rep_name": written.text(head.rep_name),
        "person": written.text(person.get("name")),
        "person_role": written.text(person.get("role")),
        "phone": written.text(person.get("phone")),
        "email": written.text(person.get("email")),
        "terms": "" if written.missing(head.terms_days) else f"{int(head.terms_days)} days",
        "open_amount": written.money(s.open_amt, currency),
        "past_due_amount": written.money(s.past_due_amt, currency),
        "open_items": _lines([
            f"{i.item_id} due {written.day(i.due_on)}: "
            f"{written.money(i.open_currency_amt, i.currency)}"
            + (f", {written.days(i.days_past_due)} days past due" if i.is_past_due else "")
            + (", in dispute" if i.is_disputed else "")
            for i in invoices.itertuples(index=False)]),
        "past_promises": _lines([
            f"{p.promise_id} {written.money(p.promised_currency_amt, p.currency)} due "
            f"{written.day(p.due_on)}"
            + (f" on {p.invoice_id}" if written.text(p.invoice_id) else " on the account")
            + f": {p.status}"
            + (f", {written.money(p.allocated_currency_amt, p.currency)} came"
               if p.allocated_currency_amt > 0 else "")
            for p in listing[listing.status != "superseded"].itertuples(index=False)]),
        "open_disputes": _lines([
            f"{d.dispute_id} on {written.text(d.invoice_id) or 'the account'}: "
            f"{written.text(d.reason) or 'no reason recorded'}, open "
            f"{written.days(d.age_days)} days, owner {written.text(d.owner) or 'none'}"
            for d in profile["disputes"].itertuples(index=False)]),
    }


def recap_eml(draft: Draft, *, to: str, statement_html: str, statement_name: str) -> bytes:
    """The recap as an .eml draft (the first line `Subject: …` becomes its subject) with
    the statement attached as HTML; no sender, for the mail program to fill."""
    first, _, rest = draft.text.partition("\n")
    subject = first.removeprefix("Subject:").strip() if first.startswith("Subject:") else ""
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["X-Unsent"] = "1"  # opens as a draft to send
    message.set_content(rest.lstrip("\n") if subject else draft.text)
    message.add_attachment(statement_html.encode("utf-8"), maintype="text", subtype="html",
                           filename=statement_name)
    return bytes(message)
