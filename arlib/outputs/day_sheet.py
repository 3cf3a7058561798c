"""My day as a printable HTML page: the calls in order with reason, person, phone and time."""

from __future__ import annotations

from datetime import date

from arlib import written
from arlib.figures.day import Day
from arlib.outputs.documents import _e, _page, _table


def day_html(day: Day, *, as_of: date, rep: str, currency: str) -> str:
    """The rep's day on one printable page (escaped text, exact amounts in `currency`)."""
    lines = day.lines.assign(call=[
        "; ".join(p for p in (written.text(n), written.text(ph), written.text(t)) if p)
        for n, ph, t in zip(day.lines.person, day.lines.phone, day.lines.best_time,
                            strict=True)])
    body = (f"<h1>My day: {_e(rep)}</h1>"
            f'<p class="muted">{as_of:%A} {_e(as_of)}: {len(lines)} call'
            f"{'' if len(lines) == 1 else 's'} in order. Tick each one off.</p>"
            + _table(lines, {"position": "#", "customer_name": "Customer",
                             "reasons": "Why", "past_due_amt": "Past due",
                             "call": "Who, phone, best time", "details": "Details"},
                     currency=currency, money={"past_due_amt"}, empty="Nobody to call.")
            + "<h2>Cooling off: do not call</h2>"
            + _table(day.cooling.assign(lifts=[f"{t:%Y-%m-%d %H:%M}"
                                                for t in day.cooling.lifts_at]),
                     {"customer_name": "Customer", "lifts": "Lifts at",
                                   "source": "Because of", "said": "What was said"},
                     currency=currency, empty="Nobody is cooling off."))
    return _page(f"My day {rep} {as_of}", body)
