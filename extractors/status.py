"""Fields -> status and errors: extracted when the type's required fields are present and
confident."""

from __future__ import annotations

from clearway import errors
from clearway.models import ErrorInfo, FieldValue

# Each entry is a set of alternatives: one present field satisfies it.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "invoice": (
        ("invoice_number",),
        ("issue_date",),
        ("seller_name",),
        ("total_amount",),
        ("currency",),
    ),
    "receipt": (("issue_date",), ("seller_name",), ("total_amount",), ("currency",)),
    "packing_list": (("packing_list_number", "invoice_refs"),),
    "waybill": (("transport_document_type",), ("transport_document_number",)),
    "permit": (("permit_type",), ("permit_number",)),
}


def fields_to_status(
    file: str, doc_type: str, fields: dict[str, FieldValue], threshold: float
) -> tuple[str, tuple[ErrorInfo, ...]]:
    if doc_type == "other":
        return "partial", (errors.UNKNOWN_TYPE.info(file=file),)
    missing: list[str] = []
    weak: list[str] = []
    for alternatives in REQUIRED.get(doc_type, ()):
        present = [f for f in alternatives if f in fields]
        if not present:
            missing.append(" or ".join(alternatives))
        elif max(fields[f].confidence for f in present) < threshold:
            weak.append(present[0])
    found: list[ErrorInfo] = []
    if missing:
        found.append(errors.MISSING_FIELDS.info(file=file, fields=", ".join(missing)))
    if weak:
        found.append(errors.LOW_CONFIDENCE.info(file=file, fields=", ".join(weak)))
    return ("partial" if found else "extracted"), tuple(found)
