"""The metric rules of metrics.md, one focused test each, with figures computed by hand."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from arlib.figures import aging, dso, overview, promises, reps
from arlib.figures.scope import Scope
from arlib.outputs import report
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN, ROOT, SHARED

BASE = {
    "customers": [{"customer_id": "C1", "name": "One", "rep_id": "R1", "currency": "USD"}],
    "reps": [{"rep_id": "R1", "name": "Rep One"}, {"rep_id": "R2", "name": "Rep Two"}],
}


def load_book(tmp_path: Path, **tables: list[dict]):
    """Write tables (rows as dicts) as canonical CSVs into tmp_path and load them."""
    for name, rows in {**BASE, **tables}.items():
        header = list(dict.fromkeys(k for r in rows for k in r))
        with (tmp_path / f"{name}.csv").open("w", newline="") as fh:
            writer = csv.DictWriter(fh, header)
            writer.writeheader()
            writer.writerows(rows)
    con = db.open_database(":memory:")
    report = loader.load(con, [tmp_path])
    assert report.total("rejected") == 0, report.rejects
    return con


def inv(iid, on, due, amount, **kw):
    return {"invoice_id": iid, "customer_id": "C1", "invoice_on": on, "due_on": due,
            "amount": amount, **kw}


def pay(pid, on, amount, invoice_id="", method="ach", **kw):
    return {"payment_id": pid, "customer_id": "C1", "invoice_id": invoice_id, "paid_on": on,
            "amount": amount, "method": method, **kw}


def prom(pid, made, due, amount, invoice_id="", rep_id="R1"):
    return {"promise_id": pid, "customer_id": "C1", "rep_id": rep_id, "invoice_id": invoice_id,
            "made_on": made, "due_on": due, "amount": amount}


def statuses(con, as_of: date, **settings) -> dict[str, str]:
    book = promises.book(con, as_of=as_of, settings=Settings(**settings))
    return dict(zip(book.promises.promise_id, book.promises.status, strict=True))


# --- the golden book ---------------------------------------------------------------------

def test_golden_report_reproduces_expected_json():
    out = subprocess.run(
        [sys.executable, "-m", "arlib", "report", str(GOLDEN), "--as-of", "2024-12-31",
         "--from", "2024-10-01", "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    compare = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "compare_report.py"),
         str(GOLDEN / "expected.json")], input=out.stdout, capture_output=True, text=True)
    assert compare.returncode == 0, compare.stdout
    assert " 0 differ" in compare.stdout
    result = json.loads(out.stdout)
    assert result["unattributed_collected"] == 0
    assert [r["rep_id"] for r in result["reps"]] == ["R1", "R2", "R3"]


# --- §3 promises ---------------------------------------------------------------------------

def test_a_reschedule_before_the_deadline_supersedes_the_old_promise(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "100.00")],
                    promises=[prom("A", "2024-02-01", "2024-02-10", "100.00", "I1"),
                              prom("B", "2024-02-10", "2024-02-20", "100.00", "I1"),
                              # made after A's due date: a new promise, not a reschedule
                              prom("C", "2024-02-21", "2024-02-28", "100.00", "I1")])
    assert statuses(con, date(2024, 3, 31)) == {"A": "superseded", "B": "broken",
                                                  "C": "broken"}
    # Before B existed, A was simply pending, then broken: as of D counts only what existed.
    assert statuses(con, date(2024, 2, 5))["A"] == "pending"


def test_fifo_allocation_fills_the_earlier_due_promise_first(tmp_path):
    con = load_book(
        tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "1000.00")],
        payments=[pay("P1", "2024-02-05", "150.00", "I1"), pay("P2", "2024-02-06", "100.00")],
        # different scope (one names I1, one does not), so neither supersedes the other
        promises=[prom("LATE", "2024-02-01", "2024-02-20", "200.00"),
                  prom("EARLY", "2024-02-02", "2024-02-10", "100.00", "I1")])
    book = promises.book(con, as_of=date(2024, 3, 1), settings=Settings())
    got = dict(zip(book.promises.promise_id, book.promises.allocated_amt, strict=True))
    # EARLY (due 02-10) goes first although made later: 100 of P1; LATE takes P1's other 50,
    # then P2's 100.
    assert got == {"EARLY": 100.0, "LATE": 150.0}
    pairs = book.allocations[["promise_id", "payment_id", "allocated_amt"]].values.tolist()
    assert pairs == [["EARLY", "P1", 100.0], ["LATE", "P1", 50.0], ["LATE", "P2", 100.0]]
    assert statuses(con, date(2024, 3, 1)) == {"EARLY": "kept", "LATE": "partial"}


@pytest.mark.parametrize(("paid_on", "status"), [("2024-02-13", "kept"),
                                                 ("2024-02-14", "broken")])
def test_grace_day_boundary(tmp_path, paid_on, status):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "500.00")],
                    payments=[pay("P1", paid_on, "500.00", "I1")],
                    promises=[prom("A", "2024-02-01", "2024-02-10", "500.00", "I1")])
    assert statuses(con, date(2024, 3, 1))["A"] == status  # due 02-10 + 3 grace days
    # still pending on the last grace day when nothing has come yet
    assert statuses(con, date(2024, 2, 13))["A"] == ("kept" if status == "kept" else "pending")


@pytest.mark.parametrize(("paid", "status"), [("980.00", "kept"), ("979.99", "partial")])
def test_tolerance_boundary(tmp_path, paid, status):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "1000.00")],
                    payments=[pay("P1", "2024-02-05", paid, "I1")],
                    promises=[prom("A", "2024-02-01", "2024-02-10", "1000.00", "I1")])
    assert statuses(con, date(2024, 3, 1))["A"] == status  # 1,000 × (1 − 0.02) = 980


def test_non_cash_settlements_never_keep_a_promise(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "300.00")],
                    payments=[pay("P1", "2024-02-05", "300.00", "I1", method="write_off")],
                    promises=[prom("A", "2024-02-01", "2024-02-10", "300.00", "I1")])
    assert statuses(con, date(2024, 3, 1))["A"] == "broken"


def test_kept_rates_per_month_of_due_date_and_per_customer(golden_con):
    book = promises.book(golden_con, as_of=date(2024, 12, 31), settings=Settings())
    monthly = promises.kept_rates(book.promises, ["due_month_on"]).set_index("due_month_on")
    # Oct: PR8 broken (PR7 superseded); Nov: PR1 kept, PR3 broken;
    # Dec: PR4 kept, PR2 broken, PR5 partial; Jan 2025: PR6 pending, no rate yet.
    rates = monthly.kept_rate_pct.round(4).to_dict()
    assert rates[date(2024, 10, 1)] == 0.0
    assert rates[date(2024, 11, 1)] == 0.5
    assert rates[date(2024, 12, 1)] == round(1 / 3, 4)
    assert rates[date(2025, 1, 1)] != rates[date(2025, 1, 1)]  # NaN: nothing rated yet
    per_customer = promises.kept_rates(book.promises, ["customer_id"]).set_index("customer_id")
    # C1: PR1 kept, PR2 broken; amount: 2,000 of 5,000
    assert per_customer.loc["C1", "kept_rate_pct"] == 0.5
    assert per_customer.loc["C1", "kept_amount_rate_pct"] == 0.4


# --- §1 aging --------------------------------------------------------------------------------

def test_credit_note_and_unapplied_cash_stay_out_of_the_buckets(tmp_path):
    con = load_book(
        tmp_path,
        invoices=[inv("I1", "2024-01-01", "2024-01-31", "1000.00"),
                  inv("I2", "2024-02-01", "2024-03-02", "400.00"),
                  inv("CN1", "2024-02-10", "2024-02-10", "-250.00", doc_type="credit_note"),
                  inv("CN2", "2024-02-11", "2024-02-11", "-60.00", doc_type="credit_note")],
        payments=[pay("P1", "2024-02-20", "100.00"),  # unapplied cash
                  # CN2 applied to I2: both move towards zero
                  pay("P2", "2024-02-25", "60.00", "I2", method="credit_note",
                      reference="CN2")])
    frame = aging.buckets(con, as_of=date(2024, 3, 1), settings=Settings())
    amounts = dict(zip(frame.bucket, frame.open_amt, strict=True))
    assert amounts == {"current": 340.0, "1-30": 1000.0, "31-60": 0.0, "61-90": 0.0,
                       "91-120": 0.0, "120+": 0.0, "unapplied": -350.0}
    head = overview.headline(con, as_of=date(2024, 3, 1), settings=Settings())
    assert head.open_ar_amt == 990.0 and head.past_due_amt == 1000.0



def test_past_due_is_by_due_date_on_the_invoice_basis_too(golden_con, golden_expected):
    """The aging basis moves items between buckets; past due stays the hand-computed figure
    (by due date), so it never exceeds the open invoices (it once read 29,500 against an
    open AR of 28,000 on the invoice basis)."""
    want = golden_expected["ar"]
    cfg = Settings(aging_basis="invoice")
    head = overview.headline(golden_con, as_of=date(2024, 12, 31), settings=cfg)
    frame = aging.buckets(golden_con, as_of=date(2024, 12, 31), settings=cfg)
    amounts = dict(zip(frame.bucket, frame.open_amt, strict=True))
    assert head.past_due_amt == want["past_due"] == 21000.0
    assert head.open_ar_amt == want["total"] == 28000.0
    # every open invoice was issued before 2024-12-31: none is current on the invoice basis
    assert amounts["current"] == 0.0
    assert sum(amounts.values()) == 28000.0 and amounts["unapplied"] == -1500.0
    assert head.past_due_amt <= sum(v for b, v in amounts.items() if b != "unapplied")
    by_customer = aging.by_customer(golden_con, as_of=date(2024, 12, 31), settings=cfg)
    assert by_customer.past_due_amt.sum() == 21000.0

# --- §2 DSO ------------------------------------------------------------------------------------

def test_countback_crosses_a_month_with_no_sales(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-01-15", "2024-04-15", "3000.00"),
                                        inv("I2", "2024-03-10", "2024-06-10", "1000.00")])
    fam = dso.family(con, as_of=date(2024, 3, 31), settings=Settings())
    # AR 4,000: March sales 1,000 (31 d, 3,000 left), February none (29 d, nothing taken),
    # January 3,000 covers the rest exactly: 31 d. Total 91 days.
    assert fam.countback_days == pytest.approx(91.0)
    # period DSO over 90 days (01-02..03-31): 4,000 / 4,000 × 90
    assert fam.period_days == pytest.approx(90.0)


def test_dso_is_undefined_without_sales_and_countback_walks_back_to_the_sale(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2023-01-15", "2023-02-15", "500.00")])
    fam = dso.family(con, as_of=date(2024, 3, 31), settings=Settings())
    assert fam.period_days != fam.period_days  # NaN: no sales in the window
    assert fam.best_possible_days != fam.best_possible_days
    # 2023-02-01..2024-03-31 have no sales (425 days), then January 2023 covers the 500.
    assert fam.countback_days == pytest.approx(425 + 31)


def test_cei_is_undefined_when_nothing_was_collectible(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2024-05-01", "2024-05-31", "10.00")])
    result = dso.cei(con, first_on=date(2024, 1, 1), last_on=date(2024, 3, 31),
                     settings=Settings())
    assert result["cei_pct"] is None


# --- §4 reps -------------------------------------------------------------------------------

def test_working_days_with_holiday_absence_and_mid_period_start_and_end(tmp_path):
    con = load_book(
        tmp_path,
        reps=[{"rep_id": "R1", "name": "Full", "start_on": "", "end_on": ""},
              {"rep_id": "R2", "name": "Joins", "start_on": "2024-07-10", "end_on": ""},
              {"rep_id": "R3", "name": "Leaves", "start_on": "2020-01-01",
               "end_on": "2024-07-05"},
              {"rep_id": "R4", "name": "Gone", "start_on": "2020-01-01",
               "end_on": "2024-06-28"}],
        holidays=[{"on": "2024-07-04", "name": "Independence Day"}],
        rep_absences=[{"rep_id": "R1", "from_on": "2024-07-15", "to_on": "2024-07-19",
                       "reason": "vacation"}])
    card = reps.scorecard(con, first_on=date(2024, 7, 1), as_of=date(2024, 7, 31),
                          settings=Settings())
    scored = card.table[card.table.rep_id != reps.UNATTRIBUTED]
    # July 2024: 23 weekdays, less the 4th = 22; R1 less a 5-day absence = 17;
    # R2 from Wed 10th: 16 weekdays; R3 to Fri 5th: 4 (1, 2, 3, 5); R4 left before July.
    assert dict(zip(scored.rep_id, scored.working_days, strict=True)) == {
        "R1": 17, "R2": 16, "R3": 4}


def _contact(cid, at, rep):
    return {"contact_id": cid, "customer_id": "C1", "rep_id": rep, "contact_at": at,
            "channel": "call", "outcome": "reached"}


def test_attribution_window_edge_and_tie(tmp_path):
    con = load_book(
        tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "900.00")],
        payments=[pay("P1", "2024-03-15", "100.00", "I1"), pay("P2", "2024-03-31", "200.00",
                                                               "I1")],
        contacts=[_contact("K1", "2024-03-01 09:00", "R1"),  # 14 days before P1: counts
                  _contact("K2", "2024-02-29 17:00", "R2"),  # 15 days before: too early
                  # two contacts at the same minute before P2: the greatest id wins
                  _contact("K8", "2024-03-30 10:00", "R1"),
                  _contact("K9", "2024-03-30 10:00", "R2")])
    card = reps.scorecard(con, first_on=date(2024, 3, 1), as_of=date(2024, 3, 31),
                          settings=Settings())
    by_payment = dict(zip(card.payments.payment_id, card.payments.rep_id, strict=True))
    assert by_payment == {"P1": "R1", "P2": "R2"}
    # one day smaller window: K1 falls out, P1 is unattributed and shown, not dropped
    card = reps.scorecard(con, first_on=date(2024, 3, 1), as_of=date(2024, 3, 31),
                          settings=Settings(attribution_window_days=13))
    unattributed = card.table.set_index("rep_id").attributed_amt[reps.UNATTRIBUTED]
    assert unattributed == 100.0


def test_promise_attribution_tie_goes_to_the_promise_allocated_first(tmp_path):
    con = load_book(
        tmp_path, invoices=[inv("I1", "2024-01-01", "2024-01-31", "900.00")],
        payments=[pay("P1", "2024-03-05", "200.00", "I1")],
        promises=[prom("A", "2024-03-01", "2024-03-08", "100.00", "I1", rep_id="R2"),
                  prom("B", "2024-03-02", "2024-03-09", "100.00", rep_id="R1")],
        contacts=[_contact("K1", "2024-03-04 09:00", "R1")])
    card = reps.scorecard(con, first_on=date(2024, 3, 1), as_of=date(2024, 3, 31),
                          settings=Settings())
    row = card.payments.iloc[0]
    assert (row.promise_id, row.rep_id, row.attributed_by) == ("A", "R2", "promise")


# --- §0 money ----------------------------------------------------------------------------------

def test_missing_fx_rate_names_currency_and_date(tmp_path):
    con = load_book(
        tmp_path, customers=[{"customer_id": "C1", "name": "One", "currency": "EUR"}],
        invoices=[inv("I1", "2024-01-10", "2024-02-09", "100.00")],
        fx_rates=[{"currency": "EUR", "on": "2024-02-01", "rate_to_base": "1.1"}])
    with pytest.raises(Exception, match="no EUR rate on or before 2024-01-10"):
        overview.headline(con, as_of=date(2024, 3, 1), settings=Settings())
    # revalued at the as-of date the rate exists: 110.00 USD
    head = overview.headline(con, as_of=date(2024, 3, 1), settings=Settings(fx_policy="as_of"))
    assert head.open_ar_amt == 110.0


def test_report_flags_override_settings(golden_con):
    out = subprocess.run(
        [sys.executable, "-m", "arlib", "report", str(GOLDEN), "--as-of", "2024-12-31",
         "--from", "2024-10-01", "--json", "--window", "60", "--grace", "0",
         "--attribution-days", "2"], cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    # 60-day window 11-02..12-31: I103 8,000 + CN1 -500 + I202 6,000 + I401 2,500 = 16,000
    assert result["dso"]["window_days"] == 60
    assert result["dso"]["period"] == round(28000 / 16000 * 60, 2)
    # grace 0 does not change the golden statuses (every payment came by its due date)
    assert result["promises"]["kept"] == 2
    # a 2-day window: K12 (10-17) no longer reaches P1 (10-20), so its 10,000 is unattributed
    assert result["unattributed_collected"] == 10000.0
    assert {r["rep_id"]: r["attributed_collected"] for r in result["reps"]}["R2"] == 15000.0


def test_report_without_promises_or_sales_says_undefined(tmp_path):
    con = load_book(tmp_path, invoices=[inv("I1", "2023-01-15", "2023-02-15", "500.00")])
    result = report.build(con, as_of=date(2024, 3, 31), first_on=date(2024, 1, 1),
                          settings=Settings())
    assert result["dso"]["period"] is None
    # CEI: (500 opening + 0 sales − 500 closing) / (500 + 0 − 0 current) = 0: nothing collected
    assert result["cei"] == 0.0
    assert result["promises"]["kept_rate"] is None
    assert sum(result["promises"][s] for s in promises.STATUSES) == 0


def test_scope_by_owner_rep_and_region(golden_con):
    as_of, cfg = date(2024, 12, 31), Settings()
    west, east_rep = Scope(region="West"), Scope(rep_id="R1")
    # West = C3 (I302 8,000 CAD × 0.75 = 6,000) and C4 (I401 2,500)
    assert overview.headline(golden_con, as_of=as_of, settings=cfg, scope=west).open_ar_amt \
        == 8500.0
    assert overview.headline(golden_con, as_of=as_of, settings=cfg,
                             scope=east_rep).open_ar_amt == 28000.0 - 8500.0
    # West sales in the 90-day window: I302 6,000 + I401 2,500 (I301 is dated 10-01, outside)
    assert dso.family(golden_con, as_of=as_of, settings=cfg, scope=west).period_days == 90.0
    book = promises.book(golden_con, as_of=as_of, settings=cfg, scope=west)
    assert sorted(book.promises.promise_id) == ["PR3", "PR4", "PR6"]
    card = reps.scorecard(golden_con, first_on=date(2024, 10, 1), as_of=as_of, settings=cfg,
                          region="West")
    figures = card.table.set_index("rep_id")
    # West cash: P3 only (15,000 USD, promise PR4 of R2); R2's West contacts K8, K9, K10
    assert figures.attributed_amt.to_dict() == {"R1": 0.0, "R2": 15000.0, "R3": 0.0,
                                                reps.UNATTRIBUTED: 0.0}
    assert figures.loc["R2", "count_contacts"] == 3


def test_dso_by_region_and_countback_walk(golden_con):
    cfg, as_of = Settings(), date(2024, 12, 31)
    regions = dso.by_group(golden_con, as_of=as_of, group_by="region", settings=cfg)
    east = regions.set_index("group_key").loc["East"]
    # East = C1 + C2: AR 19,500; countback: Dec 5,500 (31 d), Nov 8,000 (30 d),
    # Oct 5,000 (31 d), then Sep covers 1,000 of 10,000: 3 d → 95 days
    assert east.ar_total_amt == 19500.0 and east.countback_days == pytest.approx(95.0)
    # window sales 10-03..12-31: 5,000 + 8,000 − 500 + 6,000 = 18,500
    assert east.period_days == pytest.approx(19500 / 18500 * 90)
    west = regions.set_index("group_key").loc["West"]
    assert west.countback_days == pytest.approx(61.0)  # Dec 2,500 (31 d), Nov 6,000 (30 d)
    steps = dso.countback_steps(28000.0, as_of=as_of, month_to_date=8000.0,
                                sales_by_month=dso.monthly_sales(golden_con, last_on=as_of,
                                                                 settings=cfg))
    assert steps[["sales_amt", "ar_left_amt", "added_days"]].values.round(2).tolist() == [
        [8000.0, 28000.0, 31.0], [14000.0, 20000.0, 30.0], [20000.0, 6000.0, 9.3]]
