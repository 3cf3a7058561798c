"""Import: upload exports or canonical files, map unknown layouts, preview the load's health
report, then commit or cancel; the past loads below."""

import streamlit as st

from ui import data, imports, inbox_view, load_report, presets, shell

shell.require_app()

st.title("Import data")
flash = st.session_state.pop("import_flash", None)
if flash:
    st.info(flash, icon=":material/info:")
imports.sample_offer(data.status())
done = st.session_state.get("import_committed")
paths = imports.stage(imports.uploader())
presets.panel()
if paths:
    st.session_state.pop("import_committed", None)
    imports.review(paths)
elif done is not None:
    load_report.committed(done)
load_report.past_loads(data.version())
inbox_view.section()
