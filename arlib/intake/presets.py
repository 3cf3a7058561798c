"""Column mappings: the canonical tables as layouts, proposals for an unknown header, and
named presets saved as JSON files that are recognised by their header next time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from arlib.canonical.models import BY_TABLE, DATE_SHAPE, DECIMAL_SHAPE, TIMESTAMP_SHAPE
from arlib.canonical.validation import columns
from arlib.intake.frames import (
    Source,
    cents,
    content_ids,
    customers,
    documents,
    ids,
    kind_of,
    with_shown_currency,
)
from arlib.intake.layouts import Layout
from arlib.intake.reading import LoadError
from arlib.intake.shape import normalise


def canonical_layout(table: str) -> Layout:
    """A canonical table as a layout: its required columns are the signature."""
    cols = columns(BY_TABLE[table])

    def convert(src: Source) -> dict[str, pd.DataFrame]:
        keep = ["_line", *[c.name for c in cols if c.name in src.frame]]
        return {table: src.frame[keep]}

    return Layout(f"canonical_{table}", f"Canonical {table}", "canonical",
                  tuple(c.name for c in cols if c.required),
                  tuple(c.name for c in cols if not c.required), convert)


@cache
def canonical_layouts() -> list[Layout]:
    """One layout per canonical table."""
    return [canonical_layout(t) for t in BY_TABLE]


def describe_needs() -> str:
    """What the main canonical tables need, for messages about files we cannot place."""
    parts = [f"{t} needs {', '.join(c.name for c in columns(BY_TABLE[t]) if c.required)}"
             for t in ("invoices", "payments", "customers")]
    return "To load as a canonical table: " + "; ".join(parts) + "."


# a "documents" mapping routes each row into invoices, payments or credit notes, as the
# built-in aging layouts do; its roles are the invoices' columns and these
DOCUMENTS = "documents"
TARGETS = ("table", DOCUMENTS)
DOCUMENT_ROLES = ("open_amount", "customer_name")
KINDS = ("invoice", "payment", "credit_note", "skip")
NEGATIVE = ("credit_note", "payment", "sign")
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def _kind(table: str, column: str) -> str:
    """'date', 'amount' or 'text': how a mapped column's cells are normalised."""
    if column in DOCUMENT_ROLES:
        return "amount" if column == "open_amount" else "text"
    col = next(c for c in columns(BY_TABLE[table]) if c.name == column)
    if col.shape in (DATE_SHAPE, TIMESTAMP_SHAPE):
        return "date"
    if col.shape == DECIMAL_SHAPE and column != "rate_to_base":
        return "amount"
    return "text"


