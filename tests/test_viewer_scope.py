"""The viewer's rep scope in arlib (issue 17, point 3): a rep's or a manager's scope gives
exactly the figures of the customers their reps own today, checked against a second method
(the sidebar's rep filter, one rep at a time, and sums over reps), on the sample book."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from arlib.figures import aging, calls, dso, overview, promises, reps, visits
from arlib.figures.forecast import weekly
from arlib.figures.scope import EVERYONE, Scope
from arlib.settings import Settings
from arlib.store import db, state
from tests.conftest import ROOT, build_store

CFG = Settings()
AS_OF, FIRST_ON = date(2026, 6, 30), date(2026, 4, 1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("scope") / "sample.duckdb"
    build_store(path, ROOT / "sample_data")
    con = db.open_database(path)
    yield con
    con.close()


@pytest.fixture(scope="module")
def owners(sample) -> pd.Series:
    """Each customer's owner rep today, by a query of its own (not through in_scope)."""
    return sample.sql("select customer_id, rep_id from stg_customers").df().set_index(
        "customer_id").rep_id


@pytest.fixture(scope="module")
def two_reps(owners) -> list[str]:
    counts = owners.value_counts()
    return sorted(counts.index[:2])


def _frame(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    return frame.sort_values(by).reset_index(drop=True)


def test_the_sample_dates_hold_data(sample):
    first, last = state.date_range(sample)
    assert first < FIRST_ON and last >= AS_OF


def test_a_rep_scope_gives_the_figures_of_the_rep_filter(sample, two_reps):
    """A rep viewer (reps={r}) sees exactly what the sidebar's rep filter r shows everyone."""
    for rep in two_reps:
        viewer, filtered = Scope(reps=frozenset([rep])), Scope(rep_id=rep)

        def same(figure, viewer=viewer, filtered=filtered, **kw):
            return figure(sample, settings=CFG, scope=viewer, **kw), \
                figure(sample, settings=CFG, scope=filtered, **kw)

        a, b = same(overview.tiles, as_of=AS_OF, first_on=FIRST_ON)
        pd.testing.assert_series_equal(a, b)
        assert a.open_ar_amt > 0
        pd.testing.assert_frame_equal(*same(aging.by_customer, as_of=AS_OF))
        pd.testing.assert_frame_equal(*same(dso.trend, dates=[date(2026, 4, 30), AS_OF]))
        pd.testing.assert_frame_equal(*same(calls.call_list, as_of=AS_OF))
        pd.testing.assert_frame_equal(*same(visits.plan, as_of=AS_OF))
        pd.testing.assert_frame_equal(*same(overview.hardest_wins, first_on=FIRST_ON,
                                            as_of=AS_OF))
        books = same(promises.book, as_of=AS_OF)
        pd.testing.assert_frame_equal(books[0].promises, books[1].promises)
        pd.testing.assert_frame_equal(*same(weekly.forecast, as_of=AS_OF))


def test_a_scope_holds_only_the_customers_its_reps_own_today(sample, owners, two_reps):
    scope = Scope(reps=frozenset(two_reps))
    seen = aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=scope)
    assert set(owners[seen.customer_id]) == set(two_reps)
    every = aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=EVERYONE)
    mine = every[every.customer_id.map(owners).isin(two_reps)]
    pd.testing.assert_frame_equal(_frame(seen, "customer_id"), _frame(mine, "customer_id"))
    # a team's open AR is the sum of its reps' open AR, cent for cent
    team = overview.headline(sample, as_of=AS_OF, settings=CFG, scope=scope).open_ar_amt
    each = [overview.headline(sample, as_of=AS_OF, settings=CFG,
                              scope=Scope(reps=frozenset([r]))).open_ar_amt for r in two_reps]
    assert round(team, 2) == round(sum(each), 2) and team > 0


def test_the_sidebar_filter_works_inside_the_scope_only(sample, two_reps):
    mine, other = two_reps
    inside = Scope(rep_id=mine, reps=frozenset(two_reps))
    pd.testing.assert_frame_equal(
        aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=inside),
        aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=Scope(rep_id=mine)))
    outside = Scope(rep_id=mine, reps=frozenset([other]))
    assert aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=outside).empty


def test_a_scope_without_reps_sees_no_customer(sample):
    nobody = Scope(reps=frozenset())
    assert aging.by_customer(sample, as_of=AS_OF, settings=CFG, scope=nobody).empty
    assert calls.call_list(sample, as_of=AS_OF, settings=CFG, scope=nobody).empty
    head = overview.headline(sample, as_of=AS_OF, settings=CFG, scope=nobody)
    assert head.open_ar_amt == 0
    assert state.find_customers(sample, "a", reps=frozenset()).empty
    assert state.reps(sample, only=frozenset()).empty
    assert state.regions(sample, reps=frozenset()) == []


def test_search_rep_and_region_choices_keep_to_the_scope(sample, owners, two_reps):
    mine = frozenset(two_reps[:1])
    found = state.find_customers(sample, "", max_rows=1000, reps=mine)
    assert found.empty  # nothing typed, nothing listed
    everyone = state.find_customers(sample, "a", max_rows=10_000)
    scoped = state.find_customers(sample, "a", max_rows=10_000, reps=mine)
    assert set(scoped.customer_id) == {c for c in everyone.customer_id if owners[c] in mine}
    assert 0 < len(scoped) < len(everyone)
    assert state.reps(sample, only=mine).rep_id.tolist() == list(mine)
    regions = sample.sql("select distinct region from stg_customers where region is not null "
                         "and rep_id = $r order by 1", params={"r": two_reps[0]}).df()
    assert state.regions(sample, reps=mine) == regions.region.tolist()


def test_a_scoped_scorecard_keeps_its_reps_rows_with_their_figures(sample, two_reps):
    card = reps.scorecard(sample, first_on=FIRST_ON, as_of=AS_OF, settings=CFG)
    mine = reps.within(card, frozenset(two_reps[:1]))
    rep = two_reps[0]
    assert mine.table.rep_id.tolist() == [rep]
    whole = card.table.set_index("rep_id").loc[rep]
    row = mine.table.iloc[0]
    for column in ("count_contacts", "attributed_amt", "per_contact_amt", "kept_rate_pct"):
        assert row[column] == whole[column] or (pd.isna(row[column]) and pd.isna(whole[column]))
    for rows in (mine.contacts, mine.payments, mine.promise_pairs, mine.promises):
        assert set(rows.rep_id) <= {rep}
    assert len(mine.contacts) == row.count_contacts
    assert round(mine.payments.amount_base.sum(), 2) == round(row.attributed_amt, 2)
    assert reps.within(card, None) is card


def test_the_company_back_test_a_rep_may_download_holds_ratios_only():
    from arlib.figures.forecast import views

    scores = pd.DataFrame({"method": ["curves"], "wape_pct": [0.21], "bias_pct": [-0.02],
                           "coverage_pct": [0.8], "forecast_amt": [1e6], "actual_amt": [9e5]})
    assert views.percentages_only(scores).columns.tolist() == [
        "method", "wape_pct", "bias_pct", "coverage_pct"]
