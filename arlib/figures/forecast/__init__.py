"""Cash-in forecast for the 13 weeks after an as-of date (metrics.md §10): the methods, the
promise overlay, the weekly table and the back-test that replays the past."""
