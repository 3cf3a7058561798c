"""Hypothesis strategies building small but varied valid canonical books (data-model.md).

A book is a dict of table name -> rows (dicts of CSV text cells). Every date lies within
about six months from `START`; amounts are built in integer cents so that no settlement ever
exceeds the open amount of the document it settles (nor of the credit note it uses).

`books()` draws: 1-4 USD customers (currency given or left to the base) and one CAD customer
with a CAD rate dated before everything (and maybe later rates); 1-3 reps with optional start
and end dates and absences; holidays; invoices and credit notes; cash payments spread over
several invoices of a customer with or without an unapplied part, and pure unapplied cash;
write-offs, discounts and credit-note applications; promises with and without an invoice,
near payments or not, some rescheduled before their deadline; contacts of every channel near
payments (some on the same timestamp); disputes open or resolved.

`truncate()` gives the store as it stood on a day D (later events left out, a later
resolution or end date not known yet); `later_events()` adds more events after D: a new
customer in EUR with no rate before D, a later CAD rate, a rep who starts later.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import strategies as st

from tests.cells import HEADERS

START = date(2024, 7, 1)
SPAN = 184  # days: 2024-07-01 .. 2024-12-31
BASE = "USD"


# The column holding each table's event date (None: master data, kept whole at any D).
EVENT_DATE = {"invoices": "invoice_on", "payments": "paid_on", "contacts": "contact_at",
              "promises": "made_on", "disputes": "opened_on", "fx_rates": "on",
              "holidays": "on", "rep_absences": "from_on"}
# Dates a store could not know yet on D: blank in the store of D, filled in by a later load.
LATER_FACTS = {"disputes": "resolved_on", "reps": "end_on"}

CASH_METHODS = ["ach", "wire", "check", "card", "", "ACH", "Wire"]
CHANNELS = ["call", "email", "visit", "letter", "sms", "meeting", "other"]
OUTCOMES = ["reached", "left_message", "no_answer", "promise", "dispute", "paid", "refused",
            "other", ""]


def day(n: int) -> date:
    return START + timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def cents(text: str) -> int:
    return int(Decimal(text) * 100)


def to_cents(value: Decimal) -> int:
    """Round a base amount to the cent, half away from zero (docs/metrics.md §0, Rounding)."""
    return int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


@dataclass
class Builder:
    """Mutable state while drawing one book: rows per table and what is still open."""

    tables: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {name: [] for name in HEADERS})
    remaining: dict[str, int] = field(default_factory=dict)  # abs open cents per document
    doc_day: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def add(self, table: str, **cells: object) -> dict[str, str]:
        row = {h: "" for h in HEADERS[table]}
        row.update({k: "" if v is None else str(v) for k, v in cells.items()})
        self.tables[table].append(row)
        return row

    def docs(self, customer: str, kind: str, on_or_before: int, open_only: bool = True
             ) -> list[str]:
        """Ids of the customer's documents of a kind (invoice, credit_note) dated by then."""
        return sorted(r["invoice_id"] for r in self.tables["invoices"]
                      if r["customer_id"] == customer
                      and (r["doc_type"].lower() or "invoice") == kind
                      and self.doc_day[r["invoice_id"]] <= on_or_before
                      and (self.remaining[r["invoice_id"]] > 0 or not open_only))


def _amount(draw, remaining: int) -> int:
    """A settlement amount in cents: the whole open amount or a part of it."""
    return draw(st.one_of(st.just(remaining), st.integers(1, remaining)))


def _draw_invoice(draw, b: Builder, cust: dict[str, str], first: int, last: int,
                  credit_note: bool = False) -> str:
    inv_on = draw(st.integers(first, last))
    terms = draw(st.sampled_from([0, 10, 30, 45, 60]))
    amount = draw(st.integers(100, 2_000_000))
    iid = b.next_id("CN" if credit_note else "I")
    currency = draw(st.sampled_from(["", cust["currency"]]))
    b.add("invoices", invoice_id=iid, customer_id=cust["customer_id"],
          doc_type=draw(st.sampled_from(["credit_note", "Credit_Note"])) if credit_note else
          draw(st.sampled_from(["invoice", ""])),
          invoice_on=iso(inv_on), due_on=iso(inv_on if credit_note else inv_on + terms),
          amount=money(-amount if credit_note else amount), currency=currency,
          reference=f"PO-{b.counter}")
    b.remaining[iid] = amount
    b.doc_day[iid] = inv_on
    return iid


