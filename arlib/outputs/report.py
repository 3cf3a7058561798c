"""The metrics report as one JSON-ready dict (the shape of golden/expected.json) and as text."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import duckdb

from arlib.figures import aging, dso, overview, periods, promises, reps
from arlib.figures.scope import EVERYONE
from arlib.settings import Settings
from arlib.store.db import run_sql


def _num(value: Any, digits: int) -> float | None:
    """Round for the report; undefined (None/NaN) stays None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _dso(row: Any) -> dict[str, float | None]:
    return {"period": _num(row.period_days, 2), "countback": _num(row.countback_days, 2),
            "best_possible": _num(row.best_possible_days, 2), "add": _num(row.add_days, 2)}


def _rep(row: Any) -> dict[str, Any]:
    return {
        "rep_id": row.rep_id, "name": row.rep_name, "contacts": int(row.count_contacts),
        "reached": int(row.count_reached), "working_days": int(row.working_days),
        "contacts_per_day": _num(row.contacts_per_day, 4),
        "attributed_collected": _num(row.attributed_amt, 2),
        "dollars_per_contact": _num(row.per_contact_amt, 2),
        "portfolio_collected": _num(row.portfolio_amt, 2),
        "promise_kept_rate": _num(row.kept_rate_pct, 4),
        "promise_kept_rate_amount": _num(row.kept_amount_rate_pct, 4),
    }


def currency_totals(con: duckdb.DuckDBPyConnection, *, as_of: date,
                    settings: Settings) -> list[dict[str, Any]]:
    """One object per document currency as of the date: open, past due and unapplied in that
    currency (not converted), open items (`documents`) and customers holding one."""
    rows = run_sql(con, "figures/sql/overview/currency_totals.sql", as_of=as_of,
                   **aging.params(settings, EVERYONE))
    return [{"currency": r.currency, "open": _num(r.open_currency_amt, 2),
             "past_due": _num(r.past_due_currency_amt, 2),
             "unapplied": _num(r.unapplied_currency_amt, 2), "documents": int(r.count_items),
             "customers": int(r.count_customers)} for r in rows.itertuples(index=False)]


def build(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date,
          settings: Settings) -> dict[str, Any]:
    """Every figure of metrics.md §1-§4 as of the date for the period [first_on, as_of]."""
    card = reps.scorecard(con, first_on=first_on, as_of=as_of, settings=settings)
    # the scorecard's promise book (as of the date, every customer) gives the open promises
    head = overview.headline(con, as_of=as_of, settings=settings, book=card.book.promises)
    buckets = aging.buckets(con, as_of=as_of, settings=settings)
    trend = dso.trend(con, dates=periods.month_ends(first_on=first_on, last_on=as_of),
                      settings=settings)
    now = trend.iloc[-1] if trend.as_of.iloc[-1] == as_of else dso.family(
        con, as_of=as_of, settings=settings)
    rates = promises.kept_rates(card.promises).iloc[0]
    scored = card.table[card.table.rep_id != reps.UNATTRIBUTED]
    unattributed = card.table.loc[card.table.rep_id == reps.UNATTRIBUTED, "attributed_amt"]
    return {
        "as_of": as_of.isoformat(),
        "period_start": first_on.isoformat(),
        "base_currency": settings.base_currency,
        "settings": settings.model_dump(mode="json", exclude={"db_path", "sample_dir"}),
        "ar": {
            "customers_with_open_balance": int(head.count_customers_open),
            "total": _num(head.open_ar_amt, 2), "past_due": _num(head.past_due_amt, 2),
            "unapplied": _num(head.unapplied_amt, 2), "disputed": _num(head.disputed_amt, 2),
            "buckets": {b: _num(a, 2) for b, a in zip(buckets.bucket, buckets.open_amt,
                                                      strict=True) if b != "unapplied"},
            "by_currency": currency_totals(con, as_of=as_of, settings=settings),
        },
        "dso": {"window_days": settings.dso_window_days, **_dso(now)},
        "dso_trend": [{"month_end": r.as_of.isoformat(), **_dso(r)}
                      for r in trend.itertuples(index=False)],
        "cei": _num(dso.cei(con, first_on=first_on, last_on=as_of,
                            settings=settings)["cei_pct"], 2),
        "promises": {
            **{s: int(rates[f"count_{s}"]) for s in promises.STATUSES},
            "kept_rate": _num(rates.kept_rate_pct, 4),
            "kept_rate_amount": _num(rates.kept_amount_rate_pct, 4),
        },
        "reps": [_rep(r) for r in scored.itertuples(index=False)],
        "unattributed_collected": _num(unattributed.sum(), 2),
    }


def _fmt(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:,.2f}{unit}"


def text(report: dict[str, Any]) -> str:
    """A readable summary of the report for the terminal."""
    ar, d, p, cur = report["ar"], report["dso"], report["promises"], report["base_currency"]
    lines = [
        f"AR report as of {report['as_of']} (period from {report['period_start']}), {cur}",
        "",
        f"Open AR {_fmt(ar['total'])}  past due {_fmt(ar['past_due'])}  "
        f"unapplied {_fmt(ar['unapplied'])}  disputed {_fmt(ar['disputed'])}",
        "Aging: " + "  ".join(f"{b} {_fmt(v)}" for b, v in ar["buckets"].items()),
        f"Customers with an open balance: {ar['customers_with_open_balance']}",
        *(f"In {c['currency']}: open {_fmt(c['open'])}  past due {_fmt(c['past_due'])}  "
          f"unapplied {_fmt(c['unapplied'])}  ({c['documents']} open items, "
          f"{c['customers']} customers)" for c in ar["by_currency"]),
        f"DSO ({d['window_days']}-day window): period {_fmt(d['period'], ' d')}  countback "
        f"{_fmt(d['countback'], ' d')}  best possible {_fmt(d['best_possible'], ' d')}  "
        f"ADD {_fmt(d['add'], ' d')}",
        "DSO trend: " + "  ".join(f"{t['month_end']} {_fmt(t['countback'], ' d')}"
                                  for t in report["dso_trend"]),
        f"CEI {_fmt(report['cei'], '%')}",
        f"Promises: kept {p['kept']}, partial {p['partial']}, broken {p['broken']}, pending "
        f"{p['pending']}, superseded {p['superseded']}; kept rate "
        f"{_fmt(None if p['kept_rate'] is None else p['kept_rate'] * 100, '%')} by count, "
        f"{_fmt(None if p['kept_rate_amount'] is None else p['kept_rate_amount'] * 100, '%')}"
        " by amount",
        "",
        f"{'rep':<8}{'contacts':>9}{'days':>6}{'per day':>9}{'attributed':>14}{'per contact':>13}"
        f"{'portfolio':>14}{'kept':>7}",
    ]
    for r in report["reps"]:
        kept = "n/a" if r["promise_kept_rate"] is None else f"{r['promise_kept_rate']:.0%}"
        per_day = "n/a" if r["contacts_per_day"] is None else f"{r['contacts_per_day']:.2f}"
        lines.append(f"{r['rep_id']:<8}{r['contacts']:>9}{r['working_days']:>6}{per_day:>9}"
                     f"{_fmt(r['attributed_collected']):>14}"
                     f"{_fmt(r['dollars_per_contact']):>13}"
                     f"{_fmt(r['portfolio_collected']):>14}{kept:>7}")
    lines.append(f"{'unattributed':<32}{_fmt(report['unattributed_collected']):>14}")
    return "\n".join(lines)