@dataclass
class Preset:
    """A named mapping of a file's columns to one canonical table, or (`target` "documents")
    to invoices, payments and credit notes routed by a document-type column.

    `columns` maps canonical column -> the file's header (as written); `signature` is the
    file's normalised header, by which the preset is recognised. `types` maps a document-type
    value to invoice / payment / credit_note / skip; `skip` maps a header to values whose rows
    are not loaded; `negative` says what a negative amount on an untyped row is (credit_note,
    payment, or "sign": the amount is kept as written). Currency: a mapped column, else a
    fixed `constants["currency"]`, else the one the amounts show ('£1,200.00').
    """

    name: str
    table: str
    columns: dict[str, str]
    signature: list[str]
    date_order: str | None = None
    decimal: str | None = None
    constants: dict[str, str] = field(default_factory=dict)
    target: str = "table"
    types: dict[str, str] = field(default_factory=dict)
    skip: dict[str, list[str]] = field(default_factory=dict)
    negative: str = "credit_note"

    def __post_init__(self) -> None:
        if self.target == DOCUMENTS:
            self.table = "invoices"  # the documents' own key is the invoice number
        if self.target not in TARGETS:
            raise LoadError(f"mapping '{self.name}': unknown target '{self.target}' "
                            f"(one of {', '.join(TARGETS)})")
        if self.table not in BY_TABLE:
            raise LoadError(f"mapping '{self.name}': unknown table '{self.table}'")
        bad = sorted({k for k in self.types.values() if k not in KINDS})
        if bad or self.negative not in NEGATIVE:
            raise LoadError(f"mapping '{self.name}': unknown document kind "
                            f"{', '.join(bad or [self.negative])} (one of {', '.join(KINDS)})")
        known = {c.name for c in columns(BY_TABLE[self.table])}
        if self.target == DOCUMENTS:
            known |= set(DOCUMENT_ROLES)
        unknown = sorted(set(self.columns) - known)
        if unknown:
            raise LoadError(f"mapping '{self.name}': {self.table} has no column "
                            f"{', '.join(unknown)}")
        self.signature = [normalise(s) for s in self.signature]

    def missing(self) -> list[str]:
        """Required canonical columns the mapping leaves unmapped."""
        if self.target == DOCUMENTS:
            # the customer may come from group rows, the number from the row's content
            have = set(self.columns) | set(self.constants)
            need = ["invoice_on"] + ([] if have & {"amount", "open_amount"} else ["open_amount"])
            return [n for n in need if n not in have]
        return [c.name for c in columns(BY_TABLE[self.table])
                if c.required and c.name not in self.columns and c.name not in self.constants]

    def layout(self) -> Layout:
        """The preset as a layout recognised by its whole header."""
        source = {canon: normalise(head) for canon, head in self.columns.items()}
        kinds = {canon: _kind(self.table, canon) for canon in source}
        table, constants = self.table, dict(self.constants)
        skips = {normalise(h): {_word(v) for v in vs} for h, vs in self.skip.items()}
        types = {_word(v): k for v, k in self.types.items()}
        negative, target = self.negative, self.target

        def convert(src: Source) -> dict[str, pd.DataFrame]:
            _skip_rows(src, skips)
            if target == DOCUMENTS:
                return _documents(src, source, constants, types, negative)
            out = pd.DataFrame({"_line": src.frame["_line"]})
            for canon, head in source.items():
                out[canon] = ids(src.col(head)) if canon.endswith("_id") else src.col(head)
            for canon, value in constants.items():
                out[canon] = value
            if "currency" in out or "currency" in {c.name for c in columns(BY_TABLE[table])}:
                out["currency"] = with_shown_currency(src, out.get("currency", src.col("")))
            if table == "invoices" and "doc_type" in source and negative != "sign":
                # ERP words ("Credit Memo", "DG") to our codes; a credit note is negative
                kind = kind_of(out["doc_type"], out.get("amount", out["doc_type"]))
                out["doc_type"] = kind.where(kind != "payment", out["doc_type"])
                positive = (kind == "credit_note") & ~out["amount"].fillna("").str.startswith(
                    "-") if "amount" in out else None
                if positive is not None:
                    out.loc[positive & out["amount"].notna(), "amount"] = "-" + out["amount"]
            tables = {table: out}
            if table != "customers" and "customer_id" in out:
                # customers the file names but the store may not have yet (insert-only)
                # only from rows that can load: a rejected row creates no customer
                ok = _readable(out, [c for c, k in kinds.items() if k != "text"])
                tables["customers"] = customers(out.loc[ok, ["_line", "customer_id"]]
                                                .assign(name=None))
            return tables

        amounts = tuple(h for c, h in source.items() if kinds[c] == "amount")
        # a documents mapping reads a report: group rows carried down, subtotals tied out,
        # whether given with --mapping or recognised by its header
        report = target == DOCUMENTS
        return Layout(f"preset:{self.name}", f"Saved mapping '{self.name}'", "mapping",
                      tuple(self.signature), (), convert, report=report,
                      key_column=source.get("invoice_id") if report else None,
                      dates=tuple(h for c, h in source.items() if kinds[c] == "date"),
                      amounts=amounts, tie=amounts if report else (),
                      date_order=self.date_order, decimal=self.decimal)


def _word(value: str) -> str:
    """A cell's value as compared with a mapping's values: trimmed, case-folded."""
    return " ".join(str(value).split()).casefold()


def _readable(frame: pd.DataFrame, typed: list[str]) -> pd.Series:
    """Rows with a customer id and every date and amount of `typed` read (ISO, money)."""
    ok = frame["customer_id"].notna()
    for name in typed:
        cells = frame[name].fillna("")
        ok &= cells.str.fullmatch(_ISO_DAY) | cents(frame[name]).notna()
    return ok


def _skip_rows(src: Source, skips: dict[str, set[str]]) -> None:
    """Drop the rows whose value in a column is one the mapping skips, named in a warning."""
    for head, values in skips.items():
        cells = src.col(head).fillna("").map(_word)
        hit = cells.isin(values)
        if hit.any():
            seen = ", ".join(sorted(set(src.col(head)[hit].str.strip())))
            src.warnings.append(f"{src.file_name}: {int(hit.sum())} rows of {seen} in "
                                f"'{head}' were not loaded (the mapping skips them)")
            src.shaped.frame = src.frame[~hit]


