"""arlib: the AR analytics library. Files come in, become canonical rows, are stored, give
figures, and leave as outputs; each package imports only those above it in this list (checked
by import-linter, `lint-imports`; see docs/architecture.md):

    canonical/  the canonical rows every file becomes: pydantic models, checks derived from them
    intake/     files in: export readers, report shapes, layouts, saved mappings, locale values
    store/      the DuckDB store: schema, loads, upserts, fact tables rebuilt after each load
    figures/    every figure of docs/metrics.md, with its SQL beside it in figures/sql/
    outputs/    the report, exports (CSV, XLSX), statements and briefs, charts
    sample/, bench/, __main__   the sample book generator, the scale bench, the command line

settings.py (the one settings model) and written.py (the one rule for how a value reads:
exact amounts, whole days, blank for missing) may be used by every layer. arlib never imports
streamlit or ui.
"""
