"""Where a run's time goes (issue 16, point 1): with AR_RUN_LOG set, each script run of the
app appends one line naming its page and the seconds of its phases; without it, nothing is
written."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _run_app(page: str | None = None) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception


def test_each_run_logs_its_page_and_phases(app_env, monkeypatch):
    log = app_env / "runs.jsonl"
    monkeypatch.setenv("AR_RUN_LOG", str(log))
    from arlib import settings
    settings.load.cache_clear()
    _run_app("pages/aging.py")
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    pages = [x["page"] for x in lines]
    assert (pages[0], pages[-1]) == ("overview", "aging")  # the default page first
    for x in lines:
        assert set(x) == {"at", "page", "run_s", "pin_s", "sidebar_s", "body_s"}
        assert 0 < x["pin_s"] + x["sidebar_s"] + x["body_s"] <= x["run_s"]


def test_nothing_is_written_without_the_setting(app_env):
    _run_app()
    assert not list(app_env.glob("*.jsonl"))
