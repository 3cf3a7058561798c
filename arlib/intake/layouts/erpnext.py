"""ERPNext: the Accounts Receivable report."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from arlib.intake.frames import Source, cents, documents, kind_of
from arlib.intake.layouts.base import Layout, tables


def _date_from_age(src: Source, age: str, *bases: str) -> None:
    """Take as the snapshot the one date every row's age counts to from a date column."""
    if src.snapshot_on() is not None or not src.has(age):
        return
    days = pd.to_numeric(src.col(age), errors="coerce")
    for base in bases:
        on = pd.to_datetime(src.col(base), format="%Y-%m-%d", errors="coerce")
        ends = (on + pd.to_timedelta(days, unit="D")).dropna()
        if len(ends) and ends.nunique() == 1:
            when = ends.iloc[0].date()
            src.options = replace(src.options, snapshot_on=when)
            src.warnings.append(f"{src.file_name}: the report date is not printed; every "
                                f"row's '{age}' counts to {when.isoformat()} from its "
                                f"'{base}', so that is the snapshot date")
            return


def _erpnext(src: Source) -> dict[str, pd.DataFrame]:
    """ERPNext Accounts Receivable rows: invoices, returns and advance payments."""
    _date_from_age(src, "age (days)", "due date", "posting date")
    # a return (credit note) or an advance payment has no invoiced amount: its open amount,
    # negative, is what it is
    invoiced, outstanding = src.col("invoiced amount"), src.col("outstanding amount")
    amount = invoiced.where(cents(invoiced).fillna(0).ne(0), outstanding)
    name = src.first("customer", "party")
    cid = name.fillna(src.col("customer name"))
    docs = documents(src, doc_id=src.col("voucher no"), customer_id=cid,
                     kind=kind_of(src.col("voucher type"), outstanding),
                     doc_on=src.col("posting date"),
                     due_on=src.col("due date").fillna(src.col("posting date")),
                     amount=amount, open_amt=outstanding, currency=src.col("currency"),
                     reference=src.col("customer lpo"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid,
                         "name": src.col("customer name").fillna(cid)})
    return tables(src, docs, cust)


LAYOUTS: tuple[Layout, ...] = (
    Layout("erpnext_accounts_receivable", "ERPNext Accounts Receivable report", "snapshot",
           ("posting date", "voucher type", "voucher no", "invoiced amount",
            "outstanding amount"),
           ("customer", "party", "party type", "customer name", "receivable account",
            "due date", "paid amount", "credit note", "age (days)", "0-30", "31-60", "61-90",
            "91-120", "121-above", "currency", "customer lpo", "territory", "customer group",
            "customer contact", "remarks", "future payment amount", "remaining balance",
            "sales person", "cost center"),
           _erpnext, report=True, key_column="voucher no", dates=("posting date", "due date"),
           amounts=("invoiced amount", "paid amount", "credit note", "outstanding amount",
                    "0-30", "31-60", "61-90", "91-120", "121-above"),
           tie=("outstanding amount", "invoiced amount", "paid amount", "credit note")),
)
