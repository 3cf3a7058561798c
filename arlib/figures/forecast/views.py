"""What the Forecast page shows (metrics.md §10.6): the weeks with their band, the items
behind a week, the largest receipts, what no week expects, and the back-test's verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arlib.figures.forecast import backtest, weekly

FALLBACK = "lateness"  # the default method when the back-test has nothing to score


def best_method(summary: pd.DataFrame) -> str:
    """The method with the lowest 13-week WAPE in the back-test (ties by name); customer
    lateness when no date could be scored."""
    scored = summary.dropna(subset=["wape_pct"])
    return str(scored.iloc[0].method) if len(scored) else FALLBACK


def verdict(summary: pd.DataFrame) -> str:
    """One sentence: which method scored best and by how much against the others."""
    scored = summary.dropna(subset=["wape_pct"])
    if scored.empty:
        return ("No back-test yet: the data before the date spans less than 13 weeks, so "
                f"the default is {weekly.METHODS[FALLBACK].lower()}.")
    best, others = scored.iloc[0], scored.iloc[1:]
    against = "; ".join(f"{weekly.METHODS.get(m, m).lower()} {w:.2f}"
                        for m, w in zip(others.method, others.wape_pct, strict=True))
    return (f"Default: {weekly.METHODS.get(best.method, best.method).lower()}, the best on "
            f"this data's back-test ({int(best.count_dates)} past dates): 13-week WAPE "
            f"{best.wape_pct:.2f}" + (f" against {against}." if against else "."))


def with_band(weeks: pd.DataFrame, bands: pd.DataFrame, method: str) -> pd.DataFrame:
    """The weekly rows with the 80 % band of all the cash the method places, disputed too
    (`band_low_amt`, `band_high_amt`: the week's `all_lines_amt` plus the back-test's
    scaled error bounds of the method and week times the 13 weeks' `all_lines_amt`, the
    sum the back-test scores); blank after the 13 weeks and without bounds."""
    mine = bands[bands.method == method].set_index("week")
    total = float(weeks[weeks.week <= weekly.WEEKS].all_lines_amt.sum())
    low, high = backtest.band(weeks.all_lines_amt.to_numpy(dtype=float),
                              np.full(len(weeks), total),
                              weeks.week.map(mine.low_pct).to_numpy(dtype=float),
                              weeks.week.map(mine.high_pct).to_numpy(dtype=float))
    return weeks.assign(band_low_amt=low, band_high_amt=high)


def in_own_currency(weeks: pd.DataFrame, by_currency: pd.DataFrame) -> pd.DataFrame:
    """The weekly rows of a forecast narrowed to one currency with its amounts in that
    currency too: `total_currency_amt`, `disputed_currency_amt` (0 in a week without any)."""
    own = by_currency.groupby("week")[["total_currency_amt", "disputed_currency_amt"]].sum()
    own = own.reindex(weeks.week).fillna(0.0)
    return weeks.assign(total_currency_amt=own.total_currency_amt.round(2).to_numpy(),
                        disputed_currency_amt=own.disputed_currency_amt.round(2).to_numpy())


def _about(placed: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each placed row's item as an integer code, and one row per item with the columns
    that follow from it (customer, due date, currency), kept in their own dtypes."""
    code, _ = pd.factorize(placed.item_id)
    first = np.zeros(code.max() + 1 if len(code) else 0, dtype=np.int64)
    first[code[::-1]] = np.arange(len(code))[::-1]  # each item's first row
    return code, placed[columns].take(first).reset_index(drop=True)


ABOUT = ["customer_id", "customer_name", "item_id", "due_on", "currency"]


def items(placed: pd.DataFrame) -> pd.DataFrame:
    """One row per item, line and week: customer, item, due date, currency, the amount
    expected in that week (its currency and base currency), largest first within a week."""
    # grouped by integer codes: an item's customer, due date and currency follow from it,
    # taken once per item (text stays in Arrow, not turned into Python strings per row)
    item, about = _about(placed, ABOUT)
    line, lines = pd.factorize(placed.line)
    keys = pd.DataFrame({"week": placed.week.to_numpy(), "line": line, "item": item})
    sums = keys.assign(expected_currency_amt=placed.amount.to_numpy(dtype=float),
                       expected_amt=placed.base_amt.to_numpy(dtype=float)).groupby(
        ["week", "line", "item"], as_index=False, sort=False).sum()
    expected = sums.expected_amt.round(2).to_numpy()
    order = np.lexsort((-expected, sums.week.to_numpy()))
    sums = sums.take(order)
    out = about.take(sums["item"].to_numpy()).reset_index(drop=True)
    out.insert(0, "week", sums.week.to_numpy())
    out.insert(1, "line", pd.array(np.asarray(lines)[sums.line.to_numpy()], dtype=str))
    out["expected_currency_amt"] = sums.expected_currency_amt.round(2).to_numpy()
    out["expected_amt"] = expected[order]
    return out


def week_items(spread: weekly.Spread, week: int) -> pd.DataFrame:
    """The `items` of one week: what the page shows when the week is selected."""
    return items(weekly.rows(spread, [week]))


def all_items(spread: weekly.Spread) -> pd.DataFrame:
    """The `items` of every week (1 to 13 and after): what the export holds."""
    return items(weekly.rows(spread))


