"""Issue 7: a file of an unknown layout is refused with what it holds; a mapping proposed for
it and saved as a preset (plain JSON, or TOML written by hand) makes it, and every later file
with the same header, load by itself.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arlib.__main__ import main as cli_main
from arlib.intake.preset_files import PresetExists, read_preset, save_preset, saved_presets
from arlib.intake.presets import Preset
from arlib.intake.proposals import propose
from arlib.intake.reading import LoadError
from arlib.settings import Settings
from arlib.store import db, loader
from tests.test_loader import snapshot

HEADER = ["Doc No", "Client", "Bill Date", "Payment Due", "Value", "Curr"]
MARCH = ("Doc No,Client,Bill Date,Payment Due,Value,Curr\n"
         "A-1,K001,2026-03-01,2026-03-31,100.50,USD\n"
         "A-2,K002,2026-03-05,2026-04-04,20.00,EUR\n")
APRIL = ("Doc No,Client,Bill Date,Payment Due,Value,Curr\n"
         "A-3,K001,2026-04-01,2026-05-01,7.25,USD\n"
         "A-4,K003,2026-04-02,2026-05-02,12.00,USD\n")
MAPPING = {"invoice_id": "Doc No", "customer_id": "Client", "invoice_on": "Bill Date",
           "due_on": "Payment Due", "amount": "Value", "currency": "Curr"}
MARCH_ROWS = [("A-1", "K001", date(2026, 3, 1), date(2026, 3, 31), Decimal("100.50"), "USD", 2),
              ("A-2", "K002", date(2026, 3, 5), date(2026, 4, 4), Decimal("20.00"), "EUR", 3)]
APRIL_ROWS = [("A-3", "K001", date(2026, 4, 1), date(2026, 5, 1), Decimal("7.25"), "USD", 2),
              ("A-4", "K003", date(2026, 4, 2), date(2026, 5, 2), Decimal("12.00"), "USD", 3)]
STORED = ("select invoice_id, customer_id, invoice_on, due_on, amount, currency, _line "
          "from raw_invoices order by invoice_id")


@pytest.fixture
def con():
    con = db.open_database(":memory:")
    yield con
    con.close()


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    march, april = tmp_path / "acme_march.csv", tmp_path / "acme_april.csv"
    march.write_text(MARCH, encoding="utf-8")
    april.write_text(APRIL, encoding="utf-8")
    return march, april


@pytest.fixture
def preset_dir(tmp_path) -> Path:
    folder = tmp_path / "presets"
    save_preset(Preset(name="Acme ERP", table="invoices", columns=dict(MAPPING),
                       signature=list(HEADER)), folder)
    return folder


def test_unknown_layout_is_refused_naming_its_columns(con, files):
    before = snapshot(con)
    with pytest.raises(LoadError, match=r"^acme_march\.csv: unknown layout\. Columns found: "
                       r"Doc No, Client, Bill Date, Payment Due, Value, Curr\. .*invoices needs "
                       r"invoice_id, customer_id, invoice_on, due_on, amount"):
        loader.load(con, [files[0]])
    assert snapshot(con) == before


def test_propose_maps_the_unknown_header_to_invoices():
    assert propose(HEADER) == ("invoices", MAPPING)


def test_saved_preset_is_plain_json(preset_dir):
    [path] = list(preset_dir.iterdir())
    assert path.name == "acme-erp.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "Acme ERP"
    assert data["table"] == "invoices"
    assert data["columns"] == MAPPING
    assert data["signature"] == [h.lower() for h in HEADER]
    assert read_preset(path) == Preset(name="Acme ERP", table="invoices", columns=MAPPING,
                                       signature=HEADER)


def test_saved_preset_recognises_the_file_and_loads_its_rows(con, files, preset_dir):
    report = loader.load(con, [files[0]], presets=saved_presets(preset_dir))
    assert {f.layout for f in report.files} == {"preset:Acme ERP"}
    assert report.files[0].layout == "preset:Acme ERP"
    assert report.rejects.empty
    assert {f.table_name: f.inserted for f in report.files} == {"invoices": 2, "customers": 2}
    assert con.execute(STORED).fetchall() == MARCH_ROWS
    assert con.execute("select customer_id from raw_customers order by 1").fetchall() == \
        [("K001",), ("K002",)]


def test_a_second_file_with_the_same_header_is_recognised_by_itself(con, files, preset_dir):
    presets = saved_presets(preset_dir)
    loader.load(con, [files[0]], presets=presets)
    report = loader.load(con, [files[1]], presets=presets)
    assert {f.layout for f in report.files} == {"preset:Acme ERP"}
    assert report.status == "committed"
    assert {f.table_name: (f.inserted, f.unchanged) for f in report.files} == \
        {"invoices": (2, 0), "customers": (1, 1)}
    assert con.execute(STORED).fetchall() == sorted(MARCH_ROWS + APRIL_ROWS)


def test_a_folder_with_an_export_of_a_saved_mapping_loads_it(con, files, preset_dir):
    report = loader.load(con, [files[0].parent], presets=saved_presets(preset_dir))
    assert {f.file_name for f in report.files} == {"acme_march.csv", "acme_april.csv"}
    assert con.execute(STORED).fetchall() == sorted(MARCH_ROWS + APRIL_ROWS)


def test_without_the_preset_the_same_file_is_unknown_again(con, files, preset_dir):
    loader.load(con, [files[0]], presets=saved_presets(preset_dir))
    with pytest.raises(LoadError, match="unknown layout"):
        loader.load(con, [files[1]])


@pytest.fixture
def cli_settings(tmp_path, monkeypatch):
    """The command line with its saved-mappings folder in tmp_path (empty)."""
    monkeypatch.setattr("arlib.__main__.load_settings",
                        lambda: Settings(presets_dir=tmp_path / "no_presets"))


def _stored_by_cli(store: Path) -> list[tuple]:
    con = db.open_database(store, read_only=True)
    try:
        return con.execute(STORED).fetchall()
    finally:
        con.close()


def test_cli_import_with_a_json_mapping(files, preset_dir, tmp_path, cli_settings, capsys):
    store = tmp_path / "ar.duckdb"
    code = cli_main(["import", str(files[0]), "--mapping", str(preset_dir / "acme-erp.json"),
                     "--db", str(store)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Saved mapping 'Acme ERP'" in out
    assert _stored_by_cli(store) == MARCH_ROWS


TOML = """name = "Acme TOML"
table = "invoices"
signature = ["Doc No", "Client", "Bill Date", "Payment Due", "Value", "Curr"]

