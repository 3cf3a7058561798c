"""The Import page under AppTest: upload, detection, the mapping editor, preview with its health
report, commit, cancel, the size limit, the day/month question and the past loads; plus the
small arlib and ui helpers behind it. Each test gets a new database built from the golden
book and an empty presets folder."""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from arlib.store import audit, db, loader, state
from tests.conftest import GOLDEN, ROOT
from tests.conftest import run_app as _run
from ui import formats

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
QBO = LAYOUTS / "qbo_aging_detail.csv"
UNKNOWN = ("Client Ref,Bill No,Bill Date,Due Date,Gross,Curr\n"
           "ACME,B-1,2026-05-01,2026-05-31,1200.00,USD\n"
           "BOLT,B-2,2026-05-03,2026-06-02,800.50,USD\n")
AMBIGUOUS = ("Client Ref,Bill No,Bill Date,Due Date,Gross\n"
             "ACME,B-1,03/04/2026,05/04/2026,1200.00\n"
             "BOLT,B-2,04/05/2026,06/05/2026,800.50\n")


def _import_page() -> AppTest:
    at = _run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.switch_page("pages/import.py")
    return _run(at)


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, body, "text/csv") for name, body in files])
    return _run(at)


def _texts(elements) -> list[str]:
    """The texts as a reader sees them (text from files is written as character references,
    ui.formats.plain)."""
    return [html.unescape(e.value) for e in elements]


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return _run(at)


def _past_loads(at: AppTest) -> pd.DataFrame:
    return _frame(at, "loaded_at")


def _frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table shown with all these columns."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_the_page_is_in_the_menu_states_the_limit_and_lists_past_loads(app_env):
    at = _import_page()
    assert "pages/import.py" in (ROOT / "app.py").read_text()
    assert _texts(at.title) == ["Import data"]
    assert at.file_uploader[0].accept_multiple_files
    assert set(at.file_uploader[0].allowed_type) == {".csv", ".tsv", ".txt", ".xlsx"}
    assert any("up to 200 MB per file" in c for c in _texts(at.caption))
    loads = _past_loads(at)
    assert list(loads.columns) == ["load_id", "loaded_at", "origin", "source", "layout",
                                   "status", "files", "rows_read", "inserted", "updated",
                                   "unchanged", "rejected", "orphans"]
    assert loads.load_id.tolist() == [1] and loads.source[0] == "q4_2024"  # folder name only
    assert loads.origin[0] == "file"  # loaded by the test's own library call


def test_a_known_export_is_detected_previewed_and_nothing_is_written(app_env):
    at = _upload(_import_page(), (QBO.name, QBO.read_bytes()))
    assert any("**QuickBooks Online A/R Aging Detail** — 100% match, header on line 5" in m
               for m in _texts(at.markdown))
    at = _click(at, "import_preview_button")
    text = " ".join(_texts(at.markdown))
    assert "snapshot 2026-07-25, dates 2026-03-14 to 2026-08-17" in text
    assert "Load 2 would add 13 new rows" in _texts(at.success)[0]
    assert any(s.startswith("Ties out: all 6 totals") for s in _texts(at.success))
    assert {m.label: m.value for m in at.metric} == {
        "Rows read": "13", "New": "13", "Updated": "0", "Unchanged": "0", "Rejected": "0"}
    files = _frame(at, "layout", "snapshot_on")
    assert files.loc[0, "layout"] == "QuickBooks Online A/R Aging Detail"
    assert files.loc[0, "snapshot_on"] == "2026-07-25"
    per_table = _frame(at, "rows_read").set_index("table_name")
    assert per_table.inserted.to_dict() == {"customers": 4, "invoices": 8, "payments": 1}
    tieout = _frame(at, "file_total")
    assert (tieout.difference == "0.00").all() and tieout.file_total.iloc[-1] == "12106.55"
    assert "Duplicate keys inside a file: **0** rows" in text
    assert "Orphans: **none**" in text and "Rejected rows: **none**" in text
    assert [t.label for t in at.tabs] == ["customers", "invoices", "payments"]
    stored = _frame(at, "line", "customer_id", "name")  # customers as they will be stored
    assert "Harbor Lane Outfitters" in stored.customer_id.tolist()
    invoices = _frame(at, "line", "invoice_id").set_index("invoice_id")
    assert invoices.loc["1043", "amount"] == -180  # the credit memo, negative
    assert invoices.loc["1041", "invoice_on"] == pd.Timestamp("2026-03-14")
    assert _past_loads(at).load_id.tolist() == [1]  # a preview writes nothing
    assert any("load 1 of" in c for c in _texts(at.sidebar.caption))


