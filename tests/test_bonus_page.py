"""The Bonus page under AppTest on the golden book: a plan saved from the page's tables, the
payouts it gives (hand-computed in tests/test_bonus.py) and a rep's lines and rows."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from arlib.figures.bonus import freeze
from arlib.figures.bonus import plan as bonus_plan
from arlib.store import db
from tests.conftest import run_app
from tests.test_bonus import golden_plan

ROOT = Path(__file__).resolve().parent.parent


def _bonus_page() -> AppTest:
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/bonus.py")
    return run_app(at)


def test_starting_plan_is_offered_and_a_bad_plan_is_refused(app_env):
    at = _bonus_page()
    assert at.selectbox(key="bonus_quarter").value == "2024Q4"
    assert any("No plan is saved for 2024Q4" in i.value for i in at.info)
    # the starter plan weighs cash 0.5: at 0.9 the weights add up to 1.4
    at.session_state["bonus_measures_2024Q4"] = {
        "edited_rows": {0: {"weight": 0.9}}, "deleted_rows": [], "added_rows": []}
    at.text_input(key="bonus_author").input("Maria")
    run_app(at)  # in the browser the typed name reaches the script before the click
    at.button(key="bonus_save").click()
    run_app(at)
    assert "the weights add up to 1&#46;4, not 1" in at.error[0].value  # markdown-safe
    assert any("No plan is saved for 2024Q4" in i.value for i in at.info)
    at.session_state["bonus_measures_2024Q4"] = {
        "edited_rows": {}, "deleted_rows": [], "added_rows": []}
    at.number_input(key="bonus_cap_2024Q4").set_value(1.25)
    run_app(at)
    at.button(key="bonus_save").click()
    run_app(at)  # the starter plan pays 0 to every rep, and is sound: saved as version 1
    assert not at.error, [e.value for e in at.error]
    assert any("Saved 2024Q4 plan version 1" in s.value for s in at.success)
    con = db.open_database(app_env / "app.duckdb")
    try:
        saved = bonus_plan.stored(con, quarter="2024Q4")
    finally:
        con.close()
    assert (saved.author, saved.plan.cap) == ("Maria", 1.25)
    assert [r.rep_id for r in saved.plan.reps] == ["R1", "R2", "R3"]


def test_payouts_of_the_saved_plan_and_a_reps_rows(app_env):
    con = db.open_database(app_env / "app.duckdb")
    try:
        bonus_plan.save(con, golden_plan(), author="Maria")
    finally:
        con.close()
    at = _bonus_page()
    assert any("version 1" in c.value for c in at.caption)
    shown = next(d.value for d in at.dataframe if "payout_amt" in d.value.columns)
    assert shown.set_index("rep_id").payout_amt.to_dict() == {
        "R1": 4500.0, "R2": 9600.0, "R3": 400.0}
    assert [b.label for b in at.get("download_button")] == [
        "Payroll CSV", "Payroll XLSX", "Statements (HTML, one page per rep)"]


def test_freeze_after_confirming_the_checks_then_frozen_beside_live(app_env):
    con = db.open_database(app_env / "app.duckdb")
    try:
        bonus_plan.save(con, golden_plan(), author="Maria")
    finally:
        con.close()
    at = _bonus_page()
    checks = next(d.value for d in at.dataframe if "check" in d.value.columns)
    assert list(checks.ok) == [True, True, True, True, True, False, True]
    assert at.button(key="bonus_freeze").disabled
    at.checkbox(key="bonus_confirm_2024Q4").check()
    at.text_input(key="bonus_frozen_by").input("Maria")
    run_app(at)
    at.button(key="bonus_freeze").click()
    run_app(at)
    assert any("2024Q4 frozen under plan version 1" in s.value for s in at.success)
    shown = next(d.value for d in at.dataframe if "frozen_payout_amt" in d.value.columns)
    assert shown.set_index("rep_id").change_amt.to_dict() == {"R1": 0.0, "R2": 0.0,
                                                               "R3": 0.0}
    con = db.open_database(app_env / "app.duckdb")
    try:
        item = freeze.frozen(con, quarter="2024Q4")
    finally:
        con.close()
    assert (item.frozen_by, item.plan_version) == ("Maria", 1)
    assert "Frozen snapshot (JSON)" in [b.label for b in at.get("download_button")]


def test_sign_off_in_local_mode_approval_then_acknowledgments(app_env):
    con = db.open_database(app_env / "app.duckdb")
    try:
        from tests.test_bonus_freeze import _frozen_golden
        _frozen_golden(con)
    finally:
        con.close()
    at = _bonus_page()
    at.text_input(key="bonus_approver").input("Maria")
    run_app(at)
    at.button(key="bonus_approve").click()
    run_app(at)
    assert any("2024Q4 approved by Maria" in s.value for s in at.success)
    assert any("Approved by Maria on" in s.value for s in at.success)
    assert at.selectbox(key="bonus_ack_rep").options == ["R1", "R2", "R3"]
    at.selectbox(key="bonus_ack_rep").select("R2")
    run_app(at)  # each rep has their own name box
    at.text_input(key="bonus_ack_name_R2").input("Ben Cole")
    run_app(at)
    at.button(key="bonus_ack").click()
    run_app(at)
    assert any("R2 acknowledged the 2024Q4 statement" in s.value for s in at.success)
    assert at.selectbox(key="bonus_ack_rep").options == ["R1", "R3"]
    shown = next(d.value for d in at.dataframe if "acknowledged_by" in d.value.columns)
    assert shown.set_index("rep_id").acknowledged_by["R2"] == "Ben Cole"
    assert "Frozen statements (HTML, one page per rep)" in [
        b.label for b in at.get("download_button")]


def test_a_late_load_after_the_freeze_is_explained_and_carried(app_env, tmp_path):
    import csv

    from arlib.store import loader
    from tests.test_bonus_freeze import _frozen_golden

    late = tmp_path / "late"
    late.mkdir()
    with (late / "payments.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["payment_id", "customer_id", "invoice_id", "paid_on", "amount",
                         "currency", "method", "reference"])
        writer.writerow(["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    con = db.open_database(app_env / "app.duckdb")
    try:
        _frozen_golden(con)
        assert loader.load(con, [late]).changed
    finally:
        con.close()
    at = _bonus_page()
    beside = next(d.value for d in at.dataframe if "frozen_payout_amt" in d.value.columns)
    assert beside.set_index("rep_id").change_amt["R1"] == 2500.0
    moved = next(d.value for d in at.dataframe if "cause" in d.value.columns)
    assert moved[["rep_id", "key", "cause", "load_id"]].values.tolist() == [
        ["R1", "P6", "payment added after the freeze", 2]]
    assert any("Policy: carry into 2025Q1" in i.value for i in at.info)
    carried = next(d.value for d in at.dataframe if "to_quarter" in d.value.columns)
    assert carried.adjustment_amt.tolist() == [2500.0]
    # the plan copied to the next quarter, whose payout shows the adjustment carried in
    at.button(key="bonus_copy").click()
    run_app(at)
    assert any("Copied to 2025Q1 as version 1" in s.value for s in at.success)
    at.selectbox(key="bonus_quarter").select("2025Q1")
    run_app(at)
    assert any("Adjustments carried in" in m.value for m in at.markdown)
    carried_in = next(d.value for d in at.dataframe if "from_quarter" in d.value.columns)
    assert carried_in[["rep_id", "from_quarter", "adjustment_amt"]].values.tolist() == [
        ["R1", "2024Q4", 2500.0]]


def test_under_the_reopen_policy_a_restated_quarter_is_reopened(app_env, tmp_path,
                                                                 monkeypatch):
    import csv

    from arlib import settings
    from arlib.store import loader
    from tests.test_bonus_freeze import _frozen_golden

    monkeypatch.setenv("AR_BONUS_RESTATEMENT_POLICY", "reopen")
    settings.load.cache_clear()
    late = tmp_path / "late"
    late.mkdir()
    with (late / "payments.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["payment_id", "customer_id", "invoice_id", "paid_on", "amount",
                         "currency", "method", "reference"])
        writer.writerow(["P6", "C2", "I202", "2024-12-30", "2000.00", "USD", "ach", ""])
    con = db.open_database(app_env / "app.duckdb")
    try:
        _frozen_golden(con)
        assert loader.load(con, [late]).changed
    finally:
        con.close()
    at = _bonus_page()
    assert any("Policy: reopen" in w.value for w in at.warning)
    at.button(key="bonus_reopen").click()
    run_app(at)
    assert any("2024Q4 reopened" in s.value for s in at.success)
    assert any(d.value.columns.tolist()[:2] == ["check", "ok"] for d in at.dataframe)
    con = db.open_database(app_env / "app.duckdb")
    try:
        assert freeze.frozen(con, quarter="2024Q4") is None
        assert len(freeze.reopenings(con, quarter="2024Q4")) == 1
    finally:
        con.close()


def test_signals_shown_and_a_plan_leaving_flagged_contacts_out(app_env):
    con = db.open_database(app_env / "app.duckdb")
    try:
        bonus_plan.save(con, golden_plan(), author="Maria")
    finally:
        con.close()
    at = _bonus_page()
    counts = next(d.value for d in at.dataframe if "count_last_days" in d.value.columns)
    assert counts.set_index("rep_id").count_last_days.to_dict() == {"R1": 1, "R2": 0,
                                                                     "R3": 0}
    at.multiselect(key="bonus_exclude_2024Q4").select("last_days")
    at.text_input(key="bonus_author").input("Maria")
    run_app(at)
    at.button(key="bonus_save").click()
    run_app(at)
    assert any("Saved 2024Q4 plan version 2" in s.value for s in at.success)
    shown = next(d.value for d in at.dataframe if "payout_amt" in d.value.columns
                 and "target_payout_amt" in d.value.columns)
    assert shown.set_index("rep_id").payout_amt["R1"] == 3500.0  # tests/test_bonus_signals
