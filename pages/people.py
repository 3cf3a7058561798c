"""People and roles: the roster of who may sign in, for finance admins."""

import streamlit as st

from ui import auth, roster_editor, shell

shell.require_app()
viewer = auth.require("finance_admin")

st.title("People and roles")
if viewer.local:
    st.info("No sign-in is configured, so this roster is not used yet: everyone who reaches "
            "the app sees everything. Prepare it here, then add [auth] to "
            ".streamlit/secrets.toml (README, *Sign-in and roles*).", icon=":material/info:")
roster_editor.flash()
roster_editor.editor()
roster_editor.upload()
