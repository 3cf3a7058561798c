"""Number formats for the screen, chosen from column-name suffixes (style doc §2.3).

Exact amounts, whole days and blanks for missing values follow arlib.canonical.written, the
library's one rule for how a value reads; the compact forms here ('10.5k') are only for tiles
whose help carries the exact amount.
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from arlib import written
from arlib.settings import REPO_ROOT

MARKDOWN_SIGNS = frozenset("\\`*_{}[]()#+-.!|~<>:$&=@")


def plain(text: object) -> str:
    """Text from the data, a file or the URL for an element that renders Markdown (title,
    caption, alert), shown exactly as written: the characters that Markdown, Streamlit's
    directives (:red[...], :material/...:), math and HTML act on are written as character
    references (&#42; for *), which Markdown shows as the character and never reads as
    markup; line breaks become spaces. A bare URL or e-mail address in the text still links
    to itself: GitHub-flavoured Markdown finds those after reading the references, and
    Streamlit shows HTML comments, the invisible way to split them, as text."""
    return "".join(f"&#{ord(c)};" if c in MARKDOWN_SIGNS else c
                   for c in " ".join(str(text).split()))


def shown_path(path: Path) -> str:
    """A file's path as a user reads it: from the app's folder when inside it
    ('data/ar.duckdb'), from the home folder when inside that ('~/books/ar.duckdb'), else in
    full."""
    full = Path(path).expanduser().resolve()
    for root, shown in ((REPO_ROOT.resolve(), Path()), (Path.home().resolve(), Path("~"))):
        if full.is_relative_to(root) and full != root:
            return str(shown / full.relative_to(root))
    return str(full)


def path_md(path: Path) -> str:
    """The path as code in Markdown (`data/ar.duckdb`), shown exactly as written."""
    text = shown_path(path)
    return f"`{text}`" if "`" not in text else plain(text)


def money(value: float | None, currency: str) -> str:
    """The exact amount (arlib.canonical.written.money): 1234567.8 -> 'USD 1,234,567.80';
    None or NaN (an undefined figure) -> 'n/a'."""
    return written.money(value, currency) or "n/a"


def money_short(value: float | None) -> str:
    """A tile figure without the currency: 4000 -> '4,000'; 28000 -> '28.0k'; 12345678 ->
    '12.35M' (the exact amount goes in the tile's help)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.2f}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:,.1f}k"
    return f"{value:,.0f}"


def percent(value: float | None) -> str:
    """0.1234 -> '12.3%'; None or NaN -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.1%}"


# Counts of days of one item or person (days past due, days late, age, working days): whole
# numbers, never '149.0'. Other `_days` columns are figures with a fraction (DSO, averages).
WHOLE_DAYS = frozenset({"days_past_due", "late_days", "age_days", "oldest_days", "working_days",
                        "terms_days", "since_visit_days", "days_since_visit"})


def _label(name: str) -> str:
    """A column's heading from its name: 'open_currency_amt' -> 'Open', 'count_items' ->
    'Items', 'rep_id' -> 'Rep ID'."""
    label = (name.removesuffix("_amt").removesuffix("_currency").removesuffix("_pct")
             .removeprefix("count_").replace("_", " ").capitalize())
    return label.replace("Ar ", "AR ").replace(" id", " ID")


def column_config(columns: list[str]) -> dict[str, object]:
    """st.dataframe column_config for the columns whose suffix names a format."""
    config: dict[str, object] = {}
    for name in columns:
        label = _label(name)
        if name.endswith("_amt"):
            config[name] = st.column_config.NumberColumn(label, format="accounting")
        elif name.endswith("_pct"):
            config[name] = st.column_config.NumberColumn(label, format="percent")
        elif name in WHOLE_DAYS:
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif name.endswith("_days"):
            config[name] = st.column_config.NumberColumn(label, format="%.1f")
        elif name.startswith("count_"):
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif name.endswith(("_on", "_at")):
            config[name] = st.column_config.DateColumn(label)
        else:
            config[name] = st.column_config.Column(label)
    return config


# Columns of codes from the data ('credit_note', 'no_answer'), read as words ('credit note').
CODES = frozenset({"item_type", "channel", "direction", "outcome", "status", "method"})

# Above this many cells a table is not styled cell by cell: its columns get the same forms
# from column formats instead. A styled cell costs about 70 µs to render and send (pandas
# Styler, then Streamlit's marshalling of every display value), so a customer page of some
# 15,000 cells spent a second there; a column format costs nothing per cell.
MAX_STYLED_CELLS = 1_000


def read_aloud(frame: pd.DataFrame, currency: str, *,
               long_text: tuple[str, ...] = ()) -> dict[str, object]:
    """st.dataframe arguments that show `frame` the way a collector reads it out on the
    phone (arlib.canonical.written): every amount exact with its currency (`*_currency_amt`
    in the row's own `currency`, which is then not repeated as a column; any other `*_amt`
    in `currency`, the base, headed 'Open (USD)' when both kinds sit side by side), whole
    days, dates as YYYY-MM-DD, date-times to the minute, and a blank cell wherever the data
    has no value; codes read as words. The cells stay numbers and dates underneath, so a
    click on a heading still sorts by amount or by day. `long_text` columns get a set width
    and rows tall enough to wrap them over three lines. Use as
    `st.dataframe(**formats.read_aloud(frame, cur), ...)`."""
    data = frame.reset_index(drop=True)
    columns = list(data.columns)
    own = [c for c in columns if c.endswith("_currency_amt")] if "currency" in columns else []
    config = column_config(columns)
    texts: dict[str, object] = {}
    for name in columns:
        label = _label(name)
        if name in own:
            texts[name] = None  # written per row, in the row's currency (below)
        elif name.endswith("_amt"):
            if f"{name.removesuffix('_amt')}_currency_amt" in own:
                label = f"{label} ({currency})"
            texts[name] = partial(written.money, currency=currency)
        elif name in WHOLE_DAYS:
            texts[name] = written.days
        elif name.endswith("_on"):
            texts[name] = written.day
        elif name.endswith("_at"):
            texts[name] = written.moment
        elif name in CODES:
            texts[name] = written.words
        else:
            continue
        config[name] = st.column_config.Column(label)  # no format: the text below shows
    for name in long_text:
        config[name] = st.column_config.TextColumn(_label(name), width="medium")
    if own:
        config["currency"] = None  # each amount carries it
    args = {"hide_index": True, "placeholder": ""}
    if long_text:
        args["row_height"] = 72  # above 4rem the table wraps text
    if data.size > MAX_STYLED_CELLS:
        words = {n: data[n].map(written.words, na_action="ignore") for n, f in texts.items()
                 if f is written.words}  # a code column maps its few values, not cells
        return {"data": data.assign(**words),
                "column_config": _as_formats(config, texts, own, currency), **args}
    styler = data.style.format(na_rep="", precision=2, thousands=",")
    for name, function in texts.items():
        if function is not None:
            styler = styler.format(function, subset=[name], na_rep="")
    if own:
        for code, rows in data.groupby(data.currency.fillna(""), sort=False).groups.items():
            styler = styler.format(partial(written.money, currency=code or None),
                                   subset=pd.IndexSlice[rows, own], na_rep="")
    return {"data": styler, "column_config": config, **args}


def _as_formats(config: dict, texts: dict, own: list[str], currency: str) -> dict:
    """read_aloud's forms as column formats, for a table too large to style cell by cell:
    amounts in the row's currency keep the currency column beside them."""
    out = dict(config)
    for name, function in texts.items():
        label = config[name]["label"]
        if name in own:
            out[name] = st.column_config.NumberColumn(label, format="%,.2f")
        elif function is written.days:
            out[name] = st.column_config.NumberColumn(label, format="%d")
        elif function is written.day:
            out[name] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif function is written.moment:
            out[name] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
        elif function is written.words:
            continue
        else:
            out[name] = st.column_config.NumberColumn(label, format=f"{currency} %,.2f")
    if own:
        out["currency"] = st.column_config.Column("Currency")
    return out


def days(value: float | None) -> str:
    """70.333 -> '70.3 d'; None or NaN (undefined, e.g. no sales) -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.1f} d"


def change_days(value: float | None) -> str | None:
    """+1.2 -> '+1.2 d'; undefined -> None (no delta shown)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return f"{value:+.1f} d"


# Embeddings, overrides and isolates: an unclosed one turns the text after it round.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def named(name: object, id_: str) -> str:
    """A customer or rep as people tell them apart, two of one name included: 'Ana Ortiz
    (R1)'; the id alone when the name is missing. A name holding a right-to-left override
    is isolated (U+2068 … U+2069), so that the override ends with it and never turns the
    id after it round."""
    if name is None or pd.isna(name):
        return id_
    text = str(name)
    if BIDI_CONTROLS & set(text):
        text = f"\u2068{text}\u2069"
    return f"{text} ({id_})"


def customer_line(header) -> str:
    """'C1 · Boston, East · owner Ana Ortiz (R1) · terms 30 days · customer since 2015-03-01
    · commercial account' (the type when the data has one)."""
    def known(value) -> bool:
        return value is not None and not pd.isna(value)

    parts = [header.customer_id]
    place = ", ".join(str(p) for p in (header.city, header.region) if known(p))
    if place:
        parts.append(place)
    owner = named(header.rep_name, header.rep_id) if known(header.rep_id) else "none"
    parts.append(f"owner {owner}")
    if known(header.terms_days):
        parts.append(f"terms {int(header.terms_days)} days")
    if known(header.customer_since_on):
        parts.append(f"customer since {pd.Timestamp(header.customer_since_on):%Y-%m-%d}")
    if known(getattr(header, "account_type", None)):
        parts.append(f"{header.account_type} account")
    return " · ".join(parts)
