"""A call's outcome recorded in the app (issue 20, point 5): one load through the loader,
counted by every figure at once, never lost to a later import of the same export."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

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
                     promise_due_on=date(2025, 1, 6),
                     promise_invoices=(entries.Owed("I201", "USD", Decimal("4000.00"),
                                                    date(2024, 8, 31)),), check=CHECK,
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


I201 = entries.Owed("I201", "USD", Decimal("4000.00"), date(2024, 8, 31))
I202 = entries.Owed("I202", "USD", Decimal("6000.00"), date(2025, 1, 14))


def _promise_on(con, *owed, amount):
    entry = entries.Entry(**{**CALL.__dict__, "promise_amount": amount,
                             "promise_invoices": owed, "check": None})
    return entries.record(con, entry, who="ana@example.com")


def test_a_promise_on_several_invoices_is_one_promise_per_invoice_oldest_due_first(con):
    before = _statuses(con, date(2025, 1, 10))
    load_id, found = _promise_on(con, I202, I201, amount="7000.00")
    assert found == [] and load_id == 2
    rows = con.execute("select invoice_id, amount, currency, made_on, due_on, note "
                       "from stg_promises where promise_id like 'APP-%' order by invoice_id"
                       ).fetchall()
    whole = "one promise of 7,000.00 USD on 2 invoices: I201 4,000.00, I202 3,000.00"
    assert rows == [("I201", Decimal("4000.00"), "USD", date(2024, 12, 31), date(2025, 1, 6),
                     whole),
                    ("I202", Decimal("3000.00"), "USD", date(2024, 12, 31), date(2025, 1, 6),
                     whole)]
    # two promises of one call on two invoices do not supersede each other: both broken
    after = _statuses(con, date(2025, 1, 10))
    assert after["broken"] == before["broken"] + 2
    assert sum(after.values()) == sum(before.values()) + 2


@pytest.mark.parametrize(("owed", "amount", "problem"), [
    ((I201, I202), "10000.01", "promise: 10,000.01 is more than the 10,000.00 open on I201, "
                               "I202; name more invoices or the whole account"),
    ((I202, I201), "4000.00", "promise: 4,000.00 is covered by I201 (oldest due first); I202 "
                              "would get nothing, leave it out"),
    ((I201, I202), "4,000", "promise: '4,000' is not an amount such as 4000.00"),
    ((I201, entries.Owed("I302", "CAD", Decimal("8000.00"), date(2024, 12, 16))), "5000.00",
     "promise: the invoices named are in CAD and USD; a promise is in one currency, record "
     "one promise per currency"),
])
def test_a_promise_on_several_invoices_that_does_not_add_up_records_nothing(con, owed, amount,
                                                                             problem):
    load_id, found = _promise_on(con, *owed, amount=amount)
    assert load_id is None and found == [problem]
    assert con.execute("select count(*) from loads").fetchone()[0] == 1


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
        con, entries.Entry(**{**CALL.__dict__, "outcome": "voicemail", "check": None}),
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


def test_a_bounced_email_or_wrong_number_is_a_contact_not_reached_and_flags_the_person(con):
    first, last = date(2024, 10, 1), date(2024, 12, 31)
    card = reps.scorecard(con, first_on=first, as_of=last, settings=Settings()).table
    before = card.set_index("rep_id").loc["R1", ["count_contacts", "count_reached"]].tolist()
    flagged = set(contacts_current.people_to_confirm(con, as_of=last, settings=Settings()).name)
    assert flagged == {"Eli Park"}  # the golden book: verified 2023-02-01
    for outcome, person, hour in (("bounced", "Dana Fox", 9), ("wrong_number", "Gus Lam", 10)):
        customer = {"Dana Fox": "C1", "Gus Lam": "C3"}[person]
        tried = entries.Entry(customer_id=customer, rep_id="R1", at=datetime(2024, 12, 30, hour),
                              channel="email" if outcome == "bounced" else "call",
                              outcome=outcome, person=person)
        assert entries.record(con, tried, who="ana@example.com")[1] == []
    card = reps.scorecard(con, first_on=first, as_of=last, settings=Settings()).table
    after = card.set_index("rep_id").loc["R1", ["count_contacts", "count_reached"]].tolist()
    assert after == [before[0] + 2, before[1]]  # counted as contacts, not as reached
    found = contacts_current.people_to_confirm(con, as_of=last, settings=Settings())
    why = dict(zip(found.name, found.why, strict=True))
    assert why["Dana Fox"].startswith("Dana Fox: unreachable: APP-")
    assert why["Dana Fox"].endswith("on 2024-12-30 was an email that bounced")
    assert why["Gus Lam"].endswith("on 2024-12-30 was a wrong number")
    # confirmed again after the bounce: no longer flagged
    dana = found.set_index("name").loc["Dana Fox"].to_dict()
    entries.confirm_person(con, {**dana, "name": "Dana Fox", "email": "dana.fox@c1.example"},
                           verified_on=last, who="ana@example.com")
    assert "Dana Fox" not in set(contacts_current.people_to_confirm(
        con, as_of=last, settings=Settings()).name)


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


def _people_file(folder, **eli):
    folder.mkdir()
    row = {"customer_id": "C2", "name": "Eli Park", "role": "Controller",
           "email": "eli@birchsupply.example", "phone": "+1 860 555 0144", "is_primary": "true",
           "verified_on": "2023-02-01", **eli}
    (folder / "people.csv").write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n",
                                       encoding="utf-8")
    return folder


def _eli(con):
    return con.execute("select phone, verified_on from stg_people where name = 'Eli Park'"
                       ).fetchone()


def test_a_person_confirmed_in_the_app_outlives_an_older_import(con, tmp_path):
    eli = contacts_current.people_to_confirm(con, as_of=date(2024, 12, 31),
                                             settings=Settings()).iloc[0].to_dict()
    entries.confirm_person(con, {**eli, "phone": "+1 860 555 0199"},
                           verified_on=date(2024, 12, 31), who="ana@example.com")
    # the other system's export still holds the old phone, verified 2023-02-01
    report = loader.load(con, [_people_file(tmp_path / "old")])
    assert not report.changed and _eli(con) == ("+1 860 555 0199", date(2024, 12, 31))
    assert report.warnings == ["people.csv: kept 1 point(s) of contact as confirmed in the "
                               "app, the file's rows being verified no later: Eli Park (C2)"]
    # no verification date in the file: kept too
    report = loader.load(con, [_people_file(tmp_path / "none", verified_on="")])
    assert not report.changed and _eli(con)[0] == "+1 860 555 0199"
    # verified later in the other system: that one is newer, and replaces it
    report = loader.load(con, [_people_file(tmp_path / "new", phone="+1 860 555 0111",
                                            verified_on="2025-01-05")])
    assert report.changed and report.warnings == []
    assert _eli(con) == ("+1 860 555 0111", date(2025, 1, 5))
    # and the app confirms again over an imported row
    entries.confirm_person(con, {**eli, "phone": "+1 860 555 0122"},
                           verified_on=date(2025, 1, 6), who="ana@example.com")
    assert _eli(con) == ("+1 860 555 0122", date(2025, 1, 6))


def test_a_call_recorded_while_an_import_commits_loses_nothing(tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    con = db.open_database(tmp_path / "store.duckdb")
    loader.load(con, [GOLDEN])
    path = tmp_path / "extra" / "invoices.csv"
    path.parent.mkdir()
    path.write_text("invoice_id,customer_id,invoice_on,due_on,amount\n" + "".join(
        f"X{k},C2,2024-11-01,2024-12-01,10.00\n" for k in range(3000)))
    with ThreadPoolExecutor(2) as pool:
        imported = pool.submit(loader.load, con, [path])
        recorded = pool.submit(entries.record, con, CALL, who="ana@example.com")
        report, (load_id, found) = imported.result(), recorded.result()
    assert report.status == "committed" and found == [] and {report.load_id, load_id} == {2, 3}
    assert con.execute("select count(*) from stg_invoices where invoice_id like 'X%'"
                       ).fetchone()[0] == 3000
    assert [con.execute(f"select count(*) from stg_{t} where {c} like 'APP-%'").fetchone()[0]
            for t, c in (("contacts", "contact_id"), ("promises", "promise_id"),
                         ("notes", "note_id"))] == [1, 1, 1]
    con.close()
