"""What a CFO pack holds: its figures as of one date, shared by the pack's maker (pack.py)
and its PDF (pack_pdf.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

DUE_DAYS = 7  # promises due in the days after the date
BROKEN_DAYS = 30  # promises broken (deadline passed) in the days before the date


@dataclass(frozen=True)
class Pack:
    """The pack's figures as of one date for the period [first_on, as_of] (base currency)."""

    as_of: date
    first_on: date
    currency: str
    stamp: dict[str, str]
    tiles: pd.DataFrame  # figure, label, unit, value, last_pack_value, change
    trend: pd.DataFrame  # one row per month end: the DSO family (days)
    buckets: pd.DataFrame  # one row per bucket then unapplied: open, disputed, not disputed
    top: pd.DataFrame  # largest past-due customers with the last pack's past due and change
    left_top: pd.DataFrame  # customers in the last pack's list and no longer in it
    due: pd.DataFrame  # pending promises due in the next DUE_DAYS days
    broken: pd.DataFrame  # promises broken or partly kept in the last BROKEN_DAYS days
    forecast: pd.DataFrame  # weeks 1-13 and after: cash expected per line
    past_due: dict[str, float]  # every customer's past due (kept for the next pack)
    last_as_of: date | None  # the as-of date of the previous pack compared with
