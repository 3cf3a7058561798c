"""Quarterly bonus: the plan of a quarter (versioned), each rep's payout with the rows behind
it, the payroll export and the printable statements."""

from functools import partial

import streamlit as st

from arlib import settings
from arlib.figures.bonus import plan as bonus_plan
from ui import auth, bonus_data, data, exports, filters, formats, fx, links, shell, tables

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Bonus")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
viewer = auth.current()
# the plan covers every rep: only a finance admin (or the local user) edits or freezes it
may_edit = viewer is None or viewer.role == "finance_admin"
author_default = (viewer.email or viewer.name) if viewer else ""

latest = bonus_plan.quarter_of(day=last_on)
choices = sorted({latest, bonus_plan.next_quarter(latest), *bonus_data.quarters()},
                 reverse=True)
quarter = st.selectbox("Quarter", choices, index=choices.index(latest), key="bonus_quarter",
                       help="The quarter whose plan and payouts are shown: figures over its "
                            "first to last day, whatever the sidebar's as-of date.")
fx.guard(as_of=bonus_plan.quarter_dates(quarter)[1], version=version, scope=f.scope)
in_force = bonus_data.stored(quarter=quarter)
bonus_data.flash()
item = bonus_data.frozen(quarter=quarter)
plan_tab, payout_tab, freeze_tab, signoff_tab = st.tabs(["Plan", "Payout", "Freeze",
                                                        "Sign-off"])

with plan_tab:
    if in_force is None:
        st.info(f"No plan is saved for {quarter}. The tables below hold a starting plan to "
                "edit and save.", icon=":material/info:")
        plan = bonus_plan.starter(quarter, bonus_data.rep_ids(quarter=quarter, version=version))
    else:
        plan = in_force.plan
        st.caption(f"Plan in force: version {in_force.version}, saved "
                   f"{in_force.saved_at:%Y-%m-%d %H:%M} by {in_force.author}"
                   + (f" ({in_force.note})" if in_force.note else "") + ".")
    shown = bonus_plan.to_tables(plan)
    figure_names = list(bonus_plan.FIGURES)
    signal_names = {"no_outcome": "no outcome", "last_days": "in the quarter's last 5 days",
                    "nothing_past_due": "on a customer with nothing past due"}
    st.markdown("**Measures**: figure, weight (the weights add up to 1), target, and tiers "
                "written `attainment:pays` (0.8:0.5 pays half the weight from 80 % of the "
                "target).")
    measures = st.data_editor(
        shown["measures"], num_rows="dynamic", hide_index=True, width="stretch",
        disabled=not may_edit, key=f"bonus_measures_{quarter}",
        column_config={"figure": st.column_config.SelectboxColumn(
            "Figure", options=figure_names, required=True),
            "weight": "Weight", "target": "Target", "tiers": "Tiers (attainment:pays)"})
    st.markdown("**Gates**: while the figure is below the minimum, the blocked measures "
                "(comma-separated) score nothing.")
    gates = st.data_editor(
        shown["gates"], num_rows="dynamic", hide_index=True, width="stretch",
        disabled=not may_edit, key=f"bonus_gates_{quarter}",
        column_config={"figure": st.column_config.SelectboxColumn(
            "Figure", options=figure_names), "minimum": "Minimum",
            "blocks": "Blocks (figures)"})
    st.markdown(f"**Reps**: target payout in {cfg.base_currency} (paid at a score of 100 %) "
                "and own targets written `figure:target` (for example a cash target).")
    # a reader sees the target payouts of the reps in their scope only
    reps_table = st.data_editor(shown["reps"] if may_edit else
                                bonus_data.visible_reps(shown["reps"], scope=f.scope),
                                num_rows="dynamic", hide_index=True,
                                width="stretch", disabled=not may_edit,
                                key=f"bonus_reps_{quarter}",
                                column_config={"rep_id": "Rep ID",
                                               "target_payout": "Target payout",
                                               "own_targets": "Own targets (figure:target)"})
    leave_out = st.multiselect(
        "Leave out of the contact figures the contacts flagged as",
        list(bonus_plan.CONTACT_SIGNALS), default=plan.exclude_signals,
        format_func=lambda k: signal_names[k], disabled=not may_edit,
        key=f"bonus_exclude_{quarter}",
        help="Gaming signals (see the Payout tab): flagged contacts do not count in contacts "
             "per working day or dollars per contact.")
    cap = st.number_input("Cap (the score is paid up to this multiple of the target payout)",
                          min_value=0.01, value=float(plan.cap), step=0.1,
                          disabled=not may_edit, key=f"bonus_cap_{quarter}")
    if may_edit:
        left, right = st.columns(2)
        author = left.text_input("Saved by", value=author_default, key="bonus_author")
        note = right.text_input("Note (optional)", key="bonus_note")
        save_col, copy_col = st.columns(2)
        # callbacks: they run before the next script run, so the click is never lost to a
        # rerun, and the outcome is shown once (bonus_data.flash)
        save_col.button("Save as a new version", type="primary", key="bonus_save",
                        on_click=bonus_data.save_clicked,
                        kwargs={"quarter": quarter, "cap": cap, "measures": measures,
                                "gates": gates, "reps": reps_table, "author": author,
                                "note": note, "exclude_signals": leave_out})
        if in_force is not None:
            copy_col.button(f"Copy to {bonus_plan.next_quarter(quarter)}", key="bonus_copy",
                            on_click=bonus_data.copy_clicked,
                            kwargs={"quarter": quarter, "author": author})
    else:
        st.caption("Only a finance admin edits the plan.")
    if in_force is not None:
        with st.expander("Saved versions", expanded=False):
            st.dataframe(bonus_data.versions(quarter=quarter), hide_index=True, placeholder="",
                         width="stretch")

