"""Building canonical rows from the flat rows of an export: typed-text columns, documents and
their settlements, the customers they name."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from arlib.intake.shape import Shaped
from arlib.intake.values import (
    AMBIGUOUS,
    DateOrder,
    amount_currencies,
    decimal_mark,
    normalise_amounts,
    normalise_dates,
)

# a settlement whose date the file does not give (settled before its snapshot): it lowers the
# open balance but is not cash collected on any day (docs/rules.md, "Imports of exports")
BEFORE_SNAPSHOT = "before_snapshot"
_CANONICAL_MONEY = re.compile(r"^-?\d+(?:\.\d{1,2})?$")
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")


@dataclass(frozen=True)
class ImportOptions:
    """Choices a user can make for a foreign file: day/month order, decimal mark, the snapshot
    date when the file has no "As of" line."""

    date_order: DateOrder | None = None
    decimal: str | None = None
    snapshot_on: date | None = None


@dataclass
class Source:
    """The detail rows of one file with its date and amount columns already normalised."""

    file_name: str
    shaped: Shaped
    options: ImportOptions
    date_columns: tuple[str, ...] = ()
    amount_columns: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        frame = self.shaped.frame
        dates = [c for c in self.date_columns if c in frame]
        parsed = normalise_dates({c: frame[c].tolist() for c in dates}, self.options.date_order)
        for name, values in parsed.items():
            frame[name] = pd.Series(values, index=frame.index, dtype=object)
        amounts = [c for c in self.amount_columns if c in frame]
        cells = [v for c in amounts for v in frame[c].dropna().head(2000)]
        self.mark = self.options.decimal or decimal_mark(cells)
        # the currency an amount cell shows ('£1,200.00'), per row, before the symbol goes
        self.shown_currency = pd.Series(None, index=frame.index, dtype=object)
        for name in amounts:
            shown = pd.Series(amount_currencies(frame[name].tolist()), index=frame.index,
                              dtype=object)
            self.shown_currency = self.shown_currency.where(self.shown_currency.notna(), shown)
        for name in amounts:
            frame[name] = pd.Series(normalise_amounts(frame[name].tolist(), self.mark),
                                    index=frame.index, dtype=object)
        self.order = self.options.date_order

    @property
    def frame(self) -> pd.DataFrame:
        return self.shaped.frame

    def has(self, name: str) -> bool:
        """True when the file has the column and it holds at least one value."""
        return name in self.frame and self.frame[name].notna().any()

    def col(self, name: str) -> pd.Series:
        """A text column (None where empty or absent)."""
        if name in self.frame:
            return self.frame[name]
        return pd.Series(None, index=self.frame.index, dtype=object)

    def first(self, *names: str) -> pd.Series:
        """The first of several columns the file has, else an empty column."""
        return next((self.col(n) for n in names if self.has(n)), self.col(names[0]))

    def snapshot_on(self) -> str | None:
        """The file's "As of" date (ISO), or the date the user gave."""
        if self.options.snapshot_on:
            return self.options.snapshot_on.isoformat()
        text = self.shaped.snapshot_text
        if not text:
            return None
        value = normalise_dates({"as of": [text]}, self.order or "mdy")["as of"][0]
        return value if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def cents(values: pd.Series) -> pd.Series:
    """Canonical money text as integer cents (missing where empty or not a canonical amount)."""
    text = values.where(values.fillna("").str.match(_CANONICAL_MONEY.pattern), None)
    number = pd.to_numeric(text, errors="coerce")
    return (number * 100).round().astype("Int64")


def money(values: pd.Series) -> pd.Series:
    """Integer cents as canonical money text ('-12.50'); missing stays missing."""
    def one(c):
        if pd.isna(c):
            return None
        sign, c = ("-" if c < 0 else ""), abs(int(c))
        return f"{sign}{c // 100}.{c % 100:02d}"
    return values.map(one).astype(object)


def ids(values: pd.Series) -> pd.Series:
    """Identifiers as text, with a spreadsheet's float form of a whole number undone
    ('1930571429.0' -> '1930571429')."""
    return values.map(lambda v: _WHOLE_FLOAT.sub(r"\1", v) if isinstance(v, str) else v)


