"""The customer drill-down (metrics.md §5) on the golden book, figures by hand."""

from datetime import date

from arlib.figures import customers
from arlib.settings import Settings

AS_OF = date(2024, 12, 31)


def test_golden_customer_c1(golden_con):
    p = customers.profile(golden_con, customer_id="C1", as_of=AS_OF, settings=Settings())
    s = p["summary"]
    # open: I102 3,000 + I103 8,000 − CN1 500; past due: I102 and I103 (due 12-20)
    assert (s.open_amt, s.past_due_amt, s.disputed_amt) == (10500.0, 11000.0, 0.0)
    assert s.credit_used_pct == 10500 / 25000
    # cash in the year: P1 10,000 five days late (I101 due 10-15), P2 2,000 sixteen days late
    assert round(s.beyond_terms_days, 4) == round((10000 * 5 + 2000 * 16) / 12000, 4)
    assert s.on_time_pct == 0.0
    assert dict(zip(p["promises"].promise_id, p["promises"].status, strict=True)) == {
        "PR1": "kept", "PR2": "broken"}
    assert sorted(p["contacts"].contact_id) == ["K1", "K11", "K12", "K2", "K3"]
    assert p["contacts"].contact_id.iloc[0] == "K11"  # newest first
    assert p["credit_notes"].reason.tolist() == ["Price correction I103"]
    assert p["people"].is_stale.tolist() == [False]  # Dana Fox verified 2024-11-18
    assert dict(zip(p["aging"].bucket, p["aging"].open_amt, strict=True)) == {
        "current": 0.0, "1-30": 8000.0, "31-60": 3000.0, "61-90": 0.0, "91-120": 0.0,
        "120+": 0.0, "unapplied": -500.0}
    assert p["paid_invoices"][["invoice_id", "late_days"]].values.tolist() == [
        ["I101", 5], ["I102", 16]]


def test_golden_customer_c2_dispute_stale_person_and_light_promise(golden_con):
    p = customers.profile(golden_con, customer_id="C2", as_of=AS_OF, settings=Settings())
    disputes = p["disputes"]
    # D1 on I201, opened 2024-09-10: 112 days old on 12-31, 4,000 USD, pricing
    assert disputes[["dispute_id", "age_days", "reason", "disputed_currency_amt"]].values \
        .tolist() == [["D1", 112, "pricing", 4000.0]]
    assert p["people"].is_stale.tolist() == [True]  # Eli Park verified 2023-02-01
    pr5 = p["promises"].set_index("promise_id").loc["PR5"]
    assert pr5.status == "partial" and pr5.is_light and not pr5.is_late
    assert p["summary"].disputed_amt == 4000.0


def test_pending_promise_flags_its_invoice(golden_con):
    p = customers.profile(golden_con, customer_id="C4", as_of=AS_OF, settings=Settings())
    flags = dict(zip(p["open_items"].item_id, p["open_items"].has_promise, strict=True))
    assert flags == {"I401": True}  # PR6 pending, names I401


def test_unknown_customer_has_no_profile(golden_con):
    assert customers.profile(golden_con, customer_id="NOPE", as_of=AS_OF,
                             settings=Settings()) is None
