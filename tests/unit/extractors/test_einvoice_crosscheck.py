"""Cross-check of the XML twin against the visible text, the merge rule, and the findings that
disagreements become."""

from __future__ import annotations

import pytest

from clearway.models import FieldValue
from extractors.einvoice import XmlTextMismatch, crosscheck, merge_fields, merge_line_items
from extractors.einvoice.crosscheck import same_value
from validators.xml_text import mismatches_to_findings

BOX = (412.1, 88.0, 470.3, 99.5)


def xml(value: str) -> FieldValue:
    return FieldValue(value=value, confidence=0.99, source="xml", extractor="einvoice.cii.v1")


def text(value: str, page: int = 1, source: str = "text") -> FieldValue:
    return FieldValue(value=value, confidence=0.9, page=page, bbox=BOX, source=source)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "xml_value", "text_value"),
    [
        ("total_amount", "529.87", "529.870"),
        ("net_amount", "473.00", "473"),
        ("issue_date", "2018-03-05", "2018-03-05"),
        ("currency", "EUR", "eur"),
        ("seller_country", "DE", "de"),
        ("invoice_number", "RE-20170509/505", "RE-20170509/505"),
        ("iban", "DE02120300000000202051", "DE02 1203 0000 0000 2020 51"),
        ("seller_vat_id", "DE123456789", "de 123 456 789"),
        ("seller_name", "Lieferant GmbH", "LIEFERANT  GmbH"),
        ("buyer_name", "Kunden AG Mitte", "Kunden AG Mitte."),
        (
            "seller_address",
            "Lieferantenstraße 20, 80333 München",
            "Lieferantenstraße 20, DE 80333 München",
        ),
        (
            "buyer_address",
            "Hans Mustermann, Kundenstraße 15, 13351 Berlin",
            "Hans Mustermann Kundenstraße 15 13351 Berlin Deutschland",
        ),
    ],
)
def test_equal_after_normalising(field: str, xml_value: str, text_value: str) -> None:
    assert same_value(field, xml_value, text_value)


@pytest.mark.parametrize(
    ("field", "xml_value", "text_value"),
    [
        ("total_amount", "529.87", "592.87"),
        ("total_amount", "40.00", "-40.00"),  # the sign counts on an invoice
        ("due_date", "2018-04-04", "2018-04-05"),
        ("currency", "EUR", "CHF"),
        ("invoice_number", "471102", "471103"),
        ("invoice_number", "INV-0042", "INV/0042"),  # punctuation is part of a reference
        ("buyer_vat_id", "FR19787878784", "DE19787878784"),
        ("seller_name", "Kraxi GmbH", "Kraxi AG"),
        ("seller_name", "Kraxi GmbH", "Kraxi Gesellschaft mit beschränkter Haftung"),  # strict
        (
            "seller_address",
            "Lieferantenstraße 20, 80333 München",
            "Lieferantenstraße 20, 80335 München",
        ),
        ("seller_address", "Musterstraße 12, 12345 Beispielstadt", "Musterstraße 12"),  # incomplete
    ],
)
def test_different(field: str, xml_value: str, text_value: str) -> None:
    assert not same_value(field, xml_value, text_value)


def test_a_mismatch_says_where_the_text_value_was_read() -> None:
    found = crosscheck(
        {"total_amount": xml("529.87"), "currency": xml("EUR")},
        {"total_amount": text("592.87", page=2), "currency": text("EUR")},
    )
    assert found == [
        XmlTextMismatch(
            field="total_amount",
            xml_value="529.87",
            text_value="592.87",
            page=2,
            bbox=BOX,
            text_source="text",
        )
    ]


def test_a_field_on_one_side_only_is_not_a_mismatch() -> None:
    assert crosscheck({"iban": xml("DE02120300000000202051")}, {}) == []
    assert crosscheck({}, {"incoterms": text("FOB")}) == []
    assert crosscheck({"iban": xml("X")}, {"incoterms": text("FOB")}) == []


def test_only_values_read_from_the_page_are_compared() -> None:
    derived = FieldValue(value="credit_note", confidence=0.7, page=1, source="derived")
    assert crosscheck({"invoice_type": xml("commercial")}, {"invoice_type": derived}) == []
    ocr = text("529.00", source="ocr")
    assert [
        m.text_source for m in crosscheck({"total_amount": xml("529.87")}, {"total_amount": ocr})
    ] == ["ocr"]


def test_credit_note_amounts_compare_by_magnitude() -> None:
    fields = {"invoice_type": xml("credit_note"), "total_amount": xml("371.88")}
    assert crosscheck(fields, {"total_amount": text("-371.88")}) == []
    assert len(crosscheck(fields, {"total_amount": text("-317.88")})) == 1


def test_mismatches_come_in_xml_field_order() -> None:
    found = crosscheck(
        {"invoice_number": xml("1"), "issue_date": xml("2020-01-01"), "net_amount": xml("1.00")},
        {"net_amount": text("2.00"), "invoice_number": text("2"), "issue_date": text("2020-01-01")},
    )
    assert [m.field for m in found] == ["invoice_number", "net_amount"]


# ---------------------------------------------------------------- merge


def test_xml_wins_and_text_fills_in() -> None:
    merged = merge_fields(
        {"total_amount": xml("529.87"), "iban": xml("DE02120300000000202051")},
        {"total_amount": text("592.87"), "incoterms": text("FOB"), "gross_weight_kg": text("12.5")},
    )
    assert {k: v.source for k, v in merged.items()} == {
        "total_amount": "xml",
        "iban": "xml",
        "incoterms": "text",
        "gross_weight_kg": "text",
    }
    assert merged["total_amount"].value == "529.87"


def test_line_items_come_from_one_side() -> None:
    xml_items = ({"description": xml("Pump")},)
    text_items = ({"description": text("Pump")}, {"description": text("Hose")})
    assert merge_line_items(xml_items, text_items) is xml_items
    assert merge_line_items((), text_items) is text_items


# ---------------------------------------------------------------- findings


def test_each_mismatch_becomes_an_xml_text_mismatch_finding() -> None:
    mismatches = crosscheck(
        {"total_amount": xml("529.87"), "buyer_vat_id": xml("FR19787878784")},
        {
            "total_amount": text("592.87", page=2),
            "buyer_vat_id": text("DE19787878784", source="ocr"),
        },
    )
    findings = mismatches_to_findings("inbox/a.pdf", mismatches)
    assert [(f.code, f.severity, f.documents, f.fields) for f in findings] == [
        ("xml_text_mismatch", "warning", ["inbox/a.pdf"], ["total_amount"]),
        ("xml_text_mismatch", "warning", ["inbox/a.pdf"], ["buyer_vat_id"]),
    ]
    assert "'529.87' in the embedded e-invoice XML" in findings[0].message
    assert "'592.87' is printed on page 2" in findings[0].message
    assert "read by OCR on page 1" in findings[1].message


def test_no_mismatch_no_finding() -> None:
    assert mismatches_to_findings("a.pdf", []) == []


def test_a_page_value_extraction_doubts_is_not_a_mismatch() -> None:
    doubted = text("275.00").model_copy(update={"confidence": 0.55})
    assert crosscheck({"tax_amount": xml("56.87")}, {"tax_amount": doubted}) == []
    sure = text("275.00").model_copy(update={"confidence": 0.9})
    assert [m.field for m in crosscheck({"tax_amount": xml("56.87")}, {"tax_amount": sure})] == [
        "tax_amount"
    ]
