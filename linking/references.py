"""Reference keys: what two documents of one shipment have in common.

A packing list prints "No. INV 0042", the invoice "INV-0042": the same number. The key
drops "No."-style prefixes, separators and case so that such spellings meet, while the
value keeps the form printed (for messages and the declaration). FIELD_KINDS also lets a
document whose extraction did not list its references still link by its reference fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from clearway.models import Extraction, Reference

# The extractors' normalisers are the one definition of a reference's form and key.
from extractors.references import FIELD_KINDS, normalize_reference, reference_key

# Fields naming the document itself: a link points from the citing document to the owner.
OWN_FIELDS = frozenset(
    {"invoice_number", "transport_document_number", "permit_number", "packing_list_number"}
)
LINK_KINDS = frozenset(
    {"invoice", "transport_document", "permit", "container", "packing_list", "order"}
)

MIN_KEY_LENGTH = 4  # shorter keys ("42", "A1") are shared by chance, not by shipment


def key_of(kind: str, value: str) -> str:
    """The separator-free matching key of a reference value ('' when it cannot link)."""
    key = reference_key(normalize_reference(kind, value) or value).upper()
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
