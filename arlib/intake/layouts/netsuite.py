"""NetSuite: a transaction saved search and the A/R Aging Detail report."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, cents, documents, kind_of, money
from arlib.intake.layouts.base import Layout, tables


def _netsuite(src: Source) -> dict[str, pd.DataFrame]:
    """A NetSuite transaction saved search, in each document's own currency."""
    # "Amount" and "Amount Remaining" are in the base currency: with a foreign amount, the
    # open part is the remaining share of it (the file's own exchange rate)
    remaining = src.col("amount remaining")
    amount = src.col("amount")
    if src.has("amount (foreign currency)"):
        foreign = cents(src.col("amount (foreign currency)"))
        share = cents(remaining).astype("Float64") / cents(amount).astype("Float64")
        remaining = money((foreign * share).round().astype("Int64")).where(
            foreign.notna() & share.notna(), remaining)
        amount = src.col("amount (foreign currency)").fillna(amount)
    kind = kind_of(src.col("type"), amount)
    name = src.col("name")
    docs = documents(src, doc_id=src.first("document number", "internal id"),
                     customer_id=name, kind=kind, doc_on=src.col("date"),
                     due_on=src.col("due date/receive by").fillna(src.col("date")),
                     amount=amount, open_amt=remaining, currency=src.col("currency"),
                     reference=src.col("memo"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


def _netsuite_aging(src: Source) -> dict[str, pd.DataFrame]:
    """NetSuite A/R Aging Detail: open documents under their customer."""
    name = src.col("customer").fillna(src.col("_group"))
    balance = src.col("open balance")
    docs = documents(src, doc_id=src.col("document number"), customer_id=name,
                     kind=kind_of(src.col("transaction type"), balance),
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount").fillna(balance), open_amt=balance,
                     currency=src.col("currency"), reference=src.col("po number"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("netsuite_saved_search", "NetSuite saved search (transactions)", "snapshot",
           ("date", "type", "name", "amount", "amount remaining", "due date/receive by"),
           ("internal id", "document number", "account", "memo", "amount (foreign currency)",
            "currency", "exchange rate", "days overdue", "days open", "status", "terms"),
           _netsuite, dates=("date", "due date/receive by"),
           amounts=("amount", "amount remaining", "amount (foreign currency)")),
    Layout("netsuite_aging_detail", "NetSuite A/R Aging Detail report", "snapshot",
           ("customer", "transaction type", "date", "document number", "due date", "age",
            "open balance"),
           ("po number", "amount", "currency", "memo", "terms", "subsidiary"),
           _netsuite_aging, report=True, key_column="document number",
           dates=("date", "due date"), amounts=("open balance", "amount"),
           tie=("open balance",)),
)
