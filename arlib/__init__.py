"""arlib: the AR analytics library (DuckDB store, import, metrics); never imports streamlit."""