# the freeze tab is drawn before the payout tab, whose empty states stop the script
with freeze_tab:
    if item is not None:
        st.success(f"{quarter} was frozen on {item.frozen_at:%Y-%m-%d %H:%M} by "
                   f"{formats.plain(item.frozen_by)} under plan version {item.plan_version}. "
                   "Its figures never change.", icon=":material/lock:")
        st.caption(f"Content hash (SHA-256 of the snapshot): {item.content_hash}")
        if f.reps is None:  # every rep's frozen figures and rows: not for a team or a rep
            exports.download("Frozen snapshot (JSON)", partial(bonus_data.snapshot_json, item),
                             file_name=f"bonus_{quarter}_frozen.json",
                             mime="application/json", icon=":material/download:",
                             key="bonus_snapshot")
    elif in_force is None:
        st.info(f"Save a plan for {quarter} before freezing it.", icon=":material/info:")
    else:
        st.markdown(f"Freezing stores {quarter}'s payout under plan version "
                    f"{in_force.version} for every rep, with the rows behind it, the "
                    "settings, the loads and the code version; it is done once and never "
                    "changes. Check first:")
        if not may_edit:  # the checks name every rep and load: the finance admin's
            st.caption("Only a finance admin checks and freezes a quarter.")
        else:
            checks = bonus_data.readiness(in_force.plan, version=version)
            st.dataframe(checks, hide_index=True, width="stretch", placeholder="",
                         column_config={
                             "check": st.column_config.TextColumn("Check", width="medium"),
                             "ok": st.column_config.CheckboxColumn("OK", width="small"),
                             "count": st.column_config.NumberColumn(
                                 "To look at", format="%d", width="small"),
                             "detail": st.column_config.TextColumn("Detail", width="large")})
            confirmed = st.checkbox(f"I have read these checks and freeze {quarter} as it "
                                    "is", key=f"bonus_confirm_{quarter}")
            who = st.text_input("Frozen by", value=author_default, key="bonus_frozen_by")
            st.button(f"Freeze {quarter}", type="primary", disabled=not confirmed,
                      key="bonus_freeze", on_click=bonus_data.freeze_clicked,
                      kwargs={"quarter": quarter, "frozen_by": who, "confirmed": confirmed,
                              "version": version})

