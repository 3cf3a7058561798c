"""The sidebar's customer search: matches looked up from what was typed, best first."""

from __future__ import annotations

import pytest

from arlib.store import loader, state


def _found(con, query: str, **kw) -> list[str]:
    return state.find_customers(con, query, **kw).customer_id.tolist()


@pytest.mark.parametrize(("query", "expected"), [
    ("c3", ["C3"]),  # the id itself, any case
    ("  Cobalt ", ["C3"]),  # the name's start, spaces around ignored
    ("o", ["C1", "C3", "C4"]),  # every name holding an 'o', by name
    ("c", ["C1", "C2", "C3", "C4"]),  # every id starts with it: ranked alike, then by name
    ("supply", ["C2"]),  # a word inside the name
    ("zz", []),
    ("", []),  # nothing typed lists nobody, not everybody
    ("%", []),  # LIKE wildcards are plain text here
    ("_", []),
])
def test_matches_id_or_name_best_first(golden_con, query, expected):
    assert _found(golden_con, query) == expected


def test_the_list_stops_at_max_rows(golden_con):
    assert _found(golden_con, "c", max_rows=2) == ["C1", "C2"]


def test_an_exact_id_comes_before_names_holding_it(empty_con, tmp_path):
    (tmp_path / "customers.csv").write_text(
        "customer_id,name\nAB,Zeta\nX1,Abacus\nX2,Crab shack\nABC,Alpha\n")
    assert loader.load(empty_con, [tmp_path]).total("rejected") == 0
    # id 'AB' exactly, then the id 'ABC' starting with it, then names starting with it, then
    # any other holding it
    assert _found(empty_con, "ab") == ["AB", "ABC", "X1", "X2"]
