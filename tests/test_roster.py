"""The roster (issue 17, point 2): who may sign in, checked whole, replaced in one transaction,
and each role's reps (the golden book: R1 and R3 in team East, R2 in West)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from arlib.__main__ import main
from arlib.store import audit, db, loader, roster
from tests.conftest import GOLDEN

CSV = ("email,name,role,rep_id,team,active\n"
       " Ana@Example.com ,Ana Ortiz,rep,R1,,true\n"
       "cfo@example.com,Cleo,viewer,,,\n"
       "mia@example.com,Mia,manager,,East,yes\n"
       "old@example.com,Old,rep,R2,,no\n"
       "fin@example.com,Fin,finance_admin,,,TRUE\n")


@pytest.fixture
def con():
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def _rows(text: str, tmp_path) -> pd.DataFrame:
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return roster.read_csv(path)


def test_a_csv_becomes_the_roster_and_each_role_sees_its_reps(con, tmp_path):
    change = roster.replace(con, _rows(CSV, tmp_path), changed_by="test",
                            changed_at=datetime(2026, 1, 2, 3, 4))
    assert (change.added, change.changed, change.removed, change.total) == (5, 0, 0, 5)
    ana = roster.find(con, "  ANA@example.COM")  # case and spaces of the token ignored
    assert ana == roster.Person(email="ana@example.com", name="Ana Ortiz", role="rep",
                                rep_id="R1", team=None, active=True)
    assert roster.rep_scope(con, ana) == {"R1"}
    assert roster.rep_scope(con, roster.find(con, "mia@example.com")) == {"R1", "R3"}
    assert roster.rep_scope(con, roster.find(con, "cfo@example.com")) is None
    assert roster.rep_scope(con, roster.find(con, "fin@example.com")) is None
    assert roster.find(con, "old@example.com").active is False
    assert roster.find(con, "nobody@example.com") is None
    assert roster.find(con, "") is None
    stamps = roster.entries(con)
    assert set(stamps.changed_by) == {"test"}
    assert set(stamps.changed_at) == {pd.Timestamp(2026, 1, 2, 3, 4)}
    trail = audit.events(con, first_on=date(2026, 1, 2), last_on=date(2026, 1, 2))
    assert trail.to_dict("records") == [{
        "happened_at": pd.Timestamp(2026, 1, 2, 3, 4), "email": "test", "action": "roster",
        "detail": "5 people on the roster (5 added, 0 changed, 0 removed)"}]


def test_replacing_counts_what_changed_and_keeps_the_stamp_of_rows_left_alone(con, tmp_path):
    roster.replace(con, _rows(CSV, tmp_path), changed_by="first",
                   changed_at=datetime(2026, 1, 1))
    edited = CSV.replace("Cleo,viewer", "Cleo,finance_admin").replace(
        "old@example.com,Old,rep,R2,,no\n", "") + "new@example.com,,rep,R2,,\n"
    change = roster.replace(con, _rows(edited, tmp_path), changed_by="second",
                            changed_at=datetime(2026, 2, 1))
    assert (change.added, change.changed, change.removed, change.total) == (1, 1, 1, 5)
    by = dict(zip(roster.entries(con).email, roster.entries(con).changed_by, strict=True))
    assert by == {"ana@example.com": "first", "cfo@example.com": "second",
                  "mia@example.com": "first", "new@example.com": "second",
                  "fin@example.com": "first"}


@pytest.mark.parametrize(("text", "problem"), [
    ("email,role\nann,rep\n", "line 2: email 'ann' is not an email address"),
    ("email,role\na@b.c,boss\n", "line 2: role 'boss' is not one of finance_admin, viewer, "
                                 "manager, rep"),
    ("email,role\na@b.c,rep\n", "line 2: a rep needs the rep_id they are"),
    ("email,role\na@b.c,manager\n", "line 2: a manager needs the team whose reps they see"),
    ("email,role,rep_id\na@b.c,rep,R1\nA@B.C,rep,R2\n", "line 3: a@b.c is also on line 2"),
    ("email,role,active\na@b.c,viewer,maybe\n", "line 2: active 'maybe' is not true or false"),
    ("email,name\na@b.c,A\n", "missing column 'role'"),
    ("email,role,boss\na@b.c,viewer,x\n", "unknown column 'boss'"),
])
def test_a_bad_roster_file_changes_nothing_and_names_its_line(con, tmp_path, text, problem):
    roster.replace(con, _rows(CSV, tmp_path), changed_by="test")
    with pytest.raises(roster.RosterError) as raised:
        _rows(text, tmp_path)
    assert problem in str(raised.value)
    assert "roster.csv: the roster was not changed" in str(raised.value)
    assert len(roster.entries(con)) == 5


def test_a_rep_or_team_the_data_lacks_is_warned_of(con, tmp_path):
    rows = _rows("email,role,rep_id,team\na@b.c,rep,R9,\nm@b.c,manager,,North\n"
                 "r@b.c,rep,R1,\n", tmp_path)
    assert roster.unknown_scopes(con, rows) == ["a@b.c: no rep 'R9' in the data",
                                                "m@b.c: no rep of team 'North' in the data"]
    roster.replace(con, rows, changed_by="test")
    assert roster.rep_scope(con, roster.find(con, "m@b.c")) == frozenset()


def test_the_command_line_replaces_and_lists_the_roster(tmp_path, capsys):
    path, store = tmp_path / "people.csv", tmp_path / "r.duckdb"
    path.write_text(CSV)
    assert main(["roster", str(path), "--db", str(store)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("5 people on the roster (5 added, 0 changed, 0 removed)")
    assert "warning: ana@example.com: no rep 'R1' in the data" in out.err  # an empty store
    assert main(["roster", "--db", str(store)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == f"5 people on the roster of {store}:"
    assert "  old@example.com  Rep  R2  (inactive)" in listed
    assert "  mia@example.com  Manager  East" in listed
    path.write_text("email,role\nx,rep\n")
    assert main(["roster", str(path), "--db", str(store)]) == 1
    assert "line 2: email 'x' is not an email address" in capsys.readouterr().err
    assert main(["roster", str(tmp_path / "none.csv"), "--db", str(store)]) == 1
    assert "none.csv: the roster was not changed: no such file" in capsys.readouterr().err
