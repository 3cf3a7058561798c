"""Sample book, time: day numbers, company holidays, working-day lookups, FX rates, absences.

Days are int64 day numbers since 1970-01-01 so that every table can be built with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

EPOCH = date(1970, 1, 1)
FX = {"CAD": (0.74, 0.72, 0.76), "EUR": (1.09, 1.05, 1.15)}  # start, floor, ceiling


def to_day(*, d: date) -> int:
    """Day number (days since 1970-01-01) of a date."""
    return (d - EPOCH).days


def from_day(n: int) -> date:
    """Date of a day number."""
    return EPOCH + timedelta(days=int(n))


def weekday(days: np.ndarray) -> np.ndarray:
    """Weekday per day number, Monday = 0 (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


def add_months(*, d: date, k: int) -> date:
    """First day of the month k months after d's month."""
    n = d.year * 12 + d.month - 1 + k
    return date(n // 12, n % 12 + 1, 1)


def _observed(d: date) -> date:
    # a fixed-date holiday on a weekend is taken on the nearest weekday
    if d.weekday() == 5:
        return d - timedelta(days=1)
    return d + timedelta(days=1) if d.weekday() == 6 else d


def _nth_weekday(year: int, month: int, wd: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = add_months(d=date(year, month, 1), k=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - wd) % 7)


def us_holidays(first_year: int, last_year: int) -> list[tuple[date, str]]:
    """US-style company holidays (observed dates) for each year, sorted, one per date."""
    out: dict[date, str] = {}
    for y in range(first_year, last_year + 1):
        thanksgiving = _nth_weekday(y, 11, 3, 4)
        days = [(_observed(date(y, 1, 1)), "New Year's Day"),
                (_nth_weekday(y, 1, 0, 3), "Martin Luther King Jr. Day"),
                (_nth_weekday(y, 5, 0, -1), "Memorial Day"),
                (_observed(date(y, 7, 4)), "Independence Day"),
                (_nth_weekday(y, 9, 0, 1), "Labor Day"),
                (thanksgiving, "Thanksgiving Day"),
                (thanksgiving + timedelta(days=1), "Day after Thanksgiving"),
                (_observed(date(y, 12, 25)), "Christmas Day")]
        for d, name in days:
            out.setdefault(d, name)
    return sorted(out.items())


@dataclass(frozen=True)
class Calendar:
    """Working-day lookups over [lo, hi]; hi lies past the book's end so late dates stay late."""

    lo: int
    hi: int
    end: int
    work: np.ndarray  # bool per day: weekday and not a holiday
    nxt: np.ndarray  # first working day on or after each day
    prv: np.ndarray  # last working day on or before each day

    def next_work(self, days: np.ndarray) -> np.ndarray:
        """First working day on or after each day (day numbers)."""
        return self.nxt[np.clip(days, self.lo, self.hi) - self.lo]

    def prev_work(self, days: np.ndarray) -> np.ndarray:
        """Last working day on or before each day (day numbers)."""
        return self.prv[np.clip(days, self.lo, self.hi) - self.lo]

    def snap(self, days: np.ndarray, cap: np.ndarray | int) -> np.ndarray:
        """Next working day, or the previous one when the next would pass cap (day numbers)."""
        nxt = self.next_work(days)
        return np.where(nxt <= cap, nxt, self.prev_work(days))

    def workdays(self, a: int, b: int) -> np.ndarray:
        """Working days in [a, b] (day numbers)."""
        idx = np.flatnonzero(self.work[a - self.lo:b - self.lo + 1])
        return idx + a


def build_calendar(lo: int, end: int, *, holidays: list[tuple[date, str]]) -> Calendar:
    """Calendar from day lo to 400 days past end, excluding weekends and the holidays."""
    hi = end + 400
    days = np.arange(lo, hi + 1)
    work = weekday(days) < 5
    hol = np.array([to_day(d=d) for d, _ in holidays], dtype=np.int64)
    hol = hol[(hol >= lo) & (hol <= hi)]
    work[hol - lo] = False
    idx = np.where(work, days, -1)
    prv = np.maximum.accumulate(idx)
    prv = np.where(prv < 0, days, prv)  # before the first working day: the day itself
    rev = np.where(work, days, hi + 1)[::-1]
    nxt = np.minimum.accumulate(rev)[::-1]
    nxt = np.where(nxt > hi, days, nxt)
    return Calendar(lo=lo, hi=hi, end=end, work=work, nxt=nxt, prv=prv)


def fx_rates(rng: np.random.Generator, *, start: date, end_on: date) -> pd.DataFrame:
    """Monthly rates (1st of month) per non-base currency, from the month before start to end_on."""
    months = []
    m = add_months(d=start, k=-1)
    while m <= end_on:
        months.append(m)
        m = add_months(d=m, k=1)
    frames = []
    for cur, (first, floor, ceiling) in FX.items():
        steps = rng.normal(0.0, 0.006, len(months))
        steps[0] = 0.0
        # a reflected walk stays inside the band without sticking to its edges
        walk = first + np.cumsum(steps * first)
        span = ceiling - floor
        walk = floor + np.abs((walk - floor + span) % (2 * span) - span)
        frames.append(pd.DataFrame({"currency": cur, "on": [to_day(d=x) for x in months],
                                    "rate": np.round(walk, 4)}))
    return pd.concat(frames, ignore_index=True)


def rep_absences(rng: np.random.Generator, reps: pd.DataFrame, cal: Calendar,
                 start: int) -> pd.DataFrame:
    """Vacations (one week or two per half year) and one sick spell; rows of day numbers."""
    rows: list[tuple[int, int, int, str]] = []
    mondays = np.arange(start, cal.end - 4)
    mondays = mondays[weekday(mondays) == 0]
    for r in range(len(reps)):
        lo = max(start, int(reps.start_on.iat[r]))
        hi = min(cal.end, int(reps.end_on.iat[r]) if reps.end_on.iat[r] >= 0 else cal.end)
        ok = mondays[(mondays >= lo) & (mondays + 11 <= hi)]
        for block in np.array_split(ok, max(1, len(ok) // 26)):
            if len(block) == 0:
                continue
            block = block[:-2] if len(block) > 4 else block  # no overlap with the next block
            mon = int(block[rng.integers(len(block))])
            length = 11 if rng.random() < 0.3 else 4  # Mon-Fri, or Mon to Fri of next week
            rows.append((r, mon, mon + length, "vacation"))
        if r == 1 and len(ok):
            # a sick spell Tuesday to Thursday, in a week free of vacation
            taken = {m for rr, m, _, _ in rows if rr == r}
            free = [int(m) for m in ok if not any(abs(int(m) - t) < 14 for t in taken)]
            if free:
                mon = free[rng.integers(len(free))]
                rows.append((r, mon + 1, mon + 3, "sick"))
    return pd.DataFrame(rows, columns=["rep", "from_on", "to_on", "reason"])


def availability(reps: pd.DataFrame, absences: pd.DataFrame, cal: Calendar) -> np.ndarray:
    """bool[rep, day - cal.lo]: employed that day and not absent."""
    days = np.arange(cal.lo, cal.hi + 1)
    start = reps.start_on.to_numpy()[:, None]
    end = np.where(reps.end_on.to_numpy() >= 0, reps.end_on.to_numpy(), cal.hi)[:, None]
    avail = (days[None, :] >= start) & (days[None, :] <= end)
    for r, a, b in absences[["rep", "from_on", "to_on"]].itertuples(index=False):
        avail[r, a - cal.lo:b - cal.lo + 1] = False
    return avail