def _documents(src: Source, source: dict[str, str], constants: dict[str, str],
               types: dict[str, str], negative: str) -> dict[str, pd.DataFrame]:
    """One file's rows as invoices, payments and credit notes (frames.documents)."""

    def col(role: str) -> pd.Series:
        if role in source:
            return src.col(source[role])
        return pd.Series(constants.get(role), index=src.frame.index, dtype=object)

    given = col("doc_type").fillna("").map(_word).map(types)
    skip = given.eq("skip")
    if skip.any():
        seen = ", ".join(sorted(set(col("doc_type")[skip].str.strip())))
        src.warnings.append(f"{src.file_name}: {int(skip.sum())} rows of {seen} were not "
                            "loaded (the mapping skips them)")
        src.shaped.frame = src.frame[~skip]
        given = given[~skip]
    amount, open_amt = col("amount"), col("open_amount")
    if "amount" not in source:
        amount = open_amt
    if "open_amount" not in source:
        open_amt = amount
    # values the mapping does not list are read as words ("Credit Memo") and signs
    guess = kind_of(col("doc_type"), amount.where(amount.notna(), open_amt))
    if negative == "payment":
        guess = guess.where(guess != "credit_note", "payment")
    kind = given.where(given.notna(), guess)
    name = col("customer_name").fillna(src.col("_group"))
    # no customer number in the export: the name is the customer's id
    cid = ids(col("customer_id")).fillna(name) if "customer_id" in source else name
    name = name.fillna(cid)
    doc_id = ids(col("invoice_id"))
    if "invoice_id" not in source:
        doc_id = content_ids("DOC", cid, col("invoice_on"), amount, kind)
    docs = documents(src, doc_id=doc_id, customer_id=cid, kind=kind,
                     doc_on=col("invoice_on"),
                     # no due date in the export: due when issued (past due from its date)
                     due_on=col("due_on") if "due_on" in source else col("invoice_on"),
                     amount=amount,
                     open_amt=open_amt, currency=col("currency"), reference=col("reference"))
    rows = pd.DataFrame({"_line": src.frame["_line"], "customer_id": cid, "name": name,
                         "on": col("invoice_on"), "amt": amount})
    ok = _readable(rows, ["on", "amt"])
    return {"customers": customers(rows.loc[ok, ["_line", "customer_id", "name"]]), **docs}


_TYPE_HEAD = re.compile(r"\b(?:type|kind|doc(?:ument)?\.?\s*type|transaction|txn)\b")
_OPEN_HEAD = re.compile(r"open|balance|outstanding|remaining|residual|due(?!\s*date)|unpaid")
_ORIGINAL_HEAD = re.compile(r"original|amount|total|gross|value")
_NAME_HEAD = re.compile(r"name|customer|client|party|partner|account")
_NUMBER_HEAD = re.compile(r"\b(?:ref|reference|no|num|number|doc|document|invoice)\b|#")
_DATE_HEAD = re.compile(r"date|posted|posting")
_SHORT = {"pmt": "payment", "pay": "payment", "rct": "payment", "rcpt": "payment",
          "crn": "credit_note", "cn": "credit_note", "cm": "credit_note", "inv": "invoice"}
_DEAD = re.compile(r"draft|void|cancel|deleted|reversed|paid\b|closed")


def document_defaults(header: list[str], proposal: dict[str, str]) -> dict[str, str]:
    """Roles of a documents mapping guessed from an invoices proposal and the header words:
    the type column, the open and original amounts, a customer name beside a customer id."""
    roles = {k: v for k, v in proposal.items()
             if k in ("invoice_id", "customer_id", "invoice_on", "due_on", "currency",
                      "reference", "doc_type")}
    for role, words in (("invoice_id", _NUMBER_HEAD), ("invoice_on", _DATE_HEAD)):
        if role not in roles:
            hit = next((h for h in header if h and h not in roles.values()
                        and words.search(normalise(h))), None)
            roles.update({role: hit} if hit else {})
    taken = set(roles.values())
    free = [h for h in header if h and h not in taken]
    typed = next((h for h in free if _TYPE_HEAD.search(normalise(h))), None)
    if typed and "doc_type" not in roles:
        roles["doc_type"] = typed
    typed = roles.get("doc_type")
    money = [h for h in header if h and h not in taken and h != typed
             and (_OPEN_HEAD.search(normalise(h)) or _ORIGINAL_HEAD.search(normalise(h)))]
    opened = next((h for h in money if _OPEN_HEAD.search(normalise(h))), None)
    original = next((h for h in money if h != opened and _ORIGINAL_HEAD.search(normalise(h))),
                    None)
    if opened is None and "amount" in proposal:
        opened = proposal["amount"]
    if opened:
        roles["open_amount"] = opened
    if original:
        roles["amount"] = original
    named = next((h for h in free if "name" in normalise(h)), None)
    if named and named != roles.get("customer_id"):
        roles["customer_name"] = named
    return roles


def kind_defaults(values: list[str]) -> dict[str, str]:
    """invoice / payment / credit_note / skip for each document-type value, read as words."""
    words = pd.Series(values, dtype=object)
    kinds = kind_of(words, pd.Series(None, index=words.index, dtype=object))
    dead = words.str.lower().str.contains(_DEAD.pattern, regex=True)
    short = words.str.strip().str.lower().str.rstrip(".").map(_SHORT)
    kinds = short.where(short.notna(), kinds)
    return dict(zip(values, kinds.where(~dead, "skip"), strict=True))