def test_commit_loads_the_file_and_every_page_shows_the_new_data(app_env):
    at = _upload(_import_page(), (QBO.name, QBO.read_bytes()))
    at = _click(_click(at, "import_preview_button"), "import_commit")
    assert any(s.startswith("Committed. Load 2 added 13 new rows") for s in _texts(at.success))
    assert {link.label for link in at.get("page_link")} >= {"Open the Overview", "Open Aging"}
    assert at.file_uploader[0].value in (None, [])  # the picker is empty again
    loads = _past_loads(at)
    assert loads.load_id.tolist() == [2, 1]
    assert loads.loc[0, ["origin", "source", "layout", "status", "inserted"]].tolist() == [
        "Import page", "qbo_aging_detail.csv", "qbo_aging_detail", "committed", 13]
    assert any("load 2 of" in c for c in _texts(at.sidebar.caption))
    today = date.today()
    con = db.open_database(Path(os.environ["AR_DB_PATH"]))  # the app's instance, shared
    try:
        trail = audit.events(con, first_on=today, last_on=today, action="import")
    finally:
        con.close()
    assert trail[["email", "detail"]].values.tolist() == [
        ["local user (no sign-in)", "load 2 (committed): qbo_aging_detail.csv"]]
    at.switch_page("pages/aging.py")
    at = _run(at)
    at.date_input(key="as_of").set_value(date(2026, 7, 25))
    at = _run(at)
    customers = at.dataframe[-1].value.set_index("customer_id")
    # the export's open balances (expected.json qbo_aging_detail): 1041 2,450 + 1067 1,120
    assert customers.loc["Harbor Lane Outfitters", "total_amt"] == 3570.0
    assert customers.loc["Keystone Ridge Farms", "total_amt"] == 1200.0 + 4015.80


def test_cancel_removes_the_uploads_and_changes_nothing(app_env):
    at = _upload(_import_page(), (QBO.name, QBO.read_bytes()))
    at = _click(_click(at, "import_preview_button"), "import_cancel")
    assert any("Import cancelled" in i for i in _texts(at.info))
    assert at.file_uploader[0].value in (None, [])
    assert not at.get("metric") and _past_loads(at).load_id.tolist() == [1]


def test_an_unknown_layout_is_mapped_saved_and_recognised_next_time(app_env):
    at = _upload(_import_page(), ("ledger.csv", UNKNOWN.encode()))
    assert any("Unknown layout" in w for w in _texts(at.warning))
    found = _frame(at, "samples")
    assert found.column.tolist() == ["Client Ref", "Bill No", "Bill Date", "Due Date", "Gross",
                                     "Curr"]
    assert found.samples[0] == "ACME | BOLT"
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["Load it into the table"].value == "invoices"
    assert boxes["invoice_on (required)"].value == "Bill Date"  # proposed
    assert boxes["currency"].value == "Curr"
    assert ("Required columns not mapped: invoice_id, customer_id, amount. Preview is "
            "disabled until they are." in _texts(at.error))
    assert at.button(key="import_preview_button").disabled
    boxes["invoice_id (required)"].set_value("Bill No")
    boxes["customer_id (required)"].set_value("Client Ref")
    boxes["amount (required)"].set_value("Gross")
    at = _run(at)
    assert not at.error and not at.button(key="import_preview_button").disabled
    at = _click(at, "import_preview_button")  # an unsaved mapping can be previewed
    assert _frame(at, "layout", "snapshot_on").loc[0, "layout"] == "Mapping 'ledger' (not saved)"
    assert _frame(at, "rows_read").set_index("table_name").inserted.to_dict() == {
        "customers": 2, "invoices": 2}
    save = next(b for b in at.button if b.label == "Save mapping")
    save.click()
    at = _run(at)
    assert (app_env / "presets" / "ledger.json").exists()
    assert any("Mapping 'ledger' saved" in i for i in _texts(at.info))
    assert any("**Saved mapping 'ledger'** — 100% match" in m for m in _texts(at.markdown))
    # a new session with the same header: recognised at once, no editor
    again = _upload(_import_page(), ("ledger_june.csv", UNKNOWN.encode()))
    assert not any("Unknown layout" in w for w in _texts(again.warning))
    assert any("**Saved mapping 'ledger'** — 100% match" in m for m in _texts(again.markdown))
    again = _click(_click(again, "import_preview_button"), "import_commit")
    assert _past_loads(again).loc[0, "layout"] == "preset:ledger"


