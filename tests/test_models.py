"""Every kind of bad value is refused the same way by the row models and by the SQL checks.

Each case starts from one valid row per table (VALID), spoils one cell, and checks both paths:
(a) the pydantic model raises a ValidationError naming the column, (b) a one-row CSV named after
the table, loaded with `arlib.store.loader.load`, is
rejected with that column and a readable reason.
Expected values are written out by hand or parsed with the standard library, never taken from
arlib's output.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from arlib.canonical.models import BY_TABLE, MODELS
from arlib.store import db, loader
from tests.cells import DATE_COLUMNS, expected_value

# One valid row per canonical table, as CSV text (every column of data-model.md present).
VALID: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": "C1", "name": "Acme Tools", "rep_id": "R1", "region": "East",
        "city": "Boston", "country": "US", "currency": "USD", "terms_days": "30",
        "credit_limit": "25000.00", "customer_since": "2015-03-01", "billing_method": "email",
        "account_type": "commercial",
    },
    "reps": {
        "rep_id": "R1", "name": "Ana Ortiz", "team": "East", "start_on": "2022-01-10",
        "end_on": "2024-12-31",
    },
    "rep_absences": {
        "rep_id": "R1", "from_on": "2024-11-04", "to_on": "2024-11-08", "reason": "vacation",
    },
    "holidays": {"on": "2024-12-25", "name": "Christmas Day"},
    "invoices": {
        "invoice_id": "I101", "customer_id": "C1", "doc_type": "invoice",
        "invoice_on": "2024-09-15", "due_on": "2024-10-15", "amount": "10000.00",
        "currency": "USD", "reference": "PO-5501",
    },
    "payments": {
        "payment_id": "P1", "customer_id": "C1", "invoice_id": "I101", "paid_on": "2024-10-20",
        "amount": "10000.00", "currency": "USD", "method": "ach", "reference": "CHK-1182",
    },
    "contacts": {
        "contact_id": "K1", "customer_id": "C1", "rep_id": "R1", "contact_at": "2024-10-14 09:00",
        "channel": "call", "direction": "outbound", "outcome": "reached", "person": "Dana Fox",
        "note": "Confirmed I101 received",
    },
    "promises": {
        "promise_id": "PR1", "customer_id": "C1", "rep_id": "R1", "invoice_id": "I102",
        "made_on": "2024-11-18", "due_on": "2024-11-25", "amount": "2000.00",
        "currency": "USD", "note": "by Friday",
    },
    "disputes": {
        "dispute_id": "D2", "customer_id": "C1", "invoice_id": "I101", "opened_on": "2024-09-20",
        "resolved_on": "2024-10-05", "amount": "10000.00", "currency": "USD",
        "reason": "missing_po", "owner": "Ana Ortiz", "resolution": "rejected",
        "note": "PO number supplied",
    },
    "notes": {
        "note_id": "N1", "customer_id": "C1", "author": "Ana Ortiz",
        "created_at": "2024-12-02 11:05", "text": "AP moved to a new ERP in November.",
    },
    "people": {
        "customer_id": "C1", "name": "Dana Fox", "role": "AP lead",
        "email": "dana.fox@acmetools.example", "phone": "+1 617 555 0101", "is_primary": "true",
        "verified_on": "2024-11-18",
    },
    "fx_rates": {"currency": "CAD", "on": "2024-01-01", "rate_to_base": "0.75"},
}

# Required columns: the bold ones of data-model.md, copied by hand.
REQUIRED: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id", "name"),
    "reps": ("rep_id", "name"),
    "rep_absences": ("rep_id", "from_on", "to_on"),
    "holidays": ("on",),
    "invoices": ("invoice_id", "customer_id", "invoice_on", "due_on", "amount"),
    "payments": ("payment_id", "customer_id", "paid_on", "amount"),
    "contacts": ("contact_id", "customer_id", "rep_id", "contact_at", "channel"),
    "promises": ("promise_id", "customer_id", "rep_id", "made_on", "due_on", "amount"),
    "disputes": ("dispute_id", "customer_id", "opened_on"),
    "notes": ("note_id", "customer_id", "created_at", "text"),
    "people": ("customer_id", "name"),
    "fx_rates": ("currency", "on", "rate_to_base"),
}

# Columns whose values are codes: trimmed and lower-cased on import.


def expected_row(row: dict[str, str]) -> dict[str, Any]:
    return {column: expected_value(column, text) for column, text in row.items()}


# ---------------------------------------------------------------- the two paths


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(rows[0].keys())
        for row in rows:
            writer.writerow(row.values())
    return path


@dataclass
class SqlResult:
    report: loader.LoadReport
    stored: list[dict[str, Any]]  # rows of raw_<table> written by this load

    @property
    def rejects(self) -> list[dict[str, Any]]:
        return self.report.rejects.to_dict("records")


def sql_path(con, folder: Path, table: str, row: dict[str, str]) -> SqlResult:
    """Load `row` as a one-row `<table>.csv` and return the report and what was stored."""
    folder.mkdir(parents=True, exist_ok=True)
    report = loader.load(con, [write_csv(folder / f"{table}.csv", [row])])
    cur = con.execute(f"select * exclude (_load_id, _line) from raw_{table} "
                      "where _load_id = $load_id", {"load_id": report.load_id})
    names = [d[0] for d in cur.description]
    return SqlResult(report, [dict(zip(names, r, strict=True)) for r in cur.fetchall()])


def model_path(table: str, row: dict[str, str]) -> dict[str, Any]:
    return BY_TABLE[table](**row).model_dump()


def errors_naming(exc: ValidationError, column: str) -> list[dict[str, Any]]:
    """Errors of `exc` about `column`: on its field, or a cross-column rule naming it."""
    return [e for e in exc.errors()
            if e["loc"][:1] == (column,) or e["msg"].startswith(f"Value error, {column}:")]


@pytest.fixture(scope="module")
def shared_con():
    """One store for the rejection cases: a rejected row writes nothing to raw_* tables."""
    con = db.open_database(":memory:")
    yield con
    con.close()


# ---------------------------------------------------------------- the table of bad values


@dataclass(frozen=True)
class Bad:
    kind: str
    table: str
    column: str
    value: str
    sql_reason: str  # regex the SQL path's reason must match
    py_message: str | None  # regex the pydantic message must match (None: field named only)

    @property
    def id(self) -> str:
        shown = self.value if len(self.value) <= 20 else f"{self.value[0]}*{len(self.value)}"
        return f"{self.kind}-{self.table}.{self.column}={shown!r}"


def _bad_cases() -> list[Bad]:
    cases: list[Bad] = []

    def add(kind, table, column, value, sql_reason, py_message):
        assert column in VALID[table], (table, column)
        cases.append(Bad(kind, table, column, value, sql_reason, py_message))

    for table, columns in REQUIRED.items():
        for column in columns:
            add("missing", table, column, "", r"^is required$", None)
        add("blank", table, columns[-1], "   ", r"^is required$", None)

    bad_dates = ["2024-02-30", "15/10/2024", "2024-1-5", "soon", "2024-13-01", "20241015"]
    date_columns = [(t, c) for t, row in VALID.items() for c in row if c in DATE_COLUMNS]
    for i, (table, column) in enumerate(date_columns):
        add("not_a_date", table, column, bad_dates[i % len(bad_dates)],
            r"^is not a date \(expected YYYY-MM-DD\)$", r"date")
    for table, column in (("contacts", "contact_at"), ("notes", "created_at")):
        for value in ("2024-10-14 25:00", "14.10.2024 09:00", "2024-10-14 9am"):
            add("bad_timestamp", table, column, value, r"is not a date-time",
                r"is not a date-time \(expected YYYY-MM-DD HH:MM\)")

    not_numbers = ["12,50", "1.2.3", "ten", "$100", "100 USD", "1,000.00"]
    number_columns = [("customers", "credit_limit"), ("invoices", "amount"),
                      ("payments", "amount"), ("promises", "amount"), ("disputes", "amount"),
                      ("fx_rates", "rate_to_base")]
    for i, (table, column) in enumerate(number_columns):
        add("not_a_number", table, column, not_numbers[i % len(not_numbers)],
            r"is not a number", r"is not a number")
    for value in ("thirty", "30.5", "30 days"):
        add("not_a_number", "customers", "terms_days", value, r"is not a whole number",
            r"is not a whole number")

    for table, column in number_columns[:-1]:
        add("three_decimals", table, column, "100.005",
            r"has more than 2 decimal places", r"no more than 2 decimal places")

    for table, column, value, sql_reason in (
            ("payments", "amount", "-10.00", r"must be > 0"),
            ("payments", "amount", "0", r"must be > 0"),
            ("promises", "amount", "-2000.00", r"must be > 0"),
            ("disputes", "amount", "-1.00", r"must be > 0"),
            ("customers", "credit_limit", "-1", r"must be >= 0"),
            ("customers", "terms_days", "-30", r"must be >= 0"),
            ("fx_rates", "rate_to_base", "-0.75", r"must be > 0"),
            ("fx_rates", "rate_to_base", "0", r"must be > 0")):
        add("negative", table, column, value, sql_reason, r"greater than")

    for table, column, value, allowed in (
            ("invoices", "doc_type", "bill", "invoice, credit_note"),
            ("contacts", "channel", "phone", "call, email, visit, letter, sms, meeting, other"),
            ("contacts", "direction", "sideways", "inbound, outbound"),
            ("contacts", "outcome", "maybe", "reached, left_message, no_answer, promise, "
                                             "dispute, paid, refused, bounced, wrong_number, "
                                             "other"),
            ("customers", "billing_method", "fax", "email, portal, edi, mail"),
            ("customers", "account_type", "retail", "commercial, consumer, government, other")):
        add("not_allowed", table, column, value, "^must be one of: " + re.escape(allowed) + "$",
            r"^Input should be '")

    currencies = ["usd", "US", "EURO", "$", "U5D", "US D"]
    currency_tables = [t for t, row in VALID.items() if "currency" in row]
    for i, table in enumerate(currency_tables):
        add("bad_currency", table, "currency", currencies[i % len(currencies)],
            r"^must be a 3-letter ISO 4217 code such as USD$", r"pattern")

    for table, column, value, message in (
            ("invoices", "due_on", "2024-09-14", "due date is before invoice date"),
            ("invoices", "amount", "-100.00", "an invoice amount must be positive"),
            ("invoices", "amount", "0.00", "an invoice amount must be positive"),
            ("invoices", "doc_type", "credit_note", "a credit note amount must be negative"),
            ("promises", "due_on", "2024-11-17", "promised date is before the date it was made"),
            ("rep_absences", "to_on", "2024-11-03", "absence ends before it starts"),
            ("reps", "end_on", "2022-01-09", "end date is before start date"),
            ("disputes", "resolved_on", "2024-09-19", "resolved before it was opened")):
        # the credit-note rule is reported on `amount`, the cell whose sign is wrong
        reported = "amount" if column == "doc_type" else column
        cases.append(Bad("rule", table, reported, value, "^" + re.escape(message) + "$",
                         re.escape(message)))

    for value in ("maybe", "2", "yes please"):
        add("not_boolean", "people", "is_primary", value, r"^is not true/false$",
            r"valid boolean")

    id_columns = [(t, next(iter(VALID[t]))) for t in VALID if t not in ("holidays", "fx_rates")]
    for table, column in id_columns:
        add("too_long", table, column, "X" * 65, r"^is longer than 64 characters$",
            r"at most 64 characters")
    add("too_long", "people", "name", "N" * 201, r"^is longer than 200 characters$",
        r"at most 200 characters")
    return cases


BAD = _bad_cases()

def _params(path: str) -> list:
    out = []
    for case in BAD:
        out.append(pytest.param(case, id=case.id))
    return out


def _spoil(case: Bad) -> dict[str, str]:
    """The valid row with the one cell of `case` replaced (the credit-note case sets doc_type)."""
    column = "doc_type" if case.kind == "rule" and case.value == "credit_note" else case.column
    return {**VALID[case.table], column: case.value}


def _shown(value: str) -> str:
    """What a reject line shows of a value: the first 200 characters and the full length."""
    return value if len(value) <= 200 else f"{value[:200]}… ({len(value)} characters)"


# ---------------------------------------------------------------- tests


def test_every_model_has_a_valid_row_and_its_required_columns_match_the_doc():
    assert set(VALID) == {m.table for m in MODELS} == set(REQUIRED)
    for model in MODELS:
        assert list(VALID[model.table]) == list(model.model_fields), model.table
        required = tuple(n for n, f in model.model_fields.items() if f.is_required())
        assert required == REQUIRED[model.table], model.table


def test_every_kind_of_bad_value_covers_every_model_it_applies_to():
    kinds_by_table: dict[str, set[str]] = {}
    for case in BAD:
        kinds_by_table.setdefault(case.table, set()).add(case.kind)
    assert set(kinds_by_table) == set(VALID)
    assert {t for t, kinds in kinds_by_table.items() if "too_long" in kinds} == \
        set(VALID) - {"holidays", "fx_rates"}
    assert {t for t, kinds in kinds_by_table.items() if "rule" in kinds} == \
        {"invoices", "promises", "rep_absences", "reps", "disputes"}


@pytest.mark.parametrize("table", sorted(VALID))
def test_valid_row_passes_the_model(table):
    assert model_path(table, VALID[table]) == expected_row(VALID[table])


@pytest.mark.parametrize("table", sorted(VALID))
def test_valid_row_passes_the_sql_path(table, tmp_path):
    con = db.open_database(":memory:")
    try:
        result = sql_path(con, tmp_path, table, VALID[table])
    finally:
        con.close()
    assert result.rejects == []
    assert (result.report.total("inserted"), result.report.total("rejected")) == (1, 0)
    assert result.stored == [expected_row(VALID[table])]


@pytest.mark.parametrize("case", _params("model"))
def test_bad_value_is_rejected_by_the_model(case):
    row = _spoil(case)
    with pytest.raises(ValidationError) as info:
        BY_TABLE[case.table](**row)
    named = errors_naming(info.value, case.column)
    assert named, f"no error names {case.column}: {info.value}"
    assert len(named) == len(info.value.errors()), "errors about other columns too"
    if case.py_message:
        assert any(re.search(case.py_message, e["msg"]) for e in named), named


@pytest.mark.parametrize("case", _params("sql"))
def test_bad_value_is_rejected_by_the_sql_path(case, shared_con, tmp_path):
    result = sql_path(shared_con, tmp_path, case.table, _spoil(case))
    assert result.stored == []
    assert result.report.total("rejected") == 1
    assert result.report.total("inserted") == 0
    rejects = result.rejects
    assert [(r["file_name"], r["table_name"], r["line"]) for r in rejects] == \
        [(f"{case.table}.csv", case.table, 2)] * len(rejects)
    assert {r["column_name"] for r in rejects} == {case.column}
    assert any(re.search(case.sql_reason, r["reason"]) for r in rejects), rejects
    assert {r["value"] for r in rejects} == {_shown(_spoil(case)[case.column].strip())}


def test_absent_required_column_says_field_required_in_the_model():
    row = {k: v for k, v in VALID["invoices"].items() if k != "due_on"}
    with pytest.raises(ValidationError) as info:
        BY_TABLE["invoices"](**row)
    assert [(e["loc"], e["msg"]) for e in info.value.errors()] == [(("due_on",), "Field required")]


@pytest.mark.parametrize("table,column", [("invoices", "due_on"), ("invoices", "amount"),
                                          ("customers", "name")])
def test_empty_required_cell_says_field_required_in_the_model(table, column):
    with pytest.raises(ValidationError) as info:
        BY_TABLE[table](**{**VALID[table], column: ""})
    assert [e["type"] for e in info.value.errors()] == ["missing"]


# ---------------------------------------------------------------- normalisation


NORMALISED = [
    # (table, cell changes, expected typed values of the changed columns)
    ("customers", {"customer_id": "  C1 ", "name": "  Acme Tools  ", "billing_method": " Portal ",
                   "region": "", "city": "   ", "terms_days": " 45 ",
                   "credit_limit": " 1000.5 "},
     {"customer_id": "C1", "name": "Acme Tools", "billing_method": "portal", "region": None,
      "city": None, "terms_days": 45, "credit_limit": Decimal("1000.50")}),
    ("contacts", {"channel": "Call", "direction": "INBOUND", "outcome": " Left_Message ",
                  "person": "", "note": "  two  spaces inside  "},
     {"channel": "call", "direction": "inbound", "outcome": "left_message", "person": None,
      "note": "two  spaces inside"}),
    ("invoices", {"doc_type": " Credit_Note", "amount": "-500", "currency": "",
                  "reference": " "},
     {"doc_type": "credit_note", "amount": Decimal("-500.00"), "currency": None,
      "reference": None}),
    ("invoices", {"doc_type": ""}, {"doc_type": None}),
    ("payments", {"invoice_id": "", "method": "ACH", "amount": "+12.5"},
     {"invoice_id": None, "method": "ach", "amount": Decimal("12.50")}),
    ("people", {"is_primary": " TRUE "}, {"is_primary": True}),
    ("people", {"is_primary": "No"}, {"is_primary": False}),
    ("people", {"is_primary": "", "verified_on": ""}, {"is_primary": None, "verified_on": None}),
    ("reps", {"end_on": "", "team": "  "}, {"end_on": None, "team": None}),
    ("fx_rates", {"currency": " CAD ", "rate_to_base": "0.7512345678"},
     {"currency": "CAD", "rate_to_base": Decimal("0.7512345678")}),
]


@pytest.mark.parametrize("table,changes,expected", NORMALISED,
                         ids=[f"{t}-{'-'.join(c)}" for t, c, _ in NORMALISED])
def test_values_are_normalised_the_same_on_both_paths(table, changes, expected, tmp_path):
    row = {**VALID[table], **changes}
    want = {**expected_row(VALID[table]), **expected}
    assert model_path(table, row) == want
    con = db.open_database(":memory:")
    try:
        result = sql_path(con, tmp_path, table, row)
    finally:
        con.close()
    assert result.rejects == []
    assert result.stored == [want]


@pytest.mark.parametrize("changes", [{"name": "Acme Tools\t"}, {"customer_id": "\tC1"},
                                     {"name": "\t"}, {"billing_method": "email\t"}],
                         ids=["trailing-tab-text", "leading-tab-id", "tab-only-required",
                              "tab-after-enum"])
def test_tabs_are_trimmed_the_same_on_both_paths(changes, tmp_path):
    row = {**VALID["customers"], **changes}
    try:
        model: dict | None = model_path("customers", row)
    except ValidationError:
        model = None
    con = db.open_database(":memory:")
    try:
        result = sql_path(con, tmp_path, "customers", row)
    finally:
        con.close()
    assert (result.stored or [None]) == [model]


@pytest.mark.parametrize("table,column,text", [
    ("invoices", "due_on", "2024-10-15 "), ("fx_rates", "on", " 2024-01-01"),
    ("contacts", "contact_at", " 2024-10-14 09:00 ")], ids=["trailing", "leading", "timestamp"])
def test_dates_with_spaces_around_are_trimmed_on_both_paths(table, column, text, tmp_path):
    row = {**VALID[table], column: text}
    want = {**expected_row(VALID[table]), column: expected_value(column, text)}
    con = db.open_database(":memory:")
    try:
        assert sql_path(con, tmp_path, table, row).stored == [want]
    finally:
        con.close()
    assert model_path(table, row) == want


# ---------------------------------------------------------------- known disagreements


# Cells where pydantic's lax parsing (exponents, underscores, '30.0', unix times, offsets) or
# DuckDB's lenient casts (year 0, hour 24, rounding to a fixed scale) once disagreed: both
# paths now check the text shape of `arlib.canonical.models.Shape` first, and both refuse every one.
EDGE_CELLS = [
    ("invoices", "amount", "100.00000000001"), ("fx_rates", "rate_to_base", "0.12345678901"),
    ("invoices", "invoice_on", "0000-01-01"), ("contacts", "contact_at", "2024-10-14 24:00"),
    ("invoices", "amount", "1e3"), ("invoices", "amount", "1_000"),
    ("customers", "terms_days", "30.0"), ("customers", "terms_days", "0000000030"),
    ("invoices", "invoice_on", "2024-09-15T00:00"),
    ("contacts", "contact_at", "2024-10-14 09:00+01:00"),
    ("contacts", "contact_at", "2024-10-14t09:00"), ("contacts", "contact_at", "1700000000"),
    ("invoices", "invoice_on", "1726358400"),
]


@pytest.mark.parametrize("table,column,text", [
    pytest.param(t, c, v, id=f"{t}.{c}={v!r}") for t, c, v in EDGE_CELLS])
def test_both_paths_refuse_edge_cells(table, column, text, shared_con, tmp_path):
    row = {**VALID[table], column: text}
    with pytest.raises(ValidationError):
        model_path(table, row)
    result = sql_path(shared_con, tmp_path, table, row)
    assert {r["column_name"] for r in result.rejects} == {column}, result.rejects


# ---------------------------------------------------------------- property: same verdict


def _text(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, max_size=max_size)


DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.sampled_from(["", "  ", "2024-02-30", "2024-02-29", "2023-02-29", "2024-13-01",
                     "2024-1-5", "24-01-05", "2024/01/05", "05.01.2024",
                     "20240105", "soon", "2024-01-05x"]),
    _text("0123456789-", 11),
)
TIMESTAMPS = st.one_of(
    st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda d: d.isoformat(sep=" ")),
    st.sampled_from(["", "2024-10-14", "2024-10-14T09:00", "2024-10-14 09:00:00",
                     "2024-10-14 25:00", "2024-10-14 09:60", "2024-10-14 9:00", "14/10/2024 09:00",
                     "2024-10-14 09:00:00.5", "2024-10-14 09", "noon"]),
    _text("0123456789-: ", 16),
)
AMOUNTS = st.one_of(
    st.decimals(min_value=-10**9, max_value=10**9, places=2).map(str),
    st.decimals(min_value=-10**6, max_value=10**6, places=4).map(str),
    st.sampled_from(["", "0", "-0", ".5", "5.", "+7", "12,50", "1.2.3", "$5", "-", ".", " 9 ",
                     "1 000", "NaN", "inf", "12345678901234567"]),
    _text("0123456789.-+ ", 8),
)
WHOLE = st.one_of(
    st.integers(-100, 5000).map(str),
    st.sampled_from(["", "30.5", "3650", "3651", "+5", " 7 ", "1e2", "thirty"]),
    _text("0123456789-+. ", 6),
)


def _enum(valid: list[str]) -> st.SearchStrategy[str]:
    variants = [v.upper() for v in valid] + [f" {v.title()} " for v in valid]
    return st.sampled_from([*valid, *variants, "", "other stuff", "e-mail", "call,", "phone"])


BOOLS = st.sampled_from(["true", "false", "TRUE", " yes ", "No", "1", "0", "on", "off", "t", "f",
                         "y", "n", "", "maybe", "2", "tru", "-1"])

ROWS = st.one_of(
    st.fixed_dictionaries({"table": st.just("invoices"), "invoice_on": DATES, "due_on": DATES,
                           "amount": AMOUNTS, "doc_type": _enum(["invoice", "credit_note"])}),
    st.fixed_dictionaries({"table": st.just("customers"), "terms_days": WHOLE,
                           "credit_limit": AMOUNTS, "customer_since": DATES,
                           "billing_method": _enum(["email", "portal", "edi", "mail"]),
                           "account_type": _enum(["commercial", "consumer", "government"])}),
    st.fixed_dictionaries({"table": st.just("contacts"), "contact_at": TIMESTAMPS,
                           "channel": _enum(["call", "email", "visit", "sms"]),
                           "direction": _enum(["inbound", "outbound"]),
                           "outcome": _enum(["reached", "left_message", "no_answer"])}),
    st.fixed_dictionaries({"table": st.just("people"), "is_primary": BOOLS,
                           "verified_on": DATES}),
    st.fixed_dictionaries({"table": st.just("fx_rates"), "on": DATES, "rate_to_base": AMOUNTS}),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(cells=ROWS)
def test_model_accepts_exactly_when_sql_accepts(cells, tmp_path_factory):
    table = cells["table"]
    row = {**VALID[table], **{k: v for k, v in cells.items() if k != "table"}}
    try:
        model: dict | None = model_path(table, row)
    except ValidationError:
        model = None
    con = db.open_database(":memory:")
    try:
        result = sql_path(con, tmp_path_factory.mktemp("row"), table, row)
    finally:
        con.close()
    sql_accepts = not result.rejects
    assert sql_accepts == (model is not None), (row, result.rejects)
    if model is not None:
        assert result.stored == [model]
