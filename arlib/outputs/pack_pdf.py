"""The CFO pack as a printable PDF (fpdf2): one section per page, the charts of the app drawn
as images (vl-convert renders their Vega-Lite), every page stamped with as-of, load and
settings."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from arlib import written
from arlib.figures.forecast import weekly
from arlib.outputs import charts, forecast_charts
from arlib.outputs.pack_contents import BROKEN_DAYS, DUE_DAYS, Pack

# a Unicode font when the system has one (any customer name prints); else the PDF core font,
# which holds Latin-1 only, and other characters print as '?'
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
WIDTH = 180  # mm of text width on A4 portrait with 15 mm margins
CHART_PX = 640  # chart width in pixels (printed 180 mm wide: text about 8 pt)


def _font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


@cache
def _glyphs(font: Path) -> set[int]:
    """The characters a TrueType font has glyphs for."""
    with TTFont(font, lazy=True) as parsed:
        return set(parsed.getBestCmap())


def chart_png(chart: alt.TopLevelMixin, *, width: int = CHART_PX, height: int = 340) -> bytes:
    """A chart of the app as a PNG for print (2x pixels for sharp lines and text)."""
    spec = chart.properties(width=width, height=height).to_dict()
    return vl_convert.vegalite_to_png(spec, scale=2)


def _money(value: object) -> str:
    return written.money(value)


def _days(value: object) -> str:
    return "n/a" if written.missing(value) else f"{float(value):,.1f} days"


def _share(value: object) -> str:
    return "n/a" if written.missing(value) else f"{float(value):.1%}"


def _tile(value: object, unit: str, currency: str) -> str:
    if written.missing(value):
        return "n/a"
    if unit == "money":
        return written.money(value, currency)
    if unit == "days":
        return _days(value)
    if unit == "percent":
        return f"{float(value):.1f}%"
    if unit == "share":
        return _share(value)
    return f"{int(value):,}"


def _change(value: object, unit: str) -> str:
    if written.missing(value):
        return ""
    sign = "+" if float(value) > 0 else ""
    if unit == "money":
        return f"{sign}{float(value):,.2f}"
    if unit == "days":
        return f"{sign}{float(value):,.1f} days"
    if unit == "percent":
        return f"{sign}{float(value):.1f} pts"
    if unit == "share":
        return f"{sign}{float(value) * 100:.1f} pts"
    return f"{sign}{int(value):,}"


class _Document(FPDF):
    """A4 portrait with the pack's title on top and its stamp at the foot of every page."""

    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.pack = pack
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=24)
        fonts = _font_files()
        self.family = "DejaVu" if fonts else "Helvetica"
        self.glyphs: set[int] | None = None  # None: the core font's Latin-1
        if fonts:
            self.add_font("DejaVu", "", str(fonts[0]))
            self.add_font("DejaVu", "B", str(fonts[1]))
            self.glyphs = _glyphs(fonts[0])
        self.set_title(f"AR pack as of {pack.as_of}")
        self.set_creator("arlib pack")

    def text_of(self, value: object) -> str:
        """Text the font can print: a character it has no glyph for reads '?' (fpdf2 would
        leave it out, and a name would print wrong without a sign)."""
        text = written.text(value)
        if self.glyphs is None:
            return text.encode("latin-1", "replace").decode("latin-1")
        return "".join(c if ord(c) in self.glyphs or c in "\n\t" else "?" for c in text)

    def header(self) -> None:
        self.set_font(self.family, "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.text_of(
            f"Accounts receivable: CFO pack as of {self.pack.as_of:%Y-%m-%d}"), align="L")
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        s = self.pack.stamp
        self.set_y(-20)
        self.set_font(self.family, "", 7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(0, 3.3, self.text_of(
            f"As of {s['as of']}, period from {s['period from']}. Data load {s['data load id']}"
            f" ({s['data loaded at']}); made {s['made at (UTC)']} UTC. Amounts in "
            f"{s['base currency']}, converted at {s['fx policy']}. Aging by {s['aging basis']};"
            f" DSO window {s['dso window']}; promise grace and tolerance "
            f"{s['promise grace and tolerance']}; forecast: {s['forecast method']}."),
            align="L")
        self.set_text_color(0, 0, 0)

    def title_of(self, text: str, note: str = "") -> None:
        self.set_font(self.family, "B", 15)
        self.multi_cell(0, 8, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        if note:
            self.set_font(self.family, "", 9)
            self.set_text_color(70, 70, 70)
            self.multi_cell(0, 4.5, self.text_of(note), new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
        self.ln(3)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family, "B", 11)
        self.multi_cell(0, 6, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def note(self, text: str) -> None:
        self.set_font(self.family, "", 9)
        self.multi_cell(0, 4.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def grid(self, head: list[str], rows: list[list[object]], widths: list[float],
             align: list[str]) -> None:
        """A table: heading row in bold on grey, cells wrapped (never cut), text in `align`."""
        self.set_font(self.family, "", 8.5)
        style = FontFace(emphasis="BOLD", fill_color=(234, 238, 242))
        with self.table(col_widths=tuple(widths), width=sum(widths), align="LEFT",
                        text_align=tuple(align), headings_style=style, line_height=4.6,
                        padding=1, first_row_as_headings=True) as table:
            table.row([self.text_of(h) for h in head])
            for row in rows:
                table.row([self.text_of(c) for c in row])
        self.ln(2)

    def chart(self, png: bytes) -> None:
        self.image(io.BytesIO(png), w=WIDTH)
        self.ln(2)


def _since(pack: Pack) -> str:
    return (f"the last pack (as of {pack.last_as_of:%Y-%m-%d})" if pack.last_as_of
            else "the last pack")


def _tiles_page(doc: _Document, pack: Pack) -> None:
    cur = pack.currency
    doc.title_of("Cash-flow health", f"As of {pack.as_of:%Y-%m-%d}; period "
                 f"{pack.first_on:%Y-%m-%d} to {pack.as_of:%Y-%m-%d}. Amounts in {cur}. "
                 + ("Changes are against " + _since(pack) + "." if pack.last_as_of else
                    "No earlier pack in the folder: nothing to compare with."))
    if pack.last_as_of:
        head = ["Figure", "Now", f"Last pack ({pack.last_as_of:%Y-%m-%d})", "Change"]
        rows = [[r.label, _tile(r.value, r.unit, cur), _tile(r.last_pack_value, r.unit, cur),
                 _change(r.change, r.unit)] for r in pack.tiles.itertuples(index=False)]
        doc.grid(head, rows, [74, 38, 38, 30], ["LEFT", "RIGHT", "RIGHT", "RIGHT"])
    else:  # nothing to compare with: no empty columns
        rows = [[r.label, _tile(r.value, r.unit, cur)] for r in pack.tiles.itertuples(index=False)]
        doc.grid(["Figure", "Now"], rows, [100, 50], ["LEFT", "RIGHT"])
    doc.note("Open AR: open invoices less unapplied credit notes and cash. Past due: open "
             "invoice balances past their due date. In dispute: open balance of invoices with "
             "a dispute open on the date. DSO (countback): days of recent sales the open AR "
             "represents. CEI and kept rates are for the period; kept rate = kept / (kept + "
             "partial + broken) of the promises due in it.")


def _dso_page(doc: _Document, pack: Pack) -> None:
    doc.title_of("DSO trend", f"DSO at each of the last {len(pack.trend)} month ends (the "
                 f"as-of date last when it is not a month end), in days.")
    chart = charts.dso_trend(pack.trend, methods=["countback_days", "period_days",
                                                  "best_possible_days"])
    # one tick per month end (a time axis would tick mid-month too, naming a month twice)
    ends = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in pack.trend.as_of]
    chart = chart.encode(x=alt.X("as_of:T", title="Month end", axis=alt.Axis(
        values=ends, format="%b %Y", labelAngle=0)))
    doc.chart(chart_png(chart, height=230))
    rows = [[f"{r.as_of:%Y-%m-%d}", _days(r.countback_days), _days(r.period_days),
             _days(r.best_possible_days), _days(r.add_days)]
            for r in pack.trend.itertuples(index=False)]
    doc.grid(["Month end", "Countback DSO", "Period DSO", "Best possible DSO", "ADD"], rows,
             [32, 37, 37, 37, 37], ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"])


def _aging_page(doc: _Document, pack: Pack) -> None:
    cur = pack.currency
    doc.title_of("Aging, disputes apart", f"Open receivables by days past due as of "
                 f"{pack.as_of:%Y-%m-%d}, in {cur}; the part in dispute shown apart.")
    doc.chart(chart_png(charts.aging_bar(pack.buckets, currency=cur), height=230))
    rows = [[r.bucket, _money(r.not_disputed_amt), _money(r.disputed_amt), _money(r.open_amt),
             f"{int(r.count_items):,}"] for r in pack.buckets.itertuples(index=False)]
    total = pack.buckets.open_amt.sum()
    rows.append(["Total", _money(pack.buckets.not_disputed_amt.sum()),
                 _money(pack.buckets.disputed_amt.sum()), _money(total),
                 f"{int(pack.buckets.count_items.sum()):,}"])
    doc.grid(["Days past due", f"Not disputed ({cur})", f"In dispute ({cur})",
              f"Open ({cur})", "Items"], rows, [36, 40, 36, 40, 28],
             ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"])


def _past_due_page(doc: _Document, pack: Pack) -> None:
    cur = pack.currency
    doc.title_of("Largest past-due customers", f"The {len(pack.top)} customers with the "
                 f"largest past-due balance as of {pack.as_of:%Y-%m-%d}, in {cur}, and what "
                 f"changed since {_since(pack)}.")
    if pack.top.empty:
        doc.note("No customer has a past-due balance on the date.")
    else:
        rows = []
        for r in pack.top.itertuples(index=False):
            row = [f"{written.text(r.customer_name) or r.customer_id} ({r.customer_id})",
                   written.text(r.rep_id), _money(r.past_due_amt), _money(r.total_amt)]
            if pack.last_as_of:
                rank = ("new in the list" if pd.isna(r.last_pack_rank)
                        else f"was #{int(r.last_pack_rank)}")
                row += [_money(r.last_pack_past_due_amt), _change(r.change_amt, "money"), rank]
            rows.append(row)
        if pack.last_as_of:
            doc.grid(["Customer", "Rep", f"Past due ({cur})", f"Open ({cur})",
                      f"Last pack ({cur})", f"Change ({cur})", ""], rows,
                     [46, 14, 25, 25, 25, 23, 22],
                     ["LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"])
        else:
            doc.grid(["Customer", "Rep", f"Past due ({cur})", f"Open ({cur})"], rows,
                     [90, 20, 35, 35], ["LEFT", "LEFT", "RIGHT", "RIGHT"])
    if pack.last_as_of is None:
        doc.note("No earlier pack in the folder: the next pack will show the changes.")
    elif pack.left_top.empty:
        doc.note(f"Every customer of the list in {_since(pack)} is still in it.")
    else:
        doc.heading(f"No longer in the list since {_since(pack)}")
        rows = [[f"{written.text(r.customer_name) or r.customer_id} ({r.customer_id})",
                 _money(r.last_pack_past_due_amt), _money(r.past_due_amt)]
                for r in pack.left_top.itertuples(index=False)]
        doc.grid(["Customer", f"Past due then ({cur})", f"Past due now ({cur})"], rows,
                 [90, 45, 45], ["LEFT", "RIGHT", "RIGHT"])


def _promise_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [[f"{written.text(r.customer_name) or r.customer_id} ({r.customer_id})",
             written.text(r.rep_id), written.text(r.invoice_id) or "account",
             written.day(r.due_on), written.money(r.amount, r.currency),
             written.money(r.allocated_amt, r.currency), written.words(r.status)]
            for r in frame.itertuples(index=False)]


def _promises_page(doc: _Document, pack: Pack) -> None:
    doc.title_of("Promises due and broken", "Promises to pay, in the currency promised; "
                 "paid: the payments allocated to the promise by the date.")
    head = ["Customer", "Rep", "Invoice", "Due", "Promised", "Paid", "Status"]
    widths = [52, 14, 22, 22, 27, 27, 16]
    align = ["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"]
    doc.heading(f"Due in the next {DUE_DAYS} days ({len(pack.due)})")
    if pack.due.empty:
        doc.note(f"No pending promise falls due from {pack.as_of:%Y-%m-%d} to "
                 f"{DUE_DAYS} days after.")
    else:
        doc.grid(head, _promise_rows(pack.due), widths, align)
    doc.heading(f"Broken or partly kept in the last {BROKEN_DAYS} days ({len(pack.broken)})")
    if pack.broken.empty:
        doc.note(f"No promise's deadline (due date plus grace) passed unkept in the last "
                 f"{BROKEN_DAYS} days.")
    else:
        doc.grid(head, _promise_rows(pack.broken), widths, align)


def _forecast_page(doc: _Document, pack: Pack) -> None:
    cur, weeks = pack.currency, pack.forecast
    doc.title_of("Cash-in forecast, 13 weeks", f"Cash expected per week after "
                 f"{pack.as_of:%Y-%m-%d} by the {weekly.METHODS[pack_method(pack)]} method, in "
                 f"{cur}: open items at each customer's usual lateness, promised amounts "
                 "weighted by the customer's kept rate; disputed items apart. The Forecast "
                 "page of the app adds the 80 % band and compares the methods (a back-test "
                 "that replays 18 months).")
    shown = weeks.assign(band_low_amt=float("nan"), band_high_amt=float("nan"))
    doc.chart(chart_png(forecast_charts.weeks(shown, currency=cur, method=pack_method(pack)),
                        height=200))
    rows = []
    for r in weeks.itertuples(index=False):
        label = (f"Week {r.week}: {r.week_start_on:%Y-%m-%d} to {r.week_end_on:%Y-%m-%d}"
                 if r.week <= weekly.WEEKS else "After the 13 weeks")
        rows.append([label, _money(r.expected_amt), _money(r.promised_amt), _money(r.total_amt),
                     _money(r.disputed_amt)])
        if r.week == weekly.WEEKS:
            inside = weeks[weeks.week <= weekly.WEEKS]
            rows.append(["13 weeks", _money(inside.expected_amt.sum()),
                         _money(inside.promised_amt.sum()), _money(inside.total_amt.sum()),
                         _money(inside.disputed_amt.sum())])
    doc.grid(["Week", f"Expected ({cur})", f"Promised ({cur})", f"Cash expected ({cur})",
              f"Disputed, apart ({cur})"], rows, [64, 29, 29, 29, 29],
             ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"])


def pack_method(pack: Pack) -> str:
    """The forecast method the pack used (its key)."""
    return next(k for k, v in weekly.METHODS.items() if v == pack.stamp["forecast method"])


PAGES = (_tiles_page, _dso_page, _aging_page, _past_due_page, _promises_page, _forecast_page)


def render(pack: Pack) -> bytes:
    """The pack as PDF bytes: one page per section (a long table runs on to the next)."""
    doc = _Document(pack)
    for page in PAGES:
        doc.add_page()
        page(doc, pack)
    return bytes(doc.output())
