"""Issue 15, point 8 (fuzz half): a report built around random detail rows (title lines, group
rows, subtotals with or without labels, a grand total, rules, blank lines, a footer) loads
every detail row exactly once, and every total the file prints ties out with no difference.

The expected totals are the sums of the drawn amounts (integer cents), not the code's output.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from arlib.intake import foreign
from arlib.intake.frames import ImportOptions
from arlib.intake.presets import Preset

HEADER = ["Doc No.", "Customer", "Doc Date", "Due Date", "Open Amount"]
MAPPING = {"invoice_id": "Doc No.", "customer_id": "Customer", "invoice_on": "Doc Date",
           "due_on": "Due Date", "amount": "Open Amount"}
PRESET = Preset("fuzz report", "invoices", MAPPING, HEADER)
CUSTOMERS = ["Acme Ltd", "Bolt Inc", "Cobalt & Sons", "Delta Foods", "Ember Tools"]
TITLES = ["Harbour Supplies Ltd", "Customer Ageing Report", "As at 31 March 2026",
          "Ageing by due date", "All customers, base currency", "Printed by: jane"]
RULES = ["-" * 30, "=" * 30, "_____", "- - - -"]
FOOTERS = ["Printed on Tuesday, 31 March 2026 10:15 GMT+1", "Page 1 of 1"]
SUBTOTALS = ["Total {}", "{} Total", "Total - {}", "Total for {}", "Subtotal", ""]
GRANDS = ["Total", "Grand Total", "Report Total", ""]


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def _csv(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if "," in c else c for c in cells)


def _total_row(label: str, cents: int) -> str:
    return _csv([label, "", "", "", _money(cents)])


@st.composite
def reports(draw):
    """(the file's text, the detail rows (id, cents), the printed totals (cents))."""
    groups = draw(st.lists(st.lists(st.integers(-500_000, 5_000_000), min_size=1, max_size=5),
                           min_size=1, max_size=4))
    with_groups = draw(st.booleans())
    subtotal = draw(st.sampled_from([*SUBTOTALS, None]))
    grand = draw(st.sampled_from([*GRANDS, None]))
    lines: list[str] = []
    lines += draw(st.lists(st.sampled_from(TITLES), max_size=4))
    lines += draw(st.lists(st.sampled_from(["", *RULES]), max_size=2))
    lines.append(_csv(HEADER))
    details, printed, n = [], [], 0
    for g, amounts in enumerate(groups):
        name = CUSTOMERS[g]
        if with_groups:
            lines.append(_csv([name, "", "", "", ""]))
        for cents in amounts:
            n += 1
            doc = f"D-{n}"
            lines.append(_csv([doc, name, f"2026-03-{n:02d}", f"2026-04-{n:02d}",
                               _money(cents)]))
            details.append((doc, cents))
            if draw(st.integers(0, 9)) == 0:
                lines.append(draw(st.sampled_from(["", *RULES])))
        if subtotal is not None:
            # a "Total X" names its group: printed only when the group row is there
            label = subtotal.format(name) if "{}" not in subtotal or with_groups else ""
            lines.append(_total_row(label, sum(amounts)))
            printed.append(sum(amounts))
    if grand is not None:
        lines.append(_total_row(grand, sum(c for _, c in details)))
        printed.append(sum(c for _, c in details))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(FOOTERS)))
    return "\n".join(lines) + "\n", details, printed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
# groups printed without their own totals, then a grand total without a label: once read as
# a detail row without an id
@example(("Doc No.,Customer,Doc Date,Due Date,Open Amount\nAcme Ltd,,,,\n"
          "D-1,Acme Ltd,2026-03-01,2026-04-01,0.01\n\nBolt Inc,,,,\n"
          "D-2,Bolt Inc,2026-03-02,2026-04-02,0.00\n,,,,0.01\n",
          [("D-1", 1), ("D-2", 0)], [1]))
def test_a_report_loads_each_row_once_and_ties_out_every_total(report):
    text, details, printed = report
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.csv"
        path.write_text(text, encoding="utf-8")
        (conv,) = foreign.convert(path, path.name, [], ImportOptions(), PRESET)
    inv = conv.tables["invoices"]
    assert sorted(inv["invoice_id"]) == sorted(d for d, _ in details)  # each exactly once
    assert dict(zip(inv["invoice_id"], inv["amount"], strict=True)) == {
        d: f"{c / 100:.2f}" for d, c in details}
    tie = foreign.tie_out(conv, set())
    assert sorted(tie["file_total"]) == sorted(f"{c / 100:.2f}" for c in printed)
    assert set(tie["difference"]) <= {"0.00"}
