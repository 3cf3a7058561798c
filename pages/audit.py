"""Audit: who signed in, was refused, or changed the roster, and when; for finance admins."""

import streamlit as st

from ui import audit_view, auth, shell

shell.require_app()
auth.require("finance_admin")

st.title("Audit trail")
audit_view.trail()
