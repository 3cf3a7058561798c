"""The CFO pack (metrics.md §13): the Overview tiles, DSO trend, aging with disputes apart,
largest past-due customers with what changed since the last pack, promises due and broken,
and the 13-week forecast, as of a date; written as a dated PDF, XLSX and JSON to a folder.

Every figure comes from the function the app and `report` use; nothing is computed here but
the differences with the previous pack, read from the JSON written beside it."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from arlib import written
from arlib.figures import aging, dso, overview, periods, promises
from arlib.figures.forecast import weekly
from arlib.outputs import export
from arlib.outputs.pack_contents import BROKEN_DAYS, DUE_DAYS, Pack
from arlib.settings import Settings
from arlib.store import fx, state

PREFIX = "ar-pack-"
TOP = 10  # largest past-due customers listed
TREND_MONTHS = 12  # month ends of the DSO trend
FORECAST_METHOD = "lateness"  # the back-test that picks the best method takes minutes

# the tiles as the Overview shows them: field of overview.tiles -> (label, unit)
TILES = {
    "open_ar_amt": ("Open AR", "money"),
    "past_due_amt": ("Past due", "money"),
    "disputed_amt": ("In dispute", "money"),
    "unapplied_amt": ("Unapplied credits and cash", "money"),
    "count_customers_open": ("Customers with an open balance", "count"),
    "count_open_promises": ("Open promises", "count"),
    "open_promises_due_amt": ("Open promises, still to come", "money"),
    "countback_days": ("DSO (countback)", "days"),
    "countback_last_month_days": ("DSO (countback) at the last month end", "days"),
    "period_days": ("DSO (period)", "days"),
    "best_possible_days": ("Best possible DSO", "days"),
    "add_days": ("Average days delinquent (ADD)", "days"),
    "cei_pct": ("Collection effectiveness index (CEI)", "percent"),
    "kept_rate_pct": ("Promise kept rate (count)", "share"),
    "kept_amount_rate_pct": ("Promise kept rate (amount)", "share"),
}


class PackError(ValueError):
    """The pack cannot be made (empty store, a date outside the data, a missing FX rate):
    the message says which and what to do."""


def file_stem(*, as_of: date) -> str:
    """The pack's file name without suffix: 'ar-pack-2024-12-31'."""
    return f"{PREFIX}{as_of:%Y-%m-%d}"


def previous(out_dir: Path, *, as_of: date) -> dict[str, Any] | None:
    """The figures of the latest pack in the folder dated before `as_of` (its JSON), or None;
    PackError naming the file when it cannot be read."""
    dated = []
    for path in Path(out_dir).glob(f"{PREFIX}*.json"):
        try:
            on = date.fromisoformat(path.stem.removeprefix(PREFIX))
        except ValueError:
            continue  # another file with the prefix
        if on < as_of:
            dated.append((on, path))
    if not dated:
        return None
    path = max(dated)[1]
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
        date.fromisoformat(last["as_of"])
        return last
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackError(f"the last pack's figures in {path} cannot be read ({exc}): move the "
                        "file out of the folder and run again (the changes are then against "
                        "the pack before it)") from exc


def check(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date,
          settings: Settings) -> None:
    """PackError when the store is empty, the as-of date falls before its first day or more
    than ten years after its last (the app's bound), the period starts after the as-of date,
    or an FX rate the figures need is missing."""
    first_data, last_data = state.date_range(con)
    if last_data is None:
        raise PackError("the database holds no data: import some first "
                        "(python -m arlib import FILES)")
    # the app's own bound: the first day with data to ten years after the last one
    latest = periods.years_on(10, on=last_data) or date.max
    if not first_data <= as_of <= latest:
        raise PackError(f"--as-of {as_of}: outside the data, which runs from {first_data} to "
                        f"{last_data}; give a date from {first_data} to {latest}")
    if first_on > as_of:
        raise PackError(f"--from {first_on}: after --as-of {as_of}; give the period's first day")
    missing = fx.missing_rates(con, settings=settings, as_of=as_of)
    if not missing.empty:
        raise PackError(fx.message(missing, base_currency=settings.base_currency))


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    return float(value)


