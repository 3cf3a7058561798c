"""Pydantic row models: the one definition of the canonical tables (data-model.md).

Names, types, required columns, constraints, keys, references and cross-column rules are
declared here once; `arlib.canonical.validation` derives the set-based DuckDB checks from them.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# Cells are trimmed of exactly these characters on both paths (SQL `trim` takes the same set).
BLANKS = " \t\n\r\f\v"


def lowercase(value: Any) -> Any:
    """Normalise codes and flags: lower-case (both the model and the SQL do this)."""
    return value.lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class Shape:
    """The text form a typed cell must have, checked before parsing on both paths, so that
    neither pydantic's lax parsing (unix times, '1e3') nor DuckDB's lenient casts (hour 24,
    year 0) accept what the other refuses."""

    pattern: str
    message: str
    sql_type: str

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(self.pattern, value):
            raise ValueError(self.message)
        return value


_YEAR = r"(?:[1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?"
DATE_SHAPE = Shape(_YEAR + r"-\d{2}-\d{2}", "is not a date (expected YYYY-MM-DD)", "date")
TIMESTAMP_SHAPE = Shape(_YEAR + r"-\d{2}-\d{2}(?:[ T]" + _TIME + ")?",
                        "is not a date-time (expected YYYY-MM-DD HH:MM)", "timestamp")
INT_SHAPE = Shape(r"[+-]?\d{1,9}", "is not a whole number", "integer")
DECIMAL_SHAPE = Shape(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
                      "is not a number (expected digits with a dot for decimals, e.g. 1234.50)",
                      "decimal(38, 10)")


def ref(target: str) -> dict[str, str]:
    """Field metadata naming the `table.column` a value must exist in (orphan check)."""
    return {"references": target}


Id = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(max_length=10_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# A date this far after the day of the load is a typing error (2062 for 2026), not a plan:
# no invoice, payment or promise is dated two years ahead. Both check paths use it.
FAR_FUTURE_DAYS = 730
FAR_FUTURE_MESSAGE = f"is more than {FAR_FUTURE_DAYS} days after today (a typing error?)"


def not_far_future(value: date) -> date:
    """Refuse a date (or date-time) more than FAR_FUTURE_DAYS after today."""
    day = value.date() if isinstance(value, datetime) else value
    if day > date.today() + timedelta(days=FAR_FUTURE_DAYS):
        raise ValueError(FAR_FUTURE_MESSAGE)
    return value


Day = Annotated[date, BeforeValidator(DATE_SHAPE), AfterValidator(not_far_future)]
Moment = Annotated[datetime, BeforeValidator(TIMESTAMP_SHAPE), AfterValidator(not_far_future)]
Whole = Annotated[int, BeforeValidator(INT_SHAPE)]
Money = Annotated[Decimal, BeforeValidator(DECIMAL_SHAPE), Field(max_digits=18, decimal_places=2)]
Rate = Annotated[Decimal, BeforeValidator(DECIMAL_SHAPE), Field(max_digits=24, decimal_places=10)]
Currency = Annotated[
    str, Field(pattern=r"^[A-Z]{3}$", description="a 3-letter ISO 4217 code such as USD")
]
Flag = Annotated[bool, BeforeValidator(lowercase)]

DocType = Annotated[Literal["invoice", "credit_note"], BeforeValidator(lowercase)]
Channel = Annotated[
    Literal["call", "email", "visit", "letter", "sms", "meeting", "other"],
    BeforeValidator(lowercase),
]
Direction = Annotated[Literal["inbound", "outbound"], BeforeValidator(lowercase)]
Outcome = Annotated[
    Literal[
        "reached", "left_message", "no_answer", "promise", "dispute", "paid", "refused",
        "bounced", "wrong_number", "other"
    ],
    BeforeValidator(lowercase),
]
BillingMethod = Annotated[Literal["email", "portal", "edi", "mail"], BeforeValidator(lowercase)]
AccountType = Annotated[Literal["commercial", "consumer", "government", "other"],
                        BeforeValidator(lowercase)]

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Rule:
    """A cross-column rule: `column op other` must hold (skipped when a side is empty).

    `other` is a column name or a number; `when` restricts the rule to rows where a column has
    a value (after the model's own normalisation), e.g. the sign of credit notes.
    """

    column: str
    op: str
    other: str | int
    message: str
    when: tuple[str, str] | None = None

    def holds(self, row: dict[str, Any]) -> bool:
        """True when the row satisfies the rule or the rule does not apply to it."""
        if self.when and row.get(self.when[0]) != self.when[1]:
            return True
        left = row.get(self.column)
        right = row.get(self.other) if isinstance(self.other, str) else self.other
        return left is None or right is None or _OPS[self.op](left, right)


class Row(BaseModel):
    """Base of every canonical row: trims text cells, treats empty cells as missing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]]
    rules: ClassVar[tuple[Rule, ...]] = ()
    defaults: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        trimmed = {k: v.strip(BLANKS) if isinstance(v, str) else v for k, v in data.items()}
        return {k: v for k, v in trimmed.items() if v != ""}

    @model_validator(mode="after")
    def _check_rules(self) -> Row:
        values = {**self.defaults, **{k: v for k, v in self.model_dump().items() if v is not None}}
        for rule in self.rules:
            if not rule.holds(values):
                raise ValueError(f"{rule.column}: {rule.message}")
        return self


