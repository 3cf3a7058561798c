"""Headline figures and aging buckets (metrics.md §1) against the hand-computed golden book."""

from datetime import date

import pytest

from arlib.figures import aging, overview
from arlib.settings import Settings
from arlib.store import loader

AS_OF = date(2024, 12, 31)


def test_golden_headline_matches_expected(golden_con, golden_expected):
    head = overview.headline(golden_con, as_of=AS_OF, settings=Settings())
    ar = golden_expected["ar"]
    assert round(head.open_ar_amt, 2) == ar["total"]
    assert round(head.past_due_amt, 2) == ar["past_due"]
    assert round(head.unapplied_amt, 2) == ar["unapplied"]
    assert round(head.disputed_amt, 2) == ar["disputed"]
    # pending promises as of the date: only PR6 (due 2025-01-05), 2,500 USD
    assert head.count_open_promises == golden_expected["promises"]["pending"] == 1
    assert round(head.open_promises_amt, 2) == 2500.0


def test_golden_buckets_match_expected_and_tie_to_total(golden_con, golden_expected):
    frame = aging.buckets(golden_con, as_of=AS_OF, settings=Settings())
    amounts = dict(zip(frame.bucket, frame.open_amt.round(2), strict=True))
    unapplied = amounts.pop("unapplied")
    assert amounts == golden_expected["ar"]["buckets"]
    assert unapplied == golden_expected["ar"]["unapplied"]
    assert round(sum(amounts.values()) + unapplied, 2) == golden_expected["ar"]["total"]


def test_nothing_dated_after_the_as_of_date_counts(golden_con):
    # As of 2024-09-30: I101 (10,000, due 10-15, current), I104 (1,200, 61 days past due),
    # I201 (4,000, 30 days past due, disputed since 09-10); nothing paid yet.
    head = overview.headline(golden_con, as_of=date(2024, 9, 30), settings=Settings())
    assert round(head.open_ar_amt, 2) == 15200.0
    assert round(head.past_due_amt, 2) == 5200.0
    assert round(head.disputed_amt, 2) == 14000.0  # I101 disputed 09-20 to 10-05 as well
    assert head.unapplied_amt == 0


def test_as_of_fx_policy_revalues_at_the_as_of_rate(golden_con, tmp_path):
    # I302 is 8,000 CAD; both policies use 0.75 here (one rate), so totals agree.
    doc = overview.headline(golden_con, as_of=AS_OF, settings=Settings(fx_policy="document"))
    as_of = overview.headline(golden_con, as_of=AS_OF, settings=Settings(fx_policy="as_of"))
    assert doc.open_ar_amt == as_of.open_ar_amt == 28000.0


def test_invoice_date_basis_ages_from_the_invoice_date(golden_con):
    frame = aging.buckets(golden_con, as_of=AS_OF,
                             settings=Settings(aging_basis="invoice"))
    amounts = dict(zip(frame.bucket, frame.open_amt.round(2), strict=True))
    # By invoice date: I202 (16 d) 6,000 and I401 (19 d) 2,500 and I103 net of nothing:
    # I103 8,000 (41 d); I102 3,000 (82 d); I302 6,000 (60 d); I201 4,000 (152 d).
    assert amounts == {"current": 0.0, "1-30": 8500.0, "31-60": 14000.0, "61-90": 3000.0,
                       "91-120": 0.0, "120+": 4000.0, "unapplied": -1500.0}


def test_missing_fx_rate_is_an_error_naming_currency_and_date(empty_con, tmp_path):
    (tmp_path / "invoices.csv").write_text(
        "invoice_id,customer_id,invoice_on,due_on,amount,currency\n"
        "X1,C1,2024-03-01,2024-03-31,100.00,EUR\n")
    loader.load(empty_con, [tmp_path / "invoices.csv"])
    with pytest.raises(Exception, match="missing FX rate: no EUR rate on or before 2024-03-01"):
        overview.headline(empty_con, as_of=date(2024, 4, 1), settings=Settings())


def test_tiles_carry_the_dso_family_cei_and_kept_rate(golden_con, golden_expected):
    t = overview.tiles(golden_con, as_of=AS_OF, first_on=date(2024, 10, 1), settings=Settings())
    d = golden_expected["dso"]
    assert round(t.countback_days, 2) == d["countback"]
    assert round(t.best_possible_days, 2) == d["best_possible"]
    assert round(t.add_days, 2) == d["add"]
    assert round(t.countback_change_days, 2) == round(d["countback"] - 70.6, 2)  # 11-30: 70.6
    assert round(t.cei_pct, 2) == golden_expected["cei"]
    assert round(t.kept_rate_pct, 4) == golden_expected["promises"]["kept_rate"]


def test_hardest_wins_count_late_cash_by_attributed_rep(golden_con):
    # P3 (20,000 CAD = 15,000 USD) paid 12-10 on I301 due 11-15: 25 days late, promise PR4
    # of R2; P1 was 5 days late, P2 16 days late: below a 20-day threshold.
    wins = overview.hardest_wins(golden_con, first_on=date(2024, 10, 1), as_of=AS_OF,
                                 settings=Settings(), min_days_past_due=20)
    assert wins[["rep_id", "collected_amt", "count_invoices", "oldest_days"]].values.tolist() \
        == [["R2", 15000.0, 1, 25]]
    assert overview.hardest_wins(golden_con, first_on=date(2024, 10, 1), as_of=AS_OF,
                                 settings=Settings()).empty  # nothing over 60 days


def test_top_past_due_lists_customers_by_past_due_balance(golden_con):
    top = overview.top_past_due(golden_con, as_of=AS_OF, settings=Settings())
    # C1: I102 3,000 + I103 8,000 past due; C3: I302 6,000; C2: I201 4,000 (C4 not yet due)
    assert list(zip(top.customer_id, top.past_due_amt, strict=True)) == [
        ("C1", 11000.0), ("C3", 6000.0), ("C2", 4000.0)]
