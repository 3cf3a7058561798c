"""SAP exports: FBL5N customer line items, and the HighRadius data set of SAP open items."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, documents, ids, kind_of
from arlib.intake.layouts.base import Layout, tables


def _fbl5n(src: Source) -> dict[str, pd.DataFrame]:
    """SAP FBL5N items: open and cleared documents, partial payments applied to invoices."""
    frame = src.frame
    cleared = src.col("clearing date").notna() | src.col("clearing document").notna()
    kind = kind_of(src.col("document type"), src.col("amount in doc. curr."))
    amount = src.col("amount in doc. curr.")
    # cleared payments and credit memos are the other side of a clearing that is already
    # stored as the invoice's settlement on the clearing date
    skip = cleared & kind.ne("invoice")
    if skip.any():
        src.warnings.append(f"{src.file_name}: {int(skip.sum())} cleared payment or credit "
                            "lines not loaded: their clearing settles the invoices they paid")
    src.shaped.frame = frame[~skip]
    cleared, kind, amount = cleared[~skip], kind[~skip], amount[~skip]
    doc = ids(src.col("document number"))
    # an open partial payment names its invoice in "Invoice reference" (or the assignment)
    target = src.first("invoice reference", "assignment")
    docs = documents(src, doc_id=doc, customer_id=ids(src.col("account")), kind=kind,
                     doc_on=src.first("document date", "posting date"),
                     due_on=src.col("net due date"), amount=amount,
                     open_amt=amount.where(~cleared, "0"),
                     currency=src.first("document currency", "local currency"),
                     reference=src.first("reference", "text"),
                     settled_on=src.col("clearing date"),
                     settlement_id=src.col("clearing document"))
    pays = docs["payments"]
    applied = pays["invoice_id"].isna() & pays["_line"].isin(
        src.frame["_line"][target.isin(doc.dropna())])
    by_line = dict(zip(src.frame["_line"], target, strict=True))
    pays.loc[applied, "invoice_id"] = pays.loc[applied, "_line"].map(by_line)
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": ids(src.col("account")),
                         "name": src.first("customer", "name 1", "name").fillna(
                             ids(src.col("account")))})
    return tables(src, docs, cust)


def _highradius(src: Source) -> dict[str, pd.DataFrame]:
    """The HighRadius SAP open items as open invoices of their customer numbers."""
    cid = src.col("cust_number")
    doc = ids(src.col("doc_id"))
    docs = documents(src, doc_id=doc, customer_id=cid,
                     kind=pd.Series("invoice", index=src.frame.index),
                     doc_on=src.col("baseline_create_date").fillna(src.col("posting_date")),
                     due_on=src.col("due_in_date"), amount=src.col("total_open_amount"),
                     open_amt=src.col("total_open_amount"), currency=src.col("invoice_currency"),
                     reference=src.col("business_code"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("name_customer")})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("sap_fbl5n", "SAP FBL5N customer line items", "history",
           ("account", "document number", "net due date", "amount in doc. curr."),
           ("document type", "document date", "posting date", "arrears after net due date",
            "document currency", "amount in local currency", "local currency",
            "clearing document", "clearing date", "assignment", "reference", "text",
            "terms of payment", "invoice reference", "billing document", "payment date",
            "profit center", "customer", "reversed with", "dunning level", "company code"),
           _fbl5n, report=True, key_column="document number",
           dates=("document date", "posting date", "net due date", "clearing date",
                  "payment date"),
           amounts=("amount in doc. curr.", "amount in local currency"),
           tie=("amount in doc. curr.", "amount in local currency")),
    Layout("highradius_sap", "SAP open items (HighRadius data set)", "snapshot",
           ("business_code", "cust_number", "doc_id", "due_in_date", "total_open_amount",
            "invoice_currency"),
           ("name_customer", "business_year", "posting_date", "document_create_date",
            "document_create_date.1", "document type", "posting_id", "area_business",
            "baseline_create_date", "cust_payment_terms", "invoice_id", "isopen",
            "clear_date"),
           _highradius, dates=("posting_date", "document_create_date",
                               "document_create_date.1", "due_in_date",
                               "baseline_create_date"),
           amounts=("total_open_amount",),
           drop=("key_0", "day_due", "delay_predict", "payment_date_predict", "aging_bucket")),
)
