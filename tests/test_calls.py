"""The call list on the golden book, reasons worked out by hand."""

from datetime import date

from arlib.figures import calls
from arlib.settings import Settings


def _reasons(con, day):
    frame = calls.call_list(con, as_of=day, settings=Settings())
    return {c: (r, a) for c, r, a in zip(frame.customer_id, frame.reasons, frame.at_stake_amt,
                                         strict=True)}


def test_call_list_on_the_27th(golden_con):
    # C1: I103 (8,000) fell due 12-20, 7 days ago; PR2 broke on 12-13 but K11 called 12-18.
    # C2: D1 open since 09-10; PR5 partly kept (deadline 12-23) but K7 called on 12-27.
    assert _reasons(golden_con, date(2024, 12, 27)) == {
        "C1": ("invoice just fell due", 8000.0),
        "C2": ("dispute open over 30 days", 0.0)}


def test_call_list_on_the_24th_has_the_light_payment(golden_con):
    # PR5: 1,000 of 1,500 came by the deadline 12-23; last call K4 on 12-16: 500 still short
    got = _reasons(golden_con, date(2024, 12, 24))
    assert got["C2"] == ("light payment: promise partly kept; dispute open over 30 days", 500.0)
    assert got["C1"] == ("invoice just fell due", 8000.0)  # I103 due 12-20: 4 days ago
    assert list(got) == ["C1", "C2"]  # largest at stake first


def test_promise_due_today(golden_con):
    frame = calls.call_list(golden_con, as_of=date(2025, 1, 5), settings=Settings())
    row = frame.set_index("customer_id").loc["C4"]
    assert row.reasons == "promise due today" and row.at_stake_amt == 2500.0  # PR6
