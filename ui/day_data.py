"""Cached access to My day for its page and the call list's cool-off (issue 20), keyed like
ui/data.py: the data version last, each result checked against the store after it is
computed."""

from __future__ import annotations

from datetime import date

import pandas as pd

from arlib import settings
from arlib.figures import cooloff, day
from arlib.figures.scope import Scope
from arlib.store import state
from ui.data import cached, checked, connection


@cached(show_spinner="Preparing the day…", max_entries=64)
def my_day(*, as_of: date, scope: Scope, version: str) -> day.Day:
    """The rep's calls on the date in call order, and who is cooling off."""
    result = day.my_day(connection(), as_of=as_of, settings=settings.load(), scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=64)
def cooling_off(*, as_of: date, scope: Scope, version: str) -> pd.DataFrame:
    """Customers kept off the call lists on the date, with when it lifts."""
    result = cooloff.cooling_off(connection(), as_of=as_of, settings=settings.load(),
                                 scope=scope)
    return checked(version, result)


@cached(show_spinner=False, max_entries=16)
def rep_names(version: str) -> dict[str, str]:
    """Rep id -> name, for the page's title."""
    reps = state.reps(connection())
    return checked(version, dict(zip(reps.rep_id, reps.rep_name, strict=True)))
