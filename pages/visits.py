"""Key accounts: which customers deserve a visit, and why, factor by factor."""

import streamlit as st

from arlib import settings
from arlib.figures import visits
from arlib.outputs import charts, export
from ui import data, exports, filters, formats, fx, links, shell, tables

shell.require_app()

cfg = settings.load()
version = data.version()
first_on, last_on = data.date_range(version)

st.title("Key accounts to visit")
if last_on is None:
    shell.no_data()

f = filters.sidebar(first_on=first_on, last_on=last_on, version=version)
fx.guard(as_of=f.as_of, version=version, scope=f.scope)  # no base figure while a rate is missing
with st.expander("Weights (what-if)", expanded=False):
    st.caption("Each factor is a percentile from 0 to 1 among the customers shown; the score "
               "is the weighted sum. Defaults come from the settings.")
    columns = st.columns(3)
    weights = tuple(
        columns[i % 3].slider(field.description.split(" percentile")[0], 0.0, 1.0,
                              float(getattr(cfg.visit_weights, name)), 0.05,
                              key=f"visits_weight_{name}")
        for i, (name, field) in enumerate(settings.VisitWeights.model_fields.items()))
ranked = data.visit_plan(as_of=f.as_of, scope=f.scope, weights=weights, version=version)
pick = st.columns(2)
cities = pick[0].multiselect("City", visits.cities(ranked), key="visits_city",
                             placeholder="All cities")
marks = pick[1].multiselect("Flags", visits.FLAGS, key="visits_flags",
                            placeholder="Any flags")
shown_plan = visits.select(ranked, cities=cities, flags_=marks)

st.altair_chart(charts.visit_scores(shown_plan.head(20), visits.FACTORS), width="stretch")
parts = {f"{c}_part": st.column_config.ProgressColumn(
    words.capitalize(), min_value=0.0, max_value=max(weights) or 1.0, format="%.3f")
    for c, (_, words) in visits.FACTORS.items()}
shown = ["rank", "customer_name", "customer_id", "city", "rep_id", "score", "flags", "reasons",
         *parts]
listed = tables.capped(shown_plan, what="customers")
event = st.dataframe(listed[shown], hide_index=True, width="stretch", placeholder="",
                     column_config={**formats.column_config(shown), **parts,
                                    "score": st.column_config.NumberColumn("Score",
                                                                           format="%.3f")},
                     on_select="rerun", selection_mode="single-row", key=f.key("visits"))
st.caption("A bar per factor shows what it adds to the score. Select a row to open the "
           "customer and print the pre-visit brief.")
links.open_selected_customer(event, listed)
app_url = st.context.url or ""  # read now: the file is built on click, outside this run
exports.download("Download the visit plan (CSV)",
                 lambda: export.to_csv_bytes(visits.visit_plan_export(shown_plan,
                                                                      app_url=app_url)),
                 file_name=f"visit_plan_{f.as_of:%Y%m%d}.csv", mime="text/csv",
                 icon=":material/download:")
