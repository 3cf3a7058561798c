"""The Import page's "Saved mappings" section: each saved mapping with its table, columns,
header and date order, and rename, edit (date order, a column no longer mapped) and delete
(after a confirmation). Full re-mapping is done by uploading a file of that layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from arlib.intake.preset_files import (
    delete_preset,
    preset_files,
    rename_preset,
    update_preset,
)
from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError
from ui.formats import plain
from ui.mapping import presets_dir

# the date orders a mapping can fix (None: read from the file, asked when ambiguous)
ORDERS = {None: "from the file", "mdy": "month first (03/04 is 4 March)",
          "dmy": "day first (03/04 is 3 April)"}
FLASH = "presets_flash"
CONFIRM = "presets_confirm_delete"


def panel() -> None:
    """The saved mappings of the presets folder, in an expander below the upload area."""
    folder = presets_dir()
    found = preset_files(folder)
    flash = st.session_state.pop(FLASH, None)
    with st.expander(f"Saved mappings ({len(found)})", expanded=flash is not None,
                     icon=":material/tune:"):
        if flash:
            (st.error if flash[0] == "error" else st.success)(flash[1])
        if not found:
            st.caption(f"No saved mappings in {plain(str(folder))}. Upload a file of a layout "
                       "that is not recognised, map its columns and save the mapping: it "
                       "appears here.")
            return
        names = [p.name for _, p in found]
        chosen = st.selectbox("Mapping", names, key="presets_chosen")
        path, preset = found[names.index(chosen)]
        _view(path, preset)
        _rename(preset)
        _edit(preset)
        _delete(path, preset)


def _view(path: Path, preset: Preset) -> None:
    """The mapping as saved: its table, file, date order, columns and recognised header."""
    target = "invoices, payments and credit notes" if preset.target == "documents" \
        else preset.table
    st.markdown(f"**{plain(preset.name)}** loads **{target}**; file `{path.name}`; dates "
                f"{ORDERS.get(preset.date_order, preset.date_order)}.")
    st.dataframe(pd.DataFrame({"Column": list(preset.columns),
                               "Header in the file": list(preset.columns.values())}),
                 hide_index=True, width="stretch", placeholder="")
    st.caption("Recognised by the header: " + plain(", ".join(preset.signature)))


def _rename(preset: Preset) -> None:
    key = f"presets_name_{preset.name}"
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input("New name", value=preset.name, key=key)
        st.button("Rename", key="presets_rename", icon=":material/edit:", on_click=_renamed,
                  args=(preset.name, key))


def _renamed(name: str, key: str) -> None:
    new_name = str(st.session_state.get(key) or "").strip()
    _act(lambda: rename_preset(presets_dir(), name, new_name),
         lambda p: f"Renamed '{name}' to '{new_name}' (file {p.name}).")


def _droppable(preset: Preset) -> list[str]:
    """The columns a mapping can stop mapping and still load its table."""
    return [c for c in preset.columns
            if not replace(preset, columns={k: v for k, v in preset.columns.items()
                                            if k != c}).missing()]


def _edit(preset: Preset) -> None:
    orders = list(ORDERS)
    # a select box, not a radio: the page's own radio is the date order asked of a file
    st.selectbox("Dates", orders, index=orders.index(preset.date_order)
                 if preset.date_order in orders else 0, format_func=ORDERS.get,
                 key=f"presets_order_{preset.name}")
    st.multiselect("Stop mapping these columns", _droppable(preset),
                   key=f"presets_drop_{preset.name}",
                   help="Required columns cannot be dropped; to map other headers, upload a "
                        "file of this layout.")
    st.button("Save changes", key="presets_save", icon=":material/save:", on_click=_edited,
              args=(preset,))


def _edited(preset: Preset) -> None:
    order = st.session_state.get(f"presets_order_{preset.name}")
    dropped = list(st.session_state.get(f"presets_drop_{preset.name}") or [])
    columns = {k: v for k, v in preset.columns.items() if k not in dropped}
    told = [f"dates {ORDERS[order]}"]
    if dropped:
        told.append("no longer mapped: " + ", ".join(dropped))
    _act(lambda: update_preset(presets_dir(), preset.name, date_order=order, columns=columns),
         lambda p: f"Saved '{preset.name}' ({p.name}): " + "; ".join(told) + ".")


def _delete(path: Path, preset: Preset) -> None:
    if st.session_state.get(CONFIRM) != preset.name:
        st.button("Delete…", key="presets_delete", icon=":material/delete:",
                  on_click=st.session_state.__setitem__, args=(CONFIRM, preset.name))
        return
    st.warning(f"Delete the mapping '{plain(preset.name)}' (file {path.name})? Files with "
               "its header will have to be mapped again.")
    yes, no = st.columns(2)
    yes.button("Delete it", key="presets_delete_yes", type="primary", on_click=_deleted,
               args=(preset.name,))
    no.button("Keep it", key="presets_delete_no", on_click=st.session_state.pop,
              args=(CONFIRM, None))


def _deleted(name: str) -> None:
    st.session_state.pop(CONFIRM, None)
    _act(lambda: delete_preset(presets_dir(), name),
         lambda p: f"Deleted '{name}': {p.name} removed from {p.parent}. Files with its "
                   "header now go to mapping.")


def _act(action: Callable[[], Path], told: Callable[[Path], str]) -> None:
    """Run a change on disk (from a button's callback, before the page is drawn) and say
    exactly what happened, or why nothing did."""
    try:
        path = action()
    except (LoadError, OSError) as exc:
        st.session_state[FLASH] = ("error", f"Nothing changed: {exc}")
    else:
        st.session_state[FLASH] = ("success", told(path))
        st.session_state.pop("presets_chosen", None)  # the name chosen may be gone
