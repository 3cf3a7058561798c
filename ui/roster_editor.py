"""The finance admin's roster page: the roster as an editable table, or replaced by a CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from arlib.store import roster
from ui import auth, data, formats

_ROUND = "roster_round"  # session state: bumped after a save, so the editor starts afresh


def editor() -> None:
    """The roster as it is now (read afresh, never cached), editable; Save replaces it."""
    current = roster.entries(data.connection())
    st.caption(f"{len(current)} people on the roster. Add a row for a new person, untick "
               "*active* to shut someone out at once, or delete the row.")
    edited = st.data_editor(
        current[list(roster.COLUMNS)], num_rows="dynamic", hide_index=True,
        key=f"roster_editor_{st.session_state.get(_ROUND, 0)}", width="stretch",
        column_config={
            "email": st.column_config.TextColumn("Email", required=True,
                                                 help="As the identity provider sends it"),
            "name": st.column_config.TextColumn("Name"),
            "role": st.column_config.SelectboxColumn(
                "Role", options=list(roster.ROLES), required=True,
                help="; ".join(f"{k}: {v}" for k, v in roster.ROLES.items())),
            "rep_id": st.column_config.TextColumn("Rep id", help="A rep: the rep they are"),
            "team": st.column_config.TextColumn("Team",
                                                help="A manager: the team whose reps they see"),
            "active": st.column_config.CheckboxColumn("Active", default=True),
        })
    del edited  # read from its state by the callback, with the rows as drawn here
    # a callback: it runs before the page's rerun through app.py, which drops a click
    st.button("Save the roster", type="primary", icon=":material/save:", key="roster_save",
              on_click=_save_table, args=(current,))
    st.caption("Last changes: " + "; ".join(
        f"{formats.plain(r.email)} by {formats.plain(r.changed_by)} on "
        f"{r.changed_at:%Y-%m-%d %H:%M}" for r in current.sort_values(
            "changed_at", ascending=False).head(5).itertuples()) if len(current) else
        "Nobody is on the roster yet.")


def upload() -> None:
    """Replace the roster with a CSV file (the header of `python -m arlib roster`)."""
    file = st.file_uploader("Replace the roster with a CSV file", type=["csv"],
                            key=f"roster_file_{st.session_state.get(_ROUND, 0)}",
                            help="Header: " + ",".join(roster.COLUMNS) + ". The file becomes "
                                 "the whole roster: people not in it lose access.")
    if file is not None:
        st.button(f"Replace the roster with {file.name}", icon=":material/upload_file:",
                  key="roster_replace", on_click=_save_file, args=(file,))


def _edited(drawn: pd.DataFrame, state: dict) -> pd.DataFrame:
    """The drawn rows with the editor's changes (its state: rows by position)."""
    rows = drawn[list(roster.COLUMNS)].astype(object).reset_index(drop=True)
    for position, change in (state.get("edited_rows") or {}).items():
        for column, value in change.items():
            rows.at[int(position), column] = value
    rows = rows.drop(index=[int(p) for p in state.get("deleted_rows") or []])
    added = pd.DataFrame(state.get("added_rows") or [], columns=list(roster.COLUMNS))
    return pd.concat([rows, added], ignore_index=True)


def _save_table(drawn: pd.DataFrame) -> None:
    state = st.session_state.get(f"roster_editor_{st.session_state.get(_ROUND, 0)}") or {}
    _save(lambda: roster.check(_edited(drawn, state), source="the table"))


def _save_file(file) -> None:
    file.seek(0)
    _save(lambda: roster.read_csv(file, source=file.name))


def _save(rows_of) -> None:
    """Replace the roster with the rows, when the person saving is still an active finance
    admin on it (read again: the callback runs before this run's gate) and stays one."""
    viewer = auth.current()
    if viewer is None or not auth.still_admin(viewer):
        st.session_state["roster_flash"] = ("error", "Not saved: only an active finance admin "
                                            "can change the roster.")
        return
    try:
        rows = rows_of()
    except roster.RosterError as exc:
        st.session_state["roster_flash"] = ("error", formats.plain(str(exc)))
        return
    if _locks_out(viewer, rows):
        st.session_state["roster_flash"] = (
            "error", f"Not saved: {formats.plain(viewer.email)} would no longer be an active "
            "finance admin, and would lose this page. Keep your own row (another finance "
            "admin can change it).")
        return
    change = roster.replace(data.connection(), rows,
                            changed_by=viewer.email or auth.LOCAL_WHO)
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    st.session_state["roster_flash"] = ("success", f"Saved: {change.text()}.", *(
        formats.plain(w) + ": this person sees no customer until the data has it."
        for w in roster.unknown_scopes(data.connection(), rows)))


def _locks_out(viewer: auth.Viewer, rows: pd.DataFrame) -> bool:
    """Whether the signed-in admin's own row would stop being an active finance admin."""
    if viewer.local:
        return False
    own = rows[rows.email == viewer.email]
    return own.empty or not (own.role.iloc[0] == "finance_admin" and bool(own.active.iloc[0]))


def flash() -> None:
    """What the last save did, once."""
    done = st.session_state.pop("roster_flash", None)
    if done:
        kind, text, *warnings = done
        if kind == "error":
            st.error(text, icon=":material/error:")
        else:
            st.success(text, icon=":material/check:")
        for warning in warnings:
            st.warning(warning, icon=":material/warning:")