def test_the_target_table_changes_the_columns_offered(app_env):
    at = _upload(_import_page(), ("ledger.csv", UNKNOWN.encode()))
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Load it into the table")
                 ).set_value("payments")
    at = _run(at)
    labels = [s.label for s in at.selectbox]
    assert "payment_id (required)" in labels and "invoice_on (required)" not in labels
    assert any("payment_id" in e for e in _texts(at.error))


def test_dates_that_can_be_either_order_are_asked_about(app_env):
    at = _upload(_import_page(), ("ambiguous.csv", AMBIGUOUS.encode()))
    boxes = {s.label: s for s in at.selectbox}
    boxes["invoice_id (required)"].set_value("Bill No")
    boxes["customer_id (required)"].set_value("Client Ref")
    boxes["amount (required)"].set_value("Gross")
    at = _click(_run(at), "import_preview_button")
    assert any("The dates in 'bill date', 'due date' could be day first or month first (for "
               "example 03/04/2026" in w for w in _texts(at.warning))
    order = next(r for r in at.radio if r.label == "Date order")
    assert order.options == ["Day first: 03/04/2026 is 3 April",
                             "Month first: 03/04/2026 is 4 March"]
    assert at.button(key="import_preview_button").disabled  # until the user answers
    order.set_value("dmy")
    at = _click(_run(at), "import_preview_button")
    invoices = _frame(at, "line", "invoice_id").set_index("invoice_id")
    assert invoices.loc["B-1", "invoice_on"] == pd.Timestamp("2026-04-03")


def test_the_answer_about_one_file_applies_to_that_file_only(app_env):
    at = _upload(_import_page(), (QBO.name, QBO.read_bytes()),
                 ("ambiguous.csv", AMBIGUOUS.encode()))
    boxes = {s.label: s for s in at.selectbox}
    boxes["invoice_id (required)"].set_value("Bill No")
    boxes["customer_id (required)"].set_value("Client Ref")
    boxes["amount (required)"].set_value("Gross")
    at = _click(_run(at), "import_preview_button")
    assert [r.label for r in at.radio] == ["Date order"]  # asked about ambiguous.csv only
    at.radio[0].set_value("dmy")
    at = _click(_run(at), "import_preview_button")
    # the QuickBooks file keeps its month-first dates: nothing rejected, still ties out
    assert {m.label: m.value for m in at.metric}["Rejected"] == "0"
    assert any(s.startswith("Ties out") for s in _texts(at.success))
    # the answer is saved with the mapping and used next time without asking
    next(b for b in at.button if b.label == "Save mapping").click()
    at = _run(at)
    again = _upload(_import_page(), ("ambiguous_may.csv", AMBIGUOUS.encode()))
    again = _click(again, "import_preview_button")
    assert not again.radio
    invoices = _frame(again, "line", "invoice_id").set_index("invoice_id")
    assert invoices.loc["B-2", "due_on"] == pd.Timestamp("2026-05-06")


def test_the_snapshot_date_option_reaches_the_load(app_env):
    body = (LAYOUTS / "qbo_open_invoices.csv").read_bytes()
    at = _upload(_import_page(), ("qbo_open_invoices.csv", body))
    next(d for d in at.date_input if d.label == "Snapshot date").set_value(date(2026, 7, 31))
    at = _click(_run(at), "import_preview_button")
    assert _frame(at, "layout", "snapshot_on").loc[0, "snapshot_on"] == "2026-07-31"


