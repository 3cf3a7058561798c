"""Control characters removed from free text as a load checks it, counted for the report:
per file and column, how many values held one and which characters they were.

Like `arlib.store.upsert`, the SQL is generated from the models: only model identifiers and
the staged table's name are written into it; the character class is a parameter.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import TEXT_CONTROLS, columns, is_key, quote_ident

COUNTED = ["file_name", "table_name", "column_name", "cleaned", "characters"]


def _cleaned_columns(table: str, present: set[str]) -> list[str]:
    """The free-text columns of `table` the file has: the ones whose control characters are
    removed (an id keeps them and is rejected; a code is checked against its choices)."""
    return [c.name for c in columns(BY_TABLE[table])
            if c.name in present and c.py_type is str and not is_key(c) and not c.choices]


def count(cur: duckdb.DuckDBPyConnection, source: str, file_name: str, table: str,
          present: set[str]) -> pd.DataFrame:
    """One row per free-text column of the staged table `source` (one file's rows read) in
    which values held control characters: COUNTED, `cleaned` the number of such values and
    `characters` their code points, ascending."""
    names = _cleaned_columns(table, present)
    if not names:
        return pd.DataFrame(columns=COUNTED)
    parts = "\nunion all\n".join(
        f"select {n} as column_no, count(*) as cleaned, list_sort(list_distinct(flatten(list("
        f"list_transform(regexp_extract_all({quote_ident(c)}, $controls), lambda x: unicode(x))"
        f")))) as characters from {source} where regexp_matches({quote_ident(c)}, $controls)"
        for n, c in enumerate(names))
    found = cur.execute(f"select * from ({parts}) where cleaned > 0 order by column_no",
                        {"controls": TEXT_CONTROLS}).fetchall()
    return pd.DataFrame([(file_name, table, names[n], cleaned, list(chars))
                         for n, cleaned, chars in found], columns=COUNTED)


def character_name(code: int) -> str:
    """0 -> 'NUL', 7 -> 'U+0007': how a note names a removed character."""
    return "NUL" if code == 0 else f"U+{code:04X}"


def notes(counted: pd.DataFrame) -> list[str]:
    """One sentence per file and column: "notes.csv: 3 values in 'text' had control
    characters removed (NUL, U+0007)"."""
    return [f"{r.file_name}: {r.cleaned:,} value{'s' if r.cleaned != 1 else ''} in "
            f"'{r.column_name}' had control characters removed "
            f"({', '.join(character_name(int(c)) for c in r.characters)})"
            for r in counted.itertuples()]
