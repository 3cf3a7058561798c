"""The forms that record a call's outcome (issue 20, point 5: the contact, maybe a promise
with the check-in-the-mail questions, and a note) and confirm a point of contact (point 6),
drawn on My day, the call list and the customer page; recorded through ui.day_data."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from arlib import written
from arlib.store import entries
from ui import auth, day_data, formats

_DONE = "_ar_logged"  # session state: the message of the last record, shown after the rerun
_COUNT = "_ar_log_n"  # session state: a new, empty form after each record


def draw(*, customer_id: str, customer_name: str, rep_id: str | None, person: object,
         as_of: date, version: str, key: str) -> None:
    """The form for one customer; `rep_id` is who made the call (the contact's rep)."""
    if done := st.session_state.pop(_DONE, None):
        st.success(formats.plain(done), icon=":material/check_circle:")
    if not _may_record():
        return
    if not rep_id:
        st.info("This customer has no owner rep: the call cannot be recorded for a rep.")
        return
    # a new form after each record (a second click must not record it twice); after a
    # refusal the same form keeps what was typed
    with st.form(key=f"{key}_{customer_id}_{st.session_state.get(_COUNT, 0)}"):
        when = st.columns(2)
        on = when[0].date_input("Day", value=datetime.now().date(), format="YYYY-MM-DD")
        at = when[1].time_input("Time", value=datetime.now().time().replace(second=0,
                                                                           microsecond=0))
        how = st.columns(3)
        channel = how[0].selectbox("Channel", entries.CHANNELS)
        outcome = how[1].selectbox("Outcome", entries.OUTCOMES,
                                   format_func=lambda o: o.replace("_", " "))
        spoke = how[2].text_input("Spoke with", value=written.text(person))
        note = st.text_input("What was said (the contact's note)")
        st.caption("A promise: the amount and the date, on the whole account or on invoices "
                   "named (several: one promise each, the amount spread oldest due first).")
        promised = st.columns([1, 1, 2])
        amount = promised[0].text_input("Amount promised (e.g. 4000.00)")
        due = promised[1].date_input("Promised for", value=None, format="YYYY-MM-DD")
        invoices = promised[2].multiselect(
            "On invoices", day_data.open_invoices(customer_id, as_of=as_of, version=version),
            format_func=entries.Owed.label, placeholder="the whole account")
        in_mail = st.checkbox("The check is in the mail")
        mail = st.columns(3)
        sent_on = mail[0].date_input("Sent on", value=None, format="YYYY-MM-DD")
        number = mail[1].text_input("Check number")
        sent_to = mail[2].text_input("Sent to (address)")
        note_text = st.text_area("A note on the account (optional)", height=68)
        submitted = st.form_submit_button("Record", icon=":material/save:")
    if not submitted:
        return
    entry = entries.Entry(
        customer_id=customer_id, rep_id=rep_id, at=datetime.combine(on, at), channel=channel,
        outcome=outcome, person=spoke.strip(), note=note.strip(),
        promise_amount=amount.strip(), promise_due_on=due,
        promise_invoices=tuple(invoices),
        check=entries.Check(sent_on=sent_on, number=number.strip(), sent_to=sent_to.strip())
        if in_mail else None, note_text=note_text.strip())
    load_id, problems = day_data.record(entry)
    if problems:
        st.error(formats.plain("Nothing was recorded: " + "; ".join(problems) + "."),
                 icon=":material/error:")
        return
    st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    st.session_state[_DONE] = (f"Recorded for {customer_name} (load {load_id}): every page "
                               "counts it now.")
    st.rerun()


_CONFIRMED = "_ar_confirmed"  # session state: the message of the last confirmation


def confirm_people(people: pd.DataFrame, *, key: str) -> None:
    """One small form per person to confirm (arlib.figures.contacts_current): why, role,
    phone and email editable, and Confirmed today, which writes the person back verified
    today."""
    if done := st.session_state.pop(_CONFIRMED, None):
        st.success(formats.plain(done), icon=":material/check_circle:")
    if not people.empty and not _may_record():
        st.dataframe(**formats.read_aloud(people[["name", "why"]], "", long_text=("why",)),
                     width="stretch")
        return
    for person in people.to_dict("records"):
        with st.form(key=f"{key}_{person['customer_id']}_{person['name']}"):
            st.markdown(f"**Confirm:** {formats.plain(person['why'])}")
            edit = st.columns(3)
            person["role"] = edit[0].text_input("Role", value=written.text(person["role"]))
            person["phone"] = edit[1].text_input("Phone", value=written.text(person["phone"]))
            person["email"] = edit[2].text_input("Email", value=written.text(person["email"]))
            if st.form_submit_button("Confirmed today", icon=":material/verified:"):
                load_id, problems = day_data.confirm(person, verified_on=datetime.now().date())
                if problems:
                    st.error(formats.plain("Nothing was recorded: " + "; ".join(problems)
                                           + "."))
                else:
                    st.session_state[_CONFIRMED] = (f"{person['name']} confirmed today "
                                                    f"(load {load_id}).")
                    st.rerun()


def _may_record() -> bool:
    """Reps, managers and finance admins record; a viewer (the CFO) reads only."""
    viewer = auth.current()
    if viewer is not None and viewer.role == "viewer":
        st.caption("Recording calls and confirming people is for reps, managers and finance "
                   "admins; your role reads only.")
        return False
    return True
