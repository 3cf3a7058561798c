"""The many-sessions bench's plan and statistics (issue 16, point 6); the run itself is a
bench (`python -m arlib.bench.sessions`), not a test."""

from __future__ import annotations

from arlib.bench import sessions
from tests.conftest import GOLDEN, build_store


def test_each_session_has_its_filters_and_every_page(tmp_path):
    path = tmp_path / "ar.duckdb"
    build_store(path, GOLDEN)
    plans = sessions._plans(path, 20)
    assert len(plans) == 20
    assert all(sorted(p["pages"]) == sorted(sessions.STEPS) for p in plans)
    assert sum("rep" in p["query"] for p in plans) == 7  # n % 3 == 1 for n < 20
    assert sum("region" in p["query"] for p in plans) == 6
    assert {p["query"]["as_of"] for p in plans} == {"2024-12-27"}  # the last day with data
    assert len({p["pages"][0] for p in plans}) == len(sessions.STEPS)


def test_percentiles_are_read_from_the_samples():
    # 1 … 20 s: the median between 10 and 11, the 95th percentile at 1 + 0.95 × 19
    out = sessions._percentiles([float(n) for n in range(1, 21)])
    assert out == {"count": 20, "p50_s": 10.5, "p95_s": 19.05, "worst_s": 20.0}
    assert sessions._percentiles([2.0])["p95_s"] == 2.0
