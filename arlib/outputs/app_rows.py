"""The rows entered in the app as a ZIP of canonical CSV files, for the CRM (issue 20,
point 5): contacts.csv, promises.csv, notes.csv with the canonical headers first."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from arlib.outputs import export


def crm_zip(frames: dict[str, pd.DataFrame]) -> bytes:
    """One CSV per table (formula-like cells neutralised, as every export of the app)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, frame in frames.items():
            archive.writestr(f"{table}.csv", export.to_csv_bytes(frame))
    return out.getvalue()
