"""A refresh rebuilds only the fact tables whose inputs a load changed (issue 20, point 5: a
call logged in the app is shown at once without rebuilding the whole book's facts): after
loads touching different tables, the stored fact tables equal a full rebuild row for row."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from arlib import settings
from arlib.canonical.models import MODELS
from arlib.sample import generate
from arlib.store import db, entries, facts, loader
from arlib.store.queries import sql_text

EVERYTHING = facts.SQL_TABLES + facts.ALLOCATION_TABLES
ALLOCATION = facts.ALLOCATION_TABLES
CUTOFF = "2025-05-01"  # rows dated from here on are held back from the first load
# the date column that places each table's rows before or after the cutoff
DATED = {"invoices": "invoice_on", "payments": "paid_on", "promises": "made_on",
         "contacts": "contact_at", "notes": "created_at", "disputes": "opened_on",
         "fx_rates": "on"}
# a customer whose documents, payments and promises carry no currency of their own: they
# take the customer's, which the customers update changes
BARE = "C0003"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """A generated book (about 700 invoices, CAD and USD), one frame per table, as text."""
    out = tmp_path_factory.mktemp("book")
    generate(out, customers=30, months=8, seed=5, end_on=date(2025, 6, 30), reps=4)
    frames = {m.table: pd.read_csv(out / f"{m.table}.csv", dtype=str, keep_default_na=False)
              for m in MODELS}
    for table in ("invoices", "payments", "promises"):
        frame = frames[table]
        frame.loc[frame.customer_id == BARE, "currency"] = ""
    return frames


def _early(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return frame[frame[DATED[table]] < CUTOFF] if table in DATED else frame


def _late(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return frame[frame[DATED[table]] >= CUTOFF]


def _load(con, folder: Path, tables: dict[str, pd.DataFrame]) -> int:
    """One load of canonical files (one per table given); its load id."""
    folder.mkdir()
    for table, frame in tables.items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    report = loader.load(con, [folder])
    assert report.changed
    return report.load_id


@pytest.fixture
def store(book, tmp_path):
    """A store holding the book up to the cutoff, its fact tables built."""
    con = db.open_database(":memory:")
    _load(con, tmp_path / "base", {t: _early(f, t) for t, f in book.items()})
    facts.refresh(con)
    with con.cursor() as cur:
        assert facts.current(cur) and facts.stale(cur) == ()
    yield con
    con.close()


def _rows(cur, table: str) -> list[tuple]:
    return cur.execute(f"select * from {table} order by all").fetchall()


def _oids(con) -> dict[str, int]:
    """Each fact table's id: `create or replace` gives the table a new one."""
    with con.cursor() as cur:
        return dict(cur.execute("select table_name, table_oid from duckdb_tables() "
                                "where table_name like 'fact_%'").fetchall())


def _refresh_and_compare(con) -> tuple[str, ...]:
    """Refresh (partially) and check every fact table against a full rebuild of the same
    data; the tables the refresh rebuilt."""
    with con.cursor() as cur:
        expected = facts.stale(cur)
    before = _oids(con)
    assert facts.refresh(con)
    after = _oids(con)
    rebuilt = tuple(t for t in EVERYTHING if before[t] != after[t])
    assert rebuilt == expected
    with con.cursor() as cur:
        assert facts.current(cur)
        stored = {t: _rows(cur, t) for t in EVERYTHING}
        cur.execute("begin transaction")
        facts.build(cur, temporary=True)  # temporary tables shadow the stored ones
        full = {t: _rows(cur, t) for t in EVERYTHING}
        cur.execute("rollback")
    for table in EVERYTHING:
        assert stored[table] == full[table], table
        assert len(full[table]) > 0, table
    return rebuilt


def _edited(frame: pd.DataFrame, rows: int, column: str, value) -> pd.DataFrame:
    """The first `rows` rows of the frame with `column` changed (an update by key)."""
    part = frame.head(rows).copy()
    part[column] = value(part[column]) if callable(value) else value
    return part