with signoff_tab:
    if item is None:
        st.info(f"Freeze {quarter} before signing it off: the approval and each rep's "
                "acknowledgment are of the frozen statements.", icon=":material/info:")
    else:
        done = bonus_data.signoff_status(quarter=quarter)
        signed_in = viewer is not None and not viewer.local
        if done.approved_by is not None:
            st.success(f"Approved by {formats.plain(done.approved_by)} on "
                       f"{done.approved_at:%Y-%m-%d %H:%M}.", icon=":material/verified:")
        elif viewer is None or viewer.role in ("finance_admin", "manager"):
            approver = viewer.email if signed_in else st.text_input(
                "Approved by (your name)", value="", key="bonus_approver")
            st.button(f"Approve {quarter}", type="primary", key="bonus_approve",
                      on_click=bonus_data.approve_clicked,
                      kwargs={"quarter": quarter, "approved_by": approver or ""})
        else:
            st.info(f"{quarter} is not approved yet.", icon=":material/pending:")
        mine = bonus_data.visible_reps(done.reps, scope=f.scope)
        st.dataframe(mine, hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(list(mine.columns)))
        waiting = list(mine.rep_id[mine.acknowledged_by.isna()])
        if done.approved_by is not None and waiting:
            if signed_in and viewer.role == "rep":
                rep_id, signer = (waiting[0] if viewer.reps and waiting[0] in viewer.reps
                                  else None), viewer.email
            elif not signed_in:  # local mode: the rep types their name
                left, right = st.columns(2)
                rep_id = left.selectbox("Rep", waiting, key="bonus_ack_rep")
                # one name box per rep: a name typed for one rep never signs for the next
                signer = right.text_input("Acknowledged by (the rep's name)",
                                          key=f"bonus_ack_name_{rep_id}")
            else:
                rep_id = signer = None
            if rep_id is not None:
                st.button("Acknowledge the statement", key="bonus_ack",
                          on_click=bonus_data.acknowledge_clicked,
                          kwargs={"quarter": quarter, "rep_id": rep_id,
                                  "acknowledged_by": signer or ""})
        elif done.complete:
            st.success("Every rep has acknowledged their statement.",
                       icon=":material/task_alt:")
        exports.download("Frozen statements (HTML, one page per rep)",
                         partial(bonus_data.frozen_statements, item, tuple(mine.rep_id),
                                 bonus_data.restatement(item, version=version).adjustments),
                         file_name=f"bonus_{quarter}_frozen_statements.html",
                         mime="text/html", icon=":material/print:", key="bonus_frozen_html")

