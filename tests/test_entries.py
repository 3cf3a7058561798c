"""A call's outcome recorded in the app (issue 20, point 5): one load through the loader,
counted by every figure at once, never lost to a later import of the same export."""

import io
import zipfile
from datetime import date, datetime

import pytest

from arlib.figures import calls, contacts_current, customers, promises, reps
from arlib.outputs import app_rows
from arlib.settings import Settings
from arlib.store import db, entries, loader
from tests.conftest import GOLDEN


@pytest.fixture
def con():
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def _statuses(con, on):
    book = promises.book(con, as_of=on, settings=Settings()).promises
    return book.status.value_counts().to_dict()


CHECK = entries.Check(sent_on=date(2024, 12, 30), number="CHK-4410", sent_to="PO Box 12, Hartford")
CALL = entries.Entry(customer_id="C2", rep_id="R1", at=datetime(2024, 12, 31, 9, 30),
                     channel="call", outcome="promise", person="Eli Park",
                     note="Says the check is in the mail", promise_amount="4000.00",
                     promise_due_on=date(2025, 1, 6), promise_invoice_id="I201", check=CHECK,
                     note_text="Controller confirmed the new price")


def test_a_promise_logged_counts_at_once(con):
    before = _statuses(con, date(2025, 1, 10))
    load_id, found = entries.record(con, CALL, who="ana@example.com")
    assert found == [] and load_id == 2
    profile = customers.profile(con, customer_id="C2", as_of=date(2024, 12, 31),
                                settings=Settings())
    contact = profile["contacts"].iloc[0]
    assert contact.contact_id.startswith("APP-") and contact.person == "Eli Park"
    assert profile["notes"].iloc[0].text == "Controller confirmed the new price"
    promise = profile["promises"].set_index("invoice_id").loc["I201"].iloc[0]
    assert promise.status == "pending" and promise.promised_currency_amt == 4000.0
    # as of 01-10 the new promise's deadline (01-06 + 3) has passed with no cash: broken
    after = _statuses(con, date(2025, 1, 10))
    assert after["broken"] == before["broken"] + 1
    assert sum(after.values()) == sum(before.values()) + 1
    # the call list knows the call: C2's last contact is now 12-31
    listed = calls.call_list(con, as_of=date(2024, 12, 31), settings=Settings())
    assert listed.set_index("customer_id").last_contact_on.loc["C2"] == date(2024, 12, 31)
    note = con.execute("select note from stg_promises where promise_id like 'APP-%'").fetchone()
    assert note[0] == ("check in the mail: sent on 2024-12-30, number CHK-4410, sent to "
                       "PO Box 12, Hartford")
    source = con.execute("select source from loads where load_id = 2").fetchone()[0]
    assert "app entry by ana@example.com" in source
    # the same export imported again changes nothing and keeps the app's rows
    assert not loader.load(con, [GOLDEN]).changed
    assert con.execute("select count(*) from stg_contacts where contact_id like 'APP-%'"
                       ).fetchone()[0] == 1


def test_a_check_in_the_mail_needs_its_three_answers(con):
    vague = entries.Check(sent_on=None, number="", sent_to="Hartford")
    load_id, found = entries.record(
        con, entries.Entry(**{**CALL.__dict__, "check": vague}), who="ana@example.com")
    assert load_id is None
    assert found == ["check in the mail: the day it was sent is missing, ask for it",
                     "check in the mail: the check number is missing, ask for it"]
    assert con.execute("select count(*) from loads").fetchone()[0] == 1  # nothing recorded


def test_a_bad_value_is_named_and_nothing_is_recorded(con):
    load_id, found = entries.record(
        con, entries.Entry(**{**CALL.__dict__, "outcome": "bounced", "check": None}),
        who="ana@example.com")
    assert load_id is None and len(found) == 1 and found[0].startswith("contacts outcome:")
    assert con.execute("select count(*) from loads").fetchone()[0] == 1


def test_app_rows_count_on_the_scorecard_and_export_for_the_crm(con):
    first, last = date(2024, 10, 1), date(2024, 12, 31)
    before = reps.scorecard(con, first_on=first, as_of=last, settings=Settings()).table
    entries.record(con, CALL, who="ana@example.com")
    after = reps.scorecard(con, first_on=first, as_of=last, settings=Settings()).table
    count = dict(zip(before.rep_id, before.count_contacts, strict=True))  # golden: R1 7
    assert count["R1"] == 7
    assert dict(zip(after.rep_id, after.count_contacts, strict=True))["R1"] == 8
    rows = entries.app_rows(con)
    assert [len(rows[t]) for t in ("contacts", "promises", "notes")] == [1, 1, 1]
    assert rows["promises"].amount[0] == "4000.00"
    assert "app entry by ana@example.com" in rows["notes"].recorded_by[0]
    archive = zipfile.ZipFile(io.BytesIO(app_rows.crm_zip(rows)))
    assert sorted(archive.namelist()) == ["contacts.csv", "notes.csv", "promises.csv"]
    header = archive.read("contacts.csv").decode("utf-8-sig").splitlines()[0]
    assert header.startswith("contact_id,customer_id,rep_id,contact_at,channel,direction,"
                             "outcome,person,note")


def test_app_rows_keep_to_the_viewers_customers(con):
    entries.record(con, CALL, who="ana@example.com")  # C2, Ana's (R1)
    ben = entries.Entry(customer_id="C3", rep_id="R2", at=datetime(2024, 12, 31, 10, 0),
                        channel="call", outcome="reached", person="", note="Asked for a copy")
    assert entries.record(con, ben, who="ben@example.com")[1] == []
    counts = {reps_: [len(f) for f in entries.app_rows(con, reps=reps_).values()]
              for reps_ in (None, frozenset({"R1"}), frozenset({"R2"}), frozenset())}
    assert counts == {None: [2, 1, 1], frozenset({"R1"}): [1, 1, 1],
                      frozenset({"R2"}): [1, 0, 0], frozenset(): [0, 0, 0]}


def test_a_person_confirmed_or_edited_is_no_longer_to_confirm(con):
    stale = contacts_current.people_to_confirm(con, as_of=date(2024, 12, 31),
                                               settings=Settings())
    eli = stale.iloc[0].to_dict()
    assert eli["name"] == "Eli Park"  # verified 2023-02-01
    load_id, found = entries.confirm_person(con, {**eli, "phone": "+1 860 555 0199"},
                                            verified_on=date(2024, 12, 31), who="ana@example.com")
    assert found == [] and load_id == 2
    assert contacts_current.people_to_confirm(con, as_of=date(2024, 12, 31),
                                              settings=Settings()).empty
    people = customers.profile(con, customer_id="C2", as_of=date(2024, 12, 31),
                               settings=Settings())["people"]
    assert people[["name", "role", "phone", "email", "is_primary"]].values.tolist() == [
        ["Eli Park", "Controller", "+1 860 555 0199", "eli@birchsupply.example", True]]
    load_id, found = entries.confirm_person(con, {**eli, "email": "x" * 20_000},
                                            verified_on=date(2024, 12, 31), who="ana@example.com")
    assert load_id is None and found and found[0].startswith("people email:")