def content_ids(prefix: str, *parts: pd.Series) -> pd.Series:
    """A stable id per row from its content (customer, date, amount...) and an occurrence
    counter, so that true duplicates differ and the same file loaded twice gives the same ids."""
    frame = pd.concat([p.fillna("").astype(str).reset_index(drop=True) for p in parts], axis=1)
    key = frame.agg("|".join, axis=1) if len(parts) else pd.Series("", index=frame.index)
    nth = key.groupby(key).cumcount()
    out = [f"{prefix}-{hashlib.sha1(f'{k}|{n}'.encode()).hexdigest()[:10]}"
           for k, n in zip(key, nth, strict=True)]
    return pd.Series(out, index=parts[0].index if parts else None, dtype=object)


def latest_date(*columns: pd.Series) -> str | None:
    """The latest ISO date found in the columns (the snapshot of a file that states none)."""
    found = [c[c.fillna("").str.fullmatch(r"\d{4}-\d{2}-\d{2}")].max() for c in columns]
    found = [f for f in found if isinstance(f, str)]
    return max(found) if found else None


def customers(frame: pd.DataFrame) -> pd.DataFrame:
    """One customer row per id from rows with customer_id, name (most frequent) and _line."""
    rows = frame.dropna(subset=["customer_id"])
    if rows.empty:
        return pd.DataFrame(columns=["_line", "customer_id", "name"])
    named = rows.assign(name=rows["name"].fillna(rows["customer_id"]))
    counts = named.groupby(["customer_id", "name"], sort=False).agg(
        n=("_line", "size"), first=("_line", "min")).reset_index()
    best = counts.sort_values(["customer_id", "n", "first"], ascending=[True, False, True])
    best = best.drop_duplicates("customer_id")
    lines = named.groupby("customer_id")["_line"].min()
    extra = [c for c in frame.columns if c not in ("_line", "customer_id", "name")]
    firsts = rows.groupby("customer_id")[extra].first() if extra else None
    out = best.set_index("customer_id")[["name"]].assign(_line=lines)
    if firsts is not None:
        out = out.join(firsts)
    return out.reset_index()[["_line", "customer_id", "name", *extra]]


def with_shown_currency(src: Source, currency: pd.Series) -> pd.Series:
    """The currency per row: the file's (column or fixed), else the one its amounts show by
    symbol or code; a '$' alone names none and is said in a warning."""
    shown = src.shown_currency.reindex(currency.index)
    given = currency.notna() & currency.fillna("").astype(str).str.strip().ne("")
    fill = ~given & shown.notna() & shown.ne(AMBIGUOUS)
    out = currency.where(~fill, shown)
    dollar = ~given & shown.eq(AMBIGUOUS)
    if dollar.any():
        src.warnings.append(
            f"{src.file_name}: {int(dollar.sum())} rows show amounts in '$' alone, which names "
            "no currency: they load in the file's currency (the base currency unless the "
            "mapping fixes one); write US$, C$, A$... or map a currency to change that")
    return out