def _per_item(spread: weekly.Spread, chosen: np.ndarray, weeks: slice,
              name: str) -> pd.DataFrame:
    """One row per item with a chosen part (in the parts' order) with the base amount of
    those parts expected in the weeks as `name`."""
    parts = spread.known.parts.iloc[np.flatnonzero(chosen)]
    base = parts.base_amt.to_numpy(dtype=float)
    total = np.zeros(len(parts))
    for share in spread.shares[chosen][:, weeks].T:  # week by week, as the placed rows add
        total = total + base * share
    item, about = _about(parts, ABOUT)
    return about.assign(**{name: np.round(np.bincount(item, weights=total,
                                                      minlength=len(about)), 2)})


def largest(spread: weekly.Spread, count: int = 10) -> pd.DataFrame:
    """The largest expected receipts: one row per item with the cash expected from it in
    the 13 weeks (expected and promised lines, base currency), largest first."""
    within = spread.shares[:, :weekly.WEEKS]
    chosen = (within > 0).any(axis=1) & (spread.known.parts.line != "disputed").to_numpy()
    out = _per_item(spread, chosen, slice(0, weekly.WEEKS), "expected_amt")
    return out.nlargest(count, "expected_amt").reset_index(drop=True)


def not_expected(spread: weekly.Spread) -> pd.DataFrame:
    """Overdue items (due before the date) whose cash the method expects after the 13 weeks,
    in whole or part: one row per item with that amount (base currency), largest first."""
    parts, as_of = spread.known.parts, spread.known.as_of
    chosen = ((spread.shares[:, weekly.WEEKS] > 0) & (parts.line != "disputed").to_numpy()
              & (pd.to_datetime(parts.due_on) < pd.Timestamp(as_of)).to_numpy())
    out = _per_item(spread, chosen, slice(weekly.WEEKS, weekly.AFTER), "not_expected_amt")
    out["days_past_due"] = (pd.Timestamp(as_of) - pd.to_datetime(out.due_on)).dt.days.astype(
        np.int64)
    return out.sort_values("not_expected_amt", ascending=False, ignore_index=True)


def page(spread: weekly.Spread, *, bands: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Everything the Forecast page shows for one method's shares but the items behind a
    week (`week_items`, asked for when a week is selected): `weeks` (1 to 13 and after,
    with the band; in the currency too when narrowed to one), `by_currency`, `largest`
    receipts and `not_expected`."""
    known = spread.known
    currency = weekly.by_currency_of(spread)
    weeks = with_band(weekly.weekly_of(spread), bands, spread.method)
    if known.currency is not None:
        weeks = in_own_currency(weeks, currency)
    return {
        "weeks": weeks,
        "by_currency": currency,
        "largest": largest(spread),
        "not_expected": not_expected(spread),
    }


def scored(replayed: pd.DataFrame) -> dict[str, pd.DataFrame | str]:
    """The back-test as the page shows it: `summary` and `by_week` scores, the band's error
    bounds (`bands`) over every replayed date, the `best` method and the `verdict`."""
    scores = backtest.scores(replayed)
    return {"summary": scores.summary, "by_week": scores.by_week,
            "bands": backtest.band_errors(replayed), "best": best_method(scores.summary),
            "verdict": verdict(scores.summary), "rows": replayed}


def changes(now: weekly.Known, before: weekly.Known) -> pd.DataFrame:
    """What changed between two forecasts (a week apart): one row each for the invoices
    dated since the earlier one (new), the balances paid or settled since (items open then,
    less what is still open now) and the pending promises made since, with the count of
    items (or promises) and the amount, base currency at each item's rate."""
    # summed by integer codes of the items of both dates (text ids are not grouped twice)
    code, _ = pd.factorize(pd.concat([before.parts.item_id, now.parts.item_id],
                                     ignore_index=True))
    then_code, now_code = code[:len(before.parts)], code[len(before.parts):]
    size = code.max() + 1 if len(code) else 0

    def summed(at: np.ndarray, known: weekly.Known) -> tuple[np.ndarray, np.ndarray]:
        amount = known.parts.base_amt.to_numpy(dtype=float)
        return (np.bincount(at, weights=amount, minlength=size),
                np.bincount(at, minlength=size) > 0)

    (then, was_open), (current, is_open) = summed(then_code, before), summed(now_code, now)
    dated = np.zeros(size, dtype=bool)  # invoice dated after the earlier date
    dated[now_code] = (pd.to_datetime(now.parts.invoice_on)
                       > pd.Timestamp(before.as_of)).to_numpy()
    new = current[is_open & dated]
    gone = np.round(then[was_open] - current[was_open], 2)
    gone = gone[gone > 0]
    promised = now.parts[now.parts.line == "promised"]
    earlier = set(before.parts.promise_id.dropna().tolist())
    fresh = promised[~promised.promise_id.isin(earlier)]
    return pd.DataFrame({
        "change": ["new invoices", "paid or settled", "new promises (weighted)"],
        "count_items": [len(new), len(gone), fresh.promise_id.nunique()],
        "change_amt": [round(float(new.sum()), 2), round(float(-gone.sum()), 2),
                       round(float(fresh.base_amt.sum()), 2)]})


def percentages_only(scores: pd.DataFrame) -> pd.DataFrame:
    """Back-test scores without their amounts (`…_amt`): what a viewer limited to some
    customers may take of the whole company's back-test (its ratios, not its cash)."""
    return scores.drop(columns=[c for c in scores.columns if c.endswith("_amt")])