def test_a_file_over_the_limit_is_refused(app_env, monkeypatch):
    monkeypatch.setenv("AR_IMPORT_MAX_MB", "1")
    from arlib import settings
    settings.load.cache_clear()
    big = b"invoice_id,customer_id\n" + b"I1,C1\n" * 200_000  # 1.1 MB
    at = _upload(_import_page(), ("invoices.csv", big))
    assert any("1.1 MB is over the import limit of 1 MB per file" in e
               for e in _texts(at.error))
    assert not at.get("subheader") or "Files" not in _texts(at.subheader)
    assert _past_loads(at).load_id.tolist() == [1]


def test_markup_in_a_file_name_is_shown_as_text(app_env):
    name = "[y](javascript:alert(1)) *x* <b>.csv"
    at = _upload(_import_page(), (name, UNKNOWN.encode()))
    # every markup sign written as a character reference, inside the bold of the file line
    shown = f"**{formats.plain(name)}**"
    assert "*x*" not in shown and "<b>" not in shown and "](" not in shown
    assert any(shown in m.value for m in at.markdown)
    assert any(f"**{name}**" in m for m in _texts(at.markdown))


def test_an_unreadable_file_shows_why_and_blocks_the_preview(app_env):
    at = _upload(_import_page(), ("empty.csv", b""))
    assert any(e.startswith("empty.csv:") for e in _texts(at.error))
    assert at.button(key="import_preview_button").disabled


def test_rejected_rows_are_listed_with_a_download(app_env):
    body = ("invoice_id,customer_id,doc_type,invoice_on,due_on,amount,currency\n"
            "I901,C1,invoice,2024-12-01,2024-12-31,100.00,USD\n"
            "I902,C1,invoice,2024-12-02,2025-01-01,=1+2,USD\n")
    at = _click(_upload(_import_page(), ("invoices.csv", body.encode())),
                "import_preview_button")
    rejects = _frame(at, "reason")
    assert rejects.loc[0, ["file_name", "line", "column_name", "value"]].tolist() == [
        "invoices.csv", 3, "amount", "=1+2"]
    assert {b.label for b in at.get("download_button")} >= {"Download CSV", "Download XLSX"}
    assert "Rejected rows: **1**" in " ".join(_texts(at.markdown))
    assert _frame(at, "layout").loc[0, "layout"] == "Canonical tables"


# --- the helpers behind the page -----------------------------------------------------------

def test_preview_rows_are_the_first_rows_of_this_load_as_stored(empty_con):
    report = loader.load(empty_con, [QBO], dry_run=True)
    assert set(report.preview) == {"customers", "invoices", "payments"}
    invoices = report.preview["invoices"]
    assert invoices.line.tolist() == sorted(invoices.line) and len(invoices) == 8
    assert invoices.set_index("invoice_id").loc["1052", "due_on"] == pd.Timestamp("2026-05-17")
    assert state.loads(empty_con).empty  # rolled back


def test_preview_keeps_twenty_rows_per_table(empty_con, tmp_path):
    rows = "\n".join(f"C{n},Customer {n}" for n in range(30))
    (tmp_path / "customers.csv").write_text("customer_id,name\n" + rows + "\n")
    report = loader.load(empty_con, [tmp_path / "customers.csv"], dry_run=True)
    assert len(report.preview["customers"]) == loader.PREVIEW_ROWS == 20
    # loading it again writes nothing, so nothing is shown as "to be stored"
    loader.load(empty_con, [tmp_path / "customers.csv"])
    again = loader.load(empty_con, [tmp_path / "customers.csv"], dry_run=True)
    assert again.preview["customers"].empty


def test_progress_is_reported_per_file_and_table(empty_con):
    seen: list[tuple[str, float]] = []
    loader.load(empty_con, [QBO], dry_run=True, progress=lambda m, d: seen.append((m, d)))
    assert seen[0] == ("Reading qbo_aging_detail.csv (1 of 1)", 0.0)
    # the customers an export derives are checked last: only those its loaded rows name
    assert [m for m, _ in seen[1:]] == [f"Checking qbo_aging_detail.csv: {t}"
                                        for t in ("invoices", "payments", "customers")]
    assert all(0 <= d < 1 for _, d in seen)


