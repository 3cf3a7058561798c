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
from arlib.intake.preset_files import PresetExists, save_preset
from arlib.intake.presets import (
    DOCUMENTS,
    Preset,
    document_defaults,
    kind_defaults,
)
from arlib.intake.proposals import propose
from arlib.intake.reading import LoadError
from arlib.intake.shape import detail_values
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
    header = list(dict.fromkeys(found.columns["column"]))
    tables = [*BY_TABLE, DOCUMENTS]
    # an aging report with a document-type column holds invoices, payments and credits
    docs = document_defaults(header, propose(header, "invoices", rows=found.rows)[1])
    first = DOCUMENTS if "doc_type" in docs and found.table == "invoices" else found.table
    table = st.selectbox("Load it into the table", tables, index=tables.index(first),
                         format_func=lambda t: _TARGETS.get(t, t),
                         key=f"import_map_{tok}_table")
    if table == DOCUMENTS:
        draft = _documents_editor(path, found, header, docs)
        return _finish(path, draft)
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
    return _finish(path, draft)


def _finish(path: Path, draft: Preset) -> Preset | None:
    """What is still missing, and "Save mapping"; the draft when it is complete."""
    tok = token(path)
    missing = draft.missing()
    if missing:
        st.error(f"Required columns not mapped: {', '.join(missing)}. Preview is disabled "
                 "until they are.", icon=":material/error:")
    else:
        st.caption("Preview uses this mapping as it stands; save it to have the header "
                   "recognised next time.")
    clash = st.session_state.get(f"import_map_{tok}_clash")
    if clash and clash[0] == draft.name:
        # asked, not done: saving under a name that is taken would overwrite that mapping
        st.warning(f"A mapping named '{plain(clash[1])}' is already saved ({plain(clash[2])}). "
                   "Replace it with this one, or change the mapping name above.",
                   icon=":material/warning:")
        st.button(f"Replace '{plain(clash[1])}'", key=f"import_map_{tok}_replace",
                  icon=":material/sync:", on_click=_save, args=(draft, tok, True))
    st.button("Save mapping", key=f"import_map_{tok}_save", icon=":material/save:",
              disabled=bool(missing) or not draft.name.strip(), on_click=_save,
              args=(draft, tok))
    return None if missing else draft


def _save(draft: Preset, tok: str, replace_existing: bool = False) -> None:
    try:
        saved = save_preset(draft, presets_dir(), replace_existing=replace_existing)
    except PresetExists as clash:
        st.session_state[f"import_map_{tok}_clash"] = (draft.name, clash.existing.name,
                                                       clash.path.name)
        return
    except LoadError as exc:
        st.session_state["import_flash"] = f"Mapping not saved: {exc}"
        return
    st.session_state.pop(f"import_map_{tok}_clash", None)
    replaced = " (the mapping of that name replaced)" if replace_existing else ""
    st.session_state["import_flash"] = (f"Mapping '{plain(draft.name)}' saved as "
                                        f"{plain(saved.name)}{replaced}: files with this "
                                        "header are recognised by it from now on.")


_TARGETS = {DOCUMENTS: "documents: invoices, payments and credit notes"}
_ROLES = {"doc_type": "Document type", "invoice_id": "Document number",
          "customer_id": "Customer id", "customer_name": "Customer name",
          "invoice_on": "Date (required)", "due_on": "Due date",
          "open_amount": "Open amount", "amount": "Original amount", "reference": "Reference"}
_KINDS = {"invoice": "invoice", "payment": "payment", "credit_note": "credit note",
          "skip": "skip (not loaded)"}
_CURRENCY = {"detect": "Detect from the amounts (£, €, US$, EUR…)", "column": "From a column",
             "fixed": "Fixed for the file"}
_NEGATIVE = {"credit_note": "a credit note", "payment": "a payment",
             "sign": "kept as written (the sign is the balance direction)"}


def _pick(label: str, header: list[str], default: str | None, key: str, where) -> str | None:
    """One file column (or none) for a role."""
    return where.selectbox(label, [None, *header],
                           index=header.index(default) + 1 if default in header else 0,
                           format_func=lambda h: "— not in the file —" if h is None else h,
                           key=key)


def _documents_editor(path: Path, found: foreign.Inspection, header: list[str],
                      docs: dict[str, str]) -> Preset:
    """A documents mapping: roles, the document-type values routed, currency, negatives."""
    tok = token(path)
    grid = st.columns(3)
    chosen: dict[str, str] = {}
    for n, (role, label) in enumerate(_ROLES.items()):
        pick = _pick(label, header, docs.get(role), f"import_map_{tok}_doc_{role}",
                     grid[n % 3])
        if pick is not None:
            chosen[role] = pick
    types: dict[str, str] = {}
    if "doc_type" in chosen:
        values = detail_values(header, found.rows, chosen["doc_type"],
                               key=chosen.get("invoice_id"),
                               amounts=tuple(chosen[a] for a in ("open_amount", "amount")
                                             if a in chosen))
        guessed = kind_defaults(values)
        st.caption(f"Each value of '{chosen['doc_type']}' in the file is loaded as:")
        boxes = st.columns(min(max(len(values), 1), 4))
        for n, value in enumerate(values):
            kinds = list(_KINDS)
            types[value] = boxes[n % len(boxes)].selectbox(
                value, kinds, index=kinds.index(guessed[value]),
                format_func=_KINDS.get, key=f"import_map_{tok}_kind_{value}")
    skip = _skip_editor(path, found, header, [v for v in chosen.values()])
    left, right = st.columns(2)
    modes = list(_CURRENCY)
    mode = left.radio("Currency", modes, index=modes.index(
        "column" if "currency" in docs else "detect"), format_func=_CURRENCY.get,
        key=f"import_map_{tok}_currency_mode")
    constants: dict[str, str] = {}
    if mode == "column":
        pick = _pick("Currency column", header, docs.get("currency"),
                     f"import_map_{tok}_doc_currency", left)
        if pick is not None:
            chosen["currency"] = pick
    elif mode == "fixed":
        code = left.text_input("Currency code", value="", max_chars=3,
                               key=f"import_map_{tok}_currency_code").strip().upper()
        if code:
            constants["currency"] = code
    negatives = list(_NEGATIVE)
    negative = right.radio("A negative amount on a row of no listed type is", negatives,
                           format_func=_NEGATIVE.get, key=f"import_map_{tok}_negative")
    name = st.text_input("Mapping name", value=path.stem, key=f"import_map_{tok}_name")
    return Preset(name.strip() or path.stem, "invoices", chosen, header,
                  date_order=st.session_state.get(order_key(path)), constants=constants,
                  target=DOCUMENTS, types=types, negative=negative, skip=skip)


def _skip_editor(path: Path, found: foreign.Inspection, header: list[str],
                 used: list[str]) -> dict[str, list[str]]:
    """Rows not loaded by the value of a column (a status: draft, void, paid...)."""
    tok = token(path)
    free = [h for h in header if h not in used]
    status = next((h for h in free if "status" in h.lower() or "state" in h.lower()), None)
    pick = _pick("Skip rows by the value of", free, status, f"import_map_{tok}_skip_col", st)
    if pick is None:
        return {}
    values = detail_values(header, found.rows, pick)
    dead = [v for v, k in kind_defaults(values).items() if k == "skip"]
    chosen = st.multiselect(f"Values of '{pick}' whose rows are not loaded", values,
                            default=dead, key=f"import_map_{tok}_skip_values")
    return {pick: chosen} if chosen else {}
