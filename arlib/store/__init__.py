"""The DuckDB store: schema, staging views and macros, loads (all or nothing, recorded),
upserts, and the fact tables rebuilt after each load (with the promise allocation).
Imports intake, canonical and settings; never figures or outputs. SQL in store/sql/."""
