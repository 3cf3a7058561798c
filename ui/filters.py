"""The shared sidebar filters, bound to the URL so that a filtered view is a link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import streamlit as st

from arlib.figures import periods
from arlib.figures.scope import Scope
from ui import auth, data, urls

REP = "rep"


@dataclass(frozen=True)
class Filters:
    """What every analytics page is filtered by."""

    as_of: date
    first_on: date
    period: str
    rep_id: str | None
    region: str | None
    currency_view: str
    reps: frozenset[str] | None = None  # the viewer's rep scope (None: every customer)

    @property
    def scope(self) -> Scope:
        return Scope(rep_id=self.rep_id, region=self.region, reps=self.reps)

    def key(self, name: str) -> str:
        """A widget key that changes with the filters, so a row selection made under other
        filters never points at another row (streamlit#9505)."""
        return (f"{name}_{self.as_of:%Y%m%d}_{self.first_on:%Y%m%d}_{self.rep_id or 'all'}_"
                f"{self.region or 'all'}")


CURRENCY_VIEWS = {"base": "Base", "original": "Original"}
_LEGACY_REP = re.compile(r"\(([^()]*)\)$")  # links made before reps went by id: "Name (ID)"


def _rep_in_url(names: dict[str, str]) -> str | None:
    """The rep id the URL asks for: an id, or the rep of an older link's "Name (ID)"."""
    value = st.query_params.get(REP) or None
    if value is None or value in names:
        return value
    legacy = _LEGACY_REP.search(value)
    return legacy.group(1) if legacy and legacy.group(1) in names else value


def _rep_to_url() -> None:
    """The rep picked goes into the URL by id (the name may be corrected in the data)."""
    st.query_params.pop(REP, None)
    if st.session_state.get(REP):
        st.query_params[REP] = st.session_state[REP]


def check_link(*, first_on: date, last_on: date, names: dict[str, str],
               regions: list[str]) -> str | None:
    """Stop the page when the link's filters name what the data does not have; else the rep
    id it asks for (None for all reps)."""
    rep = _rep_in_url(names)
    urls.stop_on([
        *urls.length_problems(),
        urls.date_problem("as_of", first_on=first_on, last_on=urls.last_as_of(last_on=last_on)),
        urls.date_problem("from", first_on=first_on),
        urls.choice_problem("period", [k.capitalize() for k in periods.KINDS], what="period"),
        None if rep is None or rep in names else
        urls.choice_problem(REP, names, what="rep id"),
        urls.choice_problem("region", regions, what="region"),
        urls.choice_problem("currency", CURRENCY_VIEWS.values(), what="currency view"),
    ])
    return rep


def sidebar(*, first_on: date, last_on: date, version: str) -> Filters:
    """Draw the filters (as-of date, period, rep, region, currency view) and return them;
    a link naming what the data does not have stops the page with a message."""
    # a manager or rep picks among their own reps and regions, and a link naming another
    # rep stops the page as an unknown rep would
    viewer = auth.rep_scope()
    reps = data.rep_list(viewer, version)
    names = dict(zip(reps.rep_id, reps.rep_name, strict=True))
    regions = data.regions(viewer, version)
    linked = check_link(first_on=first_on, last_on=last_on, names=names, regions=regions)
    if linked is not None or REP in st.query_params:
        st.session_state[REP] = linked  # the link's rep, before its widget is drawn
    with st.sidebar:
        st.subheader("Filters")
        as_of = st.date_input("As of", value=last_on, min_value=first_on,
                              max_value=urls.last_as_of(last_on=last_on), key="as_of",
                              format="YYYY-MM-DD", bind="query-params",
                              help="Figures count only what is dated on or before this day "
                                   "(default: the last day with data).")
        period = st.selectbox("Period", periods.KINDS, index=1, key="period",
                              format_func=str.capitalize, bind="query-params",
                              help="The period ending on the as-of date: its month, quarter "
                                   "or year, or from a date you choose.")
        custom = None
        if period == "custom":
            custom = st.date_input("Period from", value=max(as_of.replace(day=1), first_on),
                                   key="from",
                                   min_value=first_on, max_value=as_of, format="YYYY-MM-DD",
                                   bind="query-params")
        # by id in the URL, by name on screen: not bound, since a bound widget writes its label
        rep_id = st.selectbox("Rep (account owner)", [None, *names], key=REP,
                              format_func=lambda r: "All reps" if r is None else
                              f"{names[r]} ({r})", on_change=_rep_to_url,
                              placeholder="All reps")
        region = st.selectbox("Region", [None, *regions], key="region",
                              format_func=lambda r: "All regions" if r is None else r,
                              bind="query-params", placeholder="All regions")
        currency = st.radio("Currency", list(CURRENCY_VIEWS), key="currency", horizontal=True,
                            format_func=CURRENCY_VIEWS.get, bind="query-params",
                            help="Base: everything converted; original: per document currency.")
    if rep_id and st.query_params.get(REP) != rep_id:
        st.query_params[REP] = rep_id  # kept in the URL on the next page too
    start = periods.start_of(period, as_of=as_of, custom_start=custom)
    return Filters(as_of=as_of, first_on=start, period=period, rep_id=rep_id, region=region,
                   currency_view=currency, reps=viewer)
