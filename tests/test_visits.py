"""The visit score (metrics.md §6): golden figures by hand, and properties of the ranking."""

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from arlib.figures import visits
from arlib.settings import Settings, VisitWeights

AS_OF = date(2024, 12, 31)


def test_golden_visit_plan(golden_con):
    plan = visits.plan(golden_con, as_of=AS_OF, settings=Settings()).set_index("customer_id")
    # C1 is top in sales (23,700) and open AR (10,500): 0.35 + 0.20; past due over 30 days
    # 3,000 ranks 2/3 × 0.15; one broken promise ties C2 and C3 (2/3 × 0.10); no dispute ties
    # three customers at the bottom (1/3 × 0.10); no visit ever ties three (2/3 × 0.10).
    expected = 0.35 + 0.20 + 2 / 3 * 0.15 + 2 / 3 * 0.10 + 1 / 3 * 0.10 + 2 / 3 * 0.10
    assert round(plan.loc["C1", "score"], 6) == round(expected, 6)
    assert plan["rank"].to_dict() == {"C1": 1, "C2": 2, "C3": 3, "C4": 4}
    assert plan.loc["C1", "flags"] == "legacy, no visit in a year"  # customer since 2015
    # C2: I201 (4,000) is 122 days past due and PR8 broke: an agency candidate
    assert plan.loc["C2", "flags"] == "agency candidate, no visit in a year"
    assert plan.loc["C3", "since_visit_days"] == 27  # K9 visit on 12-04
    assert plan.loc["C4", "flags"] == "new, no visit in a year"  # customer since 12-10
    assert plan.loc["C4", "reasons"] == "not visited for long"


FACTOR_VALUES = st.lists(st.tuples(*[st.integers(0, 5) for _ in visits.FACTORS]),
                         min_size=2, max_size=8)


def _frame(rows):
    frame = pd.DataFrame(rows, columns=list(visits.FACTORS)).astype(float)
    frame.insert(0, "customer_id", [f"C{i}" for i in range(len(rows))])
    return frame


@settings(max_examples=80, deadline=None)
@given(rows=FACTOR_VALUES)
def test_ranking_is_stable_and_a_permutation(rows):
    frame = _frame(rows)
    first = visits.score(frame, VisitWeights())
    again = visits.score(frame.sample(frac=1, random_state=1), VisitWeights())
    assert first.customer_id.tolist() == again.customer_id.tolist()
    assert sorted(first["rank"]) == list(range(1, len(rows) + 1))
    assert first.score.is_monotonic_decreasing


@settings(max_examples=80, deadline=None)
@given(rows=FACTOR_VALUES, factor=st.sampled_from(list(visits.FACTORS)),
       who=st.integers(0, 7))
def test_more_of_any_factor_never_lowers_the_score(rows, factor, who):
    frame = _frame(rows)
    who %= len(rows)
    before = visits.score(frame, VisitWeights()).set_index("customer_id").score
    frame.loc[who, factor] += 10  # this customer now has more of the factor than anyone
    after = visits.score(frame, VisitWeights()).set_index("customer_id").score
    cid = f"C{who}"
    assert after[cid] >= before[cid] - 1e-12
    weight = getattr(VisitWeights(), visits.FACTORS[factor][0])
    # ... and it now holds the top percentile of that factor
    assert visits.score(frame, VisitWeights()).set_index("customer_id").loc[
        cid, f"{factor}_pctl"] == 1.0
    assert weight >= 0


def test_weights_change_the_ranking_as_asked(golden_con):
    only_disputes = VisitWeights(sales_12m=0, open_ar=0, past_due_30=0, broken_promises=0,
                                 open_disputes=1, days_since_visit=0)
    plan = visits.plan(golden_con, as_of=AS_OF, settings=Settings(), weights=only_disputes)
    assert plan.customer_id.iloc[0] == "C2"  # the only open dispute (D1)


def test_visit_plan_export_links_to_the_customer_page(golden_con):
    plan = visits.plan(golden_con, as_of=AS_OF, settings=Settings())
    chosen = visits.select(plan, cities=["Boston", "Hartford"], flags_=["no visit in a year"])
    out = visits.visit_plan_export(chosen, app_url="http://ar.example:8501/visits?as_of=x")
    assert out.customer_id.tolist() == ["C1", "C2"]
    assert out.brief_link.tolist() == ["http://ar.example:8501/customer?customer=C1",
                                       "http://ar.example:8501/customer?customer=C2"]
