"""The statement and the brief render, hold the right totals, and print markup as text."""

import csv
from datetime import date

from arlib.figures import customers
from arlib.outputs import documents
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN

AS_OF = date(2024, 12, 31)


def _profile(con, customer_id="C1"):
    return customers.profile(con, customer_id=customer_id, as_of=AS_OF, settings=Settings())


def test_statement_lists_open_items_with_the_total(golden_con):
    page = documents.statement_html(_profile(golden_con), as_of=AS_OF, currency="USD")
    assert page.startswith("<!doctype html>") and "Acme Tools (C1)" in page
    for item in ("I102", "I103", "CN1"):
        assert f"<td>{item}</td>" in page
    assert '<td class="num">USD 10,500.00</td>' in page  # 3,000 + 8,000 − 500
    assert "Balance by currency: USD 10,500.00" in page


def test_brief_has_talking_points_from_the_data(golden_con):
    page = documents.brief_html(_profile(golden_con, "C2"), as_of=AS_OF, currency="USD")
    points = documents.talking_points(_profile(golden_con, "C2"))
    assert points[0].startswith("Settle dispute D1 on I201 (pricing, open 112 days")
    assert any(p.startswith("Promise PR5 came in short: USD 1,000.00 of USD 1,500.00")
               for p in points)
    assert any(p.startswith("Renew broken promise PR8") for p in points)
    assert any(p.startswith("Confirm the details of Eli Park") for p in points)
    assert "Pre-visit brief: Birch Supply" in page and "check details" in page


def test_markup_in_notes_prints_as_text(tmp_path):
    for name in ("customers", "reps", "invoices", "people"):
        (tmp_path / f"{name}.csv").write_text((GOLDEN / f"{name}.csv").read_text())
    with (tmp_path / "notes.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["note_id", "customer_id", "author", "created_at", "text"])
        writer.writerow(["N9", "C1", "<b>Eve</b>", "2024-12-01 10:00",
                         "<script>alert(1)</script> **urgent** [x](javascript:y)"])
    con = db.open_database(":memory:")
    loader.load(con, [tmp_path])
    page = documents.brief_html(_profile(con), as_of=AS_OF, currency="USD")
    assert "<script>" not in page and "<b>Eve</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **urgent** [x](javascript:y)" in page
