"""The Forecast page's tables from each method's shares per part and week (metrics.md §10.6)
against a straightforward reference, one row per part and week summed with pandas, on a
generated book: the same figures to the cent, the same rows in the same order."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from arlib.figures.forecast import curves, views, weekly
from arlib.figures.scope import Scope
from arlib.sample import generate
from arlib.settings import Settings
from arlib.store import db, loader

END = date(2025, 12, 31)
NO_BANDS = pd.DataFrame(columns=["method", "week", "low_pct", "high_pct"])


@pytest.fixture(scope="module")
def book_con(tmp_path_factory):
    out = tmp_path_factory.mktemp("spread_book")
    generate(out, customers=200, months=12, seed=3, end_on=END)
    con = db.open_database(out / "book.duckdb")
    assert loader.load(con, [out]).changed
    yield con
    con.close()


def _placed(known: weekly.Known, method: str) -> pd.DataFrame:
    """The reference rows: one per part and week with its share of the part (§10.4: the
    curve conditional on not paid by D; a promised part whole in its promise's week)."""
    parts = known.parts.reset_index(drop=True)
    if method != "curves":
        days = weekly.expected_days(known, method)
        week = np.minimum((days - (known.as_of - date(1970, 1, 1)).days + 6) // 7, 14)
        return parts.assign(week=week, share=1.0)
    rows, survival = [], known.curves.survival
    for i, part in enumerate(parts.itertuples()):
        if pd.notna(part.fixed_on):
            days = max((pd.Timestamp(part.fixed_on) - pd.Timestamp(known.as_of)).days, 1)
            rows.append((i, min((days + 6) // 7, 14), 1.0))
            continue
        age = (known.as_of - part.due_on).days
        at = known.curves.customers.get_indexer([part.customer_id])[0]
        curve = known.curves.portfolio if at < 0 else survival[at]

        def s(day, curve=curve):
            return curve[min(max(day, curves.FIRST_DAY), curves.LAST_DAY) - curves.FIRST_DAY]

        start = s(age)
        shares = ([s(age + 7 * (w - 1)) - s(age + 7 * w) for w in range(1, 14)]
                  + [s(age + 91)])
        shares = [x / start for x in shares] if start > 1e-12 else [1.0] + [0.0] * 13
        rows += [(i, w, x) for w, x in enumerate(shares, start=1) if x > 0]
    index, week, share = (np.array(c) for c in zip(*rows, strict=True))
    out = parts.iloc[index].reset_index(drop=True)
    return out.assign(amount=out.amount * share, base_amt=out.base_amt * share, week=week,
                      share=share)


def _reference(known: weekly.Known, method: str) -> dict[str, pd.DataFrame]:
    placed = _placed(known, method)
    weeks = placed.pivot_table(index="week", columns="line", values="base_amt", aggfunc="sum")
    weeks = weeks.reindex(index=range(1, 15), columns=list(weekly.LINES)).fillna(0.0)
    cash = placed.line != "disputed"
    by_currency = placed.assign(
        total_currency_amt=placed.amount.where(cash, 0.0),
        total_amt=placed.base_amt.where(cash, 0.0),
        disputed_currency_amt=placed.amount.where(~cash, 0.0),
        disputed_amt=placed.base_amt.where(~cash, 0.0)).groupby(
            ["week", "currency"], as_index=False)[
        ["total_currency_amt", "total_amt", "disputed_currency_amt", "disputed_amt"]].sum()
    items = (placed.groupby(["week", "line", "item_id"], as_index=False, sort=False)
             [["amount", "base_amt"]].sum())
    within = placed[(placed.week <= 13) & cash].groupby("item_id", sort=False).base_amt.sum()
    overdue = pd.to_datetime(placed.due_on) < pd.Timestamp(known.as_of)
    late = placed[(placed.week == 14) & cash & overdue].groupby("item_id").base_amt.sum()
    return {"weeks": weeks, "by_currency": by_currency, "items": items,
            "largest": within.round(2).nlargest(10), "not_expected": late.round(2)}


@pytest.mark.parametrize("as_of", [date(2025, 9, 30), END])
def test_page_tables_from_shares_equal_the_reference(book_con, as_of):
    settings = Settings()
    known = weekly.known(book_con, as_of=as_of, settings=settings)
    assert set(known.parts.line) == set(weekly.LINES)  # the book has all three lines
    assert known.parts.currency.nunique() > 1
    region = known.parts.region.dropna().iloc[0]
    currency = known.parts.currency.value_counts().index[-1]
    for narrowed in (known, weekly.in_currency(known, currency),
                     weekly.in_scope(known, book_con, settings=settings,
                                     scope=Scope(region=region))):
        for method in weekly.METHODS:
            spread = weekly.spread(narrowed, method)
            shown, ref = views.page(spread, bands=NO_BANDS), _reference(narrowed, method)
            weeks = shown["weeks"].set_index("week")
            for line in weekly.LINES:
                assert weeks[f"{line}_amt"].to_numpy() == pytest.approx(
                    ref["weeks"][line].round(2).to_numpy(), abs=1e-9), (method, line)
            mine = shown["by_currency"]
            assert mine[["week", "currency"]].astype(str).to_numpy().tolist() == ref[
                "by_currency"][["week", "currency"]].astype(str).to_numpy().tolist()
            for column in ("total_currency_amt", "total_amt", "disputed_currency_amt",
                           "disputed_amt"):
                assert mine[column].to_numpy() == pytest.approx(
                    ref["by_currency"][column].round(2).to_numpy(), abs=1e-9)
            largest = shown["largest"].set_index("item_id").expected_amt
            assert largest.to_dict() == pytest.approx(ref["largest"].to_dict(), abs=1e-9)
            late = shown["not_expected"].set_index("item_id").not_expected_amt
            assert late.sort_index().to_dict() == pytest.approx(
                ref["not_expected"].sort_index().to_dict(), abs=1e-9)
            every = views.all_items(spread)
            items = ref["items"].set_index(["week", "line", "item_id"])
            assert len(every) == len(items)
            mine = every.set_index(["week", "line", "item_id"]).loc[items.index]
            assert mine.expected_amt.to_numpy() == pytest.approx(
                items.base_amt.round(2).to_numpy(), abs=1e-9)
            assert mine.expected_currency_amt.to_numpy() == pytest.approx(
                items.amount.round(2).to_numpy(), abs=1e-9)
            for week in (1, 5, 14):  # a week's items: those of every week, that week
                assert views.week_items(spread, week).equals(
                    every[every.week == week].reset_index(drop=True))


def test_promised_parts_keep_their_items_columns_and_add_up(book_con):
    """The split by pending promises on the generated book: every part carries its own
    item's customer, dates and rate, a promised part's base amount is its amount at that
    rate, and each item's parts add up to its balance in its currency and in base."""
    from arlib.figures.forecast import inputs

    settings = Settings()
    known = weekly.known(book_con, as_of=END, settings=settings)
    items = inputs.open_items(book_con, as_of=END, settings=settings).set_index("item_id")
    parts = known.parts
    promised = parts[parts.line == "promised"]
    assert len(promised) >= 5 and promised.currency.nunique() > 1
    columns = ["customer_id", "customer_name", "region", "currency", "invoice_on", "due_on",
               "fx_rate"]
    mine = items.loc[parts.item_id, columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(parts[columns].reset_index(drop=True), mine)
    assert promised.base_amt.to_numpy() == pytest.approx(
        (promised.amount * promised.fx_rate).round(2).to_numpy(), abs=1e-9)
    sums = parts.groupby("item_id")[["amount", "base_amt"]].sum()
    assert sums.amount.to_numpy() == pytest.approx(
        items.open_amt.reindex(sums.index).to_numpy(), abs=0.001)
    assert sums.base_amt.to_numpy() == pytest.approx(
        items.open_base_amt.reindex(sums.index).to_numpy(), abs=0.001)
    assert set(sums.index) == set(items.index[items.open_amt > 0])
