"""The sample generator: valid canonical CSVs, deterministic, consistent, and a believable story.

Every property is recomputed here with pandas from the written files (read as text), not
taken from the generator's internals.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from arlib.sample import generate
from tests.cells import HEADERS

END = date(2026, 9, 30)
REQUIRED = {
    "customers": ["customer_id", "name"], "reps": ["rep_id", "name"],
    "rep_absences": ["rep_id", "from_on", "to_on"], "holidays": ["on"],
    "invoices": ["invoice_id", "customer_id", "invoice_on", "due_on", "amount"],
    "payments": ["payment_id", "customer_id", "paid_on", "amount"],
    "contacts": ["contact_id", "customer_id", "rep_id", "contact_at", "channel"],
    "promises": ["promise_id", "customer_id", "rep_id", "made_on", "due_on", "amount"],
    "disputes": ["dispute_id", "customer_id", "opened_on"],
    "notes": ["note_id", "customer_id", "created_at", "text"],
    "people": ["customer_id", "name"], "fx_rates": ["currency", "on", "rate_to_base"],
}
KEYS = {"customers": ["customer_id"], "reps": ["rep_id"],
        "rep_absences": ["rep_id", "from_on", "to_on"], "holidays": ["on"],
        "invoices": ["invoice_id"], "payments": ["payment_id", "invoice_id"],
        "contacts": ["contact_id"], "promises": ["promise_id"], "disputes": ["dispute_id"],
        "notes": ["note_id"], "people": ["customer_id", "name"], "fx_rates": ["currency", "on"]}
DATES = {"customers": ["customer_since"], "reps": ["start_on", "end_on"],
         "rep_absences": ["from_on", "to_on"], "holidays": ["on"],
         "invoices": ["invoice_on", "due_on"], "payments": ["paid_on"],
         "promises": ["made_on", "due_on"], "disputes": ["opened_on", "resolved_on"],
         "people": ["verified_on"], "fx_rates": ["on"]}
STAMPS = {"contacts": ["contact_at"], "notes": ["created_at"]}
MONEY = {"customers": ["credit_limit"], "invoices": ["amount"], "payments": ["amount"],
         "promises": ["amount"], "disputes": ["amount"]}
CODES = {("contacts", "channel"): {"call", "email", "visit", "letter", "sms", "meeting", "other"},
         ("contacts", "direction"): {"inbound", "outbound"},
         ("contacts", "outcome"): {"reached", "left_message", "no_answer", "promise", "dispute",
                                   "paid", "refused", "bounced", "wrong_number",
                                   "other"},
         ("invoices", "doc_type"): {"invoice", "credit_note"},
         ("customers", "billing_method"): {"email", "portal", "edi", "mail"},
         ("customers", "account_type"): {"commercial", "consumer", "government", "other"},
         ("people", "is_primary"): {"true", "false"},
         ("payments", "method"): {"ach", "wire", "check", "card", "credit_note", "write_off",
                                  "discount"}}
# columns whose dates may lie after the book's end: terms and promised dates look ahead
FUTURE_OK = {("invoices", "due_on"), ("promises", "due_on")}
NON_CASH = {"credit_note", "write_off", "discount"}


def read_book(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table as raw text cells ('' = empty), exactly as written."""
    return {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False)
            for t in HEADERS}


def cents(s: pd.Series) -> pd.Series:
    """Money text to integer cents."""
    return (s.astype(float) * 100).round().astype("int64")


