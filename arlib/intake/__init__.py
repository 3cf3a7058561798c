"""Files in: reading canonical files and other systems' exports (CSV, TSV, XLSX), finding the
report's shape and layout, saved mappings, locale values; out come canonical frames.
Imports arlib.canonical and arlib.settings; never the store or anything above it."""