class Customer(Row):
    table: ClassVar[str] = "customers"
    key: ClassVar[tuple[str, ...]] = ("customer_id",)

    customer_id: Id
    name: Name
    rep_id: Id | None = Field(None, json_schema_extra=ref("reps.rep_id"))
    region: Text | None = None
    city: Text | None = None
    country: Text | None = None
    currency: Currency | None = None
    terms_days: Whole | None = Field(None, ge=0, le=3650)
    credit_limit: Money | None = Field(None, ge=0)
    customer_since: Day | None = None
    billing_method: BillingMethod | None = None
    account_type: AccountType | None = None


class Rep(Row):
    table: ClassVar[str] = "reps"
    key: ClassVar[tuple[str, ...]] = ("rep_id",)
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("end_on", ">=", "start_on", "end date is before start date"),
    )

    rep_id: Id
    name: Name
    team: Text | None = None
    start_on: Day | None = None
    end_on: Day | None = None


class RepAbsence(Row):
    table: ClassVar[str] = "rep_absences"
    # data-model.md gives no key; the whole row is the key so a re-load stays idempotent.
    key: ClassVar[tuple[str, ...]] = ("rep_id", "from_on", "to_on")
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("to_on", ">=", "from_on", "absence ends before it starts"),
    )

    rep_id: Id = Field(json_schema_extra=ref("reps.rep_id"))
    from_on: Day
    to_on: Day
    reason: Text | None = None


class Holiday(Row):
    table: ClassVar[str] = "holidays"
    key: ClassVar[tuple[str, ...]] = ("on",)

    on: Day
    name: Text | None = None


class Invoice(Row):
    table: ClassVar[str] = "invoices"
    key: ClassVar[tuple[str, ...]] = ("invoice_id",)
    defaults: ClassVar[dict[str, str]] = {"doc_type": "invoice"}
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("due_on", ">=", "invoice_on", "due date is before invoice date"),
        Rule("amount", ">", 0, "an invoice amount must be positive", when=("doc_type", "invoice")),
        Rule("amount", "<", 0, "a credit note amount must be negative",
             when=("doc_type", "credit_note")),
    )

    invoice_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    doc_type: DocType | None = None
    invoice_on: Day
    due_on: Day
    amount: Money
    currency: Currency | None = None
    reference: Text | None = None


class Payment(Row):
    table: ClassVar[str] = "payments"
    key: ClassVar[tuple[str, ...]] = ("payment_id", "invoice_id")

    payment_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    invoice_id: Id | None = Field(None, json_schema_extra=ref("invoices.invoice_id"))
    paid_on: Day
    amount: Money = Field(gt=0)
    currency: Currency | None = None
    method: Annotated[Text, BeforeValidator(lowercase)] | None = None
    reference: Text | None = None


class Contact(Row):
    table: ClassVar[str] = "contacts"
    key: ClassVar[tuple[str, ...]] = ("contact_id",)

    contact_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    rep_id: Id = Field(json_schema_extra=ref("reps.rep_id"))
    contact_at: Moment
    channel: Channel
    direction: Direction | None = None
    outcome: Outcome | None = None
    person: Text | None = None
    note: Text | None = None


class Promise(Row):
    table: ClassVar[str] = "promises"
    key: ClassVar[tuple[str, ...]] = ("promise_id",)
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("due_on", ">=", "made_on", "promised date is before the date it was made"),
    )

    promise_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    rep_id: Id = Field(json_schema_extra=ref("reps.rep_id"))
    invoice_id: Id | None = Field(None, json_schema_extra=ref("invoices.invoice_id"))
    made_on: Day
    due_on: Day
    amount: Money = Field(gt=0)
    currency: Currency | None = None
    note: Text | None = None


class Dispute(Row):
    table: ClassVar[str] = "disputes"
    key: ClassVar[tuple[str, ...]] = ("dispute_id",)
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("resolved_on", ">=", "opened_on", "resolved before it was opened"),
    )

    dispute_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    invoice_id: Id | None = Field(None, json_schema_extra=ref("invoices.invoice_id"))
    opened_on: Day
    resolved_on: Day | None = None
    amount: Money | None = Field(None, gt=0)
    currency: Currency | None = None
    reason: Text | None = None
    owner: Text | None = None
    resolution: Text | None = None
    note: Text | None = None


class Note(Row):
    table: ClassVar[str] = "notes"
    key: ClassVar[tuple[str, ...]] = ("note_id",)

    note_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    author: Text | None = None
    created_at: Moment
    text: Annotated[str, Field(min_length=1, max_length=10_000)]


class Person(Row):
    table: ClassVar[str] = "people"
    key: ClassVar[tuple[str, ...]] = ("customer_id", "name")

    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    name: Name
    role: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    is_primary: Flag | None = None
    verified_on: Day | None = None


class FxRate(Row):
    table: ClassVar[str] = "fx_rates"
    key: ClassVar[tuple[str, ...]] = ("currency", "on")

    currency: Currency
    on: Day
    rate_to_base: Rate = Field(gt=0)


MODELS: tuple[type[Row], ...] = (
    Customer, Rep, RepAbsence, Holiday, Invoice, Payment,
    Contact, Promise, Dispute, Note, Person, FxRate,
)
BY_TABLE: dict[str, type[Row]] = {m.table: m for m in MODELS}
