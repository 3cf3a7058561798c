"""The CFO pack on a schedule (setting `pack_schedule`, e.g. "MON 07:00"): the running app's
inbox worker asks at each look whether a scheduled moment has passed with no pack written
since, and then writes the pack as of the last day with data (arlib.outputs.pack)."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb

from arlib.figures import periods
from arlib.outputs import pack
from arlib.settings import PACK_SCHEDULE, Settings
from arlib.store import audit, state

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
WHO = "schedule"  # who the audit trail names for a scheduled pack
LOG = logging.getLogger("arlib.pack")


def parse(schedule: str) -> tuple[frozenset[int], time]:
    """The weekdays (0 = Monday) and the time of a schedule such as "MON 07:00",
    "MON,THU 06:30" or "DAILY 07:00"; ValueError saying how to write one."""
    found = PACK_SCHEDULE.match(schedule.strip().upper())
    if found is None:
        raise ValueError(f"pack schedule {schedule!r}: write the days and a 24-hour time, "
                         "e.g. 'MON 07:00', 'MON,THU 06:30' or 'DAILY 07:00'")
    names = found["days"].split(",")
    days = range(7) if names == ["DAILY"] else (DAYS.index(n) for n in names)
    return frozenset(days), time(int(found["hour"]), int(found["minute"]))


def latest_moment(schedule: str, *, now: datetime) -> datetime:
    """The latest scheduled moment at or before `now` (local time, like the schedule)."""
    days, at = parse(schedule)
    for back in range(8):
        day = now.date() - timedelta(days=back)
        moment = datetime.combine(day, at)
        if day.weekday() in days and moment <= now:
            return moment
    raise AssertionError("a weekly schedule has a moment in every 8 days")


def last_written(out_dir: Path) -> datetime | None:
    """When the newest pack in the folder was written (its JSON's time), None for none."""
    times = [p.stat().st_mtime for p in Path(out_dir).glob(f"{pack.PREFIX}*.json")]
    return datetime.fromtimestamp(max(times)) if times else None


class Scheduled:
    """The schedule of one running app: each scheduled moment is tried once (a pack that
    cannot be made is logged and in the audit trail, and waits for the next moment)."""

    def __init__(self) -> None:
        self.tried: set[datetime] = set()

    def run_if_due(self, con: duckdb.DuckDBPyConnection, *, settings: Settings,
                   now: datetime | None = None) -> list[Path]:
        """Write the pack when a scheduled moment has passed with no pack written since and
        this moment was not tried yet; the paths written (none when not due)."""
        if not settings.pack_schedule:
            return []
        now = now or datetime.now()
        moment = latest_moment(settings.pack_schedule, now=now)
        out_dir = settings.resolved_outbox_dir()
        written = last_written(out_dir)
        if moment in self.tried or (written is not None and written >= moment):
            return []
        self.tried.add(moment)
        last_on = state.date_range(con)[1]
        if last_on is None:
            LOG.info("pack: nothing to report yet (the store is empty)")
            return []
        return self._write(con, settings, as_of=last_on, out_dir=out_dir, moment=moment)

    @staticmethod
    def _write(con: duckdb.DuckDBPyConnection, settings: Settings, *, as_of: date,
               out_dir: Path, moment: datetime) -> list[Path]:
        first_on = periods.start_of("quarter", as_of=as_of)
        try:
            paths = pack.write_pack(con, as_of=as_of, first_on=first_on, settings=settings,
                                    out_dir=out_dir)
        except Exception as exc:  # refused, or failed (a disk, a chart): said, not retried
            reason = str(exc) if isinstance(exc, pack.PackError) else \
                f"{type(exc).__name__}: {exc}"
            audit.record(con, email=WHO, action="pack",
                         detail=f"{moment:%Y-%m-%d %H:%M}: no pack written: {reason}")
            LOG.warning("pack: %s", reason)
            return []
        audit.record(con, email=WHO, action="pack",
                     detail=f"{moment:%Y-%m-%d %H:%M}: as of {as_of}, period from {first_on}: "
                            + ", ".join(p.name for p in paths))
        return paths
