"""A load that commits while a page is being computed (another session's import) never gives
a page that mixes the two states: the run notices and draws the page again on the new data.
The browser version with twenty sessions is tests/e2e/test_concurrency.py."""

from __future__ import annotations

from datetime import date

import duckdb
from streamlit.testing.v1 import AppTest

from arlib.figures import overview
from tests.conftest import GOLDEN, ROOT


def test_a_load_committed_mid_run_gives_the_new_state_not_a_mix(app_env, monkeypatch):
    extra = app_env / "extra" / "invoices.csv"
    extra.parent.mkdir()
    extra.write_text("invoice_id,customer_id,invoice_on,due_on,amount\n"
                     "X1,C1,2024-11-01,2024-12-01,5000.00\n")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-12-31"
    at.run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Open AR"] == "28.0k"

    # the next tiles computed commit a load as soon as they are done (once): the rest of
    # the page would read the new state, the tiles the old one
    real, committed = overview.tiles, []

    def tiles_then_a_load(con, **kwargs):
        result = real(con, **kwargs)
        if not committed:
            from arlib.store import loader
            other = duckdb.connect(str(app_env / "app.duckdb"))  # the app's instance
            committed.append(loader.load(other, [extra]).load_id)
            other.close()
        return result

    monkeypatch.setattr(overview, "tiles", tiles_then_a_load)
    at.date_input(key="as_of").set_value(date(2024, 12, 30))  # not cached: computed again
    at.run()
    assert not at.exception, at.exception
    assert committed == [2]
    tiles = {m.label: m.value for m in at.metric}
    top = at.dataframe[0].value.set_index("customer_name").past_due_amt
    # the golden figures on 2024-12-30 plus the new invoice (5,000, past due since Dec 1)
    assert (tiles["Open AR"], tiles["Past due"]) == ("33.0k", "26.0k")
    assert top["Acme Tools"] == 16000.0
    assert any("Data: load 2 of" in c.value for c in at.sidebar.caption)


def test_two_loads_at_once_in_one_process_take_turns_and_both_commit(tmp_path):
    """Two sessions of the app committing at once: both loads land, one after the other,
    with their own load ids (each would otherwise take the same next id and conflict)."""
    from concurrent.futures import ThreadPoolExecutor

    from arlib.store import db, loader

    con = db.open_database(tmp_path / "store.duckdb")
    loader.load(con, [GOLDEN])
    files = []
    for n in range(2):
        path = tmp_path / f"extra{n}" / "invoices.csv"
        path.parent.mkdir()
        path.write_text("invoice_id,customer_id,invoice_on,due_on,amount\n" + "".join(
            f"X{n}-{k},C1,2024-11-01,2024-12-01,10.00\n" for k in range(2000)))
        files.append(path)
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda p: loader.load(con, [p]), files))
    assert sorted(r.load_id for r in reports) == [2, 3]
    assert {r.status for r in reports} == {"committed"}
    assert con.execute("select count(*) from raw_invoices where invoice_id like 'X%'"
                       ).fetchone()[0] == 4000
    con.close()
