"""`report --json` gives `ar.by_currency` (issue 15, point 7): per document currency, open,
past due and unapplied in that currency (not converted), open items and customers; and
`ar.customers_with_open_balance`. Values worked out by hand from the book below."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from arlib.outputs import report
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import ROOT

# As of 2024-03-31:
#   USD  I1 1000 less P1 400 = 600 past due (due 02-01); I2 250 current (due 04-19);
#        P2 50 and P3 20 unapplied cash -> open 780, past due 600, unapplied -70,
#        4 open items, customers C1 C2 C3
#   EUR  E11 500 past due (due 02-09); E12 300 paid in full by P5 (not open);
#        P4 80 unapplied -> open 420, past due 500, unapplied -80, 2 open items, customer E1
# Customers with a positive open item: C1, C2, E1 = 3 (C3 holds only unapplied cash).
BOOK = {
    "customers": "customer_id,name,rep_id,region,currency,terms_days\n"
                 "C1,Acme Tools,R1,East,USD,30\n"
                 "C2,Bolt Inc,R1,East,USD,30\n"
                 "C3,Cog Co,R1,East,USD,30\n"
                 "E1,Euro GmbH,R1,West,EUR,30\n",
    "reps": "rep_id,name\nR1,Rep One\n",
    "fx_rates": "currency,on,rate_to_base\nEUR,2024-01-01,1.10\n",
    "invoices": "invoice_id,customer_id,invoice_on,due_on,amount,currency\n"
                "I1,C1,2024-01-02,2024-02-01,1000.00,USD\n"
                "I2,C2,2024-03-20,2024-04-19,250.00,USD\n"
                "E11,E1,2024-01-10,2024-02-09,500.00,EUR\n"
                "E12,E1,2024-03-15,2024-04-14,300.00,EUR\n",
    "payments": "payment_id,customer_id,invoice_id,paid_on,amount,currency,method\n"
                "P1,C1,I1,2024-02-20,400.00,USD,ach\n"
                "P2,C2,,2024-03-25,50.00,USD,ach\n"
                "P3,C3,,2024-03-26,20.00,USD,ach\n"
                "P4,E1,,2024-03-28,80.00,EUR,wire\n"
                "P5,E1,E12,2024-03-29,300.00,EUR,wire\n",
}
AS_OF = date(2024, 3, 31)
EXPECTED = [
    {"currency": "EUR", "open": 420.0, "past_due": 500.0, "unapplied": -80.0, "documents": 2,
     "customers": 1},
    {"currency": "USD", "open": 780.0, "past_due": 600.0, "unapplied": -70.0, "documents": 4,
     "customers": 3},
]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two_currencies")
    for table, text in BOOK.items():
        (folder / f"{table}.csv").write_text(text)
    return folder


def test_by_currency_in_original_amounts(book):
    con = db.open_database(":memory:")
    loader.load(con, [book], settings=Settings())
    ar = report.build(con, as_of=AS_OF, first_on=date(2024, 1, 1), settings=Settings())["ar"]
    con.close()
    assert ar["by_currency"] == EXPECTED
    assert ar["customers_with_open_balance"] == 3
    # base currency: USD 780 + EUR 420 at 1.10 (E11 550.00, P4 -88.00) = 1242.00
    assert ar["total"] == pytest.approx(1242.00)


def test_the_command_prints_them(book):
    out = subprocess.run([sys.executable, "-m", "arlib", "report", str(book), "--as-of",
                          AS_OF.isoformat(), "--from", "2024-01-01", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    ar = json.loads(out.stdout)["ar"]
    assert ar["by_currency"] == EXPECTED
    assert ar["customers_with_open_balance"] == 3
    text = subprocess.run([sys.executable, "-m", "arlib", "report", str(book), "--as-of",
                           AS_OF.isoformat(), "--from", "2024-01-01"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120).stdout
    assert "In EUR: open 420.00  past due 500.00  unapplied -80.00" in text
