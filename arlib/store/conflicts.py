"""Keys that two files of one load hold with different values: found set-based over the
checked rows, then either resolved by the files the user prefers (the other files' rows
become rejects) or reported as a ConflictError that stops the load.

Like `arlib.store.upsert`, the SQL is generated from the models: only model identifiers and
the names of temporary tables are written into it; file names and values are parameters or
rows of `load_parts`.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from arlib.canonical.models import BY_TABLE, Row
from arlib.canonical.validation import columns, quote_ident
from arlib.intake.reading import LoadError
from arlib.store.db import sql_text

# the start of the reason of a row rejected because another file's values were chosen
REASON_START = "key also in "
MAX_SHOWN = 10  # conflicting keys named in the message of a stopped load
CELLS = ["table_name", "key_columns", "key", "column_name", "file_a", "line_a", "value_a",
         "file_b", "line_b", "value_b"]


class ConflictError(LoadError):
    """Files of one load hold the same key with different values and no file was chosen to
    win: the load stops. `conflicts` has one row per differing cell (CELLS), `files` names
    the files involved in load order."""

    def __init__(self, conflicts: pd.DataFrame, files: list[str]) -> None:
        self.conflicts = conflicts
        self.files = files
        super().__init__(message(conflicts))


def base_name(file_name: str) -> str:
    """The file a part comes from: 'book.xlsx[invoices]' -> 'book.xlsx'."""
    return file_name.split("[")[0]


def _shown(value: object) -> str:
    return "(blank)" if value is None or pd.isna(value) else str(value)


def message(cells: pd.DataFrame) -> str:
    """What a stopped load says: per pair of files the keys they disagree on, each with the
    lines and both values of every differing column, then what to do."""
    lines: list[str] = []
    files: list[str] = []
    for (a, b), pair in cells.groupby(["file_a", "file_b"], sort=False):
        files += [f for f in (a, b) if f not in files]
        keys = pair.drop_duplicates(["table_name", "key", "line_a", "line_b"])
        lines.append(f"{a} and {b} hold {len(keys):,} key{'s' if len(keys) != 1 else ''} "
                     "with different values:")
        for k in keys.head(MAX_SHOWN).itertuples():
            cols = pair[(pair["table_name"] == k.table_name) & (pair["key"] == k.key)
                        & (pair["line_a"] == k.line_a) & (pair["line_b"] == k.line_b)]
            diffs = "; ".join(f"{c.column_name} {_shown(c.value_a)} in {a}, {_shown(c.value_b)} "
                              f"in {b}" for c in cols.itertuples())
            lines.append(f"  {k.table_name} {k.key_columns} {k.key} ({a} line {k.line_a}, {b} "
                         f"line {k.line_b}): {diffs}")
        if len(keys) > MAX_SHOWN:
            lines.append(f"  ... and {len(keys) - MAX_SHOWN:,} more")
    options = " or ".join(f"--prefer {f}" for f in dict.fromkeys(map(base_name, files)))
    lines.append("Choose the file whose values are kept: import again with " + options
                 + " (on the Import page: the choice under the files); the other file's rows "
                 "with those keys are then rejected and listed. Or correct the files so that "
                 "they agree.")
    return "\n".join(lines)


def labels(parts: list[tuple[str, Path]]) -> list[str]:
    """How conflicts name each part (file name, origin path): its file name, unless files
    of the same name from different folders are in the load (jan/invoices.csv and
    feb/invoices.csv): those by their path from the folder the colliding files share."""
    bases = [base_name(name) for name, _ in parts]
    folders: dict[str, set[Path]] = {}
    for base, (_, path) in zip(bases, parts, strict=True):
        folders.setdefault(base, set()).add(path.resolve())
    clash = {b for b, found in folders.items() if len(found) > 1}
    if not clash:
        return [name for name, _ in parts]
    root = Path(os.path.commonpath([p.parent for b in clash for p in folders[b]]))
    return [f"{path.resolve().relative_to(root).as_posix()}{name[len(base):]}"
            if base in clash else name
            for base, (name, path) in zip(bases, parts, strict=True)]


def prepare(cur: duckdb.DuckDBPyConnection, parts: list[tuple[str, Path]],
            prefer: list[str]) -> None:
    """Record the parts of the load (position, label, rank among the preferred files, NULL
    when not preferred) and start empty conflict tables. `parts`: each part's label and the
    path of its file; a preferred name is a label, a file name or a path. LoadError when one
    names no file of the load."""
    ranks: list[int | None] = [None] * len(parts)
    for rank, given in enumerate(prefer):
        found = [n for n, (label, path) in enumerate(parts)
                 if given in (label, base_name(label)) or Path(given).resolve() == path.resolve()]
        if not found:
            names = ", ".join(dict.fromkeys(base_name(label) for label, _ in parts))
            raise LoadError(f"--prefer {given}: not a file of this load (its files: {names}). "
                            "Give the name of one of them.")
        for n in found:
            ranks[n] = rank if ranks[n] is None else ranks[n]
    for table in ("load_parts", "conflict_cells", "conflict_losers"):
        cur.execute(sql_text(f"store/sql/load/create_{table}.sql"))
    for n, (label, _) in enumerate(parts):
        cur.execute(sql_text("store/sql/load/insert_load_part.sql"),
                    {"part": n, "file_name": label, "rank": ranks[n]})


def _first_rows(model: type[Row], parts: dict[int, str]) -> str:
    """SELECT, over the checked tables of one table's parts, each part's first row per key
    among its rows without errors (later repeats are rejected as duplicates anyway)."""
    keys = ", ".join(quote_ident(k) for k in model.key)
    names = ", ".join(quote_ident(c.name) for c in columns(model))
    return "\nunion all\n".join(
        f"(select {part} as _part, _line, {names} from {checked} where len(_errors) = 0 "
        f"qualify row_number() over (partition by {keys} order by _line) = 1)"
        for part, checked in parts.items())


def _key_text(model: type[Row], alias: str) -> str:
    """SQL: a row's key as one text, its parts joined by ', ' (as rejects show keys)."""
    return " || ', ' || ".join(f"coalesce(cast({alias}.{quote_ident(k)} as varchar), '')"
                               for k in model.key)


