"""Reference keys: what two documents of one shipment have in common.

A packing list prints "Invoice No. INV 0042", the invoice "INV-0042": the same number. The
key drops labels, separators and case so that such spellings meet, while the value keeps
the form printed (for messages and the declaration).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from clearway.models import Extraction, Reference

try:  # the extractors' normalisers are the one definition; the fallback keeps linking usable
    from extractors.references import normalize_reference, reference_key
except ImportError:  # pragma: no cover - only until extractors.references lands
    normalize_reference = None  # type: ignore[assignment]
    reference_key = None  # type: ignore[assignment]

# Field -> reference kind, for documents whose extraction did not list its references.
FIELD_KINDS: dict[str, str] = {
    "invoice_number": "invoice",
    "invoice_refs": "invoice",
    "transport_document_number": "transport_document",
    "transport_document_refs": "transport_document",
    "permit_number": "permit",
    "permit_refs": "permit",
    "packing_list_number": "packing_list",
    "container_numbers": "container",
    "buyer_order_reference": "order",
}
# Fields naming the document itself: a link points from the citing document to the owner.
OWN_FIELDS = frozenset(
    {"invoice_number", "transport_document_number", "permit_number", "packing_list_number"}
)
LINK_KINDS = frozenset(
    {"invoice", "transport_document", "permit", "container", "packing_list", "order"}
)

_LABEL = re.compile(
    r"^(?:(?:invoice|inv|rechnung|facture|b/?l|awb|bill\s+of\s+lading|permit|licen[cs]e|"
    r"packing\s+list|order|po|ref(?:erence)?)\s*)?(?:no\.?|nr\.?|n°|number|#)\s*[:.]?\s*",
    re.IGNORECASE,
)
MIN_KEY_LENGTH = 4  # shorter keys ("42", "A1") are shared by chance, not by shipment


def _fallback_key(value: str) -> str:
    text = _LABEL.sub("", value.strip())
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def key_of(kind: str, value: str) -> str:
    """The separator-free matching key of a reference value ('' when it cannot link)."""
    if reference_key is not None:
        norm = normalize_reference(kind, value) if normalize_reference is not None else value
        key = reference_key(norm or value)
    else:
        key = _fallback_key(value)
    key = key.upper()
    if len(key) < MIN_KEY_LENGTH or not any(c.isdigit() for c in key):
        return ""
    return key


def references_of(extraction: Extraction) -> list[Reference]:
    """The references a document carries: those extraction listed, plus any reference field
    it filled but did not list (so linking does not depend on one producer's completeness)."""
    refs = [r for r in extraction.references if r.kind in LINK_KINDS]
    listed = {(r.field, r.value) for r in refs}
    for field, kind in FIELD_KINDS.items():
        fv = extraction.fields.get(field)
        if fv is None or fv.value is None:
            continue
        values = fv.value if isinstance(fv.value, list | tuple) else [fv.value]
        for v in values:
            if v and (field, str(v)) not in listed:
                refs.append(Reference(kind=kind, value=str(v), field=field))  # type: ignore[arg-type]
    return refs


def keyed_references(extraction: Extraction) -> list[tuple[str, Reference]]:
    """(key, reference) pairs of a document, references that cannot link left out."""
    return [(k, r) for r in references_of(extraction) if (k := key_of(r.kind, r.value))]


def reference_keys(extraction: Extraction) -> set[str]:
    return {k for k, _ in keyed_references(extraction)}


def keys_of_all(extractions: Iterable[Extraction]) -> set[str]:
    return {k for e in extractions for k in reference_keys(e)}


def is_own(reference: Reference) -> bool:
    return reference.field in OWN_FIELDS
