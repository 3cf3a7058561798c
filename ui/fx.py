"""Missing FX rates on the pages that convert: the message, the balances in each original
currency, and no base-currency figure (arlib raises on an amount it cannot convert)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from arlib import settings
from arlib.figures.scope import EVERYONE, Scope
from arlib.store import fx
from ui import data, formats


def guard(*, as_of: date, version: str, scope: Scope = EVERYONE,
          customer_id: str | None = None) -> None:
    """Call before a page's first base-currency figure. When rows dated by `as_of` (of the
    customer, when given) need an FX rate that is missing, name each currency and its first
    date without one, show the open balances per original currency (of the scope, or of the
    customer, with its open items) and stop the page there; otherwise do nothing."""
    missing = data.missing_rates(as_of=as_of, version=version, customer_id=customer_id,
                                 reps=scope.reps)  # a rate only another team needs: not theirs
    if missing.empty:
        return
    cur = settings.load().base_currency
    st.warning(formats.plain(fx.message(missing, base_currency=cur)) + "\n\n"
               f"No figure in {cur} is shown until then: it would leave those amounts out. "
               "Load the rates on the **Import data** page.",
               icon=":material/currency_exchange:")
    _table(f"Open balances by original currency, as of {as_of:%Y-%m-%d}",
           data.aging_by_original_currency(as_of=as_of, scope=scope, version=version,
                                           customer_id=customer_id),
           "Bucket amounts in each document's own currency, nothing converted.")
    if customer_id is not None:
        _table("Open items", data.customer_original_items(customer_id, as_of=as_of,
                                                            version=version),
               "Open balances in each item's own currency, oldest due first.")
    st.stop()


def _table(title: str, frame: pd.DataFrame, caption: str) -> None:
    st.subheader(title)
    if frame.empty:
        st.caption("Nothing is open on this date.")
        return
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="",
                 column_config=formats.column_config(list(frame.columns)))
    st.caption(caption)