def find(cur: duckdb.DuckDBPyConnection, table: str, parts: dict[int, str]) -> None:
    """Add to `conflict_cells` one row per column in which two parts of `table` (position:
    name of its checked table) hold the same key with different values."""
    model = BY_TABLE[table]
    key = [quote_ident(k) for k in model.key]
    match = " and ".join(f"a.{k} is not distinct from b.{k}" for k in key)
    key_text = _key_text(model, "a")
    cur.execute(f"create or replace temp table conflict_first as {_first_rows(model, parts)}")
    pairs = "\nunion all\n".join(
        f"select a._part as part_a, a._line as line_a, b._part as part_b, b._line as line_b, "
        f"{key_text} as key, {n} as column_no, '{c.name}' as column_name, "
        f"cast(a.{quote_ident(c.name)} as varchar) as value_a, "
        f"cast(b.{quote_ident(c.name)} as varchar) as value_b "
        f"from conflict_first as a join conflict_first as b on a._part < b._part and {match} "
        f"where a.{quote_ident(c.name)} is distinct from b.{quote_ident(c.name)}"
        for n, c in enumerate(columns(model)) if c.name not in model.key)
    cur.execute(f"insert into conflict_cells select $table_name, $key_columns, part_a, line_a, "
                f"part_b, line_b, key, column_no, column_name, value_a, value_b from ({pairs})",
                {"table_name": table, "key_columns": ", ".join(model.key)})
    cur.execute("drop table conflict_first")


def resolve(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Choose each conflicting key's winner (of the preferred files holding it, the one ranked
    first) and list the other parts' rows that differ from it as losers, with their reason.
    Returns the conflicts as decided (CELLS plus `kept`, the file whose values are kept);
    ConflictError naming every conflict no preferred file decides."""
    cur.execute(sql_text("store/sql/load/create_conflict_winners.sql"))
    undecided = cur.execute(sql_text("store/sql/load/undecided_conflicts.sql")).df()
    if len(undecided):
        files = list(dict.fromkeys([*undecided["file_a"], *undecided["file_b"]]))
        raise ConflictError(undecided[CELLS], files)
    cur.execute(sql_text("store/sql/load/insert_conflict_losers.sql"))
    return cur.execute(sql_text("store/sql/load/decided_conflicts.sql")).df()


def reject_losers(model: type[Row]) -> str:
    """UPDATE `checked_rows` (the part `$part` being merged): its rows that lost a conflict get
    their reject as an error, and so do later rows of the file with the same key, which would
    otherwise load in the lost row's place (as repeats of a key, rejected as duplicates)."""
    return f"""
update checked_rows as r
set _errors = list_append(_errors, {{
    'column': l.column_name,
    'value': l.value,
    'reason': case when r._line = l._line then l.reason
        else 'duplicate key: the same key is on line ' || l._line || ', which is rejected: '
            || l.reason end,
}})
from conflict_losers as l
where l._part = $part and l.value = {_key_text(model, "r")} and r._line >= l._line
    and len(r._errors) = 0
"""
