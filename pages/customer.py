"""One customer as of a date: everything a lead needs before a call or a visit."""

from functools import partial

import streamlit as st

from arlib import settings
from arlib.outputs import charts, documents
from ui import auth, data, day_data, exports, formats, fx, links, log_call, shell, tables, urls

shell.require_app()

cfg = settings.load()
version = data.version()
customer_id = st.query_params.get("customer")
viewer = auth.rep_scope()  # a link to a customer the viewer does not see opens nothing
header = data.customer_header(customer_id, viewer, version) if customer_id else None

if header is None:
    st.title("Customer")
    among = "" if viewer is None else " among the customers you see"
    st.warning(f"No customer with the id {formats.plain(repr(customer_id))}{among}."
               if customer_id else
               "No customer chosen: find one in the sidebar, or select a customer row on "
               "any page.")
    st.page_link("pages/overview.py", label="Back to the overview", icon=":material/arrow_back:")
    st.stop()

first_on, last_on = data.date_range(version)
urls.stop_on([*urls.length_problems(),
              urls.date_problem("customer_as_of", first_on=first_on,
                                last_on=urls.last_as_of(last_on=last_on))])
links.back_link()
st.title(formats.plain(header.customer_name))
as_of = st.date_input("As of", value=last_on, min_value=first_on,
                      max_value=urls.last_as_of(last_on=last_on), key="customer_as_of",
                      format="YYYY-MM-DD", width=220, bind="query-params")
st.caption(formats.plain(formats.customer_line(header)))
# no base figure while a rate is missing
fx.guard(as_of=as_of, version=version, customer_id=customer_id)
p = data.customer_profile(customer_id, as_of=as_of, version=version)
s, cur = p["summary"], cfg.base_currency
docs = st.columns(2)
exports.download(
    "Statement (printable HTML)",  # documents built on click, not on every run
    partial(documents.statement_html, p, as_of=as_of, currency=cur),
    file_name=f"statement_{customer_id}_{as_of:%Y%m%d}.html", mime="text/html",
    where=docs[0], icon=":material/receipt_long:",
    help="Open items with their aging as of the date, to review with the customer.")
exports.download(
    "Pre-visit brief (printable HTML)", partial(documents.brief_html, p, as_of=as_of,
                                                currency=cur),
    file_name=f"brief_{customer_id}_{as_of:%Y%m%d}.html", mime="text/html",
    where=docs[1], icon=":material/description:",
    help="The account in numbers, last contacts and notes, promises, disputes, people and "
         "talking points.")

# amounts exact (a collector reads them out): each tile as wide as its figure, and tiles
# that do not fit on the line go to the next, so no figure is ever cut short ('USD 12,3…')
tiles = st.container(horizontal=True)
tiles.metric("Open", formats.money(s.open_amt, cur), border=True, width="content",
             help="Open invoices less unapplied credit notes and cash.")
tiles.metric("Past due", formats.money(s.past_due_amt, cur), border=True, width="content",
             help="Open invoice balances past their due date.")
tiles.metric("In dispute", formats.money(s.disputed_amt, cur), border=True, width="content",
             help="Open balance of invoices with a dispute open on the date.")
tiles.metric("Credit used", formats.percent(s.credit_used_pct), border=True, width="content",
             help="Open balance / credit limit of " + formats.money(s.credit_limit_amt, cur))
tiles.metric("Beyond terms", formats.days(s.beyond_terms_days), border=True, width="content",
             help="Cash-weighted days paid after the due date, last 365 days.")
tiles.metric("On time", formats.percent(s.on_time_pct), border=True, width="content",
             help="Share of the cash of the last 365 days paid by the due date.")

left, right = st.columns(2)
left.altair_chart(charts.customer_aging(p["aging"], currency=cur), width="stretch")
if p["paid_invoices"].empty:
    right.info("No invoice of this customer has been paid in cash yet.")
else:
    right.altair_chart(charts.payment_behaviour(p["paid_invoices"]), width="stretch")


def show(frame, name):
    frame = tables.capped(frame, what=name.replace("_", " "),
                          file_name=f"{customer_id}_{name}_{as_of:%Y%m%d}.csv")
    st.dataframe(**formats.read_aloud(frame, cur), width="stretch")


for c in day_data.customer_cooling_off(customer_id, as_of=as_of,
                                       version=version).itertuples():  # metrics.md §12.3
    st.warning(formats.plain(f"Cooling off: do not call until {c.lifts_at:%Y-%m-%d %H:%M} "
                             f"({c.source}: \u201c{c.said}\u201d). It is left off the call "
                             "lists until then."), icon=":material/do_not_disturb_on:")
confirm = day_data.customer_people_to_confirm(customer_id, as_of=as_of, version=version)
if not confirm.empty:  # stale, or a bounced email or wrong number since verified
    with st.expander(f"Points of contact to confirm: {len(confirm)}", expanded=True,
                     icon=":material/contact_phone:"):
        log_call.confirm_people(confirm, key="customer_confirm")
with st.expander("Log a call", icon=":material/edit_note:"):
    log_call.draw(customer_id=customer_id, customer_name=header.customer_name,
                  rep_id=header.rep_id, person=p["people"].name.iloc[0] if len(p["people"])
                  else "", as_of=as_of, version=version, key="customer_log")

st.subheader("Open items")
show(p["open_items"], "open_items")
tabs = st.tabs(["Contacts", "Notes", "People", "Promises", "Disputes", "Credit notes",
                "Settlements"])
sections = ["contacts", "notes", "people", "promises", "disputes", "credit_notes",
            "settlements"]
for tab, name in zip(tabs, sections, strict=True):
    with tab:
        if p[name].empty:
            st.caption(f"No {name.replace('_', ' ')} as of {as_of:%Y-%m-%d}.")
        else:
            show(p[name], name)
st.caption("Notes and contact notes are shown exactly as written (plain text). People not "
           f"verified in the last {cfg.stale_contact_days} days are marked stale: confirm their "
           "details on the next call.")
