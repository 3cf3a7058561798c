"""Set-based checks derived from the row models: DDL and the validating SELECT of a load.

This is the one place where SQL text is generated rather than read from a query file
(`<package>/sql/`): the
column lists and checks are derived from `arlib.canonical.models`, so the models stay the only
definition of the schema. Only identifiers and constants of the models are written into the
SQL; file contents and user input never are.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic.fields import FieldInfo

from arlib import settings
from arlib.canonical.models import (
    BLANKS,
    DATE_SHAPE,
    FAR_FUTURE_DAYS,
    FAR_FUTURE_MESSAGE,
    TIMESTAMP_SHAPE,
    Row,
    Shape,
    lowercase,
)

_CONSTRAINTS = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern", "max_digits",
                "decimal_places")
_BLANKS_SQL = " || ".join(f"chr({ord(ch)})" for ch in BLANKS)
# control characters: none in a key (an id with a NUL looks like another id and never matches
# it); in free text every one but tab and line breaks is removed (RE2 classes)
KEY_CONTROLS = r"[\x00-\x1f\x7f]"
TEXT_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
SHOWN_CHARS = 200  # of a rejected cell, in a report and in load_rejects
_TRUE = ("true", "t", "yes", "y", "1", "on")
_FALSE = ("false", "f", "no", "n", "0", "off")


@dataclass
class Column:
    """What the models say about one column: SQL type, required, constraints, reference."""

    name: str
    py_type: type
    required: bool
    choices: tuple[str, ...] = ()
    constraints: dict[str, Any] = field(default_factory=dict)
    hint: str | None = None
    references: str | None = None
    lowercase: bool = False
    shape: Shape | None = None

    @property
    def sql_type(self) -> str:
        if self.py_type is Decimal:
            digits = self.constraints.get("max_digits", 18)
            return f"decimal({digits}, {self.constraints.get('decimal_places', 2)})"
        return {str: "varchar", date: "date", datetime: "timestamp", int: "integer",
                bool: "boolean"}[self.py_type]


def _walk(annotation: Any, col: Column) -> None:
    """Fill `col` from a (possibly Optional / Annotated / Literal) annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                _walk(arg, col)
    elif origin is Annotated:
        base, *meta = typing.get_args(annotation)
        _walk(base, col)
        for item in meta:
            _absorb(item, col)
    elif origin is Literal:
        col.py_type, col.choices = str, typing.get_args(annotation)
    else:
        col.py_type = annotation


def _absorb(item: Any, col: Column) -> None:
    """Take constraints from one metadata item (annotated_types object or FieldInfo)."""
    if isinstance(item, BeforeValidator) and item.func is lowercase:
        col.lowercase = True
    if isinstance(item, BeforeValidator) and isinstance(item.func, Shape):
        col.shape = item.func
    if isinstance(item, FieldInfo):
        for sub in item.metadata:
            _absorb(sub, col)
        col.hint = item.description or col.hint
        return
    for name in _CONSTRAINTS:
        value = getattr(item, name, None)
        if value is not None:
            col.constraints[name] = value


def columns(model: type[Row]) -> list[Column]:
    """The model's columns in declaration order, with everything the checks need."""
    result = []
    for name, info in model.model_fields.items():
        col = Column(name=name, py_type=str, required=info.is_required())
        _walk(info.annotation, col)
        for item in info.metadata:
            _absorb(item, col)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        col.references = extra.get("references")
        col.hint = col.hint or info.description
        result.append(col)
    return result


def is_key(col: Column) -> bool:
    """True for an id column (its own key or a reference to another table's)."""
    return col.name.endswith("_id") or col.references is not None


def _text(col: Column, present: set[str]) -> str:
    """SQL for a column's cell as checked: trimmed, blank as NULL, and in free text without
    the control characters that no program shows (a key keeps them, to be rejected)."""
    if col.name not in present:
        return "cast(null as varchar)"
    cell = f"s.{quote_ident(col.name)}"
    if col.py_type is str and not is_key(col) and not col.choices:
        cell = f"regexp_replace({cell}, {_lit(TEXT_CONTROLS)}, '', 'g')"
    return f"nullif(trim({cell}, {_BLANKS_SQL}), '')"


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    """A SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def create_raw_table(model: type[Row]) -> str:
    """DDL of `raw_<table>`: typed model columns plus the load that last wrote the row."""
    cols = ",\n    ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in columns(model))
    return (f"create table if not exists raw_{model.table} (\n    {cols},\n"
            "    _load_id integer not null,\n    _line integer\n)")


def add_column(model: type[Row], name: str) -> str:
    """DDL adding one model column to an existing `raw_<table>` (a store made before the
    column existed: its rows read NULL there)."""
    col = next(c for c in columns(model) if c.name == name)
    return (f"alter table raw_{model.table} add column if not exists "
            f"{quote_ident(col.name)} {col.sql_type}")


def _parse(col: Column, v: str) -> str:
    """SQL turning the trimmed text `v` into the column's type, NULL when it does not parse."""
    if col.shape:
        return (f"case when regexp_full_match({v}, {_lit(col.shape.pattern)}) "
                f"then try_cast({v} as {col.shape.sql_type}) end")
    if col.py_type is bool:
        return (f"case when lower({v}) in ({', '.join(map(_lit, _TRUE))}) then true "
                f"when lower({v}) in ({', '.join(map(_lit, _FALSE))}) then false end")
    if col.choices or col.lowercase:
        return f"lower({v})"
    return v


