"""Generated SQL that merges checked rows into `raw_<table>` by key, and counts orphans.

Like `arlib.canonical.validation`, the column lists come from the models; only model identifiers are
written into the text. Keys may hold NULL parts (a payment's empty invoice_id), so keys are
compared with `is not distinct from`.
"""

from __future__ import annotations

from arlib.canonical.models import MODELS, Row
from arlib.canonical.validation import columns, quote_ident


def _key_match(model: type[Row], left: str, right: str) -> str:
    return " and ".join(f"{left}.{quote_ident(k)} is not distinct from {right}.{quote_ident(k)}"
                        for k in model.key)


def classify(model: type[Row], checked: str) -> str:
    """Rows of `checked` without errors, each with `_action` (inserted, updated, unchanged,
    duplicate) and `_first_line` (where a duplicate key was first seen in the file)."""
    keys = ", ".join(quote_ident(k) for k in model.key)
    same = " and ".join(f"r.{quote_ident(c.name)} is not distinct from o.{quote_ident(c.name)}"
                        for c in columns(model))
    return f"""
with ok as (
    select
        *,
        row_number() over (partition by {keys} order by _line) as _nth,
        min(_line) over (partition by {keys}) as _first_line,
    from {checked}
    where len(_errors) = 0
)
select
    o.* exclude (_nth, _errors),
    case
        when o._nth > 1 then 'duplicate'
        when r._load_id is null then 'inserted'
        when {same} then 'unchanged'
        else 'updated'
    end as _action,
from ok as o
left join raw_{model.table} as r on o._nth = 1 and {_key_match(model, 'r', 'o')}
"""


def insert_duplicate_rejects(model: type[Row], classified: str) -> str:
    """INSERT a reject for every repeat of a key already seen earlier in the same file."""
    names = " || ', ' || ".join(f"coalesce({quote_ident(k)}, '')" for k in model.key)
    return (f"insert into load_rejects select $load_id, $file_name, $table_name, _line, "
            f"'{', '.join(model.key)}', {names}, "
            f"'duplicate key: the same key is on line ' || _first_line || ', which is kept' "
            f"from {classified} where _action = 'duplicate'")


def delete_replaced(model: type[Row], classified: str) -> str:
    """DELETE the stored rows that an updated row of `classified` replaces."""
    return (f"delete from raw_{model.table} as r using {classified} as o "
            f"where o._action = 'updated' and {_key_match(model, 'r', 'o')}")


def insert_new(model: type[Row], classified: str) -> str:
    """INSERT the inserted and updated rows of `classified`, stamped with `$load_id`."""
    names = ", ".join(quote_ident(c.name) for c in columns(model))
    return (f"insert into raw_{model.table} ({names}, _load_id, _line) "
            f"select {names}, $load_id, _line from {classified} "
            f"where _action in ('inserted', 'updated')")


def rows_of_load(model: type[Row]) -> str:
    """SELECT the first `$limit` rows of `raw_<table>` written by load `$load_id`, by line."""
    names = ", ".join(quote_ident(c.name) for c in columns(model))
    return (f"select _line as line, {names} from raw_{model.table} "
            f"where _load_id = $load_id order by _line limit $limit")


def orphans() -> str:
    """One row per reference column of the models: stored rows whose target does not exist."""
    parts = []
    for model in MODELS:
        for col in columns(model):
            if not col.references:
                continue
            table, target = col.references.split(".")
            c = quote_ident(col.name)
            parts.append(
                f"select '{model.table}' as table_name, '{col.name}' as column_name, "
                f"'{col.references}' as refers_to, count(*) as rows "
                f"from raw_{model.table} as c where c.{c} is not null and not exists "
                f"(select 1 from raw_{table} as t where t.{quote_ident(target)} = c.{c})")
    return "\nunion all\n".join(parts)