def assert_valid(book: dict[str, pd.DataFrame], end: date) -> None:
    """The importer's row rules (data-model.md): a generated book must break none of them."""
    for t, df in book.items():
        assert list(df.columns) == HEADERS[t], t
        for col in REQUIRED[t]:
            assert (df[col] != "").all(), f"{t}.{col} has empty required cells"
        assert not df.duplicated(KEYS[t]).any(), f"{t}: duplicate keys"
        for col in DATES.get(t, []):
            v = df[col][df[col] != ""]
            assert v.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), f"{t}.{col} format"
            pd.to_datetime(v, format="%Y-%m-%d")
            if (t, col) not in FUTURE_OK:
                assert (v <= end.isoformat()).all(), f"{t}.{col} after the end"
        for col in STAMPS.get(t, []):
            assert df[col].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").all(), f"{t}.{col}"
            assert (df[col].str[:10] <= end.isoformat()).all(), f"{t}.{col} after the end"
        for col in MONEY.get(t, []):
            v = df[col][df[col] != ""]
            assert v.str.fullmatch(r"-?\d+\.\d{2}").all(), f"{t}.{col} money format"
        if "currency" in df:
            assert df.currency[df.currency != ""].str.fullmatch(r"[A-Z]{3}").all(), t
    for (t, col), allowed in CODES.items():
        v = set(book[t][col]) - {""}
        assert v <= allowed, f"{t}.{col}: {v - allowed}"
    inv, pay, pr, dis = book["invoices"], book["payments"], book["promises"], book["disputes"]
    amt = cents(inv.amount)
    assert (amt[inv.doc_type == "invoice"] > 0).all() and (amt[inv.doc_type == "credit_note"]
                                                           < 0).all()
    assert (inv.due_on >= inv.invoice_on).all()
    assert (cents(pay.amount) > 0).all() and (cents(pr.amount) > 0).all()
    assert (pr.due_on >= pr.made_on).all()
    assert (cents(dis.amount[dis.amount != ""]) > 0).all()
    res = dis.resolved_on != ""
    assert (dis.resolved_on[res] >= dis.opened_on[res]).all()
    reps = book["reps"]
    ended = reps.end_on != ""
    assert (reps.end_on[ended] >= reps.start_on[ended]).all()
    ab = book["rep_absences"]
    assert (ab.to_on >= ab.from_on).all()
    cu = book["customers"]
    assert (cu.terms_days.astype(int) >= 0).all()
    assert (cents(cu.credit_limit[cu.credit_limit != ""]) >= 0).all()
    assert (book["fx_rates"].rate_to_base.astype(float) > 0).all()


def assert_references(book: dict[str, pd.DataFrame]) -> None:
    """Every referenced customer, rep, invoice and credit note exists."""
    customers, reps = set(book["customers"].customer_id), set(book["reps"].rep_id)
    invoices = set(book["invoices"].invoice_id)
    for t, df in book.items():
        if "customer_id" in df and t != "customers":
            assert set(df.customer_id) <= customers, t
        if "rep_id" in df:
            assert set(df.rep_id) - {""} <= reps, t
        if "invoice_id" in df and t != "invoices":
            assert set(df.invoice_id) - {""} <= invoices, t
    cn = book["payments"][book["payments"].method == "credit_note"]
    notes = book["invoices"][book["invoices"].doc_type == "credit_note"]
    assert set(cn.reference) <= set(notes.invoice_id)


