"""Pydantic row models: the one definition of the canonical tables (data-model.md).

Names, types, required columns, constraints, keys, references and cross-column rules are
declared here once; `arlib.validation` derives the set-based DuckDB checks from them.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def lowercase(value: Any) -> Any:
    """Normalise codes and flags: trimmed and lower-case (both the model and the SQL do this)."""
    return value.strip().lower() if isinstance(value, str) else value


def ref(target: str) -> dict[str, str]:
    """Field metadata naming the `table.column` a value must exist in (orphan check)."""
    return {"references": target}


Id = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(max_length=10_000)]
Money = Annotated[Decimal, Field(max_digits=18, decimal_places=2)]
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
        "reached", "left_message", "no_answer", "promise", "dispute", "paid", "refused", "other"
    ],
    BeforeValidator(lowercase),
]
BillingMethod = Annotated[Literal["email", "portal", "edi", "mail"], BeforeValidator(lowercase)]

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
    """Base of every canonical row: trims text, treats empty cells as missing."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]]
    rules: ClassVar[tuple[Rule, ...]] = ()
    defaults: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: None if isinstance(v, str) and not v.strip() else v
                    for k, v in data.items()}
        return data

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
    name: Text = Field(min_length=1)
    rep_id: Id | None = Field(None, json_schema_extra=ref("reps.rep_id"))
    region: Text | None = None
    city: Text | None = None
    country: Text | None = None
    currency: Currency | None = None
    terms_days: int | None = Field(None, ge=0, le=3650)
    credit_limit: Money | None = Field(None, ge=0)
    customer_since: date | None = None
    billing_method: BillingMethod | None = None


class Rep(Row):
    table: ClassVar[str] = "reps"
    key: ClassVar[tuple[str, ...]] = ("rep_id",)
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("end_on", ">=", "start_on", "end date is before start date"),
    )

    rep_id: Id
    name: Text = Field(min_length=1)
    team: Text | None = None
    start_on: date | None = None
    end_on: date | None = None


class RepAbsence(Row):
    table: ClassVar[str] = "rep_absences"
    # data-model.md gives no key; the whole row is the key so a re-load stays idempotent.
    key: ClassVar[tuple[str, ...]] = ("rep_id", "from_on", "to_on")
    rules: ClassVar[tuple[Rule, ...]] = (
        Rule("to_on", ">=", "from_on", "absence ends before it starts"),
    )

    rep_id: Id = Field(json_schema_extra=ref("reps.rep_id"))
    from_on: date
    to_on: date
    reason: Text | None = None


class Holiday(Row):
    table: ClassVar[str] = "holidays"
    key: ClassVar[tuple[str, ...]] = ("on",)

    on: date
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
    invoice_on: date
    due_on: date
    amount: Money
    currency: Currency | None = None
    reference: Text | None = None


class Payment(Row):
    table: ClassVar[str] = "payments"
    key: ClassVar[tuple[str, ...]] = ("payment_id", "invoice_id")

    payment_id: Id
    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    invoice_id: Id | None = Field(None, json_schema_extra=ref("invoices.invoice_id"))
    paid_on: date
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
    contact_at: datetime
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
    made_on: date
    due_on: date
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
    opened_on: date
    resolved_on: date | None = None
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
    created_at: datetime
    text: Text = Field(min_length=1)


class Person(Row):
    table: ClassVar[str] = "people"
    key: ClassVar[tuple[str, ...]] = ("customer_id", "name")

    customer_id: Id = Field(json_schema_extra=ref("customers.customer_id"))
    name: Text = Field(min_length=1, max_length=200)
    role: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    is_primary: Flag | None = None
    verified_on: date | None = None


class FxRate(Row):
    table: ClassVar[str] = "fx_rates"
    key: ClassVar[tuple[str, ...]] = ("currency", "on")

    currency: Currency
    on: date
    rate_to_base: Decimal = Field(gt=0, max_digits=24, decimal_places=10)


MODELS: tuple[type[Row], ...] = (
    Customer, Rep, RepAbsence, Holiday, Invoice, Payment,
    Contact, Promise, Dispute, Note, Person, FxRate,
)
BY_TABLE: dict[str, type[Row]] = {m.table: m for m in MODELS}
