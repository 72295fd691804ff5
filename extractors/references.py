"""Reference numbers: normalised for storage and display, keyed for matching across documents.

The linking stage imports ``normalize_reference`` and ``reference_key``: an invoice number printed
"No. INV-2026/0042" on the invoice and "inv 2026 0042" on the packing list must meet.
"""

from __future__ import annotations

import re

from clearway.models import FieldValue, Reference

# Field -> reference kind, as fields.md and the linking stage agree.
FIELD_KINDS: dict[str, str] = {
    "invoice_number": "invoice",
    "invoice_refs": "invoice",
    "transport_document_number": "transport_document",
    "transport_document_refs": "transport_document",
    "permit_number": "permit",
    "permit_refs": "permit",
    "container_numbers": "container",
    "buyer_order_reference": "order",
    "packing_list_number": "packing_list",
}

_PREFIX = re.compile(r"^(?:no\.?|nr\.?|n°|nº|n\.|num\.?|#)\s*[:.]?\s*", re.IGNORECASE)
_COMPACT_KINDS = {"container", "transport_document_awb"}


def normalize_reference(kind: str, value: str) -> str:
    """Upper case, "No."/"Nr."/"N°"/"#" prefixes stripped, whitespace collapsed; AWB and container
    numbers lose their spaces and dashes (their printed grouping carries no meaning)."""
    text = re.sub(r"\s+", " ", value.strip()).upper()
    text = _PREFIX.sub("", text).strip()
    compact = re.sub(r"[\s\-]", "", text)
    if kind == "container" or (kind == "transport_document" and re.fullmatch(r"\d{11}", compact)):
        return compact
    return text


def reference_key(value: str) -> str:
    """The matching key: letters and digits only, upper case ("INV-2026/0042" -> "INV20260042")."""
    return re.sub(r"[^0-9A-Z]", "", normalize_reference("", value))


def fields_to_references(fields: dict[str, FieldValue]) -> tuple[Reference, ...]:
    out: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for field, kind in FIELD_KINDS.items():
        fv = fields.get(field)
        if fv is None:
            continue
        for raw in fv.value if isinstance(fv.value, list) else [fv.value]:
            value = normalize_reference(kind, str(raw))
            if value and (kind, value) not in seen:
                seen.add((kind, value))
                out.append(Reference(kind=kind, value=value, field=field))  # type: ignore[arg-type]
    return tuple(out)
