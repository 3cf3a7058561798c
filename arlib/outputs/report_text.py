"""Plain-text rendering of an import report for the command line."""

from __future__ import annotations

from arlib.store.loader import LoadReport

MAX_REJECTS_SHOWN = 20


def load_report_text(report: LoadReport, *, db_path: str) -> str:
    """The import report as readable lines: outcome, missing FX rates, counts per table,
    duplicates, conflicts between files, rejects, orphans, warnings, control characters
    removed."""
    lines = [f"Load {report.load_id} into {db_path}: {report.outcome()}.", ""]
    if report.fx_warning:  # loaded all the same: the figures in those currencies wait for it
        lines += [f"Warning: {report.fx_warning}", ""]
    for s in report.sources.itertuples():
        snapshot = f", snapshot {s.snapshot_on}" if s.snapshot_on else ""
        lines.append(f"{s.file_name}: {s.layout} (confidence {s.confidence:.0%}, header on "
                     f"line {s.header_line}{snapshot}; dates {s.first_on} to {s.last_on})")
    if len(report.sources):
        lines.append("")
    lines += report.by_table().to_string(index=False).splitlines()
    lines.append("")
    if len(report.tieouts):
        off = report.tieouts[report.tieouts["difference"] != "0.00"]
        lines.append(f"Tie-out against the files' own totals: {len(report.tieouts)} totals "
                     f"checked, {len(off)} differ.")
        for t in off.itertuples():
            lines.append(f"  {t.file_name} line {t.line} '{t.total}' {t.column}: file "
                         f"{t.file_total}, loaded {t.loaded}, difference {t.difference}")
    if report.duplicates:
        lines.append(f"Duplicate keys inside a file: {report.duplicates} rows rejected.")
    lines += [f"Conflict between files: {c}." for c in report.conflict_lines()]
    rejects = report.rejects
    if rejects.empty:
        lines.append("Rejected rows: none.")
    else:
        lines.append(f"Rejected rows: {report.total('rejected')} "
                     f"({len(rejects)} problems; rows with a problem were not loaded):")
        for r in rejects.head(MAX_REJECTS_SHOWN).itertuples():
            where = (f", {r.column_name} {r.value!r}" if r.column_name else
                     f": {r.value!r}" if isinstance(r.value, str) and r.value else "")
            lines.append(f"  {r.file_name} line {r.line}{where}: {r.reason}")
        if len(rejects) > MAX_REJECTS_SHOWN:
            lines.append(f"  ... and {len(rejects) - MAX_REJECTS_SHOWN} more "
                         f"(all are kept in the table load_rejects, load_id {report.load_id})")
    if report.orphans.empty:
        lines.append("Orphans: none (every reference resolves).")
    else:
        lines.append("Orphans (kept, but they refer to rows that do not exist):")
        for o in report.orphans.itertuples():
            lines.append(f"  {o.table_name}.{o.column_name} -> {o.refers_to}: {o.rows} rows")
    lines += [f"Warning: {w}" for w in report.warnings]
    lines += [f"Note: {n}." for n in report.control_notes()]
    return "\n".join(lines)
