"""Microsoft Dynamics 365 Business Central: customer ledger entries, and the data sheet of the
Aged Accounts Receivable (Excel) report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from arlib.intake.frames import Source, documents, kind_of, latest_date
from arlib.intake.layouts.base import Layout, tables


def _business_central(src: Source) -> dict[str, pd.DataFrame]:
    """Business Central ledger entries, closed ones settled on their closing date."""
    amount = src.first("original amount", "amount")
    kind = kind_of(src.col("document type"), amount)
    closed = src.col("open").fillna("").str.lower().isin(["no", "false", "0"])
    cid = src.col("customer no.")
    docs = documents(src, doc_id=src.col("document no."), customer_id=cid, kind=kind,
                     doc_on=src.first("document date", "posting date"),
                     due_on=src.col("due date").fillna(src.col("posting date")),
                     amount=amount, open_amt=src.col("remaining amount"),
                     currency=src.col("currency code"),
                     reference=src.first("external document no.", "description"),
                     settled_on=src.col("closed at date").where(closed))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("customer name").fillna(cid)})
    return tables(src, docs, cust)


def _bc_aged(src: Source) -> dict[str, pd.DataFrame]:
    """The data sheet of Business Central's Aged Accounts Receivable (Excel): open entries."""
    # the data sheet does not print "Aged as of": its periods are counted back from that
    # date, so the end of the latest one is it
    if src.snapshot_on() is None and src.has("periodend"):
        end = latest_date(src.col("periodend"))
        if end:
            src.options = replace(src.options, snapshot_on=date.fromisoformat(end))
            src.warnings.append(f"{src.file_name}: the data sheet does not print its 'Aged as "
                                f"of' date; the end of its latest aging period, {end}, is "
                                "taken as the snapshot date")
    amount = src.col("originalamount")
    cid = src.col("customernumber")
    docs = documents(src, doc_id=src.col("documentno"), customer_id=cid,
                     kind=kind_of(src.col("documenttype"), amount),
                     doc_on=src.first("documentdate", "postingdate"),
                     due_on=src.col("duedate").fillna(src.col("postingdate")),
                     amount=amount, open_amt=src.col("remainingamount"),
                     currency=src.col("currencycode"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("customername").fillna(cid)})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("bc_customer_ledger_entries", "Business Central customer ledger entries", "history",
           ("posting date", "document type", "document no.", "customer no.",
            "remaining amount"),
           ("external document no.", "document date", "customer name", "message to recipient",
            "description", "global dimension 1 code", "global dimension 2 code",
            "salesperson code", "currency code", "original amount", "original amt. (lcy)",
            "amount", "amount (lcy)", "remaining amt. (lcy)", "due date", "open",
            "closed at date", "closed by entry no.", "entry no.", "on hold", "user id",
            "source code", "reason code", "reversed", "payment method code",
            "pmt. discount date", "promised pay date", "dispute status"),
           _business_central,
           dates=("posting date", "document date", "due date", "closed at date"),
           amounts=("original amount", "amount", "remaining amount")),
    Layout("bc_aged_accounts_receivable",
           "Business Central Aged Accounts Receivable (Excel), data sheet", "snapshot",
           ("customernumber", "documenttype", "documentno", "remainingamount",
            "remainingamountlcy", "currencycode"),
           ("customername", "periodstart", "periodend", "originalamount", "originalamountlcy",
            "dimension1code", "dimension2code", "postingdate", "documentdate", "duedate",
            "reportingdate", "reportingdate_month", "reportingdate_quarter",
            "reportingdate_year", "entryno"),
           _bc_aged, dates=("periodstart", "periodend", "postingdate", "documentdate",
                            "duedate", "reportingdate"),
           amounts=("remainingamount", "originalamount", "remainingamountlcy",
                    "originalamountlcy")),
)
