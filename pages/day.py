"""My day: one rep's calls in call order, with the reason for each line (issue 20)."""

import streamlit as st

from ui import shell

shell.require_app()

st.title("My day")
st.info("The collector's day is being built (issue 20).")