def _checks(col: Column, v: str, p: str) -> list[tuple[str, str]]:
    """(failing condition, reason) pairs for one column; `v` is the text, `p` the parsed value."""
    c = col.constraints
    out = []
    if col.py_type is str and "max_length" not in c:
        longest = settings.load().import_max_cell_chars
        out.append((f"length({v}) > {longest}",
                    f"is longer than {longest:,} characters (AR_IMPORT_MAX_CELL_CHARS)"))
    if is_key(col):
        out.append((f"regexp_matches({v}, {_lit(KEY_CONTROLS)})",
                    "holds a control character (NUL, tab, line break…), which no id may hold"))
    if col.required:
        out.append((f"{v} is null", "is required"))
    if col.shape:
        out.append((f"{v} is not null and {p} is null", col.shape.message))
    if col.shape in (DATE_SHAPE, TIMESTAMP_SHAPE):
        out.append((f"cast({p} as date) > current_date + {FAR_FUTURE_DAYS}", FAR_FUTURE_MESSAGE))
    if col.py_type is bool:
        out.append((f"{v} is not null and {p} is null", "is not true/false"))
    if col.choices:
        out.append((f"{p} not in ({', '.join(map(_lit, col.choices))})",
                    "must be one of: " + ", ".join(col.choices)))
    # Places and size are read off the text, as pydantic does (trailing zeros do not count),
    # so that parsing into a fixed scale can never round a value before it is checked.
    if "decimal_places" in c:
        places = f"length(rtrim(regexp_extract({v}, '\\.(\\d*)$', 1), '0'))"
        out.append((f"{p} is not null and {places} > {c['decimal_places']}",
                    f"has more than {c['decimal_places']} decimal places"))
    if "max_digits" in c:
        whole = c["max_digits"] - c.get("decimal_places", 0)
        digits = f"length(ltrim(regexp_extract({v}, '^[+-]?(\\d*)', 1), '0'))"
        out.append((f"{p} is not null and {digits} > {whole}",
                    f"is too large (more than {whole} digits before the decimal point)"))
    for name, op, word in (("gt", "<=", ">"), ("ge", "<", ">="), ("lt", ">=", "<"),
                           ("le", ">", "<=")):
        if name in c:
            out.append((f"{p} {op} {c[name]}", f"must be {word} {c[name]}"))
    if "min_length" in c and c["min_length"] > 1:
        out.append((f"length({v}) < {c['min_length']}", f"is shorter than {c['min_length']}"))
    if "max_length" in c:
        out.append((f"length({v}) > {c['max_length']}",
                    f"is longer than {c['max_length']} characters"))
    if "pattern" in c:
        out.append((f"not regexp_full_match({v}, {_lit(c['pattern'].strip('^$'))})",
                    f"must be {col.hint}" if col.hint else f"must match {c['pattern']}"))
    return out


def check_select(model: type[Row], source: str, present: set[str]) -> str:
    """SELECT over `source` (text columns plus `_line`): typed columns and a list `_errors`.

    Columns of the model absent from the file read as NULL; each error is a struct of
    column, value and reason, so one bad row can report several problems at once. Text and
    parsed values are computed once per column in CTEs, then every check reads them.
    """
    cols = columns(model)
    text = {c.name: quote_ident(c.name + "__t") for c in cols}
    parsed = {c.name: quote_ident(c.name + "__p") for c in cols}
    trimmed = ",\n    ".join(f"{_text(c, present)} as {text[c.name]}" for c in cols)
    parsing = ",\n    ".join(f"{_parse(c, text[c.name])} as {parsed[c.name]}" for c in cols)

    def error(column: str, cond: str, reason: str) -> str:
        # a reject shows what the file said, cut where a report line could not hold it
        t = text[column]
        shown = (f"case when length({t}) > {SHOWN_CHARS} then left({t}, {SHOWN_CHARS}) || "
                 f"'… (' || length({t}) || ' characters)' else {t} end")
        return (f"case when {cond} then {{'column': {_lit(column)}, "
                f"'value': {shown}, 'reason': {_lit(reason)}}} end")

    errors = [error(c.name, cond, reason) for c in cols
              for cond, reason in _checks(c, text[c.name], parsed[c.name])]
    for rule in model.rules:
        right = parsed[rule.other] if isinstance(rule.other, str) else str(rule.other)
        cond = f"not ({parsed[rule.column]} {rule.op} {right})"
        if rule.when:
            default = model.defaults.get(rule.when[0])
            when = parsed[rule.when[0]]
            if default is not None:
                when = f"coalesce({when}, {_lit(default)})"
            cond = f"{when} = {_lit(rule.when[1])} and {cond}"
        errors.append(error(rule.column, cond, rule.message))
    typed = ",\n    ".join(f"try_cast({parsed[c.name]} as {c.sql_type}) as {quote_ident(c.name)}"
                           for c in cols)
    error_list = ",\n        ".join(errors)
    return (f"with texts as (\nselect\n    s._line,\n    {trimmed}\nfrom {source} as s\n),\n"
            f"parsed as (\nselect\n    texts.*,\n    {parsing}\nfrom texts\n)\n"
            f"select\n    _line,\n    {typed},\n    list_filter([\n        {error_list}\n"
            f"    ], lambda e: e is not null) as _errors\nfrom parsed")
