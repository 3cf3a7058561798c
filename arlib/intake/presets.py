"""Column mappings: the canonical tables as layouts, proposals for an unknown header, and
named presets saved as JSON files that are recognised by their header next time."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from arlib.canonical.models import BY_TABLE, DATE_SHAPE, DECIMAL_SHAPE, TIMESTAMP_SHAPE
from arlib.canonical.validation import columns
from arlib.intake.frames import Source, customers, ids, kind_of
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


def _kind(table: str, column: str) -> str:
    """'date', 'amount' or 'text': how a mapped column's cells are normalised."""
    col = next(c for c in columns(BY_TABLE[table]) if c.name == column)
    if col.shape in (DATE_SHAPE, TIMESTAMP_SHAPE):
        return "date"
    if col.shape == DECIMAL_SHAPE and column != "rate_to_base":
        return "amount"
    return "text"


@dataclass
class Preset:
    """A named mapping of a file's columns to one canonical table.

    `columns` maps canonical column -> the file's header (as written); `signature` is the
    file's normalised header, by which the preset is recognised.
    """

    name: str
    table: str
    columns: dict[str, str]
    signature: list[str]
    date_order: str | None = None
    decimal: str | None = None
    constants: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.table not in BY_TABLE:
            raise LoadError(f"mapping '{self.name}': unknown table '{self.table}'")
        known = {c.name for c in columns(BY_TABLE[self.table])}
        unknown = sorted(set(self.columns) - known)
        if unknown:
            raise LoadError(f"mapping '{self.name}': {self.table} has no column "
                            f"{', '.join(unknown)}")
        self.signature = [normalise(s) for s in self.signature]

    def missing(self) -> list[str]:
        """Required canonical columns the mapping leaves unmapped."""
        return [c.name for c in columns(BY_TABLE[self.table])
                if c.required and c.name not in self.columns and c.name not in self.constants]

    def layout(self) -> Layout:
        """The preset as a layout recognised by its whole header."""
        source = {canon: normalise(head) for canon, head in self.columns.items()}
        kinds = {canon: _kind(self.table, canon) for canon in source}
        table, constants = self.table, dict(self.constants)

        def convert(src: Source) -> dict[str, pd.DataFrame]:
            out = pd.DataFrame({"_line": src.frame["_line"]})
            for canon, head in source.items():
                out[canon] = ids(src.col(head)) if canon.endswith("_id") else src.col(head)
            for canon, value in constants.items():
                out[canon] = value
            if table == "invoices" and "doc_type" in source:
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
                tables["customers"] = customers(out[["_line", "customer_id"]].assign(name=None))
            return tables

        return Layout(f"preset:{self.name}", f"Saved mapping '{self.name}'", "mapping",
                      tuple(self.signature), (), convert,
                      dates=tuple(h for c, h in source.items() if kinds[c] == "date"),
                      amounts=tuple(h for c, h in source.items() if kinds[c] == "amount"),
                      date_order=self.date_order, decimal=self.decimal)