def _stamp(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date,
           settings: Settings) -> dict[str, str]:
    """What the pack was made from: dates, the latest load, the settings behind the figures."""
    status = state.status(con, settings)
    edges = ", ".join(str(e) for e in settings.aging_bucket_edges)
    return {
        "as of": as_of.isoformat(), "period from": first_on.isoformat(),
        "data load id": str(status.load_id),
        "data loaded at": written.moment(status.loaded_at),
        "made at (UTC)": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
        "base currency": settings.base_currency,
        "fx policy": ("each document's own date" if settings.fx_policy == "document"
                      else "the as-of date"),
        "aging basis": f"{settings.aging_basis} date, bucket edges {edges} days",
        "dso window": f"{settings.dso_window_days} days",
        "promise grace and tolerance": (f"{settings.promise_grace_days} days, "
                                        f"{settings.promise_tolerance:.0%}"),
        "forecast method": weekly.METHODS[FORECAST_METHOD],
    }


def _tiles(head: pd.Series, last: dict[str, Any] | None) -> pd.DataFrame:
    """One row per tile: its value now and in the last pack, and the change."""
    before = (last or {}).get("tiles", {})
    rows = []
    for field, (label, unit) in TILES.items():
        now, then = _number(head[field]), _number(before.get(field))
        change = None if now is None or then is None else now - then
        rows.append({"figure": field, "label": label, "unit": unit, "value": now,
                     "last_pack_value": then, "change": change})
    return pd.DataFrame(rows)


