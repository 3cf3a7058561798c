"""Property tests over generated books (tests/books.py): invariants of metrics.md §0-§4.

Each example writes a small valid book as canonical CSVs, loads it into an in-memory store
and checks, against reference computations in plain Python/pandas written from metrics.md
(not from arlib's SQL):

1. aging buckets + unapplied tie to the headline open AR (several as-of dates, both aging
   bases, both FX policies); past due is by due date, between 0 and the open invoices, and
   every figure of the headline equals the sum of its drill-down rows (any bucket edges);
2. cash attributed to reps + the unattributed row = all cash collected in the period, each
   payment to the rep §4 names; working days and contacts per rep;
3. promise statuses partition the promises made by D; allocations are sound (never more
   than the promise, a payment row's money once, same customer, in the window) and match an
   independent FIFO; the period's kept rates;
4. the time machine: events dated after D never change `report.build` as of D;
5. open AR per bucket recomputed with pandas, to the cent.

The tests at the end hold the properties that once found bugs in arlib (a report without
promises; countback and CEI compared over floats), each with its minimal book as an explicit
example.
"""

from __future__ import annotations

import tempfile
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, example, given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from arlib.figures import aging, customers, dso, overview, promises, reps
from arlib.figures.periods import month_ends
from arlib.outputs import report
from arlib.settings import Settings
from arlib.store import db, loader
from tests import books
from tests.books import BASE, HEADERS, cents, day, to_cents

NON_CASH = ("credit_note", "write_off", "discount")
COMBOS = [(basis, fx) for basis in ("due", "invoice") for fx in ("document", "as_of")]
EDGES = (0, 30, 60, 90, 120)
LABELS = ["current", "1-30", "31-60", "61-90", "91-120", "120+"]


def examples(n: int):
    return hsettings(max_examples=n, deadline=None, suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
        HealthCheck.data_too_large])


Book = dict[str, list[dict[str, str]]]


# The tables each figure reads (a load costs ~13 ms per file: load only what is read).
AGING_TABLES = ("customers", "reps", "invoices", "payments", "disputes", "fx_rates")
PROMISE_TABLES = ("customers", "reps", "invoices", "payments", "promises", "fx_rates")
REP_TABLES = (*PROMISE_TABLES, "contacts", "holidays", "rep_absences")


def load_into(con: duckdb.DuckDBPyConnection, book: Book) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = loader.load(con, [books.write_book(book, Path(tmp))])
    assert result.total("rejected") == 0, result.rejects.to_string()
    assert result.orphans.empty, result.orphans.to_string()


