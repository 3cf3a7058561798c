"""Figures of arlib and of the pandas reference must agree, to the cent and to 1e-9 in days."""

from __future__ import annotations

import math

import pandas as pd


class Mismatch(AssertionError):
    """arlib and the pandas reference disagree on a figure."""


def _cents(value: float) -> int:
    return 0 if value is None or pd.isna(value) else round(float(value) * 100)


def _same_ratio(a: float | None, b: float | None) -> bool:
    missing_a, missing_b = a is None or pd.isna(a), b is None or pd.isna(b)
    if missing_a or missing_b:
        return missing_a and missing_b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _check(problems: list[str], what: str) -> None:
    if problems:
        raise Mismatch(f"{what}: arlib and pandas disagree on {len(problems)} figure(s): "
                       + "; ".join(problems[:10]))


def aging(ours: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Bucket by bucket: open and disputed amounts in cents."""
    theirs = ref.set_index("bucket")
    problems = [f"{r.bucket} {column}: {_cents(getattr(r, column))} vs "
                f"{theirs.at[r.bucket, ref_col]}" for r in ours.itertuples(index=False)
                for column, ref_col in (("open_amt", "base_cents"),
                                        ("disputed_amt", "disputed_cents"))
                if _cents(getattr(r, column)) != int(theirs.at[r.bucket, ref_col])]
    if list(ours.bucket) != list(ref.bucket):
        problems.append(f"buckets {list(ours.bucket)} vs {list(ref.bucket)}")
    _check(problems, "aging snapshot")


def dso_trend(ours: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Date by date: the inputs in cents and every DSO figure in days."""
    problems = []
    if list(ours.as_of) != list(ref.as_of):
        problems.append("dates differ")
    for a, b in zip(ours.itertuples(index=False), ref.itertuples(index=False), strict=False):
        for name in ("ar_total", "ar_current", "sales_window", "sales_month_to_date"):
            if _cents(getattr(a, f"{name}_amt")) != getattr(b, f"{name}_cents"):
                problems.append(f"{a.as_of} {name}")
        for name in ("period_days", "best_possible_days", "add_days", "countback_days"):
            if not _same_ratio(getattr(a, name), getattr(b, name)):
                problems.append(f"{a.as_of} {name}: {getattr(a, name)} vs {getattr(b, name)}")
    _check(problems, "DSO trend")


def scorecard(ours: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Rep by rep: counts, working days, attributed and portfolio cents, kept rates."""
    theirs = ref.set_index("rep_id")
    problems = [] if set(ours.rep_id) == set(ref.rep_id) else [
        f"reps {sorted(set(ours.rep_id) ^ set(ref.rep_id))}"]
    pairs = {"count_contacts": "count_contacts", "count_reached": "count_reached",
             "working_days": "working_days"}
    for r in ours.itertuples(index=False):
        if r.rep_id not in theirs.index:
            continue
        t = theirs.loc[r.rep_id]
        if _cents(r.attributed_amt) != int(t.attributed_cents):
            problems.append(f"{r.rep_id} attributed {r.attributed_amt} vs {t.attributed_cents}")
        if r.rep_id == "(unattributed)":
            continue
        if _cents(r.portfolio_amt) != int(t.portfolio_cents):
            problems.append(f"{r.rep_id} portfolio {r.portfolio_amt} vs {t.portfolio_cents}")
        problems += [f"{r.rep_id} {name}: {getattr(r, name)} vs {t[ref_name]}"
                     for name, ref_name in pairs.items()
                     if int(getattr(r, name)) != int(t[ref_name])]
        problems += [f"{r.rep_id} {name}: {getattr(r, name)} vs {t[name]}"
                     for name in ("kept_rate_pct", "kept_amount_rate_pct")
                     if not _same_ratio(getattr(r, name), t[name])]
    _check(problems, "rep scorecard")