def _changes(top: pd.DataFrame, every: pd.DataFrame, last: dict[str, Any] | None
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The top customers with their past due in the last pack (0 when they had none then,
    blank without a last pack) and the change; and the last pack's top customers that are
    no longer in the list, with their past due now."""
    shown = top[["customer_id", "customer_name", "rep_id", "past_due_amt", "total_amt",
                 "disputed_amt"]].copy()
    empty = pd.DataFrame(columns=["customer_id", "customer_name", "last_pack_past_due_amt",
                                  "past_due_amt"])
    if last is None:
        shown["last_pack_past_due_amt"] = float("nan")
        shown["change_amt"] = float("nan")
        shown["last_pack_rank"] = pd.array([pd.NA] * len(shown), dtype="Int64")
        return shown, empty
    then = last.get("past_due", {})
    ranks = {c: i + 1 for i, c in enumerate(last.get("top", []))}
    shown["last_pack_past_due_amt"] = [float(then.get(c, 0.0)) for c in shown.customer_id]
    shown["change_amt"] = (shown.past_due_amt - shown.last_pack_past_due_amt).round(2)
    shown["last_pack_rank"] = pd.array([ranks.get(c) for c in shown.customer_id],
                                       dtype="Int64")
    now = every.set_index("customer_id").past_due_amt
    names = last.get("names", {})
    gone = [c for c in last.get("top", []) if c not in set(shown.customer_id)]
    left = pd.DataFrame({
        "customer_id": gone,
        "customer_name": [names.get(c, c) for c in gone],
        "last_pack_past_due_amt": [float(then.get(c, 0.0)) for c in gone],
        "past_due_amt": [float(now.get(c, 0.0)) for c in gone]})
    return shown, left if gone else empty


def build(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date, settings: Settings,
          last: dict[str, Any] | None = None) -> Pack:
    """The pack's figures as of the date for the period, compared with `last` (the previous
    pack's JSON, see `previous`) when given. PackError when it cannot be made (`check`)."""
    check(con, as_of=as_of, first_on=first_on, settings=settings)
    book = promises.book(con, as_of=as_of, settings=settings)
    head = overview.tiles(con, as_of=as_of, first_on=first_on, settings=settings, book=book)
    first_data, _ = state.date_range(con)
    trend = dso.trend(con, dates=periods.trailing_month_ends(TREND_MONTHS, as_of=as_of,
                                                             since=first_data),
                      settings=settings)
    buckets = aging.buckets(con, as_of=as_of, settings=settings)
    buckets = buckets.assign(not_disputed_amt=(buckets.open_amt - buckets.disputed_amt).round(2))
    every = overview.top_past_due(con, as_of=as_of, settings=settings, count=None)
    top, left = _changes(every.head(TOP), every, last)
    listing = promises.with_payments(book)
    due = promises.due_soon(listing, as_of=as_of, days=DUE_DAYS)
    broken = promises.recently_broken(listing, as_of=as_of,
                                      grace_days=settings.promise_grace_days, days=BROKEN_DAYS)
    placed = weekly.forecast(con, as_of=as_of, settings=settings, method=FORECAST_METHOD)
    return Pack(
        as_of=as_of, first_on=first_on, currency=settings.base_currency,
        stamp=_stamp(con, as_of=as_of, first_on=first_on, settings=settings),
        tiles=_tiles(head, last), trend=trend, buckets=buckets, top=top, left_top=left,
        due=due, broken=broken, forecast=weekly.weekly(placed, as_of=as_of),
        past_due={str(c): round(float(a), 2) for c, a in zip(every.customer_id,
                                                            every.past_due_amt, strict=True)},
        last_as_of=date.fromisoformat(last["as_of"]) if last else None)


def to_json(pack: Pack) -> dict[str, Any]:
    """What the next pack compares with: the tiles, every customer's past due, the top list."""
    return {
        "as_of": pack.as_of.isoformat(), "period_start": pack.first_on.isoformat(),
        "base_currency": pack.currency, "stamp": pack.stamp,
        "tiles": {r.figure: None if r.value is None or pd.isna(r.value) else round(r.value, 6)
                  for r in pack.tiles.itertuples(index=False)},
        "top": pack.top.customer_id.tolist(),
        "names": dict(zip(pack.top.customer_id, pack.top.customer_name.fillna(""),
                          strict=True)),
        "past_due": pack.past_due,
    }


PROMISE_COLUMNS = ["promise_id", "customer_id", "customer_name", "rep_id", "invoice_id",
                   "made_on", "due_on", "status", "currency", "amount", "allocated_amt",
                   "amount_base", "allocated_base_amt"]


def sheets(pack: Pack) -> dict[str, pd.DataFrame]:
    """The workbook's sheets (after About): one per section of the PDF."""
    trend = pack.trend[["as_of", "countback_days", "period_days", "best_possible_days",
                        "add_days"]].rename(columns={"as_of": "month_end"})
    return {
        "Tiles": pack.tiles,
        "DSO trend": trend,
        "Aging": pack.buckets[["bucket", "open_amt", "disputed_amt", "not_disputed_amt",
                               "count_items"]],
        "Past due customers": pack.top,
        "Left the list": pack.left_top,
        "Promises due": pack.due[PROMISE_COLUMNS],
        "Promises broken": pack.broken[PROMISE_COLUMNS],
        "Forecast": pack.forecast,
    }


def write_pack(con: duckdb.DuckDBPyConnection, *, as_of: date, first_on: date,
               settings: Settings, out_dir: Path) -> list[Path]:
    """Write the pack as of the date to `out_dir` (PDF, XLSX and the JSON the next pack
    compares with), compared with the latest earlier pack there; returns the paths.
    PackError, with nothing written, when it cannot be made."""
    from arlib.outputs import pack_pdf  # the PDF and chart renderers load only for a pack

    out_dir = Path(out_dir)
    pack = build(con, as_of=as_of, first_on=first_on, settings=settings,
                 last=previous(out_dir, as_of=as_of))
    pdf = pack_pdf.render(pack)
    xlsx = export.to_xlsx_bytes(sheets(pack), pack.stamp)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / file_stem(as_of=as_of)
    paths = [stem.with_suffix(".pdf"), stem.with_suffix(".xlsx"), stem.with_suffix(".json")]
    contents = [pdf, xlsx, json.dumps(to_json(pack), indent=2).encode("utf-8")]
    for path, content in zip(paths, contents, strict=True):
        part = path.with_name(path.name + ".part")  # a reader never sees half a file
        part.write_bytes(content)
        part.replace(path)
    return paths
