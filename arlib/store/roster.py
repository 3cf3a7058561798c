"""The roster: who may sign in to the app, in which role, seeing which reps' customers.

The roster is replaced as a whole (from a CSV file, `python -m arlib roster FILE`, or the
admin page's editor): a checked table becomes the roster in one transaction, or nothing
changes. A person not on it, or inactive, sees nothing (deny by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from arlib.store import audit
from arlib.store.db import run_sql
from arlib.store.queries import rollback, sql_text

# role key -> what the app calls it
ROLES = {
    "finance_admin": "Finance admin",
    "viewer": "CFO / viewer",
    "manager": "Manager",
    "rep": "Rep",
}
COLUMNS = ("email", "name", "role", "rep_id", "team", "active")
REQUIRED = ("email", "role")
_TRUE = {"true", "yes", "y", "1", "active"}
_FALSE = {"false", "no", "n", "0", "inactive"}


@dataclass(frozen=True)
class Person:
    """One roster row: a person who may sign in, their role and what scopes them."""

    email: str
    name: str | None
    role: str
    rep_id: str | None
    team: str | None
    active: bool

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def sees_everything(self) -> bool:
        """Finance admins and viewers see every rep's customers."""
        return self.role in ("finance_admin", "viewer")


@dataclass(frozen=True)
class Change:
    """What replacing the roster did: people added, changed, removed, and on it now."""

    added: int
    changed: int
    removed: int
    total: int

    def text(self) -> str:
        return (f"{self.total} people on the roster ({self.added} added, {self.changed} "
                f"changed, {self.removed} removed)")


class RosterError(ValueError):
    """A roster table that cannot become the roster; `problems` lists each in words."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
        super().__init__(f"{source}: the roster was not changed: {shown}")


def entries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per person on the roster, by email (columns of COLUMNS, changed_at/_by)."""
    return run_sql(con, "store/sql/roster/entries.sql")


def find(con: duckdb.DuckDBPyConnection, email: str | None) -> Person | None:
    """The roster row of the email, case and outer spaces ignored; None when not on it."""
    if not email:
        return None
    rows = run_sql(con, "store/sql/roster/entry.sql", email=email)
    if rows.empty:
        return None
    row = rows.iloc[0]
    return Person(email=row.email, name=_text(row["name"]), role=row.role,
                  rep_id=_text(row.rep_id), team=_text(row.team), active=bool(row.active))


def rep_scope(con: duckdb.DuckDBPyConnection, person: Person) -> frozenset[str] | None:
    """The rep ids whose customers the person sees: None for everything (finance admin,
    viewer), their own rep id (rep), the reps of their team today (manager)."""
    if person.sees_everything:
        return None
    if person.role == "rep":
        return frozenset([person.rep_id]) if person.rep_id else frozenset()
    if person.role == "manager" and person.team:
        return frozenset(run_sql(con, "store/sql/roster/team_reps.sql",
                                 team=person.team)["rep_id"])
    return frozenset()


