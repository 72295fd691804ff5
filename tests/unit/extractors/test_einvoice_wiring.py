"""E-invoices through extract_bytes: a bare XRechnung/UBL upload is an invoice read from XML;
other XML is rejected with a reason; a Factur-X PDF takes the XML's values and records where the
printed text disagrees, which becomes an ``xml_text_mismatch`` finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearway.models import Extraction, FieldValue, XmlTextMismatch
from clearway.settings import load_settings
from extractors.document import extract_bytes
from intake.sniff import sniff
from validators.consignment import CheckParams, xml_text

FIXTURES = Path(__file__).parent / "fixtures" / "einvoice"
PUBLIC = Path("/work/shared/corpus/public/docs")


def test_a_bare_ubl_invoice_is_read_from_its_xml() -> None:
    data = (FIXTURES / "ubl_invoice.xml").read_bytes()
    assert sniff(data, "inv.xml", load_settings()).media_type == "application/xml"
    ex = extract_bytes(data, "inv.xml", load_settings())
    assert ex.doc_type == "invoice" and ex.media_type == "application/xml"
    assert ex.fields["total_amount"].source == "xml"
    assert ex.status in ("extracted", "partial") and ex.line_items


def test_other_xml_is_rejected_as_not_an_e_invoice() -> None:
    ex = extract_bytes(b"<?xml version='1.0'?><order><id>1</id></order>", "o.xml", load_settings())
    assert ex.status == "rejected" and ex.errors[0].code == "CW102"
    assert "not an e-invoice" in ex.errors[0].message


@pytest.mark.skipif(not PUBLIC.exists(), reason="public corpus not mounted")
def test_a_factur_x_pdf_takes_xml_values_and_records_disagreements() -> None:
    path = PUBLIC / "zf_basicwl_einfach_2p1.pdf"
    ex = extract_bytes(path.read_bytes(), str(path), load_settings())
    assert ex.fields["total_amount"].source == "xml"
    # The page prints DE… where the XML says FR… (a real difference in this sample).
    assert {m.field for m in ex.xml_text_mismatches} >= {"buyer_vat_id", "iban"}
    noxml = extract_bytes(
        (PUBLIC.parent / "docs_noxml" / path.name).read_bytes(), path.name, load_settings()
    )
    assert noxml.xml_text_mismatches == () and noxml.fields["total_amount"].source == "text"


def test_mismatches_become_findings_naming_field_and_both_values() -> None:
    doc = Extraction(
        file="inv.pdf",
        sha256="x",
        doc_type="invoice",
        status="extracted",
        fields={"total_amount": FieldValue(value="10.00", confidence=0.99, source="xml")},
        xml_text_mismatches=(
            XmlTextMismatch(field="total_amount", xml_value="10.00", text_value="100.00", page=1),
        ),
    )
    (finding,) = xml_text([doc], CheckParams())
    assert finding.code == "xml_text_mismatch"
    assert "10.00" in finding.message and "100.00" in finding.message