[columns]
invoice_id = "Doc No"
customer_id = "Client"
invoice_on = "Bill Date"
due_on = "Payment Due"
amount = "Value"
currency = "Curr"
"""


def test_toml_preset_works_on_the_command_line_and_as_a_saved_preset(files, tmp_path,
                                                                      cli_settings, capsys):
    folder = tmp_path / "toml_presets"
    folder.mkdir()
    path = folder / "acme.toml"
    path.write_text(TOML, encoding="utf-8")
    assert tomllib.loads(TOML)["columns"] == MAPPING
    assert read_preset(path).columns == MAPPING

    store = tmp_path / "ar.duckdb"
    assert cli_main(["import", str(files[0]), "--mapping", str(path), "--db", str(store)]) == 0
    assert "Saved mapping 'Acme TOML'" in capsys.readouterr().out
    assert _stored_by_cli(store) == MARCH_ROWS

    con = db.open_database(":memory:")
    try:
        report = loader.load(con, [files[1]], presets=saved_presets(folder))
        assert {f.layout for f in report.files} == {"preset:Acme TOML"}
        assert con.execute(STORED).fetchall() == APRIL_ROWS
    finally:
        con.close()


def test_cli_unreadable_mapping_file_is_an_error(files, tmp_path, cli_settings, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    store = tmp_path / "ar.duckdb"
    assert cli_main(["import", str(files[0]), "--mapping", str(bad), "--db", str(store)]) == 1
    assert "broken.json: not a readable mapping preset" in capsys.readouterr().err
    assert not store.exists()


def test_preset_naming_a_column_the_table_lacks_is_refused():
    with pytest.raises(LoadError, match=r"mapping 'X': invoices has no column amount_due"):
        Preset(name="X", table="invoices", columns={"amount_due": "Value"}, signature=HEADER)


def test_a_name_taken_after_normalisation_is_refused_then_replaced_when_asked(tmp_path):
    folder = tmp_path / "presets"
    first = Preset(name="Acme ERP", table="invoices", columns=dict(MAPPING),
                   signature=list(MAPPING.values()))
    save_preset(first, folder)
    clash = Preset(name="ACME  erp!", table="invoices", columns=dict(MAPPING),
                   signature=list(MAPPING.values()), date_order="dmy")
    with pytest.raises(PresetExists) as refused:
        save_preset(clash, folder)
    assert str(refused.value) == ("a mapping named 'Acme ERP' is already saved (acme-erp.json); "
                                  "'ACME  erp!' would replace it: replace it, or choose "
                                  "another name")
    assert read_preset(folder / "acme-erp.json") == first  # untouched
    save_preset(clash, folder, replace_existing=True)
    assert [p.name for p in saved_presets(folder)] == ["ACME  erp!"]
    assert read_preset(folder / "acme-erp.json").date_order == "dmy"
