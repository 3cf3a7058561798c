"""Sage: the Intacct AR invoice list and the Sage 50 (US) Aged Receivables report."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, documents, kind_of
from arlib.intake.layouts.base import Layout, not_receivable, tables


def _intacct(src: Source) -> dict[str, pd.DataFrame]:
    """A Sage Intacct invoice list: posted invoices with what is due of them."""
    # Draft invoices are not posted and Reversed ones are undone by their reversal
    not_receivable(src, src.col("state"), {"draft", "reversed", "reversal", "voided", "void"},
                   "rows")
    cid = src.col("customer id")
    amount = src.col("total amount")
    docs = documents(src, doc_id=src.first("invoice no.", "invoice number"), customer_id=cid,
                     kind=kind_of(src.col("type"), amount),
                     doc_on=src.first("date", "invoice date"), due_on=src.col("due date"),
                     amount=amount, open_amt=src.col("total due"),
                     currency=src.first("currency", "base currency"),
                     reference=src.col("reference number"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("customer name").fillna(cid)})
    return tables(src, docs, cust)


def _sage50_aged(src: Source) -> dict[str, pd.DataFrame]:
    """Sage 50 Aged Receivables: open invoices and credit memos under their customer."""
    # the customer's id, name and contact are printed on its first invoice line only; a line
    # without a document number is a customer subtotal the report shape did not take as one
    frame = src.frame
    for column in ("customer id", "customer", "contact", "telephone 1"):
        if column in frame:
            frame[column] = frame[column].ffill()
    src.shaped.frame = frame[frame["invoice/cm #"].notna()]
    cid = src.col("customer id").fillna(src.col("customer"))
    amount = src.col("amount due")
    docs = documents(src, doc_id=src.col("invoice/cm #"), customer_id=cid,
                     kind=kind_of(src.col("invoice/cm #").str.extract(r"^(CM)", expand=False)
                                  .map({"CM": "credit memo"}), amount),
                     doc_on=src.col("date"), due_on=src.first("due date", "date"),
                     amount=amount, open_amt=amount, currency=src.col("currency"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("customer").fillna(cid)})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("intacct_invoices", "Sage Intacct AR invoice list", "snapshot",
           ("customer id", "customer name", "reference number", "due date", "total amount",
            "total due", "state"),
           ("invoice no.", "invoice number", "date", "invoice date", "total paid", "currency",
            "base currency", "terms", "type", "description", "date posted", "date paid"),
           _intacct, dates=("date", "invoice date", "due date", "date posted", "date paid"),
           amounts=("total amount", "total paid", "total due")),
    Layout("sage50_aged_receivables", "Sage 50 (US) Aged Receivables", "snapshot",
           ("customer id", "customer", "invoice/cm #", "date", "amount due"),
           ("contact", "telephone 1", "0 - 30", "31 - 60", "61 - 90", "over 90 days",
            "current", "due date", "currency"),
           _sage50_aged, report=True, key_column="invoice/cm #", dates=("date", "due date"),
           amounts=("amount due", "0 - 30", "31 - 60", "61 - 90", "over 90 days", "current"),
           tie=("amount due", "0 - 30", "31 - 60", "61 - 90", "over 90 days")),
)