def test_file_options_apply_to_their_file_only(empty_con, tmp_path):
    from arlib.intake.frames import ImportOptions
    from arlib.intake.presets import Preset

    (tmp_path / "ambiguous.csv").write_text(AMBIGUOUS)
    mapping = Preset("ambiguous", "invoices", {"invoice_id": "Bill No",
                                               "customer_id": "Client Ref",
                                               "invoice_on": "Bill Date", "due_on": "Due Date",
                                               "amount": "Gross"},
                     AMBIGUOUS.splitlines()[0].split(","))
    report = loader.load(empty_con, [QBO, tmp_path / "ambiguous.csv"], presets=[mapping],
                         file_options={"ambiguous.csv": ImportOptions(date_order="mdy")},
                         dry_run=True)
    assert report.total("rejected") == 0
    invoices = report.preview["invoices"].set_index("invoice_id")
    assert invoices.loc["B-1", "invoice_on"] == pd.Timestamp("2026-03-04")
    assert invoices.loc["1041", "invoice_on"] == pd.Timestamp("2026-03-14")


def test_past_loads_name_files_only_newest_first(tmp_path):
    con = db.open_database(tmp_path / "x.duckdb")
    loader.load(con, [GOLDEN])
    loader.load(con, [QBO, LAYOUTS / "xero_invoices.csv"])
    loads = state.loads(con)
    con.close()
    assert loads.load_id.tolist() == [2, 1]
    assert loads.source.tolist() == ["qbo_aging_detail.csv, xero_invoices.csv", "q4_2024"]


def test_helper_texts():
    from ui import imports, load_report
    assert load_report.size_text(175) == "175 bytes"
    assert load_report.size_text(1157) == "1.1 KB"
    assert load_report.size_text(3 * 2**20) == "3.0 MB"
    assert imports._order_label("dmy", ["12/01/2026"]) == "Day first: 12/01/2026 is 12 January"
    assert imports._order_label("mdy", ["12/01/2026"]) == \
        "Month first: 12/01/2026 is 1 December"
    assert imports._order_label("mdy", []) == "Month first: 03/04 is 4 March"
    ties, text = load_report.tieout_summary(pd.DataFrame({"difference": ["0.00", "0.00"]}))
    assert ties and text.startswith("Ties out: all 2 totals")
    ties, text = load_report.tieout_summary(pd.DataFrame({"difference": ["0.00", "-5.00"]}))
    assert not ties and text.startswith("1 of 2 totals")


def test_the_upload_limit_equals_the_import_setting():
    from arlib.settings import Settings
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = 200" in config
    assert Settings.model_fields["import_max_mb"].default == 200


TITLED = ("Harbour Supplies Ltd\nCustomer Ageing Report\nAs at 31 March 2026\n"
          "-----------------------------\n"
          "Document No.,Party,Posting Date,Due Date,Outstanding Amount,CCY\n"
          "D-1,Acme Ltd,2026-03-02,2026-04-01,1200.00,GBP\n"
          "D-2,Bolt Inc,2026-03-15,2026-04-14,300.50,GBP\n")


def test_the_file_is_shown_as_read_with_its_header_row_as_a_picker(app_env):
    """Issue 15, point 1: the header below title lines is proposed (line 5) and can be
    changed; the mapping editor follows the header chosen."""
    at = _upload(_import_page(), ("ageing.csv", TITLED.encode()))
    picker = at.number_input(key=next(k for k in (n.key for n in at.number_input)
                                      if k.startswith("import_header_")))
    assert picker.value == 5
    shown = _frame(at, "line")
    assert shown["line"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert shown.loc[4, "A"] == "Document No."
    assert _frame(at, "samples").column.tolist() == ["Document No.", "Party", "Posting Date",
                                                     "Due Date", "Outstanding Amount", "CCY"]
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["invoice_id (required)"].value == "Document No."
    assert boxes["customer_id (required)"].value == "Party"
    assert boxes["amount (required)"].value == "Outstanding Amount"
    assert boxes["currency"].value == "CCY"
    picker.set_value(2)
    at = _run(at)
    assert _frame(at, "samples").column.tolist() == ["Customer Ageing Report"]