def _draw_settlements(draw, b: Builder, cust: dict[str, str], first: int, last: int,
                      lots: int) -> list[tuple[str, int, int]]:
    """Cash lots (one payment_id over several invoices, maybe with an unapplied part) and
    non-cash settlements (write-off, discount, credit-note application) for one customer.
    Returns (payment_id, day, cents) of each cash row."""
    cid, cash_rows = cust["customer_id"], []
    cur = lambda: draw(st.sampled_from(["", cust["currency"]]))  # noqa: E731
    for _ in range(lots):
        paid = draw(st.integers(first, last))
        pid = b.next_id("P")
        method = draw(st.sampled_from(CASH_METHODS))
        open_docs = b.docs(cid, "invoice", paid)
        chosen = draw(st.lists(st.sampled_from(open_docs), unique=True, max_size=3)
                      if open_docs else st.just([]))
        for iid in chosen:
            amt = _amount(draw, b.remaining[iid])
            b.remaining[iid] -= amt
            b.add("payments", payment_id=pid, customer_id=cid, invoice_id=iid, paid_on=iso(paid),
                  amount=money(amt), currency=cur(), method=method, reference=f"REF-{pid}")
            cash_rows.append((pid, paid, amt))
        if not chosen or draw(st.booleans()):
            amt = draw(st.integers(1, 500_000))
            b.add("payments", payment_id=pid, customer_id=cid, invoice_id="", paid_on=iso(paid),
                  amount=money(amt), currency=cur(), method=method)
            cash_rows.append((pid, paid, amt))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["write_off", "discount", "credit_note", "Write_Off"]))
        paid = draw(st.integers(first, last))
        docs = b.docs(cid, "invoice", paid)
        if not docs:
            continue
        iid = draw(st.sampled_from(docs))
        reference, limit = f"ADJ-{b.counter}", b.remaining[iid]
        if kind == "credit_note":
            notes = b.docs(cid, "credit_note", paid)
            if not notes:
                continue
            reference = draw(st.sampled_from(notes))
            limit = min(limit, b.remaining[reference])
        amt = _amount(draw, limit)
        b.remaining[iid] -= amt
        if kind == "credit_note":
            b.remaining[reference] -= amt
        b.add("payments", payment_id=b.next_id("S"), customer_id=cid, invoice_id=iid,
              paid_on=iso(paid), amount=money(amt), currency=cur(), method=kind,
              reference=reference)
    return cash_rows