with payout_tab:
    if in_force is None:
        st.info(f"Save a plan for {quarter} to see the payouts.", icon=":material/info:")
        st.stop()
    if item is not None:
        st.markdown(f"**Frozen** on {item.frozen_at:%Y-%m-%d %H:%M} by "
                    f"{formats.plain(item.frozen_by)} under plan version {item.plan_version}: "
                    "the frozen payout never changes; beside it, the same plan on today's "
                    "data.")
        st.dataframe(bonus_data.beside(item, scope=f.scope, version=version),
                     hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(
                         ["rep_id", "rep_name", "frozen_payout_amt", "live_payout_amt",
                          "change_amt"]))
    if item is not None:
        restated = bonus_data.restatement(item, version=version)
        moved = bonus_data.visible_reps(restated.rows, scope=f.scope)
        if moved.empty:
            st.caption("Nothing behind the frozen figures has moved since the freeze.")
        else:
            st.markdown("**What moved since the freeze**: the figures, then each row with "
                        "its cause and the load that brought it.")
            figures = bonus_data.visible_reps(restated.figures, scope=f.scope)
            # values of different figures (amounts, rates, counts per day): grouped digits
            values = {c: st.column_config.NumberColumn(c.replace("_", " ").capitalize(),
                                                       format="localized")
                      for c in ("frozen_value", "live_value") if c in figures.columns}
            st.dataframe(figures, hide_index=True, width="stretch", placeholder="",
                         column_config={**formats.column_config(list(figures.columns)),
                                        **values})
            st.dataframe(moved, hide_index=True, width="stretch", placeholder="",
                         column_config={**formats.column_config(list(moved.columns)),
                                        "load_id": st.column_config.NumberColumn(
                                            "Load", format="%d")})
            carried = bonus_data.visible_reps(restated.adjustments, scope=f.scope)
            if restated.reopen:
                st.warning(f"Policy: reopen. A payout of {quarter} moved after its freeze; "
                           "the quarter is to be reopened (the frozen snapshot is kept as it "
                           "is) and frozen again.", icon=":material/lock_open:")
                if may_edit:
                    st.button(f"Reopen {quarter}", key="bonus_reopen",
                              on_click=bonus_data.reopen_clicked,
                              kwargs={"quarter": quarter,
                                      "reopened_by": author_default or "local user"})
            elif not carried.empty:
                st.info(f"Policy: carry into {bonus_plan.next_quarter(quarter)}. The "
                        "changes below are paid there as adjustments; the frozen payout "
                        "stays as it is.", icon=":material/redo:")
                st.dataframe(carried, hide_index=True, width="stretch", placeholder="",
                             column_config=formats.column_config(list(carried.columns)))
    carried_in = bonus_data.visible_reps(bonus_data.carried_into(quarter=quarter,
                                                                 version=version),
                                         scope=f.scope)
    if not carried_in.empty:
        st.markdown(f"**Adjustments carried in** from "
                    f"{bonus_plan.previous_quarter(quarter)} (restated after its freeze), "
                    "paid with this quarter's payout:")
        st.dataframe(carried_in, hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(list(carried_in.columns)))
    result = bonus_data.payout(in_force.plan, scope=f.scope, version=version)
    st.caption(f"{quarter} under plan version {in_force.version}; figures over the whole "
               f"quarter and every customer; amounts in {cfg.base_currency}.")
    rep_columns = list(result.reps.columns)
    event = st.dataframe(result.reps, hide_index=True, width="stretch", placeholder="",
                         column_config=formats.column_config(rep_columns),
                         on_select="rerun", selection_mode="single-row",
                         key=f"bonus_payout_{quarter}_{in_force.version}")
    info = bonus_data.stamp(in_force, version)
    name = f"bonus_{quarter}_v{in_force.version}"
    left, middle, right = st.columns(3)
    exports.download("Payroll CSV", partial(bonus_data.payroll_csv, result, info, carried_in),
                     file_name=f"{name}_payroll.csv", mime="text/csv", where=left,
                     icon=":material/download:", key="bonus_csv")
    exports.download(
        "Payroll XLSX", partial(bonus_data.payroll_xlsx, result, info, carried_in),
        file_name=f"{name}_payroll.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        where=middle, icon=":material/download:", key="bonus_xlsx")
    exports.download("Statements (HTML, one page per rep)",
                     partial(bonus_data.statements, result, info, carried_in),
                     file_name=f"{name}_statements.html", mime="text/html", where=right,
                     icon=":material/print:", key="bonus_html")
    st.caption("Open the statements in the browser and print them: each rep's statement is "
               "one page.")
    with st.expander("Gaming signals", expanded=False):
        found = bonus_data.gaming_signals(in_force.plan, scope=f.scope, version=version)
        st.caption("Per rep: contacts with no outcome, in the quarter's last 5 days (and "
                   "their share of the rep's contacts), on customers with nothing past due "
                   "that day, and promises broken within 7 days of being made.")
        st.dataframe(found.counts, hide_index=True, width="stretch", placeholder="",
                     column_config=formats.column_config(list(found.counts.columns)))
        flagged_contacts, quick = st.tabs(["Flagged contacts", "Promises broken quickly"])
        flagged_contacts.dataframe(found.contacts, hide_index=True, width="stretch",
                                   placeholder="", column_config=formats.column_config(
                                       list(found.contacts.columns)))
        quick.dataframe(found.promises, hide_index=True, width="stretch", placeholder="",
                        column_config=formats.column_config(list(found.promises.columns)))
    rows = event.selection.rows if event else []
    if not rows:
        st.info("Select a rep's row to see each figure's attainment, tier and score, and "
                "the rows behind the figures.")
        st.stop()
    chosen = result.reps.iloc[rows[0]]
    st.subheader("How the payout of " + formats.plain(formats.named(chosen.rep_name,
                                                                    chosen.rep_id))
                 + " is made")
    lines = bonus_data.lines_of(result, chosen.rep_id)
    st.dataframe(lines, hide_index=True, width="stretch", placeholder="",
                 column_config=formats.column_config(list(lines.columns)))
    detail = bonus_data.rows_behind(result, chosen.rep_id)
    tabs = st.tabs(["Contacts", "Payments attributed", "Payments to promises"])
    for tab, (what, frame) in zip(tabs, detail.items(), strict=True):
        with tab:
            frame = tables.capped(frame, what=what.replace("_", " "))
            picked = st.dataframe(frame, hide_index=True, width="stretch", placeholder="",
                                  column_config=formats.column_config(list(frame.columns)),
                                  on_select="rerun", selection_mode="single-row",
                                  key=f"bonus_rows_{quarter}_{chosen.rep_id}_{what}")
            if "customer_id" in frame.columns:
                links.open_selected_customer(picked, frame)
