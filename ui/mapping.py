"""The mapping editor of the Import page: the columns of an unknown layout mapped to the
canonical tables, and saved as a named mapping recognised by the file's header next time."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from arlib import settings
from arlib.canonical.models import BY_TABLE
from arlib.canonical.validation import columns
from arlib.intake import foreign
from arlib.intake.preset_files import save_preset
from arlib.intake.presets import Preset
from arlib.intake.proposals import propose
from ui.formats import plain


def presets_dir() -> Path:
    """The folder of saved mappings (setting AR_PRESETS_DIR)."""
    return settings.load().resolved_presets_dir()


def token(path: Path) -> str:
    """A short stable id of an uploaded file, for its widget keys."""
    return hashlib.sha1(str(path).encode()).hexdigest()[:10]


def order_key(path: Path) -> str:
    """The session key of the day/month order chosen for a file."""
    return f"import_date_order_{token(path)}"


def mapping_editor(path: Path, found: foreign.Inspection) -> Preset | None:
    """The columns of an unknown layout mapped to a canonical table, with "Save mapping".
    Returns the mapping when every required column is mapped, else None."""
    tok = token(path)
    st.warning("Unknown layout: map its columns once. A saved mapping is recognised by the "
               "file's header from then on.", icon=":material/table_edit:")
    st.dataframe(found.columns, hide_index=True, width="stretch", placeholder="",
                 column_config={"column": "Column in the file",
                                "samples": "First values"})
    tables = list(BY_TABLE)
    table = st.selectbox("Load it into the table", tables, index=tables.index(found.table),
                         key=f"import_map_{tok}_table")
    header = list(dict.fromkeys(found.columns["column"]))
    proposal = found.proposal if table == found.table else propose(header, table)[1]
    chosen: dict[str, str] = {}
    grid = st.columns(3)
    for n, col in enumerate(columns(BY_TABLE[table])):
        default = proposal.get(col.name)
        pick = grid[n % 3].selectbox(
            f"{col.name}{' (required)' if col.required else ''}", [None, *header],
            index=header.index(default) + 1 if default in header else 0,
            format_func=lambda h: "— not in the file —" if h is None else h,
            key=f"import_map_{tok}_{table}_{col.name}")
        if pick is not None:
            chosen[col.name] = pick
    name = st.text_input("Mapping name", value=path.stem, key=f"import_map_{tok}_name")
    draft = Preset(name.strip() or path.stem, table, chosen, header,
                   date_order=st.session_state.get(order_key(path)))
    missing = draft.missing()
    if missing:
        st.error(f"Required columns not mapped: {', '.join(missing)}. Preview is disabled "
                 "until they are.", icon=":material/error:")
    else:
        st.caption("Preview uses this mapping as it stands; save it to have the header "
                   "recognised next time.")
    st.button("Save mapping", key=f"import_map_{tok}_save", icon=":material/save:",
              disabled=bool(missing) or not name.strip(), on_click=_save, args=(draft,))
    return None if missing else draft


def _save(draft: Preset) -> None:
    saved = save_preset(draft, presets_dir())
    st.session_state["import_flash"] = (f"Mapping '{plain(draft.name)}' saved as "
                                        f"{plain(saved.name)}: files with this header are "
                                        "recognised by it from now on.")


