"""Layout parameters as data: each document kind is printed in one of these variants.

Variant 0 "blocks": labels left of values ("Label: value"), unboxed party blocks.
Variant 1 "grid": boxed cells with a small label above the value, like pre-printed forms.
Both are drawn by ``render_pdf._Page`` with fixed parameters (the bundled samples use them).

The newer variants are drawn by ``render_flow`` from sections named here, and every entry
given as a list is a choice drawn once per document (``look_for``), so that one variant is
a family: fonts, sizes, margins, table style and column order differ from document to
document while the arrangement stays recognisable.

Variant 2 "ledger": title left, reference box top right, parties side by side, then a
two-column list with the labels in a fixed left column.
Variant 3 "form": numbered boxes with bilingual labels above the values, as on AWB, CMR
and certificate forms.
Variant 4 "letter": the issuer's letterhead, the addressee in an envelope window, an
information block beside it, a running "Invoice No. X of DATE" line and a shaded table.
Variant 5 "band": title top right, the references as columns in a shaded band, parties
under shaded label strips, details in a ruled label/value table, totals in a panel.
"""

from __future__ import annotations

import random
from typing import Any

FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}

# Line-item columns per table kind; the newer layouts draw one order per document. A
# column a document does not print is not in its ground truth either.
INVOICE_COLUMNS: list[list[str]] = [
    ["pos", "description", "hs", "qty", "unit", "unit_price", "amount", "origin"],
    ["pos", "article", "description", "hs", "origin", "qty", "unit", "unit_price", "amount"],
    ["description", "hs", "qty", "unit", "unit_price", "amount"],
    ["pos", "hs", "description", "origin", "qty", "unit_price", "amount"],
    ["article", "description", "qty", "unit", "unit_price", "amount"],
    ["pos", "qty", "unit", "description", "hs", "unit_price", "amount"],
]
PACKING_COLUMNS: list[list[str]] = [
    ["pos", "description", "hs", "qty", "unit", "packages", "net", "gross"],
    ["pos", "packages", "description", "qty", "unit", "net", "gross"],
    ["article", "description", "hs", "qty", "packages", "gross", "net"],
    ["pos", "description", "qty", "unit", "packages", "net", "gross"],
    ["packages", "article", "description", "hs", "qty", "unit", "gross", "net"],
]
COLUMN_WIDTHS = {
    "pos": 0.05,
    "article": 0.1,
    "description": 0.34,
    "hs": 0.11,
    "qty": 0.08,
    "unit": 0.06,
    "unit_price": 0.1,
    "amount": 0.12,
    "origin": 0.09,
    "packages": 0.09,
    "net": 0.1,
    "gross": 0.1,
}
# The original two layouts print the first column order at these widths.
LEGACY_WIDTHS = {
    "invoice": [0.05, 0.33, 0.12, 0.1, 0.07, 0.1, 0.13, 0.07],
    "packing": [0.05, 0.33, 0.12, 0.1, 0.07, 0.11, 0.11, 0.11],
}
NUMERIC_COLUMNS = {"qty", "unit_price", "amount", "packages", "net", "gross"}

# What the letter layout prints as letterhead and in the envelope window, per kind.
LETTERHEAD = {
    "invoice": ["seller"],
    "packing_list": ["shipper"],
    "waybill": ["carrier_name"],
    "permit": ["issuing_authority"],
}
WINDOW = {
    "invoice": ["buyer"],
    "packing_list": ["consignee"],
    "waybill": [],
    "permit": ["holder", "importer"],
}

_SHARED: dict[str, Any] = {
    "engine": "flow",
    "font": ["Helvetica", "Times", "Courier", "Helvetica"],
    "id_style": [0, 1],
    "hs_dotted": [False, True],
    "unit_style": ["code", "name"],
    "currency_pos": ["before", "after"],
    "invoice_columns": list(range(len(INVOICE_COLUMNS))),
    "packing_columns": list(range(len(PACKING_COLUMNS))),
    "table_font": [7.5, 8, 8.5],
    "row_h": [13.0, 14.5, 16.0],
    "carry_lines": [True, False],
}

