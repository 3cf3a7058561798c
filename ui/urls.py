"""What a link may ask for: every URL parameter a page reads is checked before the page draws a
figure, so that a value the data does not have is named instead of silently dropped (a
widget bound to the URL drops a value it does not know, and the page would then show other
figures as if they were the link's)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import streamlit as st

from arlib.figures import periods
from ui import formats, shell

MAX_VALUE_CHARS = 200  # longer than any date, id or label a link of this app holds
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def raw(key: str) -> list[str]:
    """Every value the URL gives for `key` (a multiselect gives several)."""
    return st.query_params.get_all(key)


def _shown(value: str) -> str:
    """A URL value as a message quotes it: cut to 60 characters, with its length."""
    cut = value if len(value) <= 60 else f"{value[:60]}… ({len(value):,} characters)"
    return repr(cut)


def last_as_of(*, last_on: date) -> date:
    """The latest as-of date a page offers: ten years after the last day with data (the
    date picker's own default bound, made explicit so that a link beyond it is named)."""
    return periods.years_on(10, on=last_on) or date.max


def date_problem(key: str, *, first_on: date | None = None,
                 last_on: date | None = None) -> str | None:
    """Why the URL's date for `key` cannot be used (not a date, before `first_on`, after
    `last_on`), or None."""
    for value in raw(key):
        if value == "":
            continue
        try:
            day = date.fromisoformat(value) if _ISO.fullmatch(value) else None
        except ValueError:
            day = None
        if day is None:
            return f"{key} = {_shown(value)} is not a date (write it as YYYY-MM-DD)."
        if first_on is not None and day < first_on:
            return (f"{key} = {value} is before the first day with data, "
                    f"{first_on:%Y-%m-%d}.")
        if last_on is not None and day > last_on:
            return (f"{key} = {value} is after the last day a page shows, {last_on:%Y-%m-%d} "
                    "(ten years after the last day with data).")
    return None


def choice_problem(key: str, allowed: Iterable[str], *, what: str) -> str | None:
    """Why a URL value for `key` is not one of `allowed` (as the URL writes them), or None."""
    allowed = list(allowed)
    for value in raw(key):
        if value != "" and value not in allowed:
            known = ", ".join(allowed[:12]) + (" …" if len(allowed) > 12 else "")
            return f"{key} = {_shown(value)} is not a {what} of this data (known: {known})."
    return None


def length_problems() -> list[str]:
    """Every URL value longer than any value this app writes into a link."""
    return [f"{key} is {len(value):,} characters long, longer than any value a link of this "
            f"app holds ({MAX_VALUE_CHARS})." for key in st.query_params
            for value in raw(key) if len(value) > MAX_VALUE_CHARS]


def stop_on(problems: list[str | None]) -> None:
    """When the link asks for what cannot be shown: name each parameter and value, offer the
    page without them, and draw no figure (the page stops here)."""
    problems = [p for p in problems if p]
    if not problems:
        return
    bad = {p.split(" ", 1)[0] for p in problems}
    st.error("This link asks for something that cannot be shown, so no figure is shown "
             "for it:\n\n" + "\n".join(f"- {formats.plain(p)}" for p in problems),
             icon=":material/link_off:")
    page = shell.page_shown()
    if page:
        keep = {k: v for k, v in st.query_params.to_dict().items()
                if k not in bad and len(v) <= MAX_VALUE_CHARS}
        st.page_link(f"pages/{page}.py", query_params=keep, icon=":material/restart_alt:",
                     label="Open this page without " + ", ".join(sorted(bad)))
    st.stop()
