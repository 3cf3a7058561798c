"""The canonical rows: one pydantic model per table (docs/data-model.md) and the set-based
checks and table definitions derived from them. Imports only arlib.settings."""
