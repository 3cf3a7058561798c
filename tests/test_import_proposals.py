"""Issue 15, point 4: proposals for an unknown header use the words ERPs write and check the
values under each column, so a bucket column is never the currency and a GL account never the
customer beside a customer column. Expected mappings are read off the rows by hand."""

from __future__ import annotations

from pathlib import Path

from arlib.intake import foreign
from arlib.intake.proposals import fits, propose

# an aging report: a GL account column, an aging bucket "Current" beside the currency-less rows
AGING_HEADER = ["Account", "Customer Name", "Num", "Posting Date", "Date Due", "Current",
                "1 - 30", "Amount Due"]
AGING_ROWS = [["1200 Accounts Receivable", "Acme Ltd", "INV-1", "02/03/2026", "01/04/2026",
               "1,200.00", "", "1,200.00"],
              ["1200 Accounts Receivable", "Bolt Inc", "INV-2", "15/02/2026", "17/03/2026",
               "", "300.50", "300.50"]]


def test_a_bucket_column_is_never_the_currency_and_an_account_never_the_customer():
    table, mapping = propose(AGING_HEADER, rows=AGING_ROWS)
    assert table == "invoices"
    assert mapping == {"invoice_id": "Num", "customer_id": "Customer Name",
                       "invoice_on": "Posting Date", "due_on": "Date Due",
                       "amount": "Amount Due"}


def test_erp_words_are_known():
    header = ["Voucher No", "Partner", "Txn Date", "Due Date", "Residual", "CCY"]
    rows = [["V-9", "Acme", "2026-03-01", "2026-03-31", "10.00", "EUR"]]
    assert propose(header, rows=rows) == ("invoices", {
        "invoice_id": "Voucher No", "customer_id": "Partner", "invoice_on": "Txn Date",
        "due_on": "Due Date", "amount": "Residual", "currency": "CCY"})
    header = ["Document No.", "Party", "Posting Date", "Payment Due Date", "Outstanding Amount",
              "Curr."]
    rows = [["D-1", "Acme", "01.03.2026", "31.03.2026", "1.234,50", "EUR"]]
    assert propose(header, rows=rows)[1] == {
        "invoice_id": "Document No.", "customer_id": "Party", "invoice_on": "Posting Date",
        "due_on": "Payment Due Date", "amount": "Outstanding Amount", "currency": "Curr."}


def test_an_account_is_the_customer_only_when_nothing_else_names_one():
    header = ["Account", "Invoice #", "Date", "Due Date", "Balance"]
    rows = [["C-100", "7", "2026-03-01", "2026-03-31", "10.00"],
            ["C-200", "8", "2026-03-02", "2026-04-01", "20.00"]]
    assert propose(header, rows=rows)[1]["customer_id"] == "Account"
    same = [["1200", *r[1:]] for r in rows]  # one GL account on every row: not a customer
    assert "customer_id" not in propose(header, rows=same)[1]


def test_a_column_whose_values_do_not_fit_is_not_proposed():
    header = ["Invoice Number", "Customer", "Invoice Date", "Due Date", "Total", "Currency"]
    rows = [["I-1", "Acme", "not yet", "2026-03-31", "pending", "Net 30"]]
    mapping = propose(header, rows=rows)[1]
    assert "invoice_on" not in mapping and "amount" not in mapping
    assert "currency" not in mapping
    # without samples the words alone decide, as before
    assert propose(header)[1]["currency"] == "Currency"


def test_fits_reads_each_kind():
    assert fits("currency", ["USD", "EUR", "£"])
    assert not fits("currency", ["1,200.00", "300.50"])
    assert fits("amount", ["(1,200.00)", "$300.50", "-12.50"])
    assert fits("amount", ["1.234,50", "12,50"])  # a decimal comma
    assert not fits("amount", ["2026-03-01", "2026-03-02"])
    assert fits("date", ["15 Jul 2026", "7/15/2026"])
    assert not fits("date", ["1041", "1042"])  # numbers are not dates here


def test_inspect_gives_the_proposal_its_sample_rows(tmp_path: Path):
    path = tmp_path / "aging.csv"
    lines = [",".join(f'"{c}"' for c in AGING_HEADER)]
    lines += [",".join(f'"{c}"' for c in row) for row in AGING_ROWS]
    path.write_text("\n".join(lines) + "\n")
    found = foreign.inspect(path, path.name, [])
    assert found.layout is None
    assert found.rows[0][1] == "Acme Ltd"
    assert found.proposal["customer_id"] == "Customer Name"
    assert "currency" not in found.proposal
