"""The CFO pack (issue 22, points 3 and 4): the golden book's pack holds the figures of
`report --json` and of expected.json, its XLSX sheets hold them, its PDF has a page per
section stamped with as-of, load and settings, and "what changed since the last pack" is
computed by hand on two packs."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from pypdf import PdfReader

from arlib.__main__ import main
from arlib.outputs import pack, report
from arlib.settings import Settings
from arlib.store import db
from tests.conftest import GOLDEN, build_store

AS_OF, FIRST_ON = date(2024, 12, 31), date(2024, 10, 1)
BEFORE = date(2024, 11, 30)  # the previous pack's as-of date
SETTINGS = Settings()


@pytest.fixture(scope="module")
def written(golden_con, tmp_path_factory):
    """Two packs of the golden book in one folder: as of 2024-11-30, then 2024-12-31."""
    out = tmp_path_factory.mktemp("outbox")
    first = pack.write_pack(golden_con, as_of=BEFORE, first_on=FIRST_ON, settings=SETTINGS,
                            out_dir=out)
    second = pack.write_pack(golden_con, as_of=AS_OF, first_on=FIRST_ON, settings=SETTINGS,
                             out_dir=out)
    return out, first, second


@pytest.fixture(scope="module")
def figures(golden_con, written):
    out, _, _ = written
    return pack.build(golden_con, as_of=AS_OF, first_on=FIRST_ON, settings=SETTINGS,
                      last=pack.previous(out, as_of=AS_OF))


@pytest.fixture(scope="module")
def reported(golden_con):
    """What `python -m arlib report --json` prints for the golden book (through JSON)."""
    return json.loads(json.dumps(report.build(golden_con, as_of=AS_OF, first_on=FIRST_ON,
                                              settings=SETTINGS)))


def _tiles(figures: pack.Pack) -> dict[str, float]:
    return dict(zip(figures.tiles.figure, figures.tiles.value, strict=True))


def test_files_are_dated_and_complete(written):
    out, first, second = written
    assert [p.name for p in second] == ["ar-pack-2024-12-31.pdf", "ar-pack-2024-12-31.xlsx",
                                        "ar-pack-2024-12-31.json"]
    assert [p.name for p in first] == ["ar-pack-2024-11-30.pdf", "ar-pack-2024-11-30.xlsx",
                                       "ar-pack-2024-11-30.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in first + second)


def test_tiles_equal_the_report(figures, reported, golden_expected):
    t, ar, d, p = _tiles(figures), reported["ar"], reported["dso"], reported["promises"]
    assert t["open_ar_amt"] == ar["total"] == golden_expected["ar"]["total"] == 28000.0
    assert t["past_due_amt"] == ar["past_due"] == golden_expected["ar"]["past_due"] == 21000.0
    assert t["unapplied_amt"] == ar["unapplied"] == golden_expected["ar"]["unapplied"]
    assert t["disputed_amt"] == ar["disputed"] == golden_expected["ar"]["disputed"] == 4000.0
    assert t["count_customers_open"] == ar["customers_with_open_balance"] == 4
    for tile, key in [("countback_days", "countback"), ("period_days", "period"),
                      ("best_possible_days", "best_possible"), ("add_days", "add")]:
        assert round(t[tile], 2) == d[key] == golden_expected["dso"][key]
    assert round(t["cei_pct"], 2) == reported["cei"] == golden_expected["cei"] == 59.96
    assert round(t["kept_rate_pct"], 4) == p["kept_rate"] == golden_expected["promises"][
        "kept_rate"]
    assert round(t["kept_amount_rate_pct"], 4) == p["kept_rate_amount"]
    # the open promise: PR6, USD 2,500 due 2025-01-05, nothing paid yet
    assert t["count_open_promises"] == p["pending"] == 1
    assert t["open_promises_due_amt"] == 2500.0
    # the countback DSO at the last month end: 2024-11-30 in the report's trend
    month = {r["month_end"]: r for r in reported["dso_trend"]}
    assert round(t["countback_last_month_days"], 2) == month["2024-11-30"]["countback"]


def test_trend_and_aging_equal_the_report(figures, reported, golden_expected):
    trend = {r.as_of.isoformat(): r for r in figures.trend.itertuples(index=False)}
    assert list(trend)[-1] == "2024-12-31" and len(trend) == 6  # data from July 2024
    for row in reported["dso_trend"]:
        mine = trend[row["month_end"]]
        assert round(mine.countback_days, 2) == row["countback"]
        assert round(mine.period_days, 2) == row["period"]
    for row in golden_expected["dso_trend"]:
        assert round(trend[row["month_end"]].countback_days, 2) == row["countback"]
    buckets = figures.buckets.set_index("bucket")
    for bucket, amount in reported["ar"]["buckets"].items():
        assert buckets.open_amt[bucket] == amount == golden_expected["ar"]["buckets"][bucket]
    # disputes apart: I201's 4,000 in 120+, nothing else disputed
    assert buckets.disputed_amt.to_dict() == {b: (4000.0 if b == "120+" else 0.0)
                                              for b in buckets.index}
    assert buckets.not_disputed_amt["120+"] == 0.0
    assert buckets.open_amt.sum() == reported["ar"]["total"]


def test_past_due_customers_promises_and_forecast_by_hand(figures, reported):
    # past due on 2024-12-31 (due basis): C1 I102 3,000 + I103 8,000; C3 I302 CAD 8,000 at
    # 0.75; C2 I201 4,000 (disputed)
    top = figures.top.set_index("customer_id")
    assert top.past_due_amt.to_dict() == {"C1": 11000.0, "C3": 6000.0, "C2": 4000.0}
    assert top.past_due_amt.sum() == reported["ar"]["past_due"]
    assert figures.due.promise_id.tolist() == ["PR6"]
    assert figures.broken.promise_id.tolist() == ["PR5", "PR2", "PR3"]
    assert figures.broken.status.tolist() == ["partial", "broken", "broken"]
    weeks = figures.forecast
    assert weeks.week.tolist() == list(range(1, 15))
    # every open invoice's balance lands in one week or after: the open AR less unapplied
    assert round(weeks.all_lines_amt.sum(), 2) == reported["ar"]["total"] - reported["ar"][
        "unapplied"] == 29500.0
    assert weeks.disputed_amt.sum() == 4000.0


def test_what_changed_since_the_last_pack_by_hand(figures, written):
    _, first, _ = written
    last = json.loads(first[2].read_text())
    # on 2024-11-30: C3 I301 CAD 20,000 at 0.75 = 15,000; C1 I102 5,000 - 2,000 paid + I104
    # 1,200 = 4,200; C2 I201 4,000. Open: 37,200 (C1 12,200, C2 4,000, C3 21,000)
    assert last["past_due"] == {"C3": 15000.0, "C1": 4200.0, "C2": 4000.0}
    assert last["top"] == ["C3", "C1", "C2"]
    assert last["tiles"]["open_ar_amt"] == 37200.0
    assert figures.last_as_of == BEFORE
    top = figures.top.set_index("customer_id")
    assert top.last_pack_past_due_amt.to_dict() == {"C1": 4200.0, "C3": 15000.0, "C2": 4000.0}
    assert top.change_amt.to_dict() == {"C1": 6800.0, "C3": -9000.0, "C2": 0.0}
    assert top.last_pack_rank.tolist() == [2, 1, 3]
    assert figures.left_top.empty
    tiles = figures.tiles.set_index("figure")
    assert tiles.loc["open_ar_amt", "last_pack_value"] == 37200.0
    assert tiles.loc["open_ar_amt", "change"] == -9200.0
    assert tiles.loc["past_due_amt", "change"] == 21000.0 - 23200.0


def test_a_customer_that_left_the_list(golden_con, written):
    _, first, _ = written
    last = json.loads(first[2].read_text())
    last["top"] = ["C3"]  # a pack listing only the largest: C3
    shown = pack.build(golden_con, as_of=AS_OF, first_on=FIRST_ON, settings=SETTINGS,
                       last=last)
    assert shown.top.last_pack_rank.isna().tolist() == [True, False, True]  # C1, C3, C2
    assert shown.left_top.empty  # C3 is still in the list of 10
    last["top"] = ["C9"]  # a customer with nothing past due now
    last["names"] = {"C9": "Gone Ltd"}
    last["past_due"]["C9"] = 700.0
    shown = pack.build(golden_con, as_of=AS_OF, first_on=FIRST_ON, settings=SETTINGS,
                       last=last)
    assert shown.left_top.to_dict("records") == [
        {"customer_id": "C9", "customer_name": "Gone Ltd", "last_pack_past_due_amt": 700.0,
         "past_due_amt": 0.0}]


def test_the_first_pack_has_nothing_to_compare(golden_con):
    shown = pack.build(golden_con, as_of=BEFORE, first_on=FIRST_ON, settings=SETTINGS)
    assert shown.last_as_of is None and shown.left_top.empty
    assert shown.top.last_pack_past_due_amt.isna().all()
    assert shown.tiles.last_pack_value.isna().all()


def test_xlsx_sheets_hold_the_figures(written, reported):
    _, _, second = written
    book = pd.read_excel(second[1], sheet_name=None, engine="openpyxl")
    assert list(book) == ["About", "Tiles", "DSO trend", "Aging", "Past due customers",
                          "Left the list", "Promises due", "Promises broken", "Forecast"]
    about = dict(zip(book["About"]["item"], book["About"]["value"].astype(str), strict=True))
    assert about["as of"] == "2024-12-31" and about["period from"] == "2024-10-01"
    assert about["base currency"] == "USD" and about["data load id"] == "1"
    tiles = book["Tiles"].set_index("figure").value
    assert tiles["open_ar_amt"] == reported["ar"]["total"]
    assert tiles["past_due_amt"] == reported["ar"]["past_due"]
    assert round(tiles["cei_pct"], 2) == reported["cei"]
    aging = book["Aging"].set_index("bucket").open_amt
    assert {b: aging[b] for b in reported["ar"]["buckets"]} == reported["ar"]["buckets"]
    top = book["Past due customers"].set_index("customer_id")
    assert top.change_amt.to_dict() == {"C1": 6800.0, "C3": -9000.0, "C2": 0.0}
    assert book["Promises due"].promise_id.tolist() == ["PR6"]
    assert book["Forecast"].all_lines_amt.sum() == pytest.approx(29500.0, abs=0.005)


def test_pdf_pages_and_text(written):
    _, first, second = written
    reader = PdfReader(io.BytesIO(second[0].read_bytes()))
    assert len(reader.pages) == 6
    pages = [p.extract_text() for p in reader.pages]
    titles = ["Cash-flow health", "DSO trend", "Aging, disputes apart",
              "Largest past-due customers", "Promises due and broken",
              "Cash-in forecast, 13 weeks"]
    for number, (text, title) in enumerate(zip(pages, titles, strict=True), start=1):
        assert title in text
        assert f"Page {number} of 6" in text
        assert "As of 2024-12-31, period from 2024-10-01. Data load 1" in text
        assert "Amounts in USD" in text and "DSO window 90 days" in text
    assert "USD 28,000.00" in pages[0] and "USD 37,200.00" in pages[0]  # now, last pack
    assert "-9,200.00" in pages[0]
    assert "Acme Tools (C1)" in pages[3] and "+6,800.00" in pages[3] and "was #2" in pages[3]
    assert "Delta Foods (C4)" in pages[4] and "CAD 20,000.00" in pages[4]
    assert "25,500.00" in pages[5]  # cash expected in the 13 weeks
    first_text = PdfReader(io.BytesIO(first[0].read_bytes())).pages[0].extract_text()
    assert "No earlier pack in the folder" in first_text
    assert "Last pack" not in first_text and "Change" not in first_text  # no empty columns


def test_nothing_useful_exits_non_zero(tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"
    db.open_database(empty).close()
    out = tmp_path / "out"
    assert main(["pack", "--db", str(empty), "--as-of", "2024-12-31", "--out", str(out)]) == 1
    assert "holds no data" in capsys.readouterr().err
    assert main(["pack", str(GOLDEN), "--as-of", "2024-06-30", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--as-of 2024-06-30: outside the data" in err and "No pack was written" in err
    assert main(["pack", str(GOLDEN), "--as-of", "2024-12-31", "--from", "2025-01-01",
                 "--out", str(out)]) == 1
    assert "--from 2025-01-01: after --as-of" in capsys.readouterr().err
    assert main(["pack", "--db", str(tmp_path / "none.duckdb"), "--as-of", "2024-12-31"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not out.exists()


def test_command_writes_the_pack(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["pack", str(GOLDEN), "--as-of", "2024-12-31", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "period from 2024-10-01" in printed  # the quarter, as on the Overview
    assert sorted(p.name for p in out.iterdir()) == [
        "ar-pack-2024-12-31.json", "ar-pack-2024-12-31.pdf", "ar-pack-2024-12-31.xlsx"]


def test_a_missing_fx_rate_or_an_unreadable_last_pack_is_named(tmp_path, capsys):
    book = tmp_path / "book"
    shutil.copytree(GOLDEN, book)
    rates = (book / "fx_rates.csv").read_text().splitlines()
    (book / "fx_rates.csv").write_text("\n".join(r for r in rates if "CAD" not in r) + "\n")
    out = tmp_path / "out"
    assert main(["pack", str(book), "--as-of", "2024-12-31", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "CAD" in err and "No pack was written" in err
    assert not out.exists()
    out.mkdir()
    (out / "ar-pack-2024-11-30.json").write_text("{not json")
    assert main(["pack", str(GOLDEN), "--as-of", "2024-12-31", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "ar-pack-2024-11-30.json cannot be read" in err and "move the file" in err
    assert [p.name for p in out.iterdir()] == ["ar-pack-2024-11-30.json"]


def test_a_name_the_font_cannot_print_shows_question_marks(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(GOLDEN, book)
    customers = (book / "customers.csv").read_text()
    (book / "customers.csv").write_text(customers.replace("C1,Acme Tools,", "C1,Łódź 株式会社,"))
    out = tmp_path / "out"
    assert main(["pack", str(book), "--as-of", "2024-12-31", "--out", str(out)]) == 0
    pages = PdfReader(out / "ar-pack-2024-12-31.pdf").pages
    if "Łódź" in pages[3].extract_text():  # a Unicode font (DejaVu Sans) is installed
        assert "Łódź ???? (C1)" in pages[3].extract_text()
    else:  # the core font: Latin-1 only
        assert "?ód? ???? (C1)" in pages[3].extract_text()


def test_a_database_file_and_one_held_by_the_app(tmp_path, capsys):
    path, out = tmp_path / "ar.duckdb", tmp_path / "out"
    build_store(path, GOLDEN)
    assert main(["pack", "--db", str(path), "--as-of", "2024-12-31", "--from", "2024-10-01",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    pages = PdfReader(out / "ar-pack-2024-12-31.pdf").pages
    assert "USD 28,000.00" in pages[0].extract_text()
    # another process holding the file, as the running app does
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               "c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "time.sleep(120)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["pack", "--db", str(path), "--as-of", "2024-12-31",
                     "--out", str(tmp_path / "other")]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert f"the database {path} is in use by another program (process {holder.pid})" in err
    assert "stop the app and run the pack again. No pack was written." in err
    assert not (tmp_path / "other").exists()
