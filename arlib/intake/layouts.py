"""The export layouts the importer recognises by their header, and how each maps to the
canonical tables (export-formats.md; the rules it leaves open are in docs/rules.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from arlib.intake.frames import (
    Source,
    cents,
    customers,
    documents,
    ids,
    kind_of,
    latest_date,
    money,
)

Convert = Callable[[Source], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Layout:
    """One export layout: header signature, what kind of data it holds, how to convert it."""

    key: str
    name: str
    kind: str  # 'snapshot' (open items at a date) or 'history' (documents and settlements)
    signature: tuple[str, ...]  # normalised header names that must all be present
    optional: tuple[str, ...]
    convert: Convert
    report: bool = False  # has title, group and subtotal rows
    key_column: str | None = None  # empty on group and subtotal rows
    dates: tuple[str, ...] = ()
    amounts: tuple[str, ...] = ()
    tie: tuple[str, ...] = ()  # amount columns the file's own totals are compared with
    drop: tuple[str, ...] = ()  # columns that are not data (model output...): ignored, named
    date_order: str | None = None  # a saved mapping's day/month order ("dmy" or "mdy")
    decimal: str | None = None  # a saved mapping's decimal mark

    def confidence(self, header: list[str]) -> float:
        """0 when a signature column is missing; else how much of the header the layout
        knows (0.8 for the signature, up to 0.2 more for the other columns it knows)."""
        names = {h for h in header if h}
        if not set(self.signature) <= names:
            return 0.0
        known = set(self.signature) | set(self.optional) | set(self.drop)
        return 0.8 + 0.2 * len(names & known) / max(len(names), 1)


def _tables(src: Source, docs: dict[str, pd.DataFrame], cust: pd.DataFrame) -> dict:
    return {"customers": customers(cust), **docs}


def _not_receivable(src: Source, status: pd.Series, dead: set[str], what: str) -> None:
    """Keep only the rows whose status is a receivable; the rest are named in a warning."""
    text = status.fillna("").str.strip().str.lower()
    skip = text.isin(dead)
    if skip.any():
        src.warnings.append(f"{src.file_name}: {int(skip.sum())} {what} of "
                            f"{', '.join(sorted(set(status[skip])))} invoices were not loaded "
                            "(they are not receivables)")
    src.shaped.frame = src.frame[~skip]


def _qbo(src: Source) -> dict[str, pd.DataFrame]:
    name = src.first("customer full name", "customer", "name").fillna(src.col("_group"))
    kind = kind_of(src.col("transaction type"), src.first("amount", "open balance"))
    docs = documents(src, doc_id=src.col("num"), customer_id=name, kind=kind,
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount"), open_amt=src.col("open balance"),
                     currency=src.col("currency"), reference=src.col("memo/description"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return _tables(src, docs, cust)


def _qbd(src: Source) -> dict[str, pd.DataFrame]:
    # a "Customer:Job" group names the customer before the colon; the job is a sub-account
    name = src.first("name", "customer").fillna(src.col("_group")).str.split(":").str[0]
    name = name.str.strip()
    kind = kind_of(src.col("type"), src.col("open balance"))
    docs = documents(src, doc_id=src.col("num"), customer_id=name, kind=kind,
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount"), open_amt=src.col("open balance"),
                     currency=src.col("currency"), reference=src.col("p. o. #"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return _tables(src, docs, cust)


def _xero_invoices(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _xero_aged(src: Source) -> dict[str, pd.DataFrame]:
    name = src.col("_group")
    cid = src.col("contact account number").fillna(name)
    kind = kind_of(pd.Series(None, index=src.frame.index, dtype=object), src.col("total"))
    docs = documents(src, doc_id=src.col("invoice number"), customer_id=cid, kind=kind,
                     doc_on=src.col("invoice date"), due_on=src.col("due date"),
                     amount=src.col("total"), open_amt=src.col("total"),
                     currency=src.col("currency"), reference=src.col("invoice reference"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid, "name": name})
    return _tables(src, docs, cust)


def _fbl5n(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _netsuite(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _business_central(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _intacct(src: Source) -> dict[str, pd.DataFrame]:
    # Draft invoices are not posted and Reversed ones are undone by their reversal
    _not_receivable(src, src.col("state"), {"draft", "reversed", "reversal", "voided", "void"},
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
    return _tables(src, docs, cust)


def _zoho(src: Source) -> dict[str, pd.DataFrame]:
    _not_receivable(src, src.col("invoice status"), {"draft", "void", "pending approval"},
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
    return _tables(src, docs, cust)


def _date_from_age(src: Source, age: str, *bases: str) -> None:
    """Take as the snapshot the one date every row's age counts to from one of its date
    columns (a report that prints ages but not its report date)."""
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
    return _tables(src, docs, cust)


def _bc_aged(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _netsuite_aging(src: Source) -> dict[str, pd.DataFrame]:
    name = src.col("customer").fillna(src.col("_group"))
    balance = src.col("open balance")
    docs = documents(src, doc_id=src.col("document number"), customer_id=name,
                     kind=kind_of(src.col("transaction type"), balance),
                     doc_on=src.col("date"), due_on=src.col("due date").fillna(src.col("date")),
                     amount=src.col("amount").fillna(balance), open_amt=balance,
                     currency=src.col("currency"), reference=src.col("po number"))
    cust = pd.DataFrame({"_line": src.frame["_line"], "customer_id": name, "name": name})
    return _tables(src, docs, cust)


def _sage50_aged(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _highradius(src: Source) -> dict[str, pd.DataFrame]:
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
    return _tables(src, docs, cust)


def _ibm(src: Source) -> dict[str, pd.DataFrame]:
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
    Layout("netsuite_saved_search", "NetSuite saved search (transactions)", "snapshot",
           ("date", "type", "name", "amount", "amount remaining", "due date/receive by"),
           ("internal id", "document number", "account", "memo", "amount (foreign currency)",
            "currency", "exchange rate", "days overdue", "days open", "status", "terms"),
           _netsuite, dates=("date", "due date/receive by"),
           amounts=("amount", "amount remaining", "amount (foreign currency)")),
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
    Layout("intacct_invoices", "Sage Intacct AR invoice list", "snapshot",
           ("customer id", "customer name", "reference number", "due date", "total amount",
            "total due", "state"),
           ("invoice no.", "invoice number", "date", "invoice date", "total paid", "currency",
            "base currency", "terms", "type", "description", "date posted", "date paid"),
           _intacct, dates=("date", "invoice date", "due date", "date posted", "date paid"),
           amounts=("total amount", "total paid", "total due")),
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
    Layout("netsuite_aging_detail", "NetSuite A/R Aging Detail report", "snapshot",
           ("customer", "transaction type", "date", "document number", "due date", "age",
            "open balance"),
           ("po number", "amount", "currency", "memo", "terms", "subsidiary"),
           _netsuite_aging, report=True, key_column="document number",
           dates=("date", "due date"), amounts=("open balance", "amount"),
           tie=("open balance",)),
    Layout("sage50_aged_receivables", "Sage 50 (US) Aged Receivables", "snapshot",
           ("customer id", "customer", "invoice/cm #", "date", "amount due"),
           ("contact", "telephone 1", "0 - 30", "31 - 60", "61 - 90", "over 90 days",
            "current", "due date", "currency"),
           _sage50_aged, report=True, key_column="invoice/cm #", dates=("date", "due date"),
           amounts=("amount due", "0 - 30", "31 - 60", "61 - 90", "over 90 days", "current"),
           tie=("amount due", "0 - 30", "31 - 60", "61 - 90", "over 90 days")),
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
    Layout("ibm_late_payments", "IBM late-payment history (settled invoices)", "history",
           ("countrycode", "customerid", "invoicenumber", "invoicedate", "duedate",
            "invoiceamount", "disputed", "settleddate"),
           ("paperlessdate", "paperlessbill", "daystosettle", "dayslate"),
           _ibm, dates=("invoicedate", "duedate", "settleddate", "paperlessdate"),
           amounts=("invoiceamount",)),
)
BY_KEY = {layout.key: layout for layout in LAYOUTS}

__all__ = ["BY_KEY", "LAYOUTS", "Layout", "latest_date"]
