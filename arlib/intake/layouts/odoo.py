"""Odoo: the Aged Receivable report of Odoo Accounting (Enterprise, v15-v18) and the Aged
Partner Balance of the OCA module account_financial_report, both with their move lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from arlib.intake.frames import Source, cents, documents, kind_of
from arlib.intake.layouts.base import Layout, tables
from arlib.intake.shape import LINE_NAME

# a move name's journal prefix: "RINV/2024/00003" is a credit note (reversal of a customer
# invoice), "PBNK1/…", "BNK1/…", "CSH1/…" or "CUST.IN/…" a payment or bank line
_CREDIT = re.compile(r"^R[A-Z]*INV\b|^RFAC\b|^RSAJ\b", re.IGNORECASE)
_PAYMENT = re.compile(r"^P?(?:BNK|BANK|CSH|CASH)\d*/|^CUST\.IN/|^PAY\d*/|^PREC\d*/",
                      re.IGNORECASE)
_FILTER_DATE = re.compile(r"date at filter\s*:?\s*(?P<date>\d{2}/\d{2}/\d{4})", re.IGNORECASE)
_OCA_TITLE = re.compile(r"^aged partner balance - .+ - (?P<currency>[A-Z]{3})$", re.IGNORECASE)
_BUCKETS = ("at date", "not due", "1-30", "1 - 30", "31-60", "31 - 60", "61-90", "61 - 90",
            "91-120", "91 - 120", "older", "total")
_OCA_BUCKETS = ("residual", "current", "age ≤ 30 d.", "age ≤ 60 d.", "age ≤ 90 d.",
                "age ≤ 120 d.", "older")


def _kind(names: pd.Series, open_amt: pd.Series) -> pd.Series:
    """invoice / credit_note / payment from a move name's journal prefix and the sign (a
    bank line that is not negative, a refund paid out, is owed like an invoice)."""
    text = names.fillna("").str.strip()
    negative = cents(open_amt).lt(0).fillna(False)
    words = pd.Series("", index=names.index, dtype=object)
    words[text.str.contains(_CREDIT.pattern, case=False, regex=True)] = "credit"
    words[text.str.contains(_PAYMENT.pattern, case=False, regex=True) & negative] = "payment"
    return kind_of(words, open_amt)


@dataclass(frozen=True)
class VersionedLayout(Layout):
    """A layout whose column names vary by version: each slot is met by any of its
    spellings, and the header's first cell must be blank when `blank_first` says so."""

    slots: tuple[tuple[str, ...], ...] = ()
    blank_first: bool = False

    def confidence(self, header: list[str]) -> float:
        """0 unless every slot is met (and the first cell blank); else as Layout does."""
        names = {h for h in header if h}
        if self.blank_first and (not header or header[0]):
            return 0.0
        if not all(names & set(slot) for slot in self.slots):
            return 0.0
        known = {s for slot in self.slots for s in slot} | set(self.optional)
        return 0.8 + 0.2 * len(names & known) / max(len(names), 1)


def _odoo_aged(src: Source) -> dict[str, pd.DataFrame]:
    """Odoo's Aged Receivable, lines unfolded: move lines under their partner line, open
    amounts in the company currency (the report's buckets and Total)."""
    # the report's shape reads partner lines as groups when it knows the amount columns; a
    # trial read without them leaves them as rows holding a name and amounts only
    described = [c for c in ("invoice date", "due date", "account", "currency",
                             "amount currency") if c in src.frame]
    bare = src.frame[described].isna().all(axis=1) if described else None
    if bare is not None and bare.any():
        owner = src.col(LINE_NAME).where(bare).ffill()
        src.frame["_group"] = src.col("_group").fillna(owner)
        src.shaped.frame = src.frame[~bare]
    name = src.col("_group")
    total = src.col("total")
    due = src.col("due date")
    doc_on = src.col("invoice date").fillna(due)
    docs = documents(src, doc_id=src.col(LINE_NAME), customer_id=name,
                     kind=_kind(src.col(LINE_NAME), total), doc_on=doc_on,
                     due_on=due.fillna(doc_on), amount=total, open_amt=total,
                     currency=pd.Series(None, index=src.frame.index, dtype=object))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


def _filter_date(src: Source) -> None:
    """Take the "Date at filter" row (always day/month/year) as the snapshot date."""
    if src.snapshot_on() is not None:
        return
    found = next((m.group("date") for t in src.shaped.titles
                  if (m := _FILTER_DATE.search(t))), None)
    if found:
        when = datetime.strptime(found, "%d/%m/%Y").date()
        src.options = replace(src.options, snapshot_on=when)


def _oca_aged(src: Source) -> dict[str, pd.DataFrame]:
    """OCA Aged Partner Balance with move line details: residual amounts in the company
    currency its title names, the snapshot at its "Date at filter"."""
    _filter_date(src)
    company = next((m.group("currency").upper() for t in src.shaped.titles
                    if (m := _OCA_TITLE.match(t.strip()))), None)
    name = src.col("partner").fillna(src.col("_group"))
    residual = src.col("residual")
    entry = src.col("entry")
    docs = documents(src, doc_id=entry, customer_id=name, kind=_kind(entry, residual),
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=residual, open_amt=residual,
                     currency=pd.Series(company, index=src.frame.index, dtype=object),
                     reference=src.col("ref - label"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    VersionedLayout(
        "odoo_aged_receivable", "Odoo Aged Receivable (Accounting report, XLSX export)",
        "snapshot", ("invoice date", "1-30", "31-60", "61-90", "older", "total"),
        ("due date", "amount currency", "currency", "account", "expected date", "exp. date",
         "journal", "at date", "not due", "91-120", "91 - 120", "communication",
         "matching number"),
        _odoo_aged, report=True, key_column=LINE_NAME,
        dates=("invoice date", "due date", "expected date", "exp. date"),
        amounts=_BUCKETS, tie=_BUCKETS,
        slots=(("invoice date", "due date"), ("1-30", "1 - 30"), ("31-60", "31 - 60"),
               ("61-90", "61 - 90"), ("older",), ("total",)),
        blank_first=True),
    Layout("oca_aged_partner_balance",
           "Odoo OCA Aged Partner Balance (account_financial_report, move lines)", "snapshot",
           ("date", "entry", "journal", "partner", "ref - label", "due date", "residual"),
           ("account", "current", "age ≤ 30 d.", "age ≤ 60 d.", "age ≤ 90 d.",
            "age ≤ 120 d.", "older"),
           _oca_aged, report=True, key_column="entry", dates=("date", "due date"),
           amounts=_OCA_BUCKETS, tie=_OCA_BUCKETS, date_order="dmy"),
)
