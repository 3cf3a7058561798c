"""The CFO pack on a schedule (issue 22, point 3): the latest scheduled moment, a pack
written once per moment by the running app's worker, a missed moment made up, a failure
recorded and not retried until the next moment."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from arlib.outputs import pack, pack_schedule
from arlib.settings import Settings
from arlib.store import audit, db, loader
from tests.conftest import GOLDEN

WED = datetime(2026, 11, 25, 10, 0)  # a Wednesday before today: a pack written now is later


@pytest.mark.parametrize(("schedule", "now", "moment"), [
    ("MON 07:00", WED, datetime(2026, 11, 23, 7, 0)),
    ("MON 07:00", datetime(2026, 12, 7, 6, 59), datetime(2026, 11, 30, 7, 0)),
    ("MON 07:00", datetime(2026, 12, 7, 7, 0), datetime(2026, 12, 7, 7, 0)),
    ("mon,thu 06:30", datetime(2026, 12, 11, 0, 0), datetime(2026, 12, 10, 6, 30)),
    ("DAILY 06:30", datetime(2026, 12, 9, 6, 29), datetime(2026, 12, 8, 6, 30)),
])
def test_the_latest_scheduled_moment(schedule, now, moment):
    assert pack_schedule.latest_moment(schedule, now=now) == moment


def test_a_schedule_that_cannot_be_read_is_refused_with_how_to_write_it():
    with pytest.raises(ValueError, match=r"e\.g\. 'MON 07:00'"):
        Settings(pack_schedule="Mondays at 7")


@pytest.fixture
def golden():
    con = db.open_database(":memory:")
    loader.load(con, [GOLDEN])
    yield con
    con.close()


def _packs(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("*") if p.suffix in (".pdf", ".xlsx", ".json"))


def test_one_pack_per_moment_and_a_missed_one_made_up(golden, tmp_path):
    cfg = Settings(pack_schedule="MON 07:00", outbox_dir=tmp_path / "out")
    scheduled = pack_schedule.Scheduled()
    assert pack_schedule.Scheduled().run_if_due(golden, settings=Settings(
        outbox_dir=tmp_path / "out"), now=WED) == []  # no schedule: nothing
    # the app starts on a Wednesday with no pack since Monday 07:00: made up now
    paths = scheduled.run_if_due(golden, settings=cfg, now=WED)
    assert [p.name for p in paths] == ["ar-pack-2024-12-27.pdf", "ar-pack-2024-12-27.xlsx",
                                       "ar-pack-2024-12-27.json"]
    assert scheduled.run_if_due(golden, settings=cfg, now=WED) == []  # written since
    fresh = pack_schedule.Scheduled()  # a restart: the pack on disk says it is done
    assert fresh.run_if_due(golden, settings=cfg, now=WED) == []
    for path in paths:  # as if written last week: Monday's moment is due again
        os.utime(path, (datetime(2026, 11, 20).timestamp(),) * 2)
    assert len(fresh.run_if_due(golden, settings=cfg, now=WED)) == 3
    trail = audit.events(golden, first_on=date.today(), last_on=date.today(), action="pack")
    assert trail.email.tolist() == ["schedule", "schedule"]
    assert trail.detail.iloc[0].startswith("2026-11-23 07:00: as of 2024-12-27, period from "
                                           "2024-10-01: ar-pack-2024-12-27.pdf")


def test_a_pack_that_cannot_be_made_is_recorded_and_waits_for_the_next_moment(golden,
                                                                               tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    broken = out / f"{pack.PREFIX}2024-11-29.json"  # an earlier pack's unreadable figures
    broken.write_text("{not json")
    os.utime(broken, (datetime(2026, 11, 1).timestamp(),) * 2)  # before Monday 23rd
    cfg = Settings(pack_schedule="MON 07:00", outbox_dir=out)
    scheduled = pack_schedule.Scheduled()
    assert scheduled.run_if_due(golden, settings=cfg, now=WED) == []
    assert scheduled.run_if_due(golden, settings=cfg, now=WED) == []  # tried once only
    [detail] = audit.events(golden, first_on=date.today(), last_on=date.today(),
                            action="pack").detail
    assert detail.startswith("2026-11-23 07:00: no pack written: the last pack's figures")
    assert _packs(out) == [broken.name]  # nothing half written