@contextmanager
def loaded(book: Book, tables: tuple[str, ...] | None = None
           ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh in-memory store holding the book (only `tables` when given)."""
    book = {t: rows for t, rows in book.items() if tables is None or t in tables}
    note(books.describe(book))
    con = db.open_database(":memory:")
    try:
        load_into(con, book)
        yield con
    finally:
        con.close()


def c(value: object) -> int:
    """A money figure of arlib (float or Decimal) in integer cents."""
    return round(Decimal(str(value)) * 100)


# --- reference computations from metrics.md, on the generated rows -------------------------

def complete(book: Book) -> Book:
    """Every canonical table, empty where the book has none."""
    return {t: book.get(t, []) for t in HEADERS}


class Ref:
    """The generated rows, typed, with the currency and FX rules of metrics.md §0."""

    def __init__(self, book: Book) -> None:
        self.book = book = complete(book)
        self.cust_currency = {r["customer_id"]: r["currency"] or BASE for r in book["customers"]}
        rates: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
        for r in book["fx_rates"]:
            rates[r["currency"]].append((date.fromisoformat(r["on"]), Decimal(r["rate_to_base"])))
        self.rates = {k: sorted(v) for k, v in rates.items()}

    def currency(self, row: dict[str, str]) -> str:
        return row["currency"] or self.cust_currency.get(row["customer_id"], BASE)

    def rate(self, currency: str, on: date) -> Decimal:
        if currency == BASE:
            return Decimal(1)
        found = self.rates.get(currency, [])
        i = bisect_right([d for d, _ in found], on)
        if i == 0:
            raise LookupError(f"no {currency} rate on or before {on}")
        return found[i - 1][1]

    def cash_rows(self, first_on: date, as_of: date) -> list[dict]:
        """Cash payment rows paid in [first_on, as_of], typed, in allocation order."""
        rows = [{**r, "paid_on": date.fromisoformat(r["paid_on"]), "cents": cents(r["amount"]),
                 "base": to_cents(Decimal(r["amount"]) * self.rate(
                     self.currency(r), date.fromisoformat(r["paid_on"])))}
                for r in self.book["payments"]
                if r["method"].lower() not in NON_CASH
                and first_on <= date.fromisoformat(r["paid_on"]) <= as_of]
        # metrics.md §3: paid_on, payment_id, invoice_id (unapplied rows after applied ones)
        return sorted(rows, key=lambda r: (r["paid_on"], r["payment_id"], r["invoice_id"] == "",
                                           r["invoice_id"]))


def expected_aging(book: Book, as_of: date, basis: str, fx_policy: str) -> dict[str, int]:
    """metrics.md §1 with plain pandas: buckets, unapplied, total, past due, disputed (cents)."""
    book = complete(book)
    ref = Ref(book)
    inv = pd.DataFrame(book["invoices"], columns=HEADERS["invoices"])
    pay = pd.DataFrame(book["payments"], columns=HEADERS["payments"])
    for frame, cols in ((inv, ["invoice_on", "due_on"]), (pay, ["paid_on"])):
        for col in cols:
            frame[col] = frame[col].map(date.fromisoformat)
    inv["amount"] = inv["amount"].map(Decimal)
    pay["amount"] = pay["amount"].map(Decimal)
    pay["method"] = pay["method"].str.lower()
    inv["currency"] = [ref.currency(r) for r in inv.to_dict("records")]
    pay["currency"] = [ref.currency(r) for r in pay.to_dict("records")]

    paid = pay[pay["paid_on"] <= as_of]
    applied = paid[paid["invoice_id"] != ""].groupby("invoice_id")["amount"].sum().to_dict()
    to_credit_notes = (paid[paid["method"] == "credit_note"].groupby("reference")["amount"]
                       .sum().to_dict())
    docs = inv[inv["invoice_on"] <= as_of].copy()
    docs["open"] = [a - applied.get(i, 0) + to_credit_notes.get(i, 0)
                    for i, a in zip(docs["invoice_id"], docs["amount"], strict=True)]
    docs = docs[docs["open"] != 0]
    cash = paid[paid["invoice_id"] == ""].copy()
    cash["open"] = -cash["amount"]
    cash["invoice_on"] = cash["due_on"] = cash["paid_on"]
    items = pd.concat([docs.assign(item=docs["invoice_id"]),
                       cash.assign(item=cash["payment_id"])], ignore_index=True)

    open_disputes = {r["invoice_id"] for r in book["disputes"] if r["invoice_id"]
                     and date.fromisoformat(r["opened_on"]) <= as_of
                     and (not r["resolved_on"] or date.fromisoformat(r["resolved_on"]) > as_of)}
    out = dict.fromkeys([*LABELS, "unapplied", "total", "past_due", "disputed", "not_due"], 0)
    for it in items.to_dict("records"):
        rate_on = as_of if fx_policy == "as_of" else it["invoice_on"]
        base = to_cents(it["open"] * ref.rate(it["currency"], rate_on))
        age = (as_of - (it["invoice_on"] if basis == "invoice" else it["due_on"])).days
        if it["open"] < 0:
            bucket = "unapplied"
        else:
            bucket = LABELS[sum(age > e for e in EDGES)]
            if it["item"] in open_disputes:
                out["disputed"] += base
        out[bucket] += base
        out["total"] += base
        if it["open"] > 0 and as_of > it["due_on"]:  # by due date, whatever the basis
            out["past_due"] += base
        elif it["open"] > 0:  # current AR of the DSO family: positive and not past due
            out["not_due"] += base
    return out


def expected_promises(book: Book, as_of: date, grace: int, tolerance: float) -> tuple[
        dict[str, tuple[str, int]], list[tuple[str, str, str, int]]]:
    """metrics.md §3 from the rows: (status, allocated cents) per promise made by the date,
    and the allocation pairs (promise, payment, invoice, cents) in allocation order."""
    book = complete(book)
    ref = Ref(book)
    made = [{**r, "made_on": date.fromisoformat(r["made_on"]),
             "due_on": date.fromisoformat(r["due_on"]), "cents": cents(r["amount"])}
            for r in book["promises"] if date.fromisoformat(r["made_on"]) <= as_of]
    superseded = {p["promise_id"] for p in made if any(
        n["customer_id"] == p["customer_id"] and n["invoice_id"] == p["invoice_id"]
        and p["made_on"] < n["made_on"] <= p["due_on"] for n in made)}
    rows = ref.cash_rows(date.min, as_of)
    left = {(r["payment_id"], r["invoice_id"]): r["cents"] for r in rows}
    got: dict[str, int] = defaultdict(int)
    pairs = []
    live = sorted((p for p in made if p["promise_id"] not in superseded),
                  key=lambda p: (p["due_on"], p["made_on"], p["promise_id"]))
    for p in live:
        for r in rows:
            key = (r["payment_id"], r["invoice_id"])
            if got[p["promise_id"]] >= p["cents"]:
                break
            if (r["customer_id"] != p["customer_id"] or left[key] <= 0
                    or not p["made_on"] <= r["paid_on"] <= p["due_on"] + timedelta(grace)
                    or (p["invoice_id"] and r["invoice_id"] != p["invoice_id"])):
                continue
            part = min(left[key], p["cents"] - got[p["promise_id"]])
            left[key] -= part
            got[p["promise_id"]] += part
            pairs.append((p["promise_id"], r["payment_id"], r["invoice_id"], part))
    status = {}
    for p in made:
        pid, taken = p["promise_id"], got[p["promise_id"]]
        if pid in superseded:
            status[pid] = ("superseded", 0)
        elif taken >= p["cents"] * (1 - Decimal(str(tolerance))):
            status[pid] = ("kept", taken)
        elif as_of <= p["due_on"] + timedelta(grace):
            status[pid] = ("pending", taken)
        else:
            status[pid] = ("partial" if taken > 0 else "broken", taken)
    return status, pairs


def expected_dso(book: Book, first_on: date, as_of: date, cfg: Settings) -> dict:
    """metrics.md §2 from the rows: DSO family as of D, its trend at month ends, CEI."""
    book = complete(book)
    ref, n = Ref(book), cfg.dso_window_days
    doc_base = [(date.fromisoformat(r["invoice_on"]), to_cents(Decimal(r["amount"]) * ref.rate(
        ref.currency(r), date.fromisoformat(r["invoice_on"])))) for r in book["invoices"]]

    def sales(a: date, b: date) -> int:
        return sum(v for on, v in doc_base if a <= on <= b)

    def ar(d: date) -> dict[str, int]:
        return expected_aging(book, d, cfg.aging_basis, cfg.fx_policy)

    def ratio(num: int, den: int, days: int) -> float | None:
        return num / den * days if den > 0 else None

    def countback(total: int, d: date) -> float:
        if total <= 0:
            return 0.0
        remaining, days, lo, hi = total, 0.0, d.replace(day=1), d
        for _ in range(120):
            s, span = sales(lo, hi), (hi - lo).days + 1
            if s > 0 and remaining <= s:
                return days + remaining / s * span
            days += span
            remaining -= max(s, 0)
            hi = lo - timedelta(days=1)
            lo = hi.replace(day=1)
        return days

    def family(d: date) -> dict:
        figures, window = ar(d), sales(d - timedelta(days=n - 1), d)
        period = ratio(figures["total"], window, n)
        best = ratio(figures["not_due"], window, n)
        return {"period": period, "countback": countback(figures["total"], d),
                "best_possible": best, "add": None if period is None else period - best}

    ends, d = [], first_on
    while (d := (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
           ) <= as_of:
        ends.append(d)
        d += timedelta(days=1)
    if not ends or ends[-1] != as_of:
        ends.append(as_of)
    opening, closing = ar(first_on - timedelta(days=1)), ar(as_of)
    collectible = opening["total"] + sales(first_on, as_of)
    cei = ((collectible - closing["total"]) / (collectible - closing["not_due"]) * 100
           if collectible - closing["not_due"] > 0 else None)
    return {"dso": family(as_of), "dso_trend": [{"month_end": e.isoformat(), **family(e)}
                                                 for e in ends], "cei": cei}


def close(got: dict | list | float | None, want: dict | list | float | None) -> bool:
    """Equal structures, numbers within the report's rounding (2 decimals)."""
    if isinstance(want, dict):
        return all(close(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return len(got) == len(want) and all(close(g, w) for g, w in zip(got, want, strict=True))
    if isinstance(want, float):
        return got is not None and abs(got - want) <= 0.005 + 1e-9 * abs(want)
    return got == want


# --- strategies -------------------------------------------------------------------------------

aging_settings = st.sampled_from(COMBOS)


@st.composite
def periods(draw, book: Book) -> tuple[date, date]:
    """(first_on, as_of) of a reporting period."""
    as_of = day(draw(books.as_of_days(book)))
    return as_of - timedelta(days=draw(st.integers(0, 120))), as_of


# --- 1. buckets tie to the total ----------------------------------------------------------

@pytest.mark.slow
@examples(20)
@given(book=books.books(), data=st.data())
def test_buckets_tie_to_the_total(book, data):
    dates = [day(d) for d in data.draw(st.lists(books.as_of_days(book), min_size=1,
                                                max_size=2, unique=True), label="as-of days")]
    with loaded(book, AGING_TABLES) as con:
        for basis, fx in COMBOS:
            cfg = Settings(aging_basis=basis, fx_policy=fx)
            history = aging.history(con, dates=dates, settings=cfg)
            assert list(history.as_of.unique()) == sorted(dates)
            for as_of in dates:
                head = overview.headline(con, as_of=as_of, settings=cfg)
                frame = history[history.as_of == as_of]
                assert list(frame.bucket) == [*cfg.bucket_labels(), "unapplied"]
                amt = dict(zip(frame.bucket, map(c, frame.open_amt), strict=True))
                where = f"as of {as_of}, {basis} basis, {fx} FX: {amt}"
                assert sum(amt.values()) == c(head.open_ar_amt), where
                assert amt["unapplied"] == c(head.unapplied_amt), where
                assert amt["unapplied"] <= 0, where
                assert all(amt[b] >= 0 for b in cfg.bucket_labels()), where
                assert sum(map(c, frame.disputed_amt)) == c(head.disputed_amt), where
                assert 0 <= c(head.disputed_amt) <= sum(amt.values()) - amt["unapplied"], where


@st.composite
def bucket_edges(draw) -> tuple[int, ...]:
    """Aging bucket edges: 0, then up to five increasing upper edges."""
    return (0, *sorted(draw(st.sets(st.integers(1, 400), max_size=5))))


@pytest.mark.slow
@examples(20)
@given(book=books.books(), data=st.data())
def test_past_due_is_by_due_date_and_every_figure_equals_its_rows(book, data):
    """For every basis, bucket set and as-of date: 0 <= past due <= open invoices, buckets
    and unapplied sum to open AR, and open, past due, disputed and unapplied each equal the
    sum of the rows a user drills to (customers of the aging page, then each customer's
    open items)."""
    dates = [day(d) for d in data.draw(st.lists(books.as_of_days(book), min_size=1,
                                                max_size=2, unique=True), label="as-of days")]
    edges = data.draw(bucket_edges(), label="bucket edges")
    with loaded(book, AGING_TABLES) as con:
        for basis, fx in COMBOS:
            cfg = Settings(aging_basis=basis, fx_policy=fx, aging_bucket_edges=edges)
            for as_of in dates:
                where = f"as of {as_of}, {basis} basis, {fx} FX, edges {edges}"
                head = overview.headline(con, as_of=as_of, settings=cfg)
                frame = aging.buckets(con, as_of=as_of, settings=cfg)
                amt = dict(zip(frame.bucket, map(c, frame.open_amt), strict=True))
                invoices = sum(amt[b] for b in cfg.bucket_labels())
                assert sum(amt.values()) == c(head.open_ar_amt), where
                assert 0 <= c(head.past_due_amt) <= invoices, where
                assert 0 <= c(head.disputed_amt) <= invoices, where
                assert amt["unapplied"] == c(head.unapplied_amt) <= 0, where
                # the drill-down: the aging page's customers, then each one's open items
                per_customer = aging.by_customer(con, as_of=as_of, settings=cfg)
                for figure, column in (("open_ar_amt", "total_amt"),
                                       ("past_due_amt", "past_due_amt"),
                                       ("disputed_amt", "disputed_amt"),
                                       ("unapplied_amt", "unapplied_amt")):
                    assert sum(map(c, per_customer[column])) == c(head[figure]), (where, figure)
                if per_customer.empty:
                    assert c(head.open_ar_amt) == 0, where
                    continue
                rows = pd.concat([customers.open_items(con, customer_id=cid, as_of=as_of,
                                                       settings=cfg).assign(customer_id=cid)
                                  for cid in per_customer.customer_id], ignore_index=True)
                if rows.empty:
                    assert c(head.open_ar_amt) == 0, where
                    continue
                past_due_rows = rows[rows.is_past_due.astype(bool)]
                assert sum(map(c, rows.open_amt)) == c(head.open_ar_amt), where
                assert sum(map(c, past_due_rows.open_amt)) == c(head.past_due_amt), where
                assert sum(map(c, rows[rows.is_disputed.astype(bool)].open_amt)) == \
                    c(head.disputed_amt), where
                # past due by due date: exactly the positive rows past their due date
                late = (rows.days_past_due > 0) & (rows.open_amt > 0)
                assert (rows.is_past_due.astype(bool) == late).all(), where
                for cid, own in rows.groupby("customer_id"):
                    line = per_customer.set_index("customer_id").loc[cid]
                    assert sum(map(c, own.open_amt)) == c(line.total_amt), (where, cid)
                    assert sum(map(c, own.open_amt[own.is_past_due.astype(bool)])) == \
                        c(line.past_due_amt), (where, cid)


# --- 5. open AR recomputed independently -----------------------------------------------------

@pytest.mark.slow
@examples(20)
@given(book=books.books(), data=st.data())
def test_open_ar_matches_an_independent_pandas_computation(book, data):
    dates = data.draw(st.lists(st.tuples(books.as_of_days(book), aging_settings), min_size=1,
                               max_size=3), label="(as-of day, (aging basis, FX policy))")
    with loaded(book, AGING_TABLES) as con:
        for d, (basis, fx) in dates:
            as_of, cfg = day(d), Settings(aging_basis=basis, fx_policy=fx)
            want = expected_aging(book, as_of, basis, fx)
            head = overview.headline(con, as_of=as_of, settings=cfg)
            frame = aging.buckets(con, as_of=as_of, settings=cfg)
            got = dict(zip(frame.bucket, map(c, frame.open_amt), strict=True))
            got |= {"total": c(head.open_ar_amt), "past_due": c(head.past_due_amt),
                    "disputed": c(head.disputed_amt)}
            want.pop("not_due")
            assert got == want, f"as of {as_of}, {basis} basis, {fx} FX"


# --- 2. attributed cash adds up to the cash collected ----------------------------------------

def expected_attribution(book: Book, first_on: date, as_of: date, cfg: Settings
                         ) -> tuple[dict[str, int], dict[str, int]]:
    """metrics.md §4 from the rows: base cents per cash payment of the period, and per rep
    (the promise that took most of the payment, ties to the one allocated first; else the
    latest contact within the window; else unattributed)."""
    book = complete(book)
    cash = Ref(book).cash_rows(first_on, as_of)
    per_payment: dict[str, int] = defaultdict(int)
    for r in cash:
        per_payment[r["payment_id"]] += r["base"]
    _, pairs = expected_promises(book, as_of, cfg.promise_grace_days, cfg.promise_tolerance)
    promise_rep = {p["promise_id"]: p["rep_id"] for p in book["promises"]}
    taken: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for seq, (pid, payment_id, _, part) in enumerate(pairs):
        taken[payment_id].setdefault(pid, [0, seq])[0] += part
    customer = {r["payment_id"]: r["customer_id"] for r in cash}
    paid_on = {r["payment_id"]: r["paid_on"] for r in cash}
    per_rep: dict[str, int] = defaultdict(int)
    for payment_id, amount in per_payment.items():
        if taken.get(payment_id):
            best = min(taken[payment_id].items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0]
            per_rep[promise_rep[best]] += amount
            continue
        lo = paid_on[payment_id] - timedelta(days=cfg.attribution_window_days)
        near = [k for k in book["contacts"] if k["customer_id"] == customer[payment_id]
                and lo <= date.fromisoformat(k["contact_at"][:10]) <= paid_on[payment_id]]
        latest = max(near, key=lambda k: (k["contact_at"], k["contact_id"]), default=None)
        per_rep[latest["rep_id"] if latest else reps.UNATTRIBUTED] += amount
    return dict(per_payment), {r: a for r, a in per_rep.items() if a}


@pytest.mark.slow
@examples(25)
@given(book=books.books(), data=st.data())
def test_attributed_plus_unattributed_is_all_cash_collected(book, data):
    first_on, as_of = data.draw(periods(book), label="period")
    cfg = Settings(
        attribution_window_days=data.draw(st.sampled_from([14, 0, 7, 30]), label="window"),
        promise_grace_days=data.draw(st.sampled_from([3, 0, 10]), label="grace days"))
    per_payment, per_rep = expected_attribution(book, first_on, as_of, cfg)
    with loaded(book, REP_TABLES) as con:
        card = reps.scorecard(con, first_on=first_on, as_of=as_of, settings=cfg)
    table = card.table
    assert table.rep_id.is_unique
    assert (table.rep_id == reps.UNATTRIBUTED).sum() == 1
    # the property: every cent of cash collected in the period is on exactly one row
    assert sum(map(c, table.attributed_amt)) == sum(per_payment.values())
    # each cash payment is attributed once, with the base amount of all its rows
    assert card.payments.payment_id.is_unique
    assert dict(zip(card.payments.payment_id, map(c, card.payments.amount_base),
                    strict=True)) == per_payment
    # and to the rep metrics.md §4 names
    got = {r: c(a) for r, a in zip(table.rep_id, table.attributed_amt, strict=True) if c(a)}
    assert got == per_rep

    # the scorecard lists every rep employed in the period (and any other rep with contacts
    # or cash in it), with contacts and working days as §4 counts them
    contacts = defaultdict(int)
    for k in book["contacts"]:
        if first_on <= date.fromisoformat(k["contact_at"][:10]) <= as_of:
            contacts[k["rep_id"]] += 1
    days = expected_working_days(book, first_on, as_of)
    scored = table[table.rep_id != reps.UNATTRIBUTED]
    assert set(scored.rep_id) == set(days) | set(contacts) | set(per_rep) - {reps.UNATTRIBUTED}
    for r in scored.itertuples(index=False):
        assert (r.working_days, r.count_contacts) == (days.get(r.rep_id, 0),
                                                      contacts[r.rep_id]), r.rep_id


def expected_working_days(book: Book, first_on: date, as_of: date) -> dict[str, int]:
    """Working days per rep employed at some point in [first_on, as_of] (metrics.md §4)."""
    book = complete(book)
    holidays = {date.fromisoformat(h["on"]) for h in book["holidays"]}
    out = {}
    for rep in book["reps"]:
        start = date.fromisoformat(rep["start_on"]) if rep["start_on"] else date.min
        end = date.fromisoformat(rep["end_on"]) if rep["end_on"] else date.max
        if start > as_of or end < first_on:
            continue
        away = [(date.fromisoformat(a["from_on"]), date.fromisoformat(a["to_on"]))
                for a in book["rep_absences"] if a["rep_id"] == rep["rep_id"]]
        span = ((as_of - first_on).days + 1)
        out[rep["rep_id"]] = sum(
            1 for d in (first_on + timedelta(days=i) for i in range(span))
            if d.weekday() < 5 and d not in holidays and start <= d <= end
            and not any(lo <= d <= hi for lo, hi in away))
    return out


# --- 3. promise statuses partition the promises --------------------------------------------

@pytest.mark.slow
@examples(30)
@given(book=books.books(), data=st.data())
def test_promise_statuses_partition_and_allocations_are_sound(book, data):
    as_of = day(data.draw(books.as_of_days(book), label="as-of day"))
    grace = data.draw(st.sampled_from([3, 0, 1, 10]), label="grace days")
    tolerance = data.draw(st.sampled_from([0.02, 0.0, 0.05]), label="tolerance")
    cfg = Settings(promise_grace_days=grace, promise_tolerance=tolerance)
    with loaded(book, PROMISE_TABLES) as con:
        result = promises.book(con, as_of=as_of, settings=cfg)
    frame, alloc = result.promises, result.allocations
    made = {p["promise_id"]: p for p in book["promises"]
            if date.fromisoformat(p["made_on"]) <= as_of}

    # exactly one status per promise made on or before D, and the counts add up
    assert frame.promise_id.is_unique
    assert set(frame.promise_id) == set(made)
    assert frame.status.isin(promises.STATUSES).all()
    if len(frame):
        counts = promises.kept_rates(frame).iloc[0]
        assert sum(int(counts[f"count_{s}"]) for s in promises.STATUSES) == len(made)
        for s in promises.STATUSES:
            assert int(counts[f"count_{s}"]) == (frame.status == s).sum()

    # allocated never exceeds the promise; superseded promises take nothing
    allocated = dict(zip(frame.promise_id, map(c, frame.allocated_amt), strict=True))
    for pid, p in made.items():
        assert 0 <= allocated[pid] <= cents(p["amount"]), pid
    assert all(allocated[p] == 0 for p in frame.promise_id[frame.status == "superseded"])

    # the pairs add up to each promise's allocation; a payment row's money is allocated once
    rows = {(r["payment_id"], r["invoice_id"]): r
            for r in Ref(book).cash_rows(date.min, as_of)}
    by_promise: dict[str, int] = defaultdict(int)
    by_row: dict[tuple[str, str], int] = defaultdict(int)
    got_pairs = []
    for a in alloc.itertuples(index=False):
        key = (a.payment_id, a.invoice_id if isinstance(a.invoice_id, str) else "")
        assert key in rows, f"{key} is not a cash row paid by {as_of}"
        row, p = rows[key], made[a.promise_id]
        assert c(a.allocated_amt) > 0
        by_promise[a.promise_id] += c(a.allocated_amt)
        by_row[key] += c(a.allocated_amt)
        got_pairs.append((a.promise_id, *key, c(a.allocated_amt)))
        # only the same customer's cash, in the window made_on <= paid_on <= due_on + grace
        assert row["customer_id"] == p["customer_id"], (a.promise_id, key)
        assert (date.fromisoformat(p["made_on"]) <= row["paid_on"]
                <= date.fromisoformat(p["due_on"]) + timedelta(days=grace)), (a.promise_id, key)
        assert not p["invoice_id"] or row["invoice_id"] == p["invoice_id"], (a.promise_id, key)
    assert {k: v for k, v in allocated.items() if v} == dict(by_promise)
    for key, total in by_row.items():
        assert total <= rows[key]["cents"], key

    # status and allocation agree with an independent reading of §3; the same pairs in the
    # same order within each customer (customers are allocated independently)
    want, pairs = expected_promises(book, as_of, grace, tolerance)
    assert {p: (s, allocated[p]) for p, s in zip(frame.promise_id, frame.status,
                                                 strict=True)} == want
    customer = {p: made[p]["customer_id"] for p in made}
    assert (sorted(got_pairs, key=lambda x: customer[x[0]])
            == sorted(pairs, key=lambda x: customer[x[0]]))

    # the period's promise list and its kept rates (§3.4-3.5), base amounts at made_on
    first_on = as_of - timedelta(days=data.draw(st.integers(0, 120), label="period days"))
    period = promises.in_period(frame, first_on=first_on, as_of=as_of)
    listed = {p for p in made if date.fromisoformat(made[p]["due_on"]) >= first_on}
    assert set(period.promise_id) == listed
    if listed:
        ref = Ref(book)
        rates = promises.kept_rates(period).iloc[0]
        for s in promises.STATUSES:
            assert int(rates[f"count_{s}"]) == sum(want[p][0] == s for p in listed), s
        rated = [p for p in listed if want[p][0] in promises.RATED]
        kept = sum(want[p][0] == "kept" for p in rated)
        rate = {p: ref.rate(ref.currency(made[p]), date.fromisoformat(made[p]["made_on"]))
                for p in rated}
        base = sum(to_cents(Decimal(made[p]["amount"]) * rate[p]) for p in rated)
        taken = sum(to_cents(Decimal(want[p][1]) / 100 * rate[p]) for p in rated)
        if rated:
            assert rates.kept_rate_pct == pytest.approx(kept / len(rated), abs=1e-12)
            assert rates.kept_amount_rate_pct == pytest.approx(taken / base, abs=1e-12)
        else:
            assert pd.isna(rates.kept_rate_pct) and pd.isna(rates.kept_amount_rate_pct)


# --- 4. the time machine ----------------------------------------------------------------------

@st.composite
def scenarios(draw) -> tuple[Book, Book, date, date, Settings]:
    """A book truncated at D, the same book with every later event (plus extra later events),
    the period [first_on, D] and settings."""
    book = draw(books.books())
    d = draw(books.as_of_days(book), label="as-of day")
    start = d - draw(st.integers(0, 120), label="period days")
    # report.build fails when the period has no promise at all (see
    # test_the_report_builds_on_every_book): one promise in the period keeps it building
    made = d - draw(st.integers(0, 10))
    book["promises"].append({
        **dict.fromkeys(HEADERS["promises"], ""), "promise_id": "PR0", "customer_id": "C1",
        "rep_id": "R1", "made_on": books.iso(made),
        "due_on": books.iso(max(made, start) + draw(st.integers(0, 15))), "amount": "100.00"})
    extra = draw(books.later_events(book, d), label="later events")
    basis, fx = draw(aging_settings, label="aging basis and FX policy")
    cfg = Settings(aging_basis=basis, fx_policy=fx,
                   promise_grace_days=draw(st.sampled_from([3, 0, 10])))
    as_of = day(d)
    return books.truncate(book, as_of), books.merge(book, extra), day(start), as_of, cfg


@pytest.mark.slow
@examples(15)
@given(scenario=scenarios())
def test_later_events_never_change_the_report_as_of_d(scenario):
    before, after, first_on, as_of, cfg = scenario
    note("later book:\n" + books.describe(after))
    with loaded(before) as con:
        then = report.build(con, as_of=as_of, first_on=first_on, settings=cfg)
        load_into(con, after)  # the later events arrive (upsert: earlier rows unchanged)
        now = report.build(con, as_of=as_of, first_on=first_on, settings=cfg)
    assert now == then

    # the report itself ties: buckets + unapplied = total, and every cent of period cash is
    # attributed to a rep or to the unattributed row
    ar = then["ar"]
    assert sum(map(c, ar["buckets"].values())) + c(ar["unapplied"]) == c(ar["total"])
    # past due by due date: between nothing and every open invoice, on either basis
    assert 0 <= c(ar["past_due"]) <= sum(map(c, ar["buckets"].values()))
    per_payment, _ = expected_attribution(before, first_on, as_of, cfg)
    assert (sum(c(r["attributed_collected"]) for r in then["reps"])
            + c(then["unattributed_collected"])) == sum(per_payment.values())
    # period DSO, best possible DSO and ADD, now and at each month end, agree with an
    # independent reading of §2
    want = expected_dso(before, first_on, as_of, cfg)
    for got, exp in zip([then["dso"], *then["dso_trend"]], [want["dso"], *want["dso_trend"]],
                        strict=True):
        assert close(got, exp), (got, exp)


# --- properties that once found bugs, with their minimal books -----------------------------

ONE_INVOICE_NO_PROMISE: Book = {
    "customers": [{**dict.fromkeys(HEADERS["customers"], ""), "customer_id": "C1",
                   "name": "One"}],
    "reps": [{**dict.fromkeys(HEADERS["reps"], ""), "rep_id": "R1", "name": "Rep One"}],
    "invoices": [{**dict.fromkeys(HEADERS["invoices"], ""), "invoice_id": "I1",
                  "customer_id": "C1", "invoice_on": "2024-07-01", "due_on": "2024-07-31",
                  "amount": "100.00"}],
}


@st.composite
def books_with_periods(draw) -> tuple[Book, date, date]:
    book = draw(books.books())
    return (book, *draw(periods(book), label="period"))


@pytest.mark.slow
@hsettings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.generate],
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(case=(ONE_INVOICE_NO_PROMISE, date(2024, 7, 1), date(2024, 7, 31)))
@given(case=books_with_periods())
def test_the_report_builds_on_every_book(case):
    """Every valid book gives a report for every period (the explicit minimal book first;
    no shrinking, so that the expected failure stays cheap)."""
    book, first_on, as_of = case
    with loaded(book) as con:
        result = report.build(con, as_of=as_of, first_on=first_on, settings=Settings())
    counts = result["promises"]
    listed = [p for p in book.get("promises", []) if date.fromisoformat(p["made_on"]) <= as_of
              and date.fromisoformat(p["due_on"]) >= first_on]
    assert sum(counts[s] for s in promises.STATUSES) == len(listed)


def _doc(iid: str, invoice_on: str, due_on: str, amount: str) -> dict[str, str]:
    return {**dict.fromkeys(HEADERS["invoices"], ""), "invoice_id": iid, "customer_id": "C1",
            "invoice_on": invoice_on, "due_on": due_on, "amount": amount}


# AR 1,024.13 on 2024-08-31 = August sales 24.13 + July sales 1,000.00: 31 + 31 days.
COUNTBACK_BOOK: Book = {
    "customers": ONE_INVOICE_NO_PROMISE["customers"],
    "invoices": [_doc("I1", "2024-07-15", "2024-08-14", "1000.00"),
                 _doc("I2", "2024-08-15", "2024-09-14", "24.13")],
}


@pytest.mark.slow
@hsettings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(case=(COUNTBACK_BOOK, date(2024, 7, 1), date(2024, 8, 31)))
@given(case=books_with_periods())
def test_countback_dso_matches_an_independent_computation(case):
    book, first_on, as_of = case
    cfg = Settings()
    want = expected_dso(book, first_on, as_of, cfg)["dso_trend"]
    with loaded(book, AGING_TABLES) as con:
        trend = dso.trend(con, dates=month_ends(first_on=first_on, last_on=as_of), settings=cfg)
    got = [{"month_end": r.as_of.isoformat(), "countback": r.countback_days}
           for r in trend.itertuples(index=False)]
    assert got == [{"month_end": w["month_end"], "countback": pytest.approx(w["countback"])}
                   for w in want]


# Nothing collectible but current AR: 1,000.00 open before the period, 128.11 sold in it,
# all still current at its end: (1000 + 128.11 - 1128.11) / (1000 + 128.11 - 1128.11).
CEI_BOOK: Book = {
    "customers": ONE_INVOICE_NO_PROMISE["customers"],
    "invoices": [_doc("I1", "2024-09-20", "2025-01-31", "1000.00"),
                 _doc("I2", "2024-10-15", "2025-01-31", "128.11")],
}


@pytest.mark.slow
@hsettings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(case=(CEI_BOOK, date(2024, 10, 1), date(2024, 12, 31)))
@given(case=books_with_periods())
def test_cei_matches_an_independent_computation(case):
    book, first_on, as_of = case
    cfg = Settings()
    want = expected_dso(book, first_on, as_of, cfg)["cei"]
    with loaded(book, AGING_TABLES) as con:
        got = dso.cei(con, first_on=first_on, last_on=as_of, settings=cfg)["cei_pct"]
    assert got == (None if want is None else pytest.approx(want))
