"""Hand-overs recorded by the loads (issue 20, point 2): a load that changes a customer's
owner rep records the change, and the new owner gets an introduction call until they
contact the account, even one they had worked before (the golden book: Cara, R3, emailed
Acme Tools, C1, on 2024-12-18 while Ana, R1, owned it)."""

from __future__ import annotations

from datetime import date

import pytest

from arlib.figures import introductions
from arlib.figures.scope import Scope
from arlib.settings import Settings
from arlib.store import db, loader
from tests.conftest import GOLDEN

HEADER = ("customer_id,name,rep_id,region,city,country,currency,terms_days,credit_limit,"
          "customer_since\n")
C1_TO_R3 = "C1,Acme Tools,R3,East,Boston,US,USD,30,25000,2015-03-01\n"
TODAY = date.today()  # a change is dated the day its load ran


@pytest.fixture
def con():
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def _load(con, tmp_path, name: str, text: str, **kw):
    path = tmp_path / name
    path.write_text(text)
    return loader.load(con, [path], **kw)


def _intro(con, on: date, rep: str):
    found = introductions.introductions(con, as_of=on, settings=Settings(),
                                        scope=Scope(rep_id=rep))
    return dict(zip(found.customer_id, found.why, strict=True))


def test_a_change_of_owner_is_recorded_once_and_a_preview_records_nothing(con, tmp_path):
    _load(con, tmp_path, "customers.csv", HEADER + C1_TO_R3, dry_run=True)
    assert con.execute("select count(*) from owner_changes").fetchone() == (0,)
    report = _load(con, tmp_path, "customers.csv", HEADER + C1_TO_R3)
    _load(con, tmp_path, "customers.csv", HEADER + C1_TO_R3)  # the same again: no change
    rows = con.execute("select customer_id, from_rep_id, to_rep_id, load_id, changed_on "
                       "from owner_changes").fetchall()
    assert rows == [("C1", "R1", "R3", report.load_id, TODAY)]


def test_the_new_owner_introduces_themselves_even_to_an_account_they_had_worked(con,
                                                                                tmp_path):
    _load(con, tmp_path, "customers.csv", HEADER + C1_TO_R3)
    # the owner's own contact of 2024-12-18 hid the hand-over before it was recorded
    assert "C1" not in _intro(con, date(2024, 12, 31), "R3")
    assert _intro(con, TODAY, "R3")["C1"] == (
        f"handed over from Ana Ortiz on {TODAY:%Y-%m-%d}, no contact by its owner since")
    contact = ("contact_id,customer_id,rep_id,contact_at,channel,direction,outcome,person,"
               f"note\nK99,C1,R3,{TODAY:%Y-%m-%d} 09:00,call,outbound,reached,Dana Fox,Hello\n")
    _load(con, tmp_path, "contacts.csv", contact)
    assert "C1" not in _intro(con, TODAY, "R3")  # introduced: off the list