def read_csv(path: Path | BinaryIO, *, source: str | None = None) -> pd.DataFrame:
    """The roster table of a CSV file or upload (header: email, role, and optionally name,
    rep_id, team, active), checked (see `check`); RosterError naming the file (`source`,
    else the path) and what to fix."""
    source = source or str(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(source, ["no such file"]) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RosterError(source, [f"not a readable UTF-8 CSV file ({exc})"]) from None
    return check(frame, source=source)


def check(frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """The rows as the roster stores them (emails in lower case, empty cells as nulls, active
    as a boolean, defaulting to true); RosterError listing every problem with its line
    (the file's own line: the header is line 1)."""
    header = [str(c).strip().lower() for c in frame.columns]
    problems = [f"missing column '{c}'" for c in REQUIRED if c not in header]
    problems += [f"unknown column '{c}' (the columns are {', '.join(COLUMNS)})"
                 for c in header if c not in COLUMNS]
    if problems:
        raise RosterError(source, problems)
    given = frame.set_axis(header, axis=1)
    rows = pd.DataFrame({c: pd.Series([_cell(v) for v in given[c]] if c in given else
                                      [None] * len(given), dtype=object) for c in COLUMNS})
    seen: dict[str, int] = {}
    active = []
    for i, row in enumerate(rows.itertuples(index=False)):
        line = i + 2
        email = (row.email or "").lower()
        if not email or "@" not in email or any(ch.isspace() for ch in email):
            problems.append(f"line {line}: email '{row.email or ''}' is not an email address")
        elif email in seen:
            problems.append(f"line {line}: {email} is also on line {seen[email]}")
        seen.setdefault(email, line)
        if row.role not in ROLES:
            problems.append(f"line {line}: role '{row.role or ''}' is not one of "
                            f"{', '.join(ROLES)}")
        elif row.role == "rep" and not row.rep_id:
            problems.append(f"line {line}: a rep needs the rep_id they are")
        elif row.role == "manager" and not row.team:
            problems.append(f"line {line}: a manager needs the team whose reps they see")
        flag = (row.active or "true").lower()
        if flag not in _TRUE | _FALSE:
            problems.append(f"line {line}: active '{row.active}' is not true or false")
        active.append(flag in _TRUE)
    if problems:
        raise RosterError(source, problems)
    rows["email"] = rows["email"].str.lower()
    rows["active"] = active
    return rows


def unknown_scopes(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> list[str]:
    """Warnings for rows whose rep id or team the store does not hold (yet): such a person
    sees no customer until the data has them."""
    reps = run_sql(con, "store/sql/roster/rep_ids.sql")
    ids, teams = set(reps.rep_id), set(reps.team.dropna())
    found = []
    for row in rows.itertuples(index=False):
        if row.role == "rep" and row.rep_id not in ids:
            found.append(f"{row.email}: no rep '{row.rep_id}' in the data")
        if row.role == "manager" and row.team not in teams:
            found.append(f"{row.email}: no rep of team '{row.team}' in the data")
    return found


def replace(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, *, changed_by: str,
            changed_at: datetime | None = None) -> Change:
    """Make the checked rows (see `check`) the roster, in one transaction, stamped with who
    and when (a row left as it was keeps its stamp)."""
    before = entries(con).set_index("email")
    now = changed_at or datetime.now()
    with con.cursor() as cur:
        cur.execute("begin transaction")
        try:
            cur.register("roster_rows", rows[list(COLUMNS)])
            cur.execute(sql_text("store/sql/roster/clear.sql"))
            cur.execute(sql_text("store/sql/roster/insert_rows.sql"),
                        {"changed_at": now, "changed_by": changed_by})
            kept = _unchanged(before, rows)
            if not kept.empty:
                cur.register("kept_rows", kept)
                cur.execute(sql_text("store/sql/roster/keep_stamps.sql"))
        except BaseException:
            rollback(cur)
            raise
        cur.execute("commit")
    emails = set(rows.email)
    added = len(emails - set(before.index))
    removed = len(set(before.index) - emails)
    changed = len(emails & set(before.index)) - len(_unchanged(before, rows))
    change = Change(added=added, changed=changed, removed=removed, total=len(emails))
    audit.record(con, email=changed_by, action="roster", detail=change.text(),
                 happened_at=now)
    return change


def _unchanged(before: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows equal to their earlier roster row, with that row's stamp."""
    keep = []
    for row in rows.itertuples(index=False):
        if row.email not in before.index:
            continue
        old = before.loc[row.email]
        if all(_text(old[c]) == _text(getattr(row, c)) for c in COLUMNS[1:5]) and \
                bool(old.active) == bool(row.active):
            keep.append({"email": row.email, "changed_at": old.changed_at,
                         "changed_by": old.changed_by})
    return pd.DataFrame(keep, columns=["email", "changed_at", "changed_by"])


def _cell(value) -> str | None:
    """A cell as written, outer spaces dropped; None when empty."""
    return None if value is None or pd.isna(value) or str(value).strip() == "" else \
        str(value).strip()


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)