def _later_due(column: pd.Series) -> pd.Series:
    return (pd.to_datetime(column) + pd.Timedelta(days=9)).dt.strftime("%Y-%m-%d")


def _scaled(column: pd.Series) -> pd.Series:
    return (column.astype(float) * 1.1).map("{:.4f}".format)


# each step: the tables one load brings (late rows, or edits of stored ones), and the fact
# tables the refresh after it must rebuild
STEPS = {
    "promises": (lambda b: {"promises": pd.concat([
        _late(b["promises"], "promises"),
        _edited(_early(b["promises"], "promises"), 5, "due_on", _later_due)])},
        ("fact_promises", *ALLOCATION)),
    "contacts": (lambda b: {"contacts": _late(b["contacts"], "contacts")},
                 ("fact_contacts",)),
    "notes_people": (lambda b: {"notes": _late(b["notes"], "notes"),
                                "people": _edited(b["people"], 3, "role", "Controller")},
                     ()),
    "payments": (lambda b: {"payments": _late(b["payments"], "payments")},
                 ("fact_settlements", "fact_items", *ALLOCATION)),
    "invoices": (lambda b: {"invoices": _late(b["invoices"], "invoices")},
                 ("fact_documents", "fact_settlements", "fact_items", *ALLOCATION)),
    "disputes": (lambda b: {"disputes": _edited(b["disputes"], 4, "resolved_on", "")},
                 ("fact_items",)),
    "customers": (lambda b: {"customers": pd.concat([
        _edited(b["customers"][b["customers"].customer_id == BARE], 1, "currency", "CAD"),
        _edited(b["customers"], 2, "name", "Renamed Ltd")])},
        tuple(t for t in EVERYTHING if t != "fact_contacts")),
    "fx_rates": (lambda b: {"fx_rates": _edited(_early(b["fx_rates"], "fx_rates"), 4,
                                                "rate_to_base", _scaled)},
                 ("fact_documents", "fact_settlements", "fact_items", "fact_promises",
                  *ALLOCATION)),
    "mixed": (lambda b: {"promises": _late(b["promises"], "promises"),
                         "contacts": _late(b["contacts"], "contacts"),
                         "reps": _edited(b["reps"], 1, "team", "North")},
              ("fact_promises", "fact_contacts", *ALLOCATION)),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_load_rebuilds_what_it_changed_and_matches_a_full_rebuild(store, book, tmp_path,
                                                                      step):
    tables, rebuilt = STEPS[step]
    _load(store, tmp_path / step, tables(book))
    assert _refresh_and_compare(store) == rebuilt


def test_a_sequence_of_loads_each_refreshed_or_not(store, book, tmp_path):
    """Loads one after another, a refresh after some of them only: the refresh rebuilds what
    every load since the last build changed."""
    plan = [("contacts",), ("promises", "notes_people"), ("disputes",), ("payments",),
            ("fx_rates", "contacts_again"), ("invoices",), ("customers",)]
    contacts_again = {"contacts": _edited(_early(book["contacts"], "contacts"), 3,
                                          "outcome", "no_answer")}
    for n, names in enumerate(plan):
        expected: set[str] = set()
        for name in names:
            tables, rebuilt = ((lambda b: contacts_again), ("fact_contacts",)) \
                if name == "contacts_again" else STEPS[name]
            _load(store, tmp_path / f"{n}_{name}", tables(book))
            expected.update(rebuilt)
        assert set(_refresh_and_compare(store)) == expected


def test_a_call_logged_in_the_app_rebuilds_promises_contacts_and_allocation(store):
    """A contact with a promise and a note (one load, as the app records it) rebuilds the
    promises, the contacts and the allocation: never the documents, settlements or open
    items (the bulk of a large book's refresh)."""
    with store.cursor() as cur:
        customer, rep = cur.execute("select customer_id, rep_id from stg_customers "
                                    "order by customer_id limit 1").fetchall()[0]
    load_id, problems = entries.record(store, entries.Entry(
        customer_id=customer, rep_id=rep, at=datetime(2025, 4, 28, 10, 30), channel="call",
        outcome="promise", person="AP desk", promise_amount="250.00",
        promise_due_on=date(2025, 5, 9), note_text="will pay Friday"), who="rep@example.com")
    assert problems == [] and load_id is not None
    assert _refresh_and_compare(store) == ("fact_promises", "fact_contacts", *ALLOCATION)
    with store.cursor() as cur:
        assert cur.execute("select count(*) from fact_promises where customer_id = $c "
                           "and made_on = date '2025-04-28' and amount = 250",
                           {"c": customer}).fetchall()[0][0] == 1


def test_other_settings_rebuild_the_allocation(store, book, tmp_path, monkeypatch):
    """The stored allocation serves only the settings it was made with: under other grace
    days it is made again with the next refresh, even after a load that changes nothing it
    is made from."""
    monkeypatch.setenv("AR_PROMISE_GRACE_DAYS", "9")
    settings.load.cache_clear()
    try:
        _load(store, tmp_path / "notes", {"notes": _late(book["notes"], "notes")})
        assert _refresh_and_compare(store) == ALLOCATION
        with store.cursor() as cur:
            assert cur.execute("select grace_days from fact_allocation_params"
                               ).fetchall() == [(9,)]
    finally:
        monkeypatch.delenv("AR_PROMISE_GRACE_DAYS")
        settings.load.cache_clear()


@pytest.mark.parametrize("unknown", ["no build", "other layout", "load without files",
                                     "load of no known table"])
def test_what_is_not_known_rebuilds_everything(store, book, tmp_path, unknown):
    with store.cursor() as cur:
        if unknown == "no build":
            cur.execute(sql_text("store/sql/schema/facts_forget.sql"))
        elif unknown == "other layout":
            cur.execute("update facts_state set layout = $layout", {"layout": facts.LAYOUT - 1})
        else:
            # a load another version of the program recorded: what it changed is not known
            next_id = cur.execute("select max(load_id) + 1 from loads").fetchall()[0][0]
            cur.execute("insert into loads select * replace ($id as load_id) from loads "
                        "where load_id = 1", {"id": next_id})
            if unknown == "load of no known table":
                cur.execute("insert into load_files select * replace ($id as load_id, "
                            "'ledgers' as table_name) from load_files where load_id = 1 "
                            "limit 1", {"id": next_id})
        assert facts.stale(cur) == EVERYTHING
    assert _refresh_and_compare(store) == EVERYTHING


def test_the_inputs_are_those_the_queries_read():
    """INPUTS names what each fact table's query reads: through the staging views, down to
    the raw tables (by the load log's names), and the fact tables built before it. The
    allocation is made from allocation_promises.sql and cash_rows.sql."""
    macros = {m: sql_text(f"store/sql/schema/{m}.sql")
              for m in ("settlements_base", "documents_base", "promises_base", "in_scope",
                        "open_items", "base_amount", "base_rate")}

    def reads(text: str) -> set[str]:
        for name, body in macros.items():  # in an order where a macro's own come later
            if f"{name}(" in text and f"macro {name}(" not in text:
                text += body
        text = re.sub(r"--.*", "", text)  # comments name tables too
        found = set()
        for kind, name in re.findall(r"\b(stg|raw|fact)_(\w+)", text):
            if kind == "fact":
                found.add(f"fact_{name}")
            elif kind == "raw":
                found.add(name)
            else:
                view = sql_text(f"store/sql/staging/stg_{name}.sql")
                found |= {name} | reads(view.replace(f"view stg_{name}", "view"))
        return found

    for table in facts.SQL_TABLES:
        assert reads(sql_text(f"store/sql/facts/{table}.sql")) == facts.INPUTS[table], table
    allocation = reads(sql_text("store/sql/facts/allocation_promises.sql")
                       + sql_text("store/sql/facts/cash_rows.sql"))
    for table in ALLOCATION:
        assert allocation == facts.INPUTS[table]
    # every raw table is either an input or known to feed none
    raw = {m.table for m in MODELS}
    inputs = set().union(*facts.INPUTS.values()) - set(facts.INPUTS)
    assert inputs | facts.UNUSED == raw and not inputs & facts.UNUSED
