"""What an export layout is (header signature, kind, converter) and the helpers the
vendor modules share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from arlib.intake.frames import Source, customers

Convert = Callable[[Source], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Layout:
    """One export layout: header signature, what kind of data it holds, how to convert it."""

    key: str
    name: str
    kind: str  # 'snapshot' (open items at a date) or 'history' (documents and settlements)
    signature: tuple[str, ...]  # normalised header names that must all be present
    optional: tuple[str, ...]
    convert: Convert
    report: bool = False  # has title, group and subtotal rows
    key_column: str | None = None  # empty on group and subtotal rows
    dates: tuple[str, ...] = ()
    amounts: tuple[str, ...] = ()
    tie: tuple[str, ...] = ()  # amount columns the file's own totals are compared with
    drop: tuple[str, ...] = ()  # columns that are not data (model output...): ignored, named
    date_order: str | None = None  # a saved mapping's day/month order ("dmy" or "mdy")
    decimal: str | None = None  # a saved mapping's decimal mark

    def confidence(self, header: list[str]) -> float:
        """0 when a signature column is missing; else how much of the header the layout
        knows (0.8 for the signature, up to 0.2 more for the other columns it knows)."""
        names = {h for h in header if h}
        if not set(self.signature) <= names:
            return 0.0
        known = set(self.signature) | set(self.optional) | set(self.drop)
        return 0.8 + 0.2 * len(names & known) / max(len(names), 1)


def tables(src: Source, docs: dict[str, pd.DataFrame], cust: pd.DataFrame) -> dict:
    """The canonical tables of a converted file: its customers and its documents."""
    return {"customers": customers(cust), **docs}


def not_receivable(src: Source, status: pd.Series, dead: set[str], what: str) -> None:
    """Keep only the rows whose status is a receivable; the rest are named in a warning."""
    text = status.fillna("").str.strip().str.lower()
    skip = text.isin(dead)
    if skip.any():
        src.warnings.append(f"{src.file_name}: {int(skip.sum())} {what} of "
                            f"{', '.join(sorted(set(status[skip])))} invoices were not loaded "
                            "(they are not receivables)")
    src.shaped.frame = src.frame[~skip]


