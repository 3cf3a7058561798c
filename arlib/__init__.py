"""arlib: the AR analytics library. Data flows down this list, and each package imports only
the ones below it (checked by import-linter, `lint-imports`; see docs/architecture.md):

    intake/     files in: export readers, layouts, saved mappings, value parsing
    canonical/  the canonical rows: pydantic models and the checks derived from them
    store/      the DuckDB store: schema, loads, upserts, fact tables rebuilt after each load
    figures/    every figure of docs/metrics.md, with its SQL beside it in figures/sql/
    outputs/    the report, exports (CSV, XLSX), statements and briefs, charts
    sample/, bench/, __main__   the sample book generator, the scale bench, the command line

settings.py is the one settings model, read by every layer. arlib never imports streamlit or ui.
"""