LAYOUTS: list[dict[str, Any]] = [
    {
        "name": "blocks",
        "engine": "blocks",
        "title_font": ("Helvetica-Bold", 16),
        "title_align": "left",
        "label_font": ("Helvetica-Bold", 8.5),
        "value_font": ("Helvetica", 9),
        "boxed": False,
        "detail_columns": 2,
        "table_grid": False,
        "margin": 40,
    },
    {
        "name": "grid",
        "engine": "grid",
        "title_font": ("Helvetica-Bold", 13),
        "title_align": "center",
        "label_font": ("Helvetica", 6.5),
        "value_font": ("Helvetica", 9),
        "boxed": True,
        "detail_columns": 3,
        "table_grid": True,
        "margin": 34,
    },
    {
        **_SHARED,
        "name": "ledger",
        "page_pos": ["right"],
        "head": "ledger",
        "parties": "columns",
        "details": "kv",
        "totals": "right",
        "margin": [36.0, 42.0, 50.0],
        "title_size": [14.0, 16.0, 18.0],
        "label_size": [7.5, 8.0, 8.5],
        "value_size": [8.5, 9.0, 9.5],
        "label_suffix": [":", ""],
        "label_column": [140.0, 165.0, 190.0],
        "leaders": [True, False],
        "refbox_width": [210.0, 240.0],
        "table_style": ["rules", "grid", "rules"],
        "header_fill": [0.85, 0.92, 1.0],
    },
    {
        **_SHARED,
        "name": "form",
        "page_pos": ["center"],
        "head": "form",
        "parties": "none",
        "details": "boxes",
        "totals": "boxes",
        "bilingual": True,
        "numbered": True,
        "margin": [24.0, 30.0, 36.0],
        "title_size": [11.0, 12.5, 14.0],
        "label_size": [5.5, 6.0, 6.5],
        "value_size": [8.5, 9.0],
        "label_suffix": [""],
        "detail_columns": [2, 3, 4],
        "party_width": [0.5, 0.55, 0.6],
        "table_style": ["grid"],
        "header_fill": [0.8, 0.9, 1.0],
        "footer_note": ["form_copy"],
    },
    {
        **_SHARED,
        "name": "letter",
        "page_pos": ["left", "center"],
        "head": "letter",
        "parties": "columns",
        "details": "kv2",
        "totals": "right",
        "margin": [48.0, 56.0, 64.0],
        "letterhead_size": [15.0, 18.0, 21.0],
        "letterhead_align": ["left", "right", "center"],
        "title_size": [12.0, 13.0, 15.0],
        "label_size": [7.5, 8.0],
        "value_size": [8.5, 9.0, 9.5],
        "label_suffix": [":", ""],
        "table_style": ["zebra", "zebra", "rules"],
        "header_fill": [0.8, 0.88],
        "intro": [True, False],
    },
    {
        **_SHARED,
        "name": "band",
        "page_pos": ["right", "left"],
        "head": "band",
        "parties": "columns",
        "details": "kvgrid",
        "totals": "shaded",
        "margin": [32.0, 40.0, 46.0],
        "title_size": [16.0, 19.0, 22.0],
        "label_size": [6.5, 7.0, 7.5],
        "value_size": [8.5, 9.0],
        "label_suffix": [""],
        "label_caps": [True, False],
        "band_fill": [0.82, 0.88, 0.93],
        "party_bar": [0.88, 0.93],
        "table_style": ["rules", "zebra", "grid"],
        "header_fill": [0.75, 0.85, 1.0],
    },
]

N_LEGACY = 2  # variants drawn by render_pdf._Page with fixed parameters


def layout_for(variant: int) -> dict[str, Any]:
    return LAYOUTS[variant % len(LAYOUTS)]


def look_for(variant: int, pick: int) -> dict[str, Any]:
    """The resolved parameters of one document: every list in the layout is a choice,
    drawn from ``pick`` (the legacy layouts have no choices and come back as they are)."""
    layout = layout_for(variant)
    if layout["engine"] != "flow":
        return layout
    rng = random.Random(f"look:{layout['name']}:{pick}")
    return {k: rng.choice(v) if isinstance(v, list) else v for k, v in layout.items()}
