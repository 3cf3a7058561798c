"""The IBM late-payment sample (settled invoices with their dispute flag)."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, customers, ids
from arlib.intake.layouts.base import Layout


def _ibm(src: Source) -> dict[str, pd.DataFrame]:
    """The IBM sample: settled invoices, their full payment and their disputes."""
    line, cid, inv = src.frame["_line"], src.col("customerid"), ids(src.col("invoicenumber"))
    amount, settled = src.col("invoiceamount"), src.col("settleddate")
    invoices = pd.DataFrame({"_line": line, "invoice_id": inv, "customer_id": cid,
                             "invoice_on": src.col("invoicedate"), "due_on": src.col("duedate"),
                             "amount": amount})
    payments = pd.DataFrame({"_line": line, "payment_id": "settled-" + inv.fillna(""),
                             "customer_id": cid, "invoice_id": inv, "paid_on": settled,
                             "amount": amount})[settled.notna()]
    disputed = src.col("disputed").fillna("").str.lower().isin(["yes", "true", "1"])
    # the file says only that the invoice was disputed: the dispute is taken as raised on the
    # invoice date and resolved when the invoice was settled
    disputes = pd.DataFrame({"_line": line, "dispute_id": "disputed-" + inv.fillna(""),
                             "customer_id": cid, "invoice_id": inv,
                             "opened_on": src.col("invoicedate"), "resolved_on": settled,
                             "amount": amount,
                             "reason": "marked Disputed = Yes in the export"})[disputed]
    cust = pd.DataFrame({"_line": line, "customer_id": cid, "name": cid,
                         "region": src.col("countrycode")})
    return {"customers": customers(cust), "invoices": invoices, "payments": payments,
            "disputes": disputes}


LAYOUTS: tuple[Layout, ...] = (
    Layout("ibm_late_payments", "IBM late-payment history (settled invoices)", "history",
           ("countrycode", "customerid", "invoicenumber", "invoicedate", "duedate",
            "invoiceamount", "disputed", "settleddate"),
           ("paperlessdate", "paperlessbill", "daystosettle", "dayslate"),
           _ibm, dates=("invoicedate", "duedate", "settleddate", "paperlessdate"),
           amounts=("invoiceamount",)),
)
