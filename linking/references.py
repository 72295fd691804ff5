"""Reference keys: what two documents of one shipment have in common.

A packing list prints "No. INV 0042", the invoice "INV-0042": the same number. The key
drops "No."/"Nr."/"N°"-style labels, separators and case so that such spellings meet,
while the value keeps the form printed (for messages and the declaration). FIELD_KINDS
also lets a document whose extraction did not list its references still link by its
reference fields.

OCR confuses O/0, I/1, S/5 and B/8. A key is never silently rewritten by guess: an air
waybill or container number that fails its check digit as read but passes it in exactly
one confusion reading takes that reading (the check digit confirms it); any other
confusion only links two documents when a second value they share confirms it (see
``linking.group``), through ``confusion_key``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from clearway.models import Extraction, Reference

# The extractors' list of reference fields is the one definition of what a reference is.
from extractors.references import FIELD_KINDS

# Fields naming the document itself: a link points from the citing document to the owner.
OWN_FIELDS = frozenset(
    {"invoice_number", "transport_document_number", "permit_number", "packing_list_number"}
)
LINK_KINDS = frozenset(
    {"invoice", "transport_document", "permit", "container", "packing_list", "order"}
)
CHECK_DIGIT_KINDS = frozenset({"transport_document", "container"})

MIN_KEY_LENGTH = 4  # shorter keys ("42", "A1") are shared by chance, not by shipment

# "No.", "Nr:", "N°", "Nº", "n.", "Num.", "Number", "#" before the number (repeated: "No.: #")
_LABEL = re.compile(
    r"^(?:(?:no|nr|num|number|n)\s*[.:°º]+|n\s*[°º]|#|(?:no|nr|num|number)\s+(?=[^\s]*\d))\s*",
    re.IGNORECASE,
)
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
TO_DIGIT = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8"})
TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B"})


# --- pure normalisation -------------------------------------------------------------------


def strip_label(value: str) -> str:
    """The value without its leading number label(s), whitespace collapsed, upper case."""
    # "º" (ordinal indicator) first: NFKC would turn "Nº" into "No" and hide the label
    text = unicodedata.normalize("NFKC", value.replace("º", "°")).translate(_DASHES)
    text = re.sub(r"\s+", " ", text).strip()
    while True:
        shorter = _LABEL.sub("", text, count=1).strip()
        if shorter == text:
            return text.upper()
        text = shorter


def exact_key(value: str) -> str:
    """Letters and digits only, label stripped, upper case ("No. inv-0042" -> "INV0042")."""
    return re.sub(r"[^0-9A-Z]", "", strip_label(value))


def confusion_key(key: str) -> str:
    """The key with every OCR-confusable letter read as its digit (O->0, I->1, S->5, B->8):
    two keys that meet here differ only by confusions."""
    return key.translate(TO_DIGIT)


def awb_ok(digits: str) -> bool:
    """IATA air waybill: 11 digits, the check digit is the 7-digit serial mod 7."""
    return len(digits) == 11 and digits.isdigit() and int(digits[3:10]) % 7 == int(digits[10])


_ISO6346 = dict(
    zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [v for v in range(10, 39) if v % 11], strict=True)
)


def container_ok(key: str) -> bool:
    """ISO 6346: owner code (3 letters), category (U, J, Z or R), 6 digits, check digit."""
    if not re.fullmatch(r"[A-Z]{3}[UJZR]\d{7}", key):
        return False
    total = sum((_ISO6346[c] if c.isalpha() else int(c)) << i for i, c in enumerate(key[:10]))
    return total % 11 % 10 == int(key[10])


def check_digit_reading(kind: str, key: str) -> str | None:
    """The one reading of a transport-document or container key that passes its check digit
    when the key as read fails it; None when it passes already or no reading does."""
    if kind == "transport_document":
        if len(key) != 11 or awb_ok(key):
            return None
        digits = key.translate(TO_DIGIT)
        return digits if awb_ok(digits) else None
    if kind == "container":
        if len(key) != 11 or container_ok(key):
            return None
        reading = key[:4].translate(TO_LETTER) + key[4:].translate(TO_DIGIT)
        return reading if container_ok(reading) else None
    return None


def key_of(kind: str, value: str) -> str:
    """The matching key of a reference value ('' when it cannot link): the exact key, or the
    check-digit-confirmed reading of an AWB or container number misread by OCR."""
    key = exact_key(value)
    key = check_digit_reading(kind, key) or key
    if len(key) < MIN_KEY_LENGTH or not any(c.isdigit() for c in key):
        return ""
    return key


# --- over extractions ---------------------------------------------------------------------


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
