"""Proposals for an unknown header: which canonical table a file holds and which of its
columns is which canonical column, from the header words ERPs write and the values under them.

A header word alone is not enough: a column is proposed only when its sample values fit the
canonical column's type (a date column holds dates, an amount column amounts, a currency
column 3-letter codes or symbols), so an aging bucket "Current" is never the currency.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from arlib.canonical.models import BY_TABLE, DATE_SHAPE, DECIMAL_SHAPE, TIMESTAMP_SHAPE
from arlib.canonical.validation import columns
from arlib.intake.shape import normalise
from arlib.intake.values import decimal_mark, normalise_amounts, normalise_dates

# header words ERPs write for a canonical column (normalised), strongest first; the proposal
# also matches the canonical name itself and close spellings
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer id", "customer no.", "customer no", "customer number",
                    "customer #", "cust no", "cust no.", "cust_number", "customer code",
                    "customer account", "account no.", "account number", "debtor",
                    "debtor no.", "kunnr", "party", "partner", "client", "client id",
                    "customer", "a/c", "acct"),
    "name": ("customer name", "customer full name", "name", "customer", "company",
             "client name", "party name", "partner name", "debtor name", "contact name",
             "account name", "client", "party", "partner", "contact"),
    "invoice_id": ("invoice number", "invoice no.", "invoice no", "invoice #", "invoice",
                   "inv no", "inv #", "invoice/cm #", "document no.", "document no",
                   "document number", "doc no", "doc no.", "doc #", "voucher no",
                   "voucher no.", "voucher number", "num", "no.", "number", "ref", "ref no",
                   "reference", "reference number", "transaction no.", "belnr", "doc_id"),
    "invoice_on": ("invoice date", "date", "doc date", "document date", "bill date",
                   "posting date", "txn date", "transaction date", "issue date", "issued",
                   "voucher date"),
    "due_on": ("due date", "date due", "due", "net due date", "payment due", "due_date",
               "due on", "payment due date"),
    "amount": ("open balance", "amount due", "balance due", "outstanding amount",
               "outstanding", "remaining amount", "amount remaining", "residual",
               "amount residual", "open amount", "balance", "total due", "amount",
               "total", "invoice amount", "gross amount", "original amount", "value",
               "total amount"),
    "currency": ("currency", "curr", "curr.", "currency code", "ccy", "cur", "waers",
                 "document currency", "transaction currency"),
    "reference": ("reference", "memo", "memo/description", "description", "po", "p.o. #",
                  "po number", "customer reference", "external document no.", "note"),
    "payment_id": ("payment number", "payment no.", "payment #", "payment", "receipt",
                   "receipt no.", "receipt number", "voucher no", "num", "no.", "reference"),
    "paid_on": ("payment date", "paid date", "date paid", "receipt date", "paid on", "date",
                "posting date", "txn date"),
    "doc_type": ("type", "document type", "transaction type", "doc type", "voucher type",
                 "txn type"),
    "method": ("method", "payment method", "payment mode"),
}
# words that name a GL or bank account in ERP exports: the customer only when nothing else is
WEAK = {"customer_id": ("account", "account code"), "name": ()}
_CODE = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹])$")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONEY = re.compile(r"-?\d+(?:\.\d+)?")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
PLAUSIBLE = 0.8  # share of a column's sample values that must fit a column's type


def header_words() -> set[str]:
    """Every header word the vocabulary knows (normalised)."""
    words = {w for ws in SYNONYMS.values() for w in ws}
    words |= {w for ws in WEAK.values() for w in ws}
    for model in BY_TABLE.values():
        words |= {c.name for c in columns(model)} | {c.name.replace("_", " ")
                                                    for c in columns(model)}
    return words


def date_share(cells: Sequence[str]) -> float:
    """Share of non-empty cells that read as dates (in the better of the two orders); a bare
    number is not counted (a workbook's own dates arrive as ISO text, not serials)."""
    filled = [c for c in cells if c and c.strip()]
    if not filled:
        return 0.0
    texts = [c for c in filled if not _NUMBER.fullmatch(c.strip())]
    best = 0
    for order in ("dmy", "mdy"):
        read = normalise_dates({"c": texts}, order)["c"] if texts else []
        best = max(best, sum(1 for v in read if v and _ISO.fullmatch(v)))
    return best / len(filled)


def amount_share(cells: Sequence[str]) -> float:
    """Share of non-empty cells that read as amounts (and not as dates)."""
    filled = [c for c in cells if c and c.strip()]
    if not filled:
        return 0.0
    read = normalise_amounts(filled, decimal_mark(filled))
    return sum(1 for v in read if v and _MONEY.fullmatch(v)) / len(filled)


def fits(kind: str, cells: Sequence[str]) -> bool:
    """True when sample cells fit a column kind ('date', 'amount', 'currency', 'text';
    empty samples fit anything: nothing says otherwise)."""
    filled = [c.strip() for c in cells if c and c.strip()]
    if not filled or kind == "text":
        return True
    if kind == "date":
        return date_share(filled) >= PLAUSIBLE
    if kind == "amount":
        return amount_share(filled) >= PLAUSIBLE and date_share(filled) < PLAUSIBLE
    if kind == "currency":
        return sum(1 for c in filled if _CODE.fullmatch(c)) / len(filled) >= PLAUSIBLE
    # identifiers and names: not a column of amounts or dates alone
    return date_share(filled) < PLAUSIBLE


def kind_of(table: str, column: str) -> str:
    """What a canonical column holds: 'date', 'amount', 'currency', 'id' or 'text'."""
    col = next(c for c in columns(BY_TABLE[table]) if c.name == column)
    if column == "currency":
        return "currency"
    if col.shape in (DATE_SHAPE, TIMESTAMP_SHAPE):
        return "date"
    if col.shape == DECIMAL_SHAPE and column != "rate_to_base":
        return "amount"
    return "id" if column.endswith("_id") or column == "name" else "text"


def _samples(header: list[str], rows: Sequence[Sequence[str]] | None) -> dict[str, list[str]]:
    """The sample cells under each header name."""
    out: dict[str, list[str]] = {h: [] for h in header}
    for row in rows or []:
        for i, h in enumerate(header):
            if i < len(row) and row[i] is not None and str(row[i]).strip() \
                    and len(out[h]) < len(rows or []):  # a repeated name keeps its first column
                out[h].append(str(row[i]))
    return out


def _mapping(table: str, names: dict[str, str], samples: dict[str, list[str]]
             ) -> dict[str, str]:
    """The best file header for each canonical column of `table`, by vocabulary and fit."""
    mapping: dict[str, str] = {}
    used: set[str] = set()

    def pick(words, kind: str) -> str | None:
        return next((names[w] for w in words if w in names and names[w] not in used
                     and fits(kind, samples[names[w]])), None)

    for col in columns(BY_TABLE[table]):
        kind = kind_of(table, col.name)
        hit = pick((col.name, col.name.replace("_", " "), *SYNONYMS.get(col.name, ())), kind)
        if hit is None and col.name == "customer_id" and "name" not in mapping:
            # no customer number: the name is the customer's key (as in the built-in layouts)
            hit = pick(SYNONYMS["name"], kind)
        if hit is None:
            close = difflib.get_close_matches(col.name.replace("_", " "), list(names),
                                              n=1, cutoff=0.8)
            if close and names[close[0]] not in used and fits(kind, samples[names[close[0]]]):
                hit = names[close[0]]
        if hit is None and col.name in WEAK and not _names_a_party(names):
            hit = next((names[w] for w in WEAK[col.name] if w in names
                        and names[w] not in used and _varies(samples[names[w]])), None)
        if hit is not None:
            mapping[col.name] = hit
            used.add(hit)
    return mapping


def _names_a_party(names: dict[str, str]) -> bool:
    """True when the header has a customer (or client, party…) column."""
    party = ("customer", "client", "party", "partner", "debtor")
    return any(any(p in n for p in party) for n in names)


def _varies(cells: list[str]) -> bool:
    """False for a column repeating one value (a GL account on every row)."""
    return len(cells) < 2 or len(set(cells)) > 1


def propose(header: list[str], table: str | None = None, *,
            rows: Sequence[Sequence[str]] | None = None) -> tuple[str, dict[str, str]]:
    """A guessed table and mapping (canonical column -> file header) for an unknown header:
    the table whose required columns find the most matches. `rows` are sample rows under
    the header (cells in header order): a column whose values do not fit is not proposed."""
    samples = _samples(header, rows)
    names: dict[str, str] = {}
    for h in header:
        if h and h.strip():
            names.setdefault(normalise(h), h)
    tables = [table] if table else ["invoices", "payments", "customers", "contacts",
                                    "promises", "disputes", "notes", "people"]
    best: tuple[int, str, dict[str, str]] = (-1, tables[0], {})
    for t in tables:
        mapping = _mapping(t, names, samples)
        score = sum(1 for c in columns(BY_TABLE[t]) if c.required and c.name in mapping)
        if score > best[0]:
            best = (score, t, mapping)
    return best[1], best[2]
