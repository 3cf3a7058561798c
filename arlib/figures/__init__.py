"""The figures of docs/metrics.md as of any date: aging, DSO, promises, reps, customers,
overview, calls, visits; each query in figures/sql/<topic>/, one per file.
Imports the store (to run queries), canonical and settings; never outputs."""
