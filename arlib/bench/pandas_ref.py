"""Straightforward vectorised pandas versions of the aging snapshot and the DSO trend."""

from __future__ import annotations

import calendar
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from arlib.figures.periods import months_back
from arlib.settings import Settings
from arlib.store.db import run_sql

FRAMES = ("invoices", "payments", "customers", "fx_rates", "disputes", "promises", "contacts",
          "reps", "holidays", "rep_absences")
RATE_SCALE = 10**10  # FX rates have at most ten decimals (docs/data-model.md)
DATE_COLUMNS = ("invoice_on", "due_on", "paid_on", "rate_on", "opened_on", "resolved_on",
                "made_on", "contact_on", "start_on", "end_on", "holiday_on", "from_on", "to_on")


def frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The staging tables as pandas frames: dates as datetime64, money also as int cents."""
    out = {}
    for name in FRAMES:
        frame = run_sql(con, f"bench/sql/frame_{name}.sql")
        for col in DATE_COLUMNS:
            if col in frame:
                frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        if "amount" in frame:
            frame["cents"] = (frame.amount.astype(float) * 100).round().astype("int64")
        out[name] = frame
    return out


def to_base_cents(cents: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """round(amount × rate, 2) as DuckDB's decimals do it (exact, half away from zero), with
    amounts in int cents and rates of up to ten decimals; int64 cents back."""
    scaled = np.round(np.asarray(rate, dtype=float) * RATE_SCALE).astype("int64")
    cents = np.asarray(cents, dtype="int64")
    if len(cents) and int(np.abs(cents).max()) * int(np.abs(scaled).max()) >= 2**62:
        cents, scaled = cents.astype(object), scaled.astype(object)  # exact big integers
    product = cents * scaled
    whole, rest = np.divmod(np.abs(product), RATE_SCALE)
    return (np.sign(product) * (whole + (2 * rest >= RATE_SCALE))).astype("int64")


def rates(currency: pd.Series, *, on: pd.Series, fx: pd.DataFrame, base: str) -> np.ndarray:
    """Rate to base per row: 1 in the base currency, else the latest rate on or before `on`."""
    rows = pd.DataFrame({"currency": currency.to_numpy(),
                         "on": on.to_numpy().astype("datetime64[ns]"),
                         "row": np.arange(len(currency))}).sort_values("on")
    table = fx.sort_values("rate_on")
    found = pd.merge_asof(rows, table, left_on="on", right_on="rate_on", by="currency")
    found = found.sort_values("row").rate_to_base.to_numpy()
    is_base = currency.to_numpy() == base
    if np.isnan(found[~is_base]).any():
        raise ValueError("missing FX rate")
    return np.where(is_base, 1.0, found)


def open_items(f: dict[str, pd.DataFrame], *, as_of: date, cfg: Settings) -> pd.DataFrame:
    """Every open item as of the date: open cents, base cents, bucket, past due, current and
    dispute flags."""
    day, base = pd.Timestamp(as_of), cfg.base_currency
    pay = f["payments"][f["payments"].paid_on <= day]
    applied = pay[pay.invoice_id.notna()]
    credit = pay[(pay.method == "credit_note") & pay.reference.notna()]
    settled = pd.concat([applied.groupby("invoice_id").cents.sum(),
                         -credit.groupby("reference").cents.sum()]).groupby(level=0).sum()
    docs = f["invoices"][f["invoices"].invoice_on <= day]
    docs = docs.assign(open_cents=docs.cents - docs.invoice_id.map(settled).fillna(0)
                       .astype("int64"), item_id=docs.invoice_id, item_type=docs.doc_type)
    cash = pay[pay.invoice_id.isna()]
    cash = cash.assign(item_id=cash.payment_id, item_type="unapplied_cash",
                       invoice_on=cash.paid_on, due_on=cash.paid_on, open_cents=-cash.cents)
    columns = ["item_id", "customer_id", "item_type", "invoice_on", "due_on", "currency",
               "open_cents"]
    items = pd.concat([docs[docs.open_cents != 0][columns], cash[columns]], ignore_index=True)
    items["currency"] = items.currency.fillna(base)
    rate_on = items.invoice_on if cfg.fx_policy == "document" else pd.Series(day,
                                                                              index=items.index)
    rate = rates(items.currency, on=rate_on, fx=f["fx_rates"], base=base)
    items["base_cents"] = to_base_cents(items.open_cents.to_numpy(), rate)
    aged_from = items.due_on if cfg.aging_basis == "due" else items.invoice_on
    age = (day - aged_from).dt.days.to_numpy()
    labels = np.array(cfg.bucket_labels(), dtype=object)
    bucket = labels[np.searchsorted(np.array(cfg.aging_bucket_edges), age, side="left")]
    items["bucket"] = np.where(items.open_cents < 0, "unapplied", bucket)
    # past due by due date whatever the aging basis; current = positive and not past due
    items["is_past_due"] = (items.open_cents > 0) & (day > items.due_on)
    items["is_current"] = (items.open_cents > 0) & ~items.is_past_due
    d = f["disputes"]
    live = d[(d.opened_on <= day) & (d.resolved_on.isna() | (d.resolved_on > day))]
    items["is_disputed"] = (items.open_cents > 0) & items.item_id.isin(set(live.invoice_id))
    return items


def aging_snapshot(f: dict[str, pd.DataFrame], *, as_of: date, cfg: Settings) -> pd.DataFrame:
    """One row per bucket (then unapplied): open and disputed cents, base currency."""
    items = open_items(f, as_of=as_of, cfg=cfg)
    items["disputed_cents"] = items.base_cents.where(items.is_disputed, 0)
    out = items.groupby("bucket")[["base_cents", "disputed_cents"]].sum()
    labels = [*cfg.bucket_labels(), "unapplied"]
    return out.reindex(labels, fill_value=0).rename_axis("bucket").reset_index()


def _countback(ar: int, as_of: date, mtd: int, months: dict[date, int]) -> float:
    """Countback days: walk back over calendar months until the AR (cents) is used up."""
    days, left = 0.0, ar
    for back in range(120 if left > 0 else 0):
        start = months_back(back, as_of=as_of)
        if back == 0:
            sales, span = mtd, (as_of - start).days + 1
        else:
            sales, span = months.get(start, 0), calendar.monthrange(start.year, start.month)[1]
        if sales > 0 and left <= sales:
            return days + left / sales * span
        days += span
        left -= max(sales, 0)
    return days


def dso_trend(f: dict[str, pd.DataFrame], *, dates: list[date], cfg: Settings) -> pd.DataFrame:
    """One row per date: AR total and current, window and month-to-date sales (cents), and
    period, best possible, ADD and countback DSO in days."""
    n = cfg.dso_window_days
    docs = f["invoices"]
    docs = docs.assign(base_cents=to_base_cents(docs.cents.to_numpy(), rates(
        docs.currency.fillna(cfg.base_currency), on=docs.invoice_on, fx=f["fx_rates"],
        base=cfg.base_currency)))
    since = pd.Timestamp(months_back(120, as_of=max(dates)))
    recent = docs[(docs.invoice_on >= since) & (docs.invoice_on <= pd.Timestamp(max(dates)))]
    monthly = recent.groupby(recent.invoice_on.dt.to_period("M")).base_cents.sum()
    months = {p.start_time.date(): int(v) for p, v in monthly.items()}
    rows = []
    for as_of in dates:
        day = pd.Timestamp(as_of)
        items = open_items(f, as_of=as_of, cfg=cfg)
        ar, current = int(items.base_cents.sum()), int(items.base_cents[items.is_current].sum())
        on = docs.invoice_on
        window = int(docs.base_cents[(on > day - pd.Timedelta(days=n)) & (on <= day)].sum())
        mtd = int(docs.base_cents[(on >= day.replace(day=1)) & (on <= day)].sum())
        period = ar / window * n if window > 0 else None
        best = current / window * n if window > 0 else None
        rows.append({"as_of": as_of, "ar_total_cents": ar, "ar_current_cents": current,
                     "sales_window_cents": window, "sales_month_to_date_cents": mtd,
                     "period_days": period, "best_possible_days": best,
                     "add_days": None if period is None else period - best,
                     "countback_days": _countback(ar, as_of, mtd, months)})
    return pd.DataFrame(rows)
