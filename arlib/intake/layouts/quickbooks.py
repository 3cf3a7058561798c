"""QuickBooks Online and Desktop reports: aging detail and open invoices, with bucket sections or
customer groups above their lines."""

from __future__ import annotations

import pandas as pd

from arlib.intake.frames import Source, documents, kind_of
from arlib.intake.layouts.base import Layout, tables


def _qbo(src: Source) -> dict[str, pd.DataFrame]:
    """QuickBooks Online aging detail or open invoices: the customer from its column or group."""
    name = src.first("customer full name", "customer", "name").fillna(src.col("_group"))
    kind = kind_of(src.col("transaction type"), src.first("amount", "open balance"))
    docs = documents(src, doc_id=src.col("num"), customer_id=name, kind=kind,
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount"), open_amt=src.col("open balance"),
                     currency=src.col("currency"), reference=src.col("memo/description"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


def _qbd(src: Source) -> dict[str, pd.DataFrame]:
    """QuickBooks Desktop open invoices or aging detail: the customer from Name or the group."""
    # a "Customer:Job" group names the customer before the colon; the job is a sub-account
    name = src.first("name", "customer").fillna(src.col("_group")).str.split(":").str[0]
    name = name.str.strip()
    kind = kind_of(src.col("type"), src.col("open balance"))
    docs = documents(src, doc_id=src.col("num"), customer_id=name, kind=kind,
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount"), open_amt=src.col("open balance"),
                     currency=src.col("currency"), reference=src.col("p. o. #"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("qbo_aging_detail", "QuickBooks Online A/R Aging Detail", "snapshot",
           ("date", "transaction type", "num", "due date", "amount", "open balance"),
           ("customer full name", "customer", "past due", "location", "terms",
            "memo/description", "class", "currency", "aging"),
           _qbo, report=True, key_column="num", dates=("date", "due date"),
           amounts=("amount", "open balance"), tie=("open balance", "amount")),
    Layout("qbo_open_invoices", "QuickBooks Online Open Invoices", "snapshot",
           ("date", "transaction type", "num", "due date", "open balance"),
           ("term", "terms", "memo/description", "currency", "customer full name"),
           _qbo, report=True, key_column="num", dates=("date", "due date"),
           amounts=("open balance", "amount"), tie=("open balance",)),
    Layout("qbd_aging_detail", "QuickBooks Desktop A/R Aging Detail", "snapshot",
           ("type", "date", "num", "name", "due date", "aging", "open balance"),
           ("p. o. #", "terms", "class", "amount", "memo", "rep", "ship date"),
           _qbd, report=True, key_column="num", dates=("date", "due date"),
           amounts=("open balance", "amount"), tie=("open balance",)),
    Layout("qbd_open_invoices", "QuickBooks Desktop Open Invoices", "snapshot",
           ("type", "date", "num", "due date", "open balance"),
           ("p. o. #", "terms", "aging", "name", "class", "amount"),
           _qbd, report=True, key_column="num", dates=("date", "due date"),
           amounts=("open balance", "amount"), tie=("open balance",)),
)
