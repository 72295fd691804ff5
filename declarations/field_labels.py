"""A declaration field's name in words, for the workbench and the e-mails to traders.

The field paths (``items.0.hs_code``, ``supporting_documents.1.type``) are what the amend
form and the CLI take, so the page keeps them; beside them an assessor reads what the value
is. The words are the data element names of declarations/data/data_elements.json, cut to
what fits a table column (every 2/3 entry is "Documents produced, certificates and
authorisations, additional references", which says nothing at a glance).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "data_elements.json"

# Shorter words where the official name is too long or too vague for a column.
SHORT = {
    "transport_document_type": "Transport document type",
    "transport_document_number": "Transport document number",
    "invoice_numbers": "Invoice number",
    "supporting_documents": "Supporting document",
    "incoterms": "Delivery terms (Incoterms)",
    "incoterms_place": "Delivery terms (place)",
    "items.hs_code": "Commodity code",
    "items.quantity": "Quantity",
    "items.unit_code": "Unit of quantity",
}
# The parts of a supporting document entry.
PARTS = {"type": "type", "number": "number", "date": "date", "code": "code"}


@cache
def _names() -> dict[str, str]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    names = {k: v["name"] for k, v in raw.items() if isinstance(v, dict) and "name" in v}
    return {**names, **SHORT}


def field_label(field: str) -> str:
    """``items.0.hs_code`` -> "Item 1: Commodity code"; an unknown key is returned as is."""
    names = _names()
    parts = field.split(".")
    if parts[0] == "items" and len(parts) == 3 and parts[1].isdigit():
        return f"Item {int(parts[1]) + 1}: {names.get('items.' + parts[2], parts[2])}"
    name = names.get(parts[0])
    if name is None:
        return field
    if len(parts) == 2 and parts[1].isdigit():
        return f"{name} {int(parts[1]) + 1}"
    if len(parts) == 3 and parts[1].isdigit():
        return f"{name} {int(parts[1]) + 1}, {PARTS.get(parts[2], parts[2].replace('_', ' '))}"
    return name
