"""My day: one rep's calls in call order, with the reason for each line (issue 20)."""

from functools import partial

import streamlit as st

from arlib import settings
from arlib.figures.scope import Scope
from arlib.outputs import day_sheet, export
from ui import data, day_data, exports, filters, formats, fx, links, log_call, shell, tables

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("My day")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
# a rep sees their own day; anyone else picks the rep in the sidebar
rep_id = f.rep_id or (next(iter(f.reps)) if f.reps is not None and len(f.reps) == 1 else None)
if rep_id is None:
    st.info("Pick a rep in the sidebar (**Rep (account owner)**) to see their day: the calls "
            "in order, with the reason, person, phone and best time for each.",
            icon=":material/person_search:")
    st.stop()
scope = Scope(rep_id=rep_id, region=f.region, reps=f.reps)
fx.guard(as_of=f.as_of, version=version, scope=scope)  # no base figure while a rate is missing
rep = day_data.rep_names(version).get(rep_id, rep_id)
day = day_data.my_day(as_of=f.as_of, scope=scope, version=version)
monday = f.as_of.weekday() == 0
st.caption(formats.plain(
    f"{rep}, {f.as_of:%A %Y-%m-%d}: promises due or broken first, then follow-ups, "
    "introductions, contacts to confirm, and past due, largest first"
    + (f" (Monday: commercial accounts' past due counts ×{cfg.monday_commercial_weight:g})."
       if monday else ".")))

lines = day.lines
if lines.empty:
    st.success("Nobody to call today for this rep.")
else:
    shown = ["position", "section", "customer_name", "reasons", "past_due_amt", "person",
             "phone", "best_time", "details", "last_contact_on"]
    listed = tables.capped(lines, what="calls")
    event = st.dataframe(**formats.read_aloud(listed[shown], cfg.base_currency,
                                             long_text=("reasons", "details")),
                         width="stretch", on_select="rerun", selection_mode="single-row",
                         key=f.key(f"day_{rep_id}"))
    st.caption(f"{len(lines)} call{'s' if len(lines) != 1 else ''}. Select a row to open the "
               "customer and prepare the call.")
    links.open_selected_customer(event, listed)

st.subheader("Cooling off")
if day.cooling.empty:
    st.caption("Nobody is cooling off: no hostile contact or note in the last "
               f"{cfg.cool_off_hours} hours.")
else:
    st.caption(f"Left off the list after a hostile contact or note, for {cfg.cool_off_hours} "
               "hours from it: call again after the time it lifts.")
    st.dataframe(**formats.read_aloud(day.cooling[["customer_name", "lifts_at", "source", "said"]],
                                      cfg.base_currency, long_text=("said",)),
                 width="stretch")

cols = st.columns(3)
exports.download(
    "Printable day (HTML)", partial(day_sheet.day_html, day, as_of=f.as_of, rep=rep,
                                    currency=cfg.base_currency),
    file_name=f"my_day_{rep_id}_{f.as_of:%Y%m%d}.html", mime="text/html", where=cols[0],
    icon=":material/print:", help="The calls in order on one page, to print or keep open.")
exports.download("Download CSV", partial(export.to_csv_bytes, lines),
                 file_name=f"my_day_{rep_id}_{f.as_of:%Y%m%d}.csv", mime="text/csv",
                 where=cols[1], icon=":material/download:")
exports.download("Entered in the app: CSV for the CRM (ZIP)",
                 partial(day_data.app_rows_zip, f.reps, version), file_name="app_entries.zip",
                 mime="application/zip", where=cols[2], icon=":material/download:",
                 help="Every contact, promise and note recorded here, in the canonical layout "
                      "(contacts.csv, promises.csv, notes.csv), with when and by whom.")

st.subheader("Prepare a call")
if lines.empty:
    st.caption("No call to prepare.")
    st.stop()
names = dict(zip(lines.customer_id, lines.customer_name, strict=True))
customer_id = st.selectbox("Customer", list(names), format_func=lambda c: f"{names[c]} ({c})",
                           key=f"day_prepare_{rep_id}_{f.as_of:%Y%m%d}")
confirm = day_data.people_to_confirm(as_of=f.as_of, scope=scope, version=version)
log_call.confirm_people(confirm[confirm.customer_id == customer_id], key="day_confirm")
with st.form(key=f"day_recap_{customer_id}"):
    st.caption("After the call: what was agreed, for the recap (left empty, it shows as "
               "missing).")
    typed = {"agreed": st.text_area("What was agreed", height=80),
             "promise_amount": st.text_input("Promised amount"),
             "promise_date": st.text_input("Promised date"),
             "next_step": st.text_input("Next step")}
    st.form_submit_button("Update the recap")
try:
    script, recap, eml = day_data.drafts(customer_id, typed, as_of=f.as_of, version=version)
except ValueError as problem:  # a template file that cannot be read, named
    st.error(formats.plain(str(problem)), icon=":material/description:")
    st.stop()
for name, draft in (("Call script", script), ("Recap", recap)):
    st.markdown(f"**{name}**")
    if draft.missing or draft.unknown:
        st.warning(formats.plain(
            ("Missing: " + ", ".join(draft.missing) + ". " if draft.missing else "")
            + ("Not a field: " + ", ".join(draft.unknown) + "." if draft.unknown else "")),
            icon=":material/warning:")
    st.code(draft.text, language=None, wrap_lines=True)
exports.download("Recap as an email draft (.eml, statement attached)", lambda: eml,
                 file_name=f"recap_{customer_id}_{f.as_of:%Y%m%d}.eml", mime="message/rfc822",
                 icon=":material/mail:")
st.caption("Templates are plain files in the templates folder (AR_TEMPLATES_DIR): edit them, "
           "and use {field} names such as {customer_name}, {open_items}, {past_promises}.")

st.subheader("Log the call")
log_call.draw(customer_id=customer_id, customer_name=names[customer_id], rep_id=rep_id,
              person=lines.set_index("customer_id").person.get(customer_id),
              as_of=f.as_of, version=version, key="day_log")