def _draw_promises(draw, b: Builder, cust: dict[str, str], reps: list[str],
                   cash_rows: list[tuple[str, int, int]], first: int, last: int) -> None:
    cid = cust["customer_id"]
    for _ in range(draw(st.integers(0, 3))):
        if cash_rows and draw(st.booleans()):
            # near a payment, often for (about) its amount: kept, partial, within tolerance
            _, paid, amt = draw(st.sampled_from(cash_rows))
            made = max(first, paid - draw(st.integers(0, 10)))
            due = max(made, paid + draw(st.integers(-5, 10)))
            # the amount paid, a bit more or less, and paid / 0.98 rounded down and up (the
            # two sides of the default 2 % tolerance)
            amount = max(1, draw(st.sampled_from([
                amt, amt * 101 // 100, amt * 103 // 100, amt // 2, amt * 2,
                amt * 100 // 98, -(-amt * 100 // 98), amt // 98 * 100])))
        else:
            made = draw(st.integers(first, last))
            due = made + draw(st.integers(0, 21))
            amount = draw(st.integers(100, 500_000))
        invoice = draw(st.sampled_from(["", *b.docs(cid, "invoice", made, open_only=False)]))
        chain = draw(st.integers(1, 3))  # 2 or 3: rescheduled (or simply renewed) promises
        for _ in range(chain):
            b.add("promises", promise_id=b.next_id("PR"), customer_id=cid,
                  rep_id=draw(st.sampled_from(reps)), invoice_id=invoice, made_on=iso(made),
                  due_on=iso(due), amount=money(amount),
                  currency=draw(st.sampled_from(["", cust["currency"]])))
            # the next one: a reschedule on or before this due date, or made after it
            made = draw(st.integers(made + 1, due + 1)) if due >= made else made + 1
            due = made + draw(st.integers(0, 21))
            amount = draw(st.sampled_from([amount, max(1, amount // 2)]))


def _draw_contacts(draw, b: Builder, cust: dict[str, str], reps: list[str],
                   cash_rows: list[tuple[str, int, int]], first: int, last: int) -> None:
    days = [paid - draw(st.integers(0, 20)) for _, paid, _ in cash_rows if draw(st.booleans())]
    days += draw(st.lists(st.integers(first, last), max_size=3))
    stamps: list[str] = []
    for d in days:
        if stamps and draw(st.integers(0, 4)) == 0:
            at = draw(st.sampled_from(stamps))  # the same timestamp: the greatest id wins
        else:
            hour, minute = draw(st.integers(7, 18)), draw(st.integers(0, 59))
            at = f"{iso(max(d, first))} {hour:02d}:{minute:02d}"
        stamps.append(at)
        b.add("contacts", contact_id=b.next_id("K"), customer_id=cust["customer_id"],
              rep_id=draw(st.sampled_from(reps)), contact_at=at,
              channel=draw(st.sampled_from(CHANNELS)),
              direction=draw(st.sampled_from(["inbound", "outbound", ""])),
              outcome=draw(st.sampled_from(OUTCOMES)))


def _draw_disputes(draw, b: Builder, cust: dict[str, str], first: int, last: int) -> None:
    cid = cust["customer_id"]
    docs = b.docs(cid, "invoice", last, open_only=False)
    for _ in range(draw(st.integers(0, 2))):
        invoice = draw(st.sampled_from(["", *docs]))
        opened = draw(st.integers(max(first, b.doc_day.get(invoice, first)), last))
        resolved = draw(st.one_of(st.none(), st.integers(opened, opened + 60)))
        b.add("disputes", dispute_id=b.next_id("D"), customer_id=cid, invoice_id=invoice,
              opened_on=iso(opened), resolved_on="" if resolved is None else iso(resolved),
              amount=money(draw(st.integers(100, 100_000))), reason="pricing")


def draw_customer_events(draw, b: Builder, cust: dict[str, str], reps: list[str],
                         first: int, last: int) -> None:
    """Documents, settlements, promises, contacts and disputes of one customer."""
    for _ in range(draw(st.integers(0, 4))):
        _draw_invoice(draw, b, cust, first, last)
    for _ in range(draw(st.integers(0, 2))):
        _draw_invoice(draw, b, cust, first, last, credit_note=True)
    cash_rows = _draw_settlements(draw, b, cust, first, last, draw(st.integers(0, 4)))
    _draw_promises(draw, b, cust, reps, cash_rows, first, last)
    _draw_contacts(draw, b, cust, reps, cash_rows, first, last)
    _draw_disputes(draw, b, cust, first, last)


@st.composite
def books(draw) -> dict[str, list[dict[str, str]]]:
    """A valid book: 1-4 USD customers and one CAD customer, 1-3 reps, events in ~6 months."""
    b = Builder()
    reps = []
    for i in range(draw(st.integers(1, 3))):
        start = draw(st.one_of(st.none(), st.integers(-400, 120)))
        lowest_end = -30 if start is None else max(start, -30)
        end = draw(st.one_of(st.none(), st.integers(lowest_end, 250)))
        rid = f"R{i + 1}"
        reps.append(rid)
        b.add("reps", rep_id=rid, name=f"Rep {i + 1}", team="East",
              start_on="" if start is None else iso(start),
              end_on="" if end is None else iso(end))
        spans = st.tuples(st.integers(-10, SPAN), st.integers(0, 10))
        for frm, length in draw(st.lists(spans, unique=True, max_size=2)):
            b.add("rep_absences", rep_id=rid, from_on=iso(frm), to_on=iso(frm + length),
                  reason="vacation")
    for d in draw(st.lists(st.integers(0, SPAN), unique=True, max_size=3)):
        b.add("holidays", on=iso(d), name="Holiday")
    b.add("fx_rates", currency="CAD", on=iso(-30),
          rate_to_base=draw(st.sampled_from(["0.75", "0.7312", "0.6889", "1.3333"])))
    for d in draw(st.lists(st.integers(0, SPAN), unique=True, max_size=3)):
        b.add("fx_rates", currency="CAD", on=iso(d),
              rate_to_base=f"0.{draw(st.integers(6000, 8000))}")
    customers = []
    n_usd = draw(st.integers(1, 4))
    for i in range(n_usd + 1):
        cad = i == n_usd
        cid = "CA1" if cad else f"C{i + 1}"
        customers.append(b.add(
            "customers", customer_id=cid, name=f"Customer {cid}",
            rep_id=draw(st.sampled_from(["", *reps])),
            currency="CAD" if cad else draw(st.sampled_from(["USD", ""])),
            terms_days="30"))
    for cust in customers:
        cust = {**cust, "currency": cust["currency"] or BASE}
        draw_customer_events(draw, b, cust, reps, 0, SPAN - 1)
    return b.tables


def event_day(table: str, row: dict[str, str]) -> date | None:
    col = EVENT_DATE.get(table)
    return None if col is None else date.fromisoformat(row[col][:10])


def truncate(book: dict[str, list[dict[str, str]]], as_of: date) -> dict[str, list[dict]]:
    """The book as a store would have held it on `as_of`: events dated after it left out,
    and a resolution or a rep's end date after it not known yet (a later load fills them)."""
    out = {}
    for table, rows in book.items():
        kept = [r for r in rows if (event_day(table, r) or as_of) <= as_of]
        col = LATER_FACTS.get(table)
        if col:
            kept = [{**r, col: ""} if r[col] and date.fromisoformat(r[col]) > as_of else r
                    for r in kept]
        out[table] = kept
    return out


def event_days(book: dict[str, list[dict[str, str]]]) -> list[int]:
    return sorted({(event_day(t, r) - START).days for t, rows in book.items() for r in rows
                   if event_day(t, r) is not None})


def boundary_days(book: dict[str, list[dict[str, str]]]) -> list[int]:
    """Days where a figure changes: a promise's deadline (due + 3 grace days) and the day
    after, an invoice's bucket edges (due + 0, 30, 60, 90, 120) and the day after."""
    ends = [(date.fromisoformat(p["due_on"]) - START).days + 3 for p in book["promises"]]
    ends += [(date.fromisoformat(i["due_on"]) - START).days + e for i in book["invoices"]
             for e in (0, 30, 60, 90, 120)]
    return sorted({d + k for d in ends for k in (0, 1)})


@st.composite
def as_of_days(draw, book: dict[str, list[dict[str, str]]]) -> int:
    """An as-of day: anywhere in (and around) the window, often exactly on an event day or
    on a boundary day."""
    return draw(st.one_of(st.integers(-5, SPAN + 10), st.sampled_from(event_days(book) or [0]),
                          st.sampled_from(boundary_days(book) or [0])))


@st.composite
def later_events(draw, book: dict[str, list[dict[str, str]]], d: int) -> dict[str, list]:
    """Extra rows all dated after day d: a new EUR customer (its only rate after d, or none
    at all), a CAD rate, a new invoice with payment and promise, a rep starting later."""
    b = Builder()
    for rows in book.values():  # keep ids unique and remaining amounts known
        b.counter += len(rows)
    b.counter += 1000
    reps = [r["rep_id"] for r in book["reps"]]
    first, last = d + 1, d + 60
    taken = {(r["currency"], r["on"]) for r in book["fx_rates"]}
    cad_on = iso(first + draw(st.integers(0, 30)))
    if ("CAD", cad_on) not in taken and draw(st.booleans()):
        b.add("fx_rates", currency="CAD", on=cad_on,
              rate_to_base=f"0.{draw(st.integers(6000, 8000))}")
    eur = b.add("customers", customer_id="EU1", name="Euro GmbH",
                rep_id=draw(st.sampled_from(["", *reps])), currency="EUR", terms_days="30")
    if draw(st.booleans()):
        b.add("fx_rates", currency="EUR", on=iso(first + draw(st.integers(0, 5))),
              rate_to_base="1.0850")
    draw_customer_events(draw, b, eur, reps, first, last)
    cust = draw(st.sampled_from(book["customers"]))
    draw_customer_events(draw, b, {**cust, "currency": cust["currency"] or BASE}, reps,
                         first, last)
    if draw(st.booleans()):
        b.add("reps", rep_id="R9", name="Newcomer", start_on=iso(first + draw(st.integers(0, 9))))
        holiday = iso(first + draw(st.integers(0, 30)))
        if holiday not in {r["on"] for r in book["holidays"]}:
            b.add("holidays", on=holiday, name="Later holiday")
    return {t: rows for t, rows in b.tables.items() if rows}


def merge(*parts: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {name: [] for name in HEADERS}
    for part in parts:
        for table, rows in part.items():
            out[table].extend(rows)
    return out


def write_book(book: dict[str, list[dict[str, str]]], folder: Path) -> Path:
    """Write the non-empty tables as canonical CSVs named <table>.csv into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in book.items():
        if not rows:
            continue
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, HEADERS[table])
            writer.writeheader()
            writer.writerows(rows)
    return folder


def describe(book: dict[str, list[dict[str, str]]]) -> str:
    """The book as CSV text, table by table (for failure reports)."""
    parts = []
    for table, rows in book.items():
        if rows:
            cols = [h for h in HEADERS[table] if any(r[h] for r in rows)]
            parts.append(f"# {table}.csv\n" + ",".join(cols) + "\n"
                         + "\n".join(",".join(r[c] for c in cols) for r in rows))
    return "\n".join(parts)
