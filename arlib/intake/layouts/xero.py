"""Xero's invoice export (one row per line) and Aged Receivables Detail report."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, documents, kind_of
from arlib.intake.layouts.base import Layout, tables


def _xero_invoices(src: Source) -> dict[str, pd.DataFrame]:
    """Xero's invoice lines as invoices and credit notes, one per invoice number."""
    frame = src.frame
    status = frame["status"].fillna("").str.lower()
    live = ~status.isin(["draft", "deleted", "voided", "void", "submitted",
                         "awaiting approval"])
    if (~live).any():
        src.warnings.append(f"{src.file_name}: {int((~live).sum())} lines of draft, voided or "
                            "unapproved invoices were not loaded (they are not receivables)")
    # one row per invoice line: the invoice totals repeat, so keep the first line of each
    src.shaped.frame = frame[live].drop_duplicates(["invoicenumber", "contactname"])
    kind = kind_of(src.col("type"), src.col("total"))
    docs = documents(src, doc_id=src.col("invoicenumber"), customer_id=src.col("contactname"),
                     kind=kind, doc_on=src.col("invoicedate"), due_on=src.col("duedate"),
                     amount=src.col("total"), open_amt=src.col("invoiceamountdue"),
                     currency=src.col("currency"), reference=src.col("reference"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": src.col("contactname"),
                         "name": src.col("contactname")})
    return tables(src, docs, cust)


def _xero_aged(src: Source) -> dict[str, pd.DataFrame]:
    """Xero Aged Receivables Detail: open invoices and credit notes under their contact."""
    name = src.col("_group")
    cid = src.col("contact account number").fillna(name)
    kind = kind_of(pd.Series(None, index=src.frame.index, dtype=object), src.col("total"))
    docs = documents(src, doc_id=src.col("invoice number"), customer_id=cid, kind=kind,
                     doc_on=src.col("invoice date"), due_on=src.col("due date"),
                     amount=src.col("total"), open_amt=src.col("total"),
                     currency=src.col("currency"), reference=src.col("invoice reference"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid, "name": name})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("xero_invoices", "Xero Invoices export (one row per line)", "snapshot",
           ("contactname", "invoicenumber", "invoicedate", "duedate", "total",
            "invoiceamountdue"),
           ("emailaddress", "reference", "taxtotal", "invoiceamountpaid", "inventoryitemcode",
            "description", "quantity", "unitamount", "discount", "lineamount", "accountcode",
            "taxtype", "taxamount", "currency", "type", "sent", "status", "trackingname1",
            "trackingoption1", "trackingname2", "trackingoption2", "planneddate",
            *(f"{p}{s}" for p in ("po", "sa") for s in (
                "addressline1", "addressline2", "addressline3", "addressline4", "city",
                "region", "postalcode", "country"))),
           _xero_invoices, dates=("invoicedate", "duedate"),
           amounts=("total", "invoiceamountdue", "invoiceamountpaid")),
    Layout("xero_aged_receivables_detail", "Xero Aged Receivables Detail", "snapshot",
           ("invoice date", "invoice number", "due date", "total"),
           ("invoice reference", "current", "< 1 month", "1 month", "2 months", "3 months",
            "older", "contact account number", "primary person", "phone", "email", "mobile",
            "contact group", "expected date", "outstanding tax", "invoice seen",
            "invoice sent"),
           _xero_aged, report=True, key_column="invoice number",
           dates=("invoice date", "due date"),
           amounts=("total", "current", "< 1 month", "1 month", "2 months", "3 months",
                    "older"),
           tie=("total",)),
)
