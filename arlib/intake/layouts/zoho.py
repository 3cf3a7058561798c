"""Zoho Books: the invoice export (one row per line item)."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, documents, ids, kind_of
from arlib.intake.layouts.base import Layout, not_receivable, tables


def _zoho(src: Source) -> dict[str, pd.DataFrame]:
    """Zoho Books invoice lines as invoices, one per invoice number, with their balance."""
    not_receivable(src, src.col("invoice status"), {"draft", "void", "pending approval"},
                   "lines")
    # one row per line item: the invoice totals repeat, so keep the first line of each
    src.shaped.frame = src.frame.drop_duplicates(["invoice number", "customer name"])
    name = src.col("customer name")
    cid = ids(src.col("customer id")).astype(object).fillna(name)
    amount = src.col("total")
    docs = documents(src, doc_id=src.col("invoice number"), customer_id=cid,
                     kind=kind_of(pd.Series(None, index=src.frame.index, dtype=object), amount),
                     doc_on=src.col("invoice date"), due_on=src.col("due date"),
                     amount=amount, open_amt=src.col("balance"),
                     currency=src.col("currency code"), reference=src.col("purchaseorder"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid, "name": name})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("zoho_invoices", "Zoho Books invoice export (one row per line item)", "snapshot",
           ("invoice number", "invoice date", "invoice status", "customer name", "due date",
            "total", "balance"),
           ("invoice id", "customer id", "currency code", "exchange rate", "item name",
            "item desc", "item type", "quantity", "usage unit", "item price", "item total",
            "subtotal", "adjustment", "shipping charge", "write off amount", "payment terms",
            "payment terms label", "expected payment date", "sales person", "account",
            "purchaseorder", "expense reference id", "gst treatment",
            "gst identification number (gstin)", "place of supply", "hsn/sac",
            "is inclusive tax", "item tax exemption reason", "discount", "item tax",
            "item tax %", "item tax amount", "notes", "terms & conditions"),
           _zoho, dates=("invoice date", "due date", "expected payment date"),
           amounts=("total", "balance", "subtotal")),
)
