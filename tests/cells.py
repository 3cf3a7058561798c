"""What a canonical CSV cell must become in the store, by the naming rules of data-model.md.

Written with the standard library only, so tests compare arlib's typing with an independent one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

ENUMS = {"doc_type", "channel", "direction", "outcome", "billing_method", "account_type",
         "method"}
DATE_COLUMNS = {"customer_since", "start_on", "end_on", "from_on", "to_on", "on", "invoice_on",
                "due_on", "paid_on", "made_on", "opened_on", "resolved_on", "verified_on"}
MONEY_COLUMNS = {"amount", "credit_limit", "rate_to_base"}

# The canonical headers of data-model.md, written out here so tests do not read them from arlib.
HEADERS: dict[str, list[str]] = {
    "customers": ["customer_id", "name", "rep_id", "region", "city", "country", "currency",
                  "terms_days", "credit_limit", "customer_since", "billing_method",
                  "account_type"],
    "reps": ["rep_id", "name", "team", "start_on", "end_on"],
    "rep_absences": ["rep_id", "from_on", "to_on", "reason"],
    "holidays": ["on", "name"],
    "invoices": ["invoice_id", "customer_id", "doc_type", "invoice_on", "due_on", "amount",
                 "currency", "reference"],
    "payments": ["payment_id", "customer_id", "invoice_id", "paid_on", "amount", "currency",
                 "method", "reference"],
    "contacts": ["contact_id", "customer_id", "rep_id", "contact_at", "channel", "direction",
                 "outcome", "person", "note"],
    "promises": ["promise_id", "customer_id", "rep_id", "invoice_id", "made_on", "due_on",
                 "amount", "currency", "note"],
    "disputes": ["dispute_id", "customer_id", "invoice_id", "opened_on", "resolved_on",
                 "amount", "currency", "reason", "owner", "resolution", "note"],
    "notes": ["note_id", "customer_id", "author", "created_at", "text"],
    "people": ["customer_id", "name", "role", "email", "phone", "is_primary", "verified_on"],
    "fx_rates": ["currency", "on", "rate_to_base"],
}


def expected_value(column: str, text: str) -> Any:
    """The typed value a cell's text must be stored as (None for an empty cell)."""
    text = text.strip()
    if not text:
        return None
    if column in DATE_COLUMNS:
        return date.fromisoformat(text)
    if column.endswith("_at"):
        return datetime.fromisoformat(text)
    if column in MONEY_COLUMNS:
        return Decimal(text)
    if column == "terms_days":
        return int(text)
    if column == "is_primary":
        return {"true": True, "yes": True, "1": True, "false": False, "no": False,
                "0": False}[text.lower()]
    return text.lower() if column in ENUMS else text
