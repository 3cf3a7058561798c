"""Plain-text rendering of an import report for the command line."""

from __future__ import annotations

from arlib.loader import LoadReport

MAX_REJECTS_SHOWN = 20


def load_report_text(report: LoadReport, *, db_path: str) -> str:
    """The import report as readable lines: outcome, counts per table, rejects, orphans."""
    outcome = ("data changed" if report.changed else
               "nothing changed: every row was already in the database")
    lines = [f"Load {report.load_id} into {db_path}: {outcome}.", ""]
    lines += report.by_table().to_string(index=False).splitlines()
    lines.append("")
    rejects = report.rejects
    if rejects.empty:
        lines.append("Rejected rows: none.")
    else:
        lines.append(f"Rejected rows: {report.total('rejected')} "
                     f"({len(rejects)} problems; rows with a problem were not loaded):")
        for r in rejects.head(MAX_REJECTS_SHOWN).itertuples():
            where = f", {r.column_name} {r.value!r}" if r.column_name else f": {r.value!r}"
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
    return "\n".join(lines)
