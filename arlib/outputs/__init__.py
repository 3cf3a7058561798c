"""What leaves the library: the whole report as JSON or text, CSV and stamped XLSX exports,
printable statements and briefs, Vega-Lite charts (altair). Imports figures and everything below."""
