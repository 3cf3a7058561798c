"""Proposals for an unknown header: which canonical table a file holds and which of its
columns is which canonical column, from the header words people use."""

from __future__ import annotations

import difflib

from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns
from arlib.intake.shape import normalise

# header words people use for a canonical column (normalised); the proposal also matches
# the canonical name itself and close spellings
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer", "customer no.", "customer number", "cust no", "cust_number",
                    "customer id", "account", "account number", "client", "debtor", "kunnr",
                    "customer code", "acct"),
    "name": ("customer name", "name", "company", "client name", "contact"),
    "invoice_id": ("invoice", "invoice no.", "invoice number", "invoice #", "inv no", "doc no",
                   "document no.", "document number", "num", "number", "belnr", "doc_id",
                   "invoice_id", "ref"),
    "invoice_on": ("invoice date", "date", "doc date", "document date", "bill date",
                   "posting date", "issued"),
    "due_on": ("due date", "due", "net due date", "payment due", "due_date"),
    "amount": ("amount", "total", "invoice amount", "gross amount", "value", "balance",
               "open amount", "amount due"),
    "currency": ("currency", "curr", "currency code", "ccy", "waers"),
    "reference": ("reference", "memo", "description", "po", "p.o. #", "note"),
    "payment_id": ("payment", "payment no.", "payment number", "receipt", "receipt no."),
    "paid_on": ("payment date", "paid date", "date paid", "receipt date", "paid"),
    "doc_type": ("type", "document type", "transaction type"),
    "method": ("method", "payment method"),
}



def propose(header: list[str], table: str | None = None) -> tuple[str, dict[str, str]]:
    """A guessed table and mapping (canonical column -> file header) for an unknown header:
    the table whose required columns find the most matches."""
    names = {normalise(h): h for h in header if h.strip()}
    tables = [table] if table else ["invoices", "payments", "customers", "contacts",
                                    "promises", "disputes", "notes", "people"]
    best: tuple[int, str, dict[str, str]] = (-1, tables[0], {})
    for t in tables:
        mapping: dict[str, str] = {}
        for col in columns(BY_TABLE[t]):
            words = (col.name, col.name.replace("_", " "), *SYNONYMS.get(col.name, ()))
            hit = next((names[w] for w in words if w in names and names[w] not in
                        mapping.values()), None)
            if hit is None:
                close = difflib.get_close_matches(col.name.replace("_", " "), list(names),
                                                  n=1, cutoff=0.8)
                hit = names[close[0]] if close and names[close[0]] not in mapping.values() \
                    else None
            if hit is not None:
                mapping[col.name] = hit
        score = sum(1 for c in columns(BY_TABLE[t]) if c.required and c.name in mapping)
        if score > best[0]:
            best = (score, t, mapping)
    return best[1], best[2]
