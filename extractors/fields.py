"""Pages + document type -> canonical fields: label finder and pattern finders, then selection.

The registry below says which fields each document type carries (fields.md) and which are lists;
a unit test checks every canonical field has a producer.
"""

from __future__ import annotations

import dataclasses

from clearway.models import FieldValue, Page
from extractors import (
    confusables,
    date_order,
    derived_totals,
    find_labels,
    letterhead,
    patterns,
    select,
    tables,
    total_rows,
)
from extractors.find_labels import Candidate
from extractors.labels import WEAK, LabelSet, label_set
from extractors.layout import Line, page_to_lines

FIELDS: dict[str, tuple[str, ...]] = {
    "invoice": (
        "invoice_number",
        "invoice_type",
        "issue_date",
        "due_date",
        "delivery_date",
        "seller_name",
        "seller_address",
        "seller_vat_id",
        "seller_eori",
        "seller_country",
        "buyer_name",
        "buyer_address",
        "buyer_vat_id",
        "buyer_eori",
        "buyer_country",
        "currency",
        "net_amount",
        "tax_amount",
        "total_amount",
        "amount_due",
        "iban",
        "buyer_order_reference",
        "incoterms",
        "incoterms_place",
        "country_of_origin",
        "gross_weight_kg",
        "net_weight_kg",
        "packages_count",
        "transport_document_refs",
        "permit_refs",
    ),
    "packing_list": (
        "packing_list_number",
        "issue_date",
        "seller_name",
        "buyer_name",
        "invoice_refs",
        "packages_count",
        "gross_weight_kg",
        "net_weight_kg",
        "container_numbers",
    ),
    "waybill": (
        "transport_document_type",
        "transport_document_number",
        "issue_date",
        "shipper_name",
        "shipper_address",
        "consignee_name",
        "consignee_address",
        "notify_party_name",
        "carrier_name",
        "port_of_loading",
        "port_of_discharge",
        "place_of_receipt",
        "place_of_delivery",
        "vessel_name",
        "voyage_number",
        "flight_number",
        "container_numbers",
        "packages_count",
        "gross_weight_kg",
        "goods_description",
        "hs_codes",
        "invoice_refs",
        "freight_terms",
    ),
    "permit": (
        "permit_type",
        "permit_number",
        "issuing_authority",
        "issuing_country",
        "issue_date",
        "expiry_date",
        "holder_name",
        "holder_address",
        "exporter_name",
        "importer_name",
        "hs_codes",
        "goods_description",
        "quantity_limit",
        "quantity_unit",
        "country_of_origin",
        "country_of_destination",
        "invoice_refs",
        "transport_document_refs",
    ),
}
FIELDS["receipt"] = FIELDS["invoice"]
# Line-item fields (invoice, packing list), fields.md.
LINE_ITEM_FIELDS = (
    "description",
    "hs_code",
    "quantity",
    "unit_code",
    "unit_price",
    "line_total",
    "origin_country",
    "net_weight_kg",
    "gross_weight_kg",
)
LIST_FIELDS = {
    "transport_document_refs",
    "permit_refs",
    "invoice_refs",
    "container_numbers",
    "hs_codes",
}


def pages_to_lines(pages: list[Page]) -> list[Line]:
    return [line for page in pages for line in page_to_lines(page)]


def lines_to_fields(
    lines: list[Line], doc_type: str, subtype: str | None = None
) -> dict[str, FieldValue]:
    if doc_type not in FIELDS:
        return {}
    labels = label_set(doc_type)
    matched = [without_carried_totals(ml, labels) for ml in find_labels.match_lines(lines, labels)]
    candidates = confusables.settle_repairs(
        find_labels.lines_to_candidates(lines, labels, matched)
        + total_rows.matched_to_candidates(matched, labels)
    )
    candidates += letterhead.lines_to_candidates(lines, labels)
    candidates += stand_in_candidates(candidates, labels.stand_ins.get(subtype or "", {}))
    # A value a label assigns to one field is not another field's by pattern (a VAT id under
    # "Buyer" is not the seller's just because it is the first VAT id on the page).
    labelled = {(c.value, c.field) for c in candidates}
    labelled_values = {value for value, _ in labelled}
    candidates += [
        c
        for c in confusables.settle_repairs(patterns.lines_to_pattern_candidates(lines, doc_type))
        if c.value not in labelled_values or (c.value, c.field) in labelled
    ]
    fields = select.candidates_to_fields(candidates, LIST_FIELDS, set(FIELDS[doc_type]))
    fields = {name: text_layer_sure(fv) for name, fv in fields.items()}
    fields = confusables.repair_totals(fields)
    fields = date_order.settle_date_order(fields, lines)
    if doc_type == "invoice":
        fields = derived_totals.with_derived_totals(fields, lines)
    return dict(sorted(fields.items(), key=lambda kv: FIELDS[doc_type].index(kv[0])))


# A text layer leaves no doubt about the letters, only about the reading, so a value read from
# it that the reading trusts (scored 0.8 or more) keeps half the doubt its score says; one the
# reading doubts (a value among rivals, "USt. 7% 275,00 19,25") stays as doubtful. Measured with
# `clearway eval` (2026-12-05; generated seeds 3, 5, 41, 97 and the public corpus): text-layer
# field values scored 0.8-0.9 were right 3144 of 3144 times; OCR'd ones 99.0 %. With the doubt
# halved, 47 % of all field values reach 0.9 (was 29 %), and 99.98 % of those are right (public
# corpus alone: 99.7 %, 71 % of its values). Date-order and total repairs apply their doubt after.
TEXT_DOUBT = 0.5
TEXT_TRUSTED = 0.8


def text_layer_sure(fv: FieldValue) -> FieldValue:
    if fv.source != "text" or fv.confidence < TEXT_TRUSTED:
        return fv
    return fv.model_copy(update={"confidence": round(1 - (1 - fv.confidence) * TEXT_DOUBT, 4)})


def without_carried_totals(
    ml: find_labels.MatchedLine, labels: LabelSet
) -> find_labels.MatchedLine:
    """ "Subtotal c/f 27,223.80": a running total carried between pages is no document total
    (the line's other labels stay: "Suite 300 | Fecha" is no carry line's date)."""
    if not ml.hits or not tables.is_carry_line(ml.line):
        return ml
    hits = tuple(
        h
        for h in ml.hits
        if not all(
            f == find_labels.STOP or labels.fields[f.removesuffix(WEAK)].kind == "amount"
            for f in h.fields
        )
    )
    return dataclasses.replace(ml, hits=hits)


STAND_IN_FACTOR = 0.95  # a party read under its own label, taken for another role by rule


def stand_in_candidates(candidates: list[Candidate], stand_ins: dict[str, str]) -> list[Candidate]:
    """A field with no candidate of its own takes its stand-in's (a certificate's holder is its
    exporter), a little less sure."""
    present = {c.field for c in candidates}
    return [
        dataclasses.replace(c, field=field, score=round(c.score * STAND_IN_FACTOR, 4))
        for field, source in stand_ins.items()
        if field not in present
        for c in candidates
        if c.field == source
    ]
