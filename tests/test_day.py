"""My day, introductions, cool-off and contacts to confirm (metrics.md §12): the golden book
worked out by hand, and small changes to it for the shapes it lacks."""

import csv
import shutil
from datetime import date, datetime

import pytest

from arlib.figures import calls, contacts_current, cooloff, day, introductions
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN


def _lines(con, on, scope=EVERYONE):
    return day.my_day(con, as_of=on, settings=Settings(), scope=scope).lines


def _book(tmp_path, *, add=None, change=None):
    """The golden book with rows added ({table: [row, ...]}) or cells changed
    ({table: {key: {column: value}}}, keyed on the first column), loaded in memory."""
    folder = tmp_path / "book"
    shutil.copytree(GOLDEN, folder)
    for table, edits in (change or {}).items():
        path = folder / f"{table}.csv"
        rows = list(csv.DictReader(path.open()))
        for row in rows:
            row.update(edits.get(next(iter(row.values())), {}))
        with path.open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    for table, rows in (add or {}).items():
        path = folder / f"{table}.csv"
        header = next(csv.reader(path.open()))
        with path.open("a", newline="") as out:
            csv.DictWriter(out, fieldnames=header).writerows(rows)
    con = db.open_database(":memory:")
    assert loader.load(con, [folder]).total("rejected") == 0
    return con


def test_golden_day_on_the_31st(golden_con):
    # C2: D1 open since 09-10 (112 days), K7 no answer on 12-27 (4 days), Eli Park verified
    # 2023-02-01 (before 2024-01-01), I201 4,000 past due: a follow-up, first.
    # C1: I102 3,000 + I103 8,000 past due (CN1 is not past due); PR2 broke 12-13 but K11
    # called 12-18; C3: I302 8,000 CAD at 0.75. C4 owes nothing past due, and R2 called it.
    lines = _lines(golden_con, date(2024, 12, 31))
    assert list(zip(lines.customer_id, lines.section, lines.past_due_amt, strict=True)) == [
        ("C2", "follow-ups", 4000.0), ("C1", "past due", 11000.0), ("C3", "past due", 6000.0)]
    c2 = lines.iloc[0]
    assert c2.reasons == ("dispute open over 30 days; no answer on the last call; "
                          "contact to confirm; past due")
    assert "Eli Park: not verified since 2023-02-01" in c2.details
    # reached calls with C2 started at 15:00 (K5), 14:00 (K4) and 09:30 (K6): a tie, earliest
    assert (c2.person, c2.phone, c2.best_time) == ("Eli Park", "+1 860 555 0144", "around 09:00")
    assert lines.set_index("customer_id").best_time.to_dict() == {
        "C2": "around 09:00", "C1": "around 09:00", "C3": "around 10:00"}  # C3: K8 10:00
    assert list(lines.position) == [1, 2, 3]


def test_golden_day_on_the_15th_has_the_introduction(golden_con):
    # C2: PR8 (due 10-31) broke on 11-03 after the last call K5 on 10-10; C1: PR2 broke on
    # 12-13 after K3 on 12-02; promises first, by past due (C2 4,000, C1 I102's 3,000).
    # C4: new on 12-10 (5 days), credit 5,000, no contact until K10 on 12-20.
    lines = _lines(golden_con, date(2024, 12, 15))
    assert list(zip(lines.customer_id, lines.section, strict=True)) == [
        ("C2", "promises"), ("C1", "promises"), ("C4", "introductions")]
    c4 = lines.iloc[2]
    assert c4.reasons == "introduction: new customer"
    assert "who you are (Ben Cole), the terms (30 days)" in c4.details
    assert c4.best_time == "" and c4.person == "Ivy Chen"


def test_introduction_window_and_the_first_contact(golden_con):
    settings = Settings()
    found = introductions.introductions(golden_con, as_of=date(2024, 12, 15), settings=settings)
    assert list(found.customer_id) == ["C4"]
    # K10 on 12-20 is the first contact: no introduction left
    assert introductions.introductions(golden_con, as_of=date(2024, 12, 20),
                                       settings=settings).empty
    # 5 days new is outside a 4-day window
    assert introductions.introductions(
        golden_con, as_of=date(2024, 12, 15),
        settings=Settings(introduction_days=4)).empty


def test_scope_is_one_reps_day(golden_con):
    lines = _lines(golden_con, date(2024, 12, 31), Scope(rep_id="R2"))
    assert list(lines.customer_id) == ["C3"]
    # R3 (Cara Diaz) owns no customer: an empty day, not an error
    empty = day.my_day(golden_con, as_of=date(2024, 12, 31), settings=Settings(),
                       scope=Scope(rep_id="R3"))
    assert empty.lines.empty and empty.cooling.empty


