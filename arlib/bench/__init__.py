"""The scale benchmark: a sample book of N invoices, its import, every page's calls timed."""
