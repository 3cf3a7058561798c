"""The shared sidebar filters, bound to the URL so that a filtered view is a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from arlib.figures import periods
from arlib.figures.scope import Scope
from ui import data


@dataclass(frozen=True)
class Filters:
    """What every analytics page is filtered by."""

    as_of: date
    first_on: date
    period: str
    rep_id: str | None
    region: str | None
    currency_view: str

    @property
    def scope(self) -> Scope:
        return Scope(rep_id=self.rep_id, region=self.region)

    def key(self, name: str) -> str:
        """A widget key that changes with the filters, so a row selection made under other
        filters never points at another row (streamlit#9505)."""
        return (f"{name}_{self.as_of:%Y%m%d}_{self.first_on:%Y%m%d}_{self.rep_id or 'all'}_"
                f"{self.region or 'all'}")


def sidebar(*, first_on: date, last_on: date, version: str) -> Filters:
    """Draw the filters (as-of date, period, rep, region, currency view) and return them."""
    reps = data.rep_list(version)
    names = dict(zip(reps.rep_id, reps.rep_name, strict=True))
    with st.sidebar:
        st.subheader("Filters")
        as_of = st.date_input("As of", value=last_on, min_value=first_on, key="as_of",
                              format="YYYY-MM-DD", bind="query-params",
                              help="Figures count only what is dated on or before this day "
                                   "(default: the last day with data).")
        period = st.selectbox("Period", periods.KINDS, index=1, key="period",
                              format_func=str.capitalize, bind="query-params",
                              help="The period ending on the as-of date: its month, quarter "
                                   "or year, or from a date you choose.")
        custom = None
        if period == "custom":
            custom = st.date_input("Period from", value=as_of.replace(day=1), key="from",
                                   max_value=as_of, format="YYYY-MM-DD", bind="query-params")
        rep_id = st.selectbox("Rep (account owner)", [None, *names], key="rep",
                              format_func=lambda r: "All reps" if r is None else
                              f"{names[r]} ({r})", bind="query-params",
                              placeholder="All reps")  # no choice (back/forward) is all too
        region = st.selectbox("Region", [None, *data.regions(version)], key="region",
                              format_func=lambda r: "All regions" if r is None else r,
                              bind="query-params", placeholder="All regions")
        currency = st.radio("Currency", ["base", "original"], key="currency", horizontal=True,
                            format_func={"base": "Base", "original": "Original"}.get,
                            bind="query-params",
                            help="Base: everything converted; original: per document currency.")
    start = periods.start_of(period, as_of=as_of, custom_start=custom)
    return Filters(as_of=as_of, first_on=start, period=period, rep_id=rep_id, region=region,
                   currency_view=currency)
