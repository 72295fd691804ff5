"""The e-invoice reader on hand-written fixtures: UBL 2.1 Invoice and CreditNote, a CII EXTENDED
export invoice, a ZUGFeRD 1.0 credit note; and the mapping files' contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.einvoice import EInvoice, EInvoiceXmlError, xml_bytes_to_einvoice
from extractors.einvoice.kinds import to_amount, to_date, to_iban, to_vat_id
from extractors.einvoice.mapping import (
    MAPPINGS_DIR,
    MappingError,
    mappings,
    type_codes,
    yaml_to_mapping,
)
from extractors.einvoice.read import CONFIDENCE

FIXTURES = Path(__file__).parent / "fixtures" / "einvoice"


def read(name: str) -> EInvoice:
    return xml_bytes_to_einvoice((FIXTURES / name).read_bytes(), name)


def values(e: EInvoice) -> dict[str, str]:
    return {k: v.value for k, v in e.fields.items()}


def item_values(e: EInvoice) -> list[dict[str, str]]:
    return [{k: v.value for k, v in item.items()} for item in e.line_items]


def test_ubl_invoice_fields() -> None:
    e = read("ubl_invoice.xml")
    assert (e.syntax, e.extractor, e.type_code, e.subtype) == (
        "ubl",
        "einvoice.ubl.v1",
        "380",
        "commercial",
    )
    assert e.profile and e.profile.endswith("billing:3.0")
    assert values(e) == {
        "invoice_number": "INV-2026/0042",
        "invoice_type": "commercial",
        "issue_date": "2026-03-14",
        "due_date": "2026-04-13",
        "delivery_date": "2026-03-12",
        "seller_name": "Kraftwerk Pumpen GmbH",  # legal name (BT-27) over trading name
        "seller_address": "Industriestraße 7, Halle 3, 70565 Stuttgart",
        "seller_country": "DE",
        "seller_vat_id": "DE811907980",  # the VAT scheme's id, not the tax number (FC)
        "buyer_name": "Rhein Logistik AG",  # whitespace collapsed
        "buyer_address": "Hafenstraße 44, 47119 Duisburg",
        "buyer_country": "DE",
        "buyer_vat_id": "DE123456789",
        "currency": "USD",
        "net_amount": "1355.00",
        "tax_amount": "257.45",  # the invoice currency's TaxTotal, not the EUR one listed first
        "total_amount": "1612.45",
        "amount_due": "1112.45",
        "iban": "DE89370400440532013000",
        "buyer_order_reference": "PO 4711-A",
        "incoterms": "FCA",
    }


def test_ubl_invoice_line_items() -> None:
    assert item_values(read("ubl_invoice.xml")) == [
        {
            "description": "Hydraulic pump HP-200",
            "quantity": "4.00",
            "unit_code": "C62",
            "unit_price": "312.50",
            "line_total": "1250.00",
            "hs_code": "841370",  # listID HS only; "8413.70" -> digits
            "origin_country": "CN",
        },
        {
            "description": "Rubber hose DN25",
            "quantity": "12.50",
            "unit_code": "MTR",
            "unit_price": "8.40",
            "line_total": "105.00",
            "hs_code": "400921",
            "origin_country": "DE",
        },
    ]


def test_ubl_credit_note() -> None:
    e = read("ubl_creditnote.xml")
    assert (e.type_code, e.subtype) == ("381", "credit_note")
    got = values(e)
    assert got["invoice_type"] == "credit_note"
    assert got["due_date"] == "2026-03-30"  # PaymentMeans/PaymentDueDate
    assert (got["net_amount"], got["total_amount"]) == ("312.50", "371.88")  # sign as stated
    assert "buyer_vat_id" not in got and "incoterms" not in got  # absent, not guessed
    assert item_values(e) == [
        {
            "description": "Hydraulic pump HP-200",
            "quantity": "1.00",
            "unit_code": "C62",
            "unit_price": "312.50",
            "line_total": "312.50",
            "hs_code": "841370",
            "origin_country": "CN",
        }
    ]


def test_cii_extended_export_invoice() -> None:
    e = read("cii_extended.xml")
    assert (e.syntax, e.extractor, e.subtype) == ("cii", "einvoice.cii.v1", "commercial")
    got = values(e)
    assert got["invoice_number"] == "EX 2026-118"
    assert got["seller_address"] == "Rheinweg 3, Tor 2, 79539 Lörrach"
    assert got["seller_vat_id"] == "DE999888777"
    assert (got["buyer_country"], got["incoterms"]) == ("CH", "DAP")
    assert got["buyer_order_reference"] == "BR-PO-5531"
    assert (got["tax_amount"], got["total_amount"]) == ("0.00", "3500.00")
    assert (got["due_date"], got["delivery_date"]) == ("2026-04-01", "2026-02-27")
    lines = item_values(e)
    assert lines[0]["hs_code"] == "84818081" and lines[0]["origin_country"] == "IT"
    assert lines[1] == {
        "description": "PTFE gasket set",
        "quantity": "2000.00",
        "unit_code": "KGM",
        "unit_price": "0.025",  # more decimals kept where they count
        "line_total": "50.00",
    }  # a classification that is not HS gives no hs_code


def test_zugferd1_credit_note() -> None:
    e = read("zugferd1_creditnote.xml")
    assert (e.syntax, e.type_code, e.subtype) == ("zugferd1", "381", "credit_note")
    assert e.profile == "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort"
    got = values(e)
    assert got["buyer_order_reference"] == "B-889"
    assert got["seller_address"] == "Marienstraße 5, 01067 Dresden"
    assert (got["tax_amount"], got["amount_due"]) == ("7.60", "47.60")
    assert item_values(e) == [
        {
            "description": "Ordner A4, returned",
            "quantity": "10.00",
            "unit_code": "C62",
            "unit_price": "4.00",
            "line_total": "40.00",
        }
    ]


def test_values_carry_xml_provenance() -> None:
    e = read("ubl_invoice.xml")
    vat = e.fields["seller_vat_id"]
    assert (vat.source, vat.page, vat.bbox, vat.confidence) == ("xml", None, None, CONFIDENCE)
    assert vat.raw == "DE 811 907 980" and vat.extractor == "einvoice.ubl.v1"
    assert e.fields["invoice_type"].raw == "380"
    assert all(v.source == "xml" for item in e.line_items for v in item.values())


UBL_NS = (
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)


def test_credit_note_root_implies_the_type_when_no_code_is_stated() -> None:
    xml = (
        f'<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" {UBL_NS}>'
        "<cbc:ID>CN-1</cbc:ID></CreditNote>"
    ).encode()
    e = xml_bytes_to_einvoice(xml)
    assert (e.type_code, e.subtype, e.fields["invoice_type"].value) == (
        "381",
        "credit_note",
        "credit_note",
    )


def test_unknown_type_code_gives_no_subtype() -> None:
    xml = (
        f'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" {UBL_NS}>'
        "<cbc:ID>X-1</cbc:ID><cbc:InvoiceTypeCode>999</cbc:InvoiceTypeCode></Invoice>"
    ).encode()
    e = xml_bytes_to_einvoice(xml)
    assert (e.type_code, e.subtype) == ("999", None)
    assert "invoice_type" not in e.fields


def test_trading_name_when_no_legal_name() -> None:
    xml = (
        f'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" {UBL_NS}>'
        "<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Acme</cbc:Name>"
        "</cac:PartyName></cac:Party></cac:AccountingSupplierParty></Invoice>"
    ).encode()
    assert xml_bytes_to_einvoice(xml).fields["seller_name"].value == "Acme"


@pytest.mark.parametrize(
    ("code", "subtype"),
    [("380", "commercial"), ("325", "proforma"), ("381", "credit_note"), ("384", "commercial")]
    + [("389", "commercial"), ("261", "credit_note")],
)
def test_type_codes(code: str, subtype: str) -> None:
    assert type_codes()[code] == subtype


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.9000", "9.90"),
        ("0.0250", "0.025"),
        ("13", "13.00"),
        ("0", "0.00"),
        ("-40.5", "-40.50"),
        (" 1005.55 ", "1005.55"),
        ("1,005.55", None),
        ("1E3", None),
        ("NaN", None),
        ("", None),
    ],
)
def test_amounts(text: str, expected: str | None) -> None:
    assert to_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20180305", "2018-03-05"),
        ("2026-03-14", "2026-03-14"),
        ("2026-03-14+01:00", "2026-03-14"),
        ("20180231", None),
        ("201803", None),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert to_date(text) == expected


def test_ids() -> None:
    assert to_vat_id(" de 123 456 789 ") == "DE123456789"
    assert to_vat_id("201/113/40209") is None
    assert to_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert to_iban("1234567890") is None


# ---------------------------------------------------------------- mapping files


def test_every_syntax_has_a_mapping() -> None:
    assert set(mappings()) == {"cii", "zugferd1", "ubl"}


def test_mapping_fields_are_canonical_invoice_fields() -> None:
    from extractors.fields import FIELDS

    for mapping in mappings().values():
        unknown = {spec.name for spec in mapping.fields} - set(FIELDS["invoice"])
        assert not unknown, f"{mapping.file.name}: {sorted(unknown)}"


def test_mappings_cover_the_fields_the_issue_asks_for() -> None:
    wanted = {
        "invoice_number",
        "invoice_type",
        "issue_date",
        "due_date",
        "delivery_date",
        "seller_name",
        "seller_address",
        "seller_vat_id",
        "seller_country",
        "buyer_name",
        "buyer_address",
        "buyer_vat_id",
        "buyer_country",
        "currency",
        "net_amount",
        "tax_amount",
        "total_amount",
        "amount_due",
        "iban",
        "buyer_order_reference",
        "incoterms",
    }
    for mapping in mappings().values():
        assert wanted <= {spec.name for spec in mapping.fields}, mapping.file.name


def minimal_mapping(**changes: object) -> dict:
    data: dict = {
        "syntax": "test",
        "version": 1,
        "roots": {"{urn:x}Invoice": "380"},
        "namespaces": {"x": "urn:x"},
        "fields": {"invoice_number": {"kind": "reference", "path": "x:ID"}},
        "line_items": {"path": "x:Line", "fields": {}},
    }
    data.update(changes)
    return data


def test_a_minimal_mapping_loads() -> None:
    mapping = yaml_to_mapping(minimal_mapping(), MAPPINGS_DIR / "test.yaml")
    assert mapping.extractor == "einvoice.test.v1"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"fields": {"invoice_number": {"kind": "money", "path": "x:ID"}}}, "unknown kind"),
        ({"fields": {"invoice_number": {"kind": "reference", "path": "y:ID"}}}, "invalid path"),
        ({"fields": {"invoice_number": {"kind": "reference", "path": "{nope}/x:ID"}}}, "placeh"),
        ({"fields": {"invoice_number": {"kind": "reference", "path": "x:ID["}}}, "invalid path"),
        ({"fields": {"invoice_number": {"kind": "reference"}}}, "a path must be"),
        (
            {"line_items": {"path": "x:L", "fields": {"colour": {"kind": "text", "path": "x:C"}}}},
            "canonical",
        ),
        ({"roots": None}, "missing top-level key 'roots'"),
    ],
)
def test_bad_mappings_fail_on_load(changes: dict, problem: str) -> None:
    data = {k: v for k, v in minimal_mapping(**changes).items() if v is not None}
    with pytest.raises(MappingError, match=problem):
        yaml_to_mapping(data, MAPPINGS_DIR / "bad.yaml")


# ---------------------------------------------------------------- not an e-invoice


def test_unknown_root_is_a_clear_error() -> None:
    with pytest.raises(EInvoiceXmlError, match="not a CII, ZUGFeRD 1.0 or UBL invoice"):
        xml_bytes_to_einvoice(b"<Order xmlns='urn:x'><ID>1</ID></Order>")


def test_malformed_xml_is_a_clear_error() -> None:
    with pytest.raises(EInvoiceXmlError, match="not well-formed"):
        xml_bytes_to_einvoice(b"<Invoice><ID>1</Invoice>")