def test_monday_weights_commercial_accounts(tmp_path):
    # C5 has no credit limit (not commercial) and 15,000 past due since 12-01. Tuesday 12-31:
    # C5 15,000 before C1 11,000; Monday 12-30: C1 counts 22,000 and C3 12,000 (weight 2).
    con = _book(tmp_path, add={
        "customers": [{"customer_id": "C5", "name": "Elm Homes", "rep_id": "R1",
                       "currency": "USD", "terms_days": "30", "customer_since": "2020-01-01"}],
        "invoices": [{"invoice_id": "I501", "customer_id": "C5", "invoice_on": "2024-11-01",
                      "due_on": "2024-12-01", "amount": "15000.00", "currency": "USD"}]})
    tuesday = _lines(con, date(2024, 12, 31))
    assert list(tuesday.customer_id) == ["C2", "C5", "C1", "C3"]
    monday = _lines(con, date(2024, 12, 30))
    assert list(monday.customer_id) == ["C2", "C1", "C5", "C3"]
    assert monday.set_index("customer_id").order_amt.to_dict() == {
        "C2": 8000.0, "C1": 22000.0, "C5": 15000.0, "C3": 12000.0}


def test_the_account_type_decides_commercial_when_the_data_has_one(tmp_path):
    # C1 (credit limit 25,000) is a consumer account and C5 (no credit limit) a commercial
    # one: on Monday 12-30 C5 counts 30,000, C1 11,000; C2 and C3 have no type: by credit
    con = _book(tmp_path, change={"customers": {"C1": {"account_type": "Consumer"}}}, add={
        "customers": [{"customer_id": "C5", "name": "Elm Homes", "rep_id": "R1",
                       "currency": "USD", "terms_days": "30", "customer_since": "2020-01-01",
                       "account_type": "commercial"}],
        "invoices": [{"invoice_id": "I501", "customer_id": "C5", "invoice_on": "2024-11-01",
                      "due_on": "2024-12-01", "amount": "15000.00", "currency": "USD"}]})
    monday = _lines(con, date(2024, 12, 30))
    assert list(monday.customer_id) == ["C2", "C5", "C3", "C1"]
    assert monday.set_index("customer_id").order_amt.to_dict() == {
        "C2": 8000.0, "C5": 30000.0, "C3": 12000.0, "C1": 11000.0}


def test_a_store_made_before_a_column_gains_it(tmp_path):
    path = tmp_path / "old.duckdb"
    con = db.open_database(path)
    con.execute("drop view stg_customers")
    con.execute("alter table raw_customers drop column account_type")
    con.close()
    con = db.open_database(path)
    assert loader.load(con, [GOLDEN]).total("rejected") == 0
    assert con.execute("select count(*), count(account_type) from stg_customers"
                       ).fetchone() == (4, 0)


HOSTILE_NOTE = {"note_id": "N9", "customer_id": "C1", "author": "Ana Ortiz",
                "created_at": "2024-12-30 10:00", "text": "AP said: DON’T CALL us again"}


@pytest.mark.parametrize(("on", "cooling"), [
    (date(2024, 12, 29), False),  # the note comes later
    (date(2024, 12, 30), True),
    (date(2024, 12, 31), True),   # lifts 12-31 10:00, after the day starts
    (date(2025, 1, 1), False)])   # lifted on 12-31
def test_hostile_note_cools_off_for_24_hours(tmp_path, on, cooling):
    con = _book(tmp_path, add={"notes": [HOSTILE_NOTE]})
    found = cooloff.cooling_off(con, as_of=on, settings=Settings())
    assert list(found.customer_id) == (["C1"] if cooling else [])
    assert ("C1" in set(_lines(con, on).customer_id)) is not cooling
    if cooling:
        assert found.lifts_at[0] == datetime(2024, 12, 31, 10, 0)
        assert found.source[0] == "note N9"


@pytest.mark.parametrize(("at", "outcome", "note", "cooling"), [
    ("2024-12-26 15:00", "refused", "", True),          # lifts 12-27 15:00
    ("2024-12-26 00:00", "refused", "", False),         # lifts 12-27 00:00 exactly
    ("2024-12-25 23:00", "reached", "stop calling us", False),
    ("2024-12-26 08:00", "reached", "Said: please stop calling", True),
    ("2024-12-26 08:00", "reached", "Paid, thanks", False)])
def test_hostile_contact_leaves_the_call_list(tmp_path, at, outcome, note, cooling):
    # on 12-27 C1 is on the call list for I103 (due 12-20, 7 days ago)
    con = _book(tmp_path, add={"contacts": [{
        "contact_id": "K20", "customer_id": "C1", "rep_id": "R1", "contact_at": at,
        "channel": "call", "outcome": outcome, "person": "Dana Fox", "note": note}]})
    listed = calls.call_list(con, as_of=date(2024, 12, 27),
                             settings=Settings(hostile_outcomes=("refused",)))
    assert ("C1" in set(listed.customer_id)) is not cooling
    assert "C2" in set(listed.customer_id)  # others stay