def documents(src: Source, *, doc_id: pd.Series, customer_id: pd.Series, kind: pd.Series,
              doc_on: pd.Series, due_on: pd.Series, amount: pd.Series, open_amt: pd.Series,
              currency: pd.Series, reference: pd.Series | None = None,
              settled_on: pd.Series | None = None,
              settlement_id: pd.Series | None = None) -> dict[str, pd.DataFrame]:
    """Invoices, credit notes and payments of an export as canonical invoices and payments.

    `kind` is invoice / credit_note / payment per row; amounts are signed money text as the
    file shows them. An invoice's paid part (amount - open) becomes a settlement on
    `settled_on` when the file gives it, else on the snapshot date with method
    `before_snapshot`. A credit note is stored at what is still open of it (the file does not
    say which invoices used the rest); a payment line still open is unapplied cash.
    """
    snapshot = src.snapshot_on() or latest_date(doc_on)
    line = src.frame["_line"]
    currency = with_shown_currency(src, currency)
    amt_c, opn_c = cents(amount), cents(open_amt)
    # a cell that is not money is passed through as written, so that the validator rejects
    # the row showing it; only a missing cell is filled from the other amount
    unread = (amount.notna() & amt_c.isna()) | (open_amt.notna() & opn_c.isna())
    unread_text = amount.where(amount.notna() & amt_c.isna(), open_amt)
    amt = amt_c.where(amount.notna(), opn_c).where(~unread)
    opn = opn_c.where(open_amt.notna(), amt).where(~unread)
    is_inv = kind.eq("invoice")
    is_cn = kind.eq("credit_note")
    # an unapplied payment or a credit often has no number (QuickBooks Online leaves Num
    # empty): it gets a stable id from its content rather than being rejected
    unnumbered = doc_id.fillna("").astype(str).str.strip().eq("") & ~is_inv
    if unnumbered.any():
        made = kind.map({"payment": "PMT", "credit_note": "CN"}) + content_ids(
            "", customer_id, doc_on, amount.where(amount.notna(), open_amt), kind)
        doc_id = doc_id.where(~unnumbered, made)
    # credit notes and payments often have no due date: due when issued
    due_on = due_on.where(due_on.notna() | is_inv, doc_on)
    base = pd.DataFrame({"_line": line, "invoice_id": doc_id, "customer_id": customer_id,
                         "invoice_on": doc_on, "due_on": due_on, "currency": currency,
                         "reference": reference if reference is not None else None})
    inv_amount = money(amt.abs()).where(~unread, unread_text)
    invoices = base[is_inv].assign(doc_type="invoice", amount=inv_amount[is_inv])
    cn_open = opn[is_cn]
    notes = base[is_cn].assign(doc_type="credit_note",
                               amount=money(-cn_open.abs()).where(~unread[is_cn],
                                                                 unread_text[is_cn]))
    notes = notes[cn_open.ne(0).fillna(True)]
    src.warnings += ([f"{src.file_name}: {int(cn_open.eq(0).sum())} credit notes fully used "
                      "were not loaded (nothing of them is open)"] if cn_open.eq(0).any() else [])
    paid = (amt.abs() - opn.abs()).where(is_inv)
    settle = paid.gt(0).fillna(False)
    when = settled_on if settled_on is not None else pd.Series(None, index=line.index)
    dated = when.notna()
    settlements = pd.DataFrame({
        "_line": line, "payment_id": (settlement_id.where(settlement_id.notna(), None)
                                      if settlement_id is not None else None),
        "customer_id": customer_id, "invoice_id": doc_id,
        "paid_on": when.where(dated, snapshot), "amount": money(paid),
        "currency": currency, "method": pd.Series(None, index=line.index, dtype=object).where(
            dated, BEFORE_SNAPSHOT)})[settle]
    settlements["payment_id"] = settlements["payment_id"].fillna(
        "settled-" + settlements["invoice_id"].fillna(""))
    is_pay = kind.eq("payment") & (opn.ne(0).fillna(False) | unread)
    unapplied = pd.DataFrame({"_line": line, "payment_id": doc_id, "customer_id": customer_id,
                              "invoice_id": None, "paid_on": doc_on,
                              "amount": money(opn.abs()).where(~unread, unread_text),
                              "currency": currency,
                              "reference": reference})[is_pay]
    return {"invoices": pd.concat([invoices, notes]).sort_values("_line"),
            "payments": pd.concat([settlements, unapplied]).sort_values("_line")}


def kind_of(types: pd.Series, amounts: pd.Series) -> pd.Series:
    """invoice / credit_note / payment from a document type text and the amount's sign."""
    text = types.fillna("").str.lower()
    sign = cents(amounts)
    kind = pd.Series("invoice", index=types.index, dtype=object)
    kind[sign.lt(0).fillna(False)] = "credit_note"
    kind[text.str.contains(r"credit|gutschrift|\bdg\b|avoir", regex=True)] = "credit_note"
    kind[text.str.contains(r"payment|receipt|zahlung|\bdz\b|paiement", regex=True)] = "payment"
    return kind
