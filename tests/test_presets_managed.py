"""Saved mappings managed (issue 15, point 6): listed, found by name, renamed, edited and
deleted on disk (arlib.intake.preset_files); `python -m arlib presets` lists them;
`import --mapping` takes a saved name or a path, and an unknown name lists the saved ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from arlib.intake.preset_files import (
    delete_preset,
    find_preset,
    preset_files,
    read_preset,
    rename_preset,
    save_preset,
    update_preset,
)
from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError
from tests.conftest import ROOT

HEADER = ["Doc No", "Client", "Bill Date", "Payment Due", "Value"]
MAPPING = {"invoice_id": "Doc No", "customer_id": "Client", "invoice_on": "Bill Date",
           "due_on": "Payment Due", "amount": "Value"}
FILE = ("Doc No,Client,Bill Date,Payment Due,Value\n"
        "A-1,K001,03/04/2026,30/04/2026,100.50\n")


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "presets"
    save_preset(Preset(name="Acme ERP", table="invoices", columns=dict(MAPPING),
                       signature=list(HEADER)), folder)
    save_preset(Preset(name="Beta Books", table="payments",
                       columns={"payment_id": "No", "customer_id": "Cust",
                                "paid_on": "Date", "amount": "Amt"},
                       signature=["No", "Cust", "Date", "Amt"], date_order="dmy"), folder)
    (folder / "broken.json").write_text("{not json")
    return folder


def test_list_and_find_by_name(folder):
    assert [(p.name, x.name) for p, x in preset_files(folder)] == [
        ("acme-erp.json", "Acme ERP"), ("beta-books.json", "Beta Books")]
    assert find_preset(folder, "acme erp")[1].name == "Acme ERP"
    assert find_preset(folder, "beta-books")[1].table == "payments"
    assert find_preset(folder, "Gamma") is None
    assert preset_files(folder / "nowhere") == []


def test_rename_moves_the_file(folder):
    path = rename_preset(folder, "Acme ERP", "Acme ERP 2026")
    assert path == folder / "acme-erp-2026.json"
    assert not (folder / "acme-erp.json").exists()
    assert read_preset(path).name == "Acme ERP 2026"
    assert read_preset(path).columns == MAPPING
    with pytest.raises(LoadError, match="a mapping named 'Beta Books' already exists"):
        rename_preset(folder, "Acme ERP 2026", "beta books")
    with pytest.raises(LoadError, match=r"no saved mapping named 'Acme ERP' .*"
                       r"saved: 'Acme ERP 2026', 'Beta Books'"):
        rename_preset(folder, "Acme ERP", "X")


def test_edit_date_order_and_remove_a_column(folder):
    columns = {k: v for k, v in MAPPING.items() if k != "due_on"}
    path = update_preset(folder, "Acme ERP", date_order="dmy", columns=columns)
    saved = json.loads(path.read_text())
    assert saved["date_order"] == "dmy"
    assert "due_on" not in saved["columns"]
    with pytest.raises(LoadError, match="unknown table"):
        update_preset(folder, "Acme ERP", table="nonsense")
    assert read_preset(path).table == "invoices"  # a refused edit leaves the file as it was


def test_delete(folder):
    assert delete_preset(folder, "Beta Books") == folder / "beta-books.json"
    assert [x.name for _, x in preset_files(folder)] == ["Acme ERP"]
    with pytest.raises(LoadError, match="no saved mapping named 'Beta Books'"):
        delete_preset(folder, "Beta Books")


def _arlib(*args: str, presets: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "AR_PRESETS_DIR": str(presets)}
    return subprocess.run([sys.executable, "-m", "arlib", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_presets_command_lists_them(folder, tmp_path):
    out = _arlib("presets", presets=folder)
    assert out.returncode == 0, out.stderr
    assert f"2 saved mappings in {folder}:" in out.stdout
    assert "  Acme ERP  (invoices; file acme-erp.json)" in out.stdout
    # the signature is the normalised header
    assert "    signature: doc no, client, bill date, payment due, value" in out.stdout
    assert "  Beta Books  (payments, dates dmy; file beta-books.json)" in out.stdout
    empty = _arlib("presets", presets=tmp_path / "none")
    assert empty.returncode == 0
    assert empty.stdout.strip() == f"no saved mappings in {tmp_path / 'none'}"


def test_import_mapping_by_name_or_path(folder, tmp_path):
    update_preset(folder, "Acme ERP", date_order="dmy")
    data = tmp_path / "acme.csv"
    data.write_text(FILE)
    store = tmp_path / "ar.duckdb"
    by_name = _arlib("import", str(data), "--db", str(store), "--mapping", "acme erp",
                     presets=folder)
    assert by_name.returncode == 0, by_name.stderr
    con = duckdb.connect(str(store), read_only=True)
    # day first, as the saved date order says: 3 April and 30 April 2026
    assert con.execute("select invoice_id, invoice_on::varchar, due_on::varchar "
                       "from stg_invoices").fetchall() == [("A-1", "2026-04-03", "2026-04-30")]
    con.close()
    by_path = _arlib("import", str(data), "--db", str(tmp_path / "b.duckdb"), "--mapping",
                     str(folder / "acme-erp.json"), presets=tmp_path / "none")
    assert by_path.returncode == 0, by_path.stderr


def test_an_unknown_mapping_name_lists_the_saved_ones(folder, tmp_path):
    data = tmp_path / "acme.csv"
    data.write_text(FILE)
    out = _arlib("import", str(data), "--db", str(tmp_path / "ar.duckdb"), "--mapping",
                 "Gamma", presets=folder)
    assert out.returncode != 0
    assert "--mapping Gamma: neither a preset file nor the name of a saved mapping" in out.stderr
    assert "(saved: 'Acme ERP', 'Beta Books')" in out.stderr
    assert not (tmp_path / "ar.duckdb").exists()


# --- the Import page's Saved mappings section (AppTest) ---------------------------------------

def _page():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import run_app
    at = run_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    return run_app(at)


def _press(at, key: str) -> None:
    from tests.conftest import run_app
    at.button(key=key).click()
    run_app(at)


def _said(at) -> str:
    return " | ".join(str(e.value) for e in [*at.success, *at.error, *at.warning, *at.caption])


def test_the_page_lists_renames_edits_and_deletes(app_env):
    from tests.conftest import run_app
    folder = app_env / "presets"
    save_preset(Preset(name="Acme ERP", table="invoices",
                       columns={**MAPPING, "currency": "Curr"},
                       signature=[*HEADER, "Curr"]), folder)
    at = _page()
    assert at.selectbox(key="presets_chosen").value == "Acme ERP"
    shown = at.dataframe[0].value
    assert dict(zip(shown["Column"], shown["Header in the file"], strict=True)) == {
        **MAPPING, "currency": "Curr"}

    at.text_input(key="presets_name_Acme ERP").set_value("Acme 2026")
    _press(at, "presets_rename")
    assert "Renamed 'Acme ERP' to 'Acme 2026' (file acme-2026.json)." in _said(at)
    assert [p.name for p in folder.iterdir()] == ["acme-2026.json"]

    # only currency can be dropped: the other columns are required for invoices
    drop = at.multiselect(key="presets_drop_Acme 2026")
    assert drop.options == ["currency"]
    drop.set_value(["currency"])
    at.selectbox(key="presets_order_Acme 2026").set_value("dmy")
    _press(at, "presets_save")
    assert ("Saved 'Acme 2026' (acme-2026.json): dates day first (03/04 is 3 April); no "
            "longer mapped: currency.") in _said(at)
    saved = read_preset(folder / "acme-2026.json")
    assert saved.date_order == "dmy" and "currency" not in saved.columns

    at.button(key="presets_delete").click()
    run_app(at)
    assert "Delete the mapping 'Acme 2026' (file acme-2026.json)?" in _said(at)
    assert (folder / "acme-2026.json").exists()  # not before the confirmation
    at.button(key="presets_delete_yes").click()
    run_app(at)
    assert "Deleted 'Acme 2026': acme-2026.json removed from" in _said(at)
    assert list(folder.iterdir()) == []
    assert "No saved mappings in " in _said(at)  # (the folder, markdown-escaped)