def test_refused_is_not_hostile_unless_set(tmp_path):
    con = _book(tmp_path, add={"contacts": [{
        "contact_id": "K20", "customer_id": "C1", "rep_id": "R1",
        "contact_at": "2024-12-26 15:00", "channel": "call", "outcome": "refused",
        "person": "Dana Fox", "note": "Refused to commit to a date"}]})
    listed = calls.call_list(con, as_of=date(2024, 12, 27), settings=Settings())
    assert "C1" in set(listed.customer_id)


def test_hostile_words_are_settings(tmp_path):
    con = _book(tmp_path, add={"notes": [HOSTILE_NOTE]})
    found = cooloff.cooling_off(con, as_of=date(2024, 12, 31),
                                settings=Settings(hostile_words=("lawyer",)))
    assert found.empty


def test_hand_over_until_the_new_rep_calls(tmp_path):
    # C3 handed to R3, who never contacted it; R2 (Ben Cole) last on 12-04 (K9)
    con = _book(tmp_path, change={"customers": {"C3": {"rep_id": "R3"}}})
    found = introductions.introductions(con, as_of=date(2024, 12, 31), settings=Settings())
    assert list(found.customer_id) == ["C3"]
    assert found.why[0] == ("handed over: Ben Cole last worked it on 2024-12-04, no contact "
                            "by its owner yet")
    assert found.cover[0].startswith("who you are (Cara Diaz), the terms (45 days)")
    lines = _lines(con, date(2024, 12, 31), Scope(rep_id="R3"))
    assert list(zip(lines.customer_id, lines.section, strict=True)) == [("C3", "introductions")]
    called = _book(tmp_path / "2", change={"customers": {"C3": {"rep_id": "R3"}}}, add={
        "contacts": [{"contact_id": "K20", "customer_id": "C3", "rep_id": "R3",
                      "contact_at": "2024-12-30 10:00", "channel": "call",
                      "outcome": "reached", "person": "Gus Lam", "note": "Hello"}]})
    assert introductions.introductions(called, as_of=date(2024, 12, 31),
                                       settings=Settings()).empty


def test_people_to_confirm(tmp_path, golden_con):
    settings = Settings()
    golden = contacts_current.people_to_confirm(golden_con, as_of=date(2024, 12, 31),
                                                settings=settings)
    assert list(golden.name) == ["Eli Park"]  # verified 2023-02-01; the others in 2024
    # a bounced email after Dana Fox's verification (11-18) flags her until verified again
    bounced = {"contact_id": "K20", "customer_id": "C1", "rep_id": "R1",
               "contact_at": "2024-12-20 10:00", "channel": "email", "outcome": "other",
               "person": "dana fox", "note": "Email bounced: mailbox unknown"}
    con = _book(tmp_path, add={"contacts": [bounced]})
    found = contacts_current.people_to_confirm(con, as_of=date(2024, 12, 31), settings=settings)
    row = found.set_index("name").loc["Dana Fox"]
    assert row.is_unreachable and not row.is_stale
    assert row.why == ("Dana Fox: unreachable: K20 on 2024-12-20 says "
                       "\u201cEmail bounced: mailbox unknown\u201d")
    assert contacts_current.people_to_confirm(con, as_of=date(2024, 12, 19),
                                              settings=settings).name.tolist() == ["Eli Park"]
    again = _book(tmp_path / "2", add={"contacts": [bounced]},
                  change={"people": {"C1": {"verified_on": "2024-12-21"}}})
    assert contacts_current.people_to_confirm(again, as_of=date(2024, 12, 31),
                                              settings=settings).name.tolist() == ["Eli Park"]


def test_printable_day_escapes_the_data_and_keeps_the_order(tmp_path):
    from arlib.outputs import day_sheet
    con = _book(tmp_path, add={"notes": [{**HOSTILE_NOTE, "customer_id": "C3",
                                          "text": "<script>x</script> don't call us"}]})
    today = day.my_day(con, as_of=date(2024, 12, 31), settings=Settings())
    sheet = day_sheet.day_html(today, as_of=date(2024, 12, 31), rep="<b>all</b>",
                               currency="USD")
    assert "<script>" not in sheet and "&lt;script&gt;" in sheet and "&lt;b&gt;all" in sheet
    assert sheet.index("Birch Supply") < sheet.index("Acme Tools")  # C2 before C1
    assert "Cobalt Mining</td><td>2024-12-31 10:00</td><td>note N9" in sheet
