"""The export layouts the importer recognises by their header, and how each maps to the
canonical tables (export-formats.md; the rules it leaves open are in docs/rules.md).

One module per vendor family; LAYOUTS keeps their order, which breaks a tie between two
layouts that know a header equally well (the first wins).
"""

from __future__ import annotations

from arlib.intake.frames import latest_date
from arlib.intake.layouts import (
    dynamics,
    erpnext,
    ibm,
    netsuite,
    odoo,
    quickbooks,
    sage,
    sap,
    xero,
    zoho,
)
from arlib.intake.layouts.base import Layout

LAYOUTS: tuple[Layout, ...] = (
    *quickbooks.LAYOUTS,
    *xero.LAYOUTS,
    *sap.LAYOUTS,
    *netsuite.LAYOUTS,
    *dynamics.LAYOUTS,
    *sage.LAYOUTS,
    *zoho.LAYOUTS,
    *erpnext.LAYOUTS,
    *odoo.LAYOUTS,
    *ibm.LAYOUTS,
)
BY_KEY = {layout.key: layout for layout in LAYOUTS}

__all__ = ["BY_KEY", "LAYOUTS", "Layout", "latest_date"]
