"""The type by its fields, when the keywords barely decide (no title names the type).

Keyword classification leans on the title ("Packing List", "Certificate of Origin"). When none
was read (OCR lost a big bold heading, or the document prints none) the words that remain are
mentions: a certificate of origin cites its "Related invoice", a packing list its "Commercial
Invoice" number. The layout still tells: each type's label vocabulary is read over the page, and
the type whose labels find the most (confidence-weighted) fields, its keyword score added with a
small weight, is the document's if it clearly beats the keyword choice. The winner's fields are
the ones extracted, so nothing is read twice.
"""

from __future__ import annotations

from clearway.models import FieldValue, Page
from extractors import classify, fields
from extractors.classify import Classification
from extractors.layout import Line

TYPES = ("invoice", "packing_list", "waybill", "permit")
# The keywords still count, a keyword point as much as 0.3 of a field: a packing list titled
# "LISTA DE EMPAQUE" that cites its invoice reads as many waybill fields (shipper, consignee,
# weights, HS codes) as packing-list ones, its title says which it is.
KEYWORD_WEIGHT = 0.3
MIN_EVIDENCE = 4.0  # summed confidence (about five fields): less is no layout to go by
MARGIN = 1.0  # about one more field than the keyword choice finds
MAX_CONFIDENCE = 0.85  # a type without a title is never certain enough to skip review
# Below this the keywords barely decide, title or not (a CMR's "Rechnung Nr." read as big print
# by OCR beside a title OCR broke, "CMR-FR ACHTBRIEF"): the fields have a say too. Above it the
# keywords stand even without a title: a packing list's "Liste de colisage n°" outweighs the
# waybill fields it shares (shipper, consignee, containers, weights).
CONFIDENT = 0.8


def classified(
    pages: list[Page], page_lines: list[list[Line]], kind: Classification
) -> tuple[Classification, dict[str, FieldValue]]:
    """The classification and the fields read for it; ``page_lines``: each page's lines."""
    lines = [line for page in page_lines for line in page]
    if kind.confidence >= CONFIDENT or kind.doc_type not in (*TYPES, "other"):
        return kind, fields.lines_to_fields(lines, kind.doc_type, kind.subtype)
    read = {t: fields.lines_to_fields(lines, t, None) for t in TYPES}
    keywords = classify.pages_to_type_scores(pages, page_lines)
    evidence = {
        t: sum(v.confidence for v in found.values()) + KEYWORD_WEIGHT * keywords.get(t, 0.0)
        for t, found in read.items()
    }
    best = max(TYPES, key=evidence.__getitem__)
    keyword = evidence.get(kind.doc_type, 0.0)
    if best == kind.doc_type or evidence[best] < MIN_EVIDENCE or evidence[best] - keyword < MARGIN:
        return kind, (
            read[kind.doc_type]
            if kind.subtype is None and kind.doc_type in read
            else fields.lines_to_fields(lines, kind.doc_type, kind.subtype)
        )
    runner_up = max(v for t, v in evidence.items() if t != best)
    confidence = min(MAX_CONFIDENCE, 0.5 + 0.5 * (evidence[best] - runner_up) / evidence[best])
    sub = classify.subtype_of(best, pages, page_lines)
    kind = Classification(doc_type=best, confidence=round(confidence, 3), **sub)
    return kind, fields.lines_to_fields(lines, best, kind.subtype)