def open_balances(book: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Open amount per document at the end: invoices less settlements, credit notes plus use."""
    inv = book["invoices"].assign(cents=lambda d: cents(d.amount))
    pay = book["payments"].assign(cents=lambda d: cents(d.amount))
    applied = pay[pay.invoice_id != ""].groupby("invoice_id").cents.sum()
    used = pay[pay.method == "credit_note"].groupby("reference").cents.sum()
    inv["settled"] = inv.invoice_id.map(applied).fillna(0).astype("int64")
    inv["used"] = inv.invoice_id.map(used).fillna(0).astype("int64")
    inv["open"] = np.where(inv.doc_type == "invoice", inv.cents - inv.settled, inv.cents + inv.used)
    return inv


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[dict[str, int], dict[str, pd.DataFrame]]:
    """A 40-customer, 6-month book."""
    out = tmp_path_factory.mktemp("small")
    counts = generate(out, customers=40, months=6, seed=7, end_on=END, reps=5)
    return counts, read_book(out)


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """A 200-customer, 12-month book for shares that need more accounts."""
    out = tmp_path_factory.mktemp("medium")
    generate(out, customers=200, months=12, seed=3, end_on=date(2025, 12, 31))
    return read_book(out)


def test_counts_match_files_and_all_tables_written(small):
    counts, book = small
    assert counts == {t: len(df) for t, df in book.items()}
    assert all(counts[t] > 0 for t in HEADERS)


def test_rows_break_no_import_rule(small, medium):
    assert_valid(small[1], END)
    assert_valid(medium, date(2025, 12, 31))


def test_references_exist(small, medium):
    assert_references(small[1])
    assert_references(medium)


def test_deterministic_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, customers=15, months=4, seed=11)
    generate(b, customers=15, months=4, seed=11)
    for t in HEADERS:
        assert (a / f"{t}.csv").read_bytes() == (b / f"{t}.csv").read_bytes(), t
    generate(b, customers=15, months=4, seed=12)
    assert (a / "invoices.csv").read_bytes() != (b / "invoices.csv").read_bytes()


def test_plain_csv_text(tmp_path):
    generate(tmp_path, customers=12, months=3, seed=5)
    raw = (tmp_path / "invoices.csv").read_bytes()
    assert b"\r" not in raw and raw.decode("utf-8").endswith("\n")
    assert re.match(r"I\d{6},C\d{4},invoice,", raw.decode().splitlines()[1])


def test_nothing_over_settled(small, medium):
    for book in (small[1], medium):
        inv = open_balances(book)
        assert (inv.open[inv.doc_type == "invoice"] >= 0).all()
        assert (inv.open[inv.doc_type == "credit_note"] <= 0).all()
        cn = book["payments"][book["payments"].method == "credit_note"]
        docs = book["invoices"].set_index("invoice_id")
        # a credit note is applied to an invoice of its own customer, on or after its date
        assert (cn.customer_id.to_numpy() == docs.customer_id[cn.reference].to_numpy()).all()
        assert (cn.paid_on.to_numpy() >= docs.invoice_on[cn.reference].to_numpy()).all()


def test_fx_rate_on_or_before_every_date(medium):
    fx = medium["fx_rates"]
    for t, col in [("invoices", "invoice_on"), ("payments", "paid_on"), ("promises", "made_on")]:
        df = medium[t][medium[t].currency != "USD"]
        for cur, part in df.groupby("currency"):
            assert part[col].min() >= fx.on[fx.currency == cur].min(), (t, cur)
    assert set(fx.currency) == {"CAD", "EUR"}
    cad = fx.rate_to_base[fx.currency == "CAD"].astype(float)
    eur = fx.rate_to_base[fx.currency == "EUR"].astype(float)
    assert cad.between(0.72, 0.76).all() and eur.between(1.05, 1.15).all()


def test_large_accounts_carry_the_sales(medium):
    inv = medium["invoices"]
    sales = cents(inv.amount).groupby(inv.customer_id).sum().sort_values(ascending=False)
    top = sales.iloc[: max(1, len(sales) // 20)].sum() / sales.sum()
    assert 0.3 <= top <= 0.65


def test_open_ar_is_plausible(medium):
    inv = open_balances(medium)
    sales_month = inv.cents[inv.doc_type == "invoice"].sum() / 12
    ar = inv.open.sum()
    assert 1.0 <= ar / sales_month <= 3.5
    old = inv[(inv.open > 0) & (inv.due_on < "2025-10-02")]
    assert old.open.sum() > 0.03 * ar  # some of it 90+ days past due


def test_settlement_mix(medium):
    pay = medium["payments"]
    assert {"ach", "wire", "check", "card", "credit_note", "write_off", "discount"} <= set(
        pay.method)
    assert (pay.invoice_id == "").sum() > 0  # unapplied cash
    assert pd.to_datetime(pay.paid_on).dt.day_of_week.lt(5).mean() > 0.95
    inv = medium["invoices"]
    notes = inv[inv.doc_type == "credit_note"]
    assert notes.reference.str.contains("Price correction|Damaged goods|Returned goods").any()
    assert pd.to_datetime(inv.invoice_on).dt.day_of_week.lt(5).all()
    multi = pay[pay.invoice_id != ""].groupby("payment_id").size()
    assert (multi > 1).any()  # one remittance covering several invoices
    assert set(medium["customers"].currency) == {"USD", "CAD", "EUR"}


def test_promises_come_from_promise_contacts(small, medium):
    for book in (small[1], medium):
        c = book["contacts"]
        c = c[c.outcome == "promise"].assign(made_on=lambda d: d.contact_at.str[:10])
        key = ["customer_id", "rep_id", "made_on"]
        pairs = c.groupby(key).size()
        need = book["promises"].groupby(key).size()
        assert (need <= pairs.reindex(need.index).fillna(0)).all()


def promise_status(book: dict[str, pd.DataFrame], end: date) -> pd.Series:
    """metrics.md §3 statuses at the end (FIFO allocation, grace 3 days, tolerance 2%)."""
    pr = book["promises"].assign(cents=lambda d: cents(d.amount)).sort_values(
        ["due_on", "made_on", "promise_id"])
    pay = book["payments"][~book["payments"].method.isin(NON_CASH)]
    pay = pay.assign(cents=lambda d: cents(d.amount)).sort_values(["paid_on", "payment_id",
                                                                   "invoice_id"])
    left = pay.cents.to_dict()
    by_cust = {k: list(v.index) for k, v in pay.groupby("customer_id")}
    status = {}
    for p in pr.itertuples():
        later = pr[(pr.customer_id == p.customer_id) & (pr.invoice_id == p.invoice_id)
                   & (pr.made_on > p.made_on) & (pr.made_on <= p.due_on)]
        if len(later):
            status[p.promise_id] = "superseded"
            continue
        grace = (pd.Timestamp(p.due_on) + pd.Timedelta(days=3)).date().isoformat()
        got = 0
        for i in by_cust.get(p.customer_id, []):
            row = pay.loc[i]
            if got >= p.cents or row.paid_on > grace:
                break
            if row.paid_on >= p.made_on and (not p.invoice_id or row.invoice_id == p.invoice_id):
                take = min(left[i], p.cents - got)
                left[i] -= take
                got += take
        if got >= p.cents * 0.98:
            status[p.promise_id] = "kept"
        elif end.isoformat() <= grace:
            status[p.promise_id] = "pending"
        else:
            status[p.promise_id] = "partial" if got else "broken"
    return pd.Series(status)


def test_promise_outcomes_mix(small):
    status = promise_status(small[1], END).value_counts(normalize=True)
    for s in ("kept", "broken", "partial", "superseded"):
        assert status.get(s, 0) > 0.02, (s, status.to_dict())
    assert status["kept"] > status["broken"]


def test_collections_story(small, medium):
    book = small[1]
    reps, cust = book["reps"], book["customers"]
    leaver = reps[reps.end_on != ""].rep_id
    assert len(leaver) == 1 and not cust.rep_id.isin(leaver).any()
    assert book["contacts"].rep_id.isin(leaver).any()
    joiner = reps.start_on.max()
    assert "2025-09-30" < joiner <= END.isoformat() and cust.rep_id.isin(
        reps.rep_id[reps.start_on == joiner]).any()
    contacts = medium["contacts"]
    assert contacts.channel.isin(["call", "email"]).mean() > 0.7
    assert (contacts.channel == "visit").any() and (contacts.outcome == "dispute").any()
    assert set(book["rep_absences"].reason) >= {"vacation", "sick"}
    dis = medium["disputes"]
    assert (dis.resolved_on == "").any() and (dis.resolved_on != "").any()
    assert set(dis.reason) <= {"pricing", "damaged", "missing_po", "quantity",
                               "duplicate_billing", "service"}


def test_customers_and_people(small):
    book = small[1]
    cust, people = book["customers"], book["people"]
    since = pd.to_datetime(cust.customer_since)
    assert (since > pd.Timestamp(END) - pd.Timedelta(days=90)).any()
    assert (since < pd.Timestamp(END) - pd.Timedelta(days=5 * 365)).any()
    assert cust.terms_days.value_counts().idxmax() == "30"
    per = people.groupby("customer_id")
    assert per.size().between(1, 3).all() and set(per.groups) == set(cust.customer_id)
    assert (per.is_primary.apply(lambda s: (s == "true").sum()) == 1).all()
    stale = (people.verified_on == "") | (people.verified_on < "2025-09-30")
    assert stale.any() and not stale.all()


def test_notes_keep_markup_literal(small):
    text = small[1]["notes"].text
    assert text.str.contains("<script>alert(1)</script>", regex=False).any()
    assert text.str.contains("<b>bold</b>", regex=False).any()
    assert text.str.contains("**urgent**", regex=False).any()


def test_holidays_each_year(medium):
    hol = medium["holidays"]
    days = pd.to_datetime(hol.on)
    assert days.dt.day_of_week.lt(5).all()
    assert set(days.dt.year) == {2025}  # the year the book covers
    assert (hol.name == "Thanksgiving Day").sum() == 1


def test_reps_work_only_when_employed_and_present(small, medium):
    for book in (small[1], medium):
        reps = book["reps"].set_index("rep_id")
        for t, col in [("contacts", "contact_at"), ("promises", "made_on")]:
            df = book[t].assign(on=lambda d, col=col: d[col].str[:10])
            assert (df.on >= reps.start_on[df.rep_id].to_numpy()).all(), t
            end_on = reps.end_on.replace("", "9999-12-31")[df.rep_id].to_numpy()
            assert (df.on <= end_on).all(), t
            ab = book["rep_absences"].merge(df, on="rep_id")
            assert not ((ab.on >= ab.from_on) & (ab.on <= ab.to_on)).any(), t
        since = book["customers"].set_index("customer_id").customer_since
        c = book["contacts"]
        assert (c.contact_at.str[:10] >= since[c.customer_id].to_numpy()).all()


def test_rejects_books_too_small_to_tell_the_story(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, customers=5)
    with pytest.raises(ValueError):
        generate(tmp_path, reps=2)
