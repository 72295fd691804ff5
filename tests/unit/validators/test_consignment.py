from shipment_builders import ITEMS, ex, fv, shipment

from validators.consignment import CheckParams, check_consignment
from validators.findings import finding
from validators.parties import name_key, same_party


def codes(docs, **kw):
    return sorted(f.code for f in check_consignment(docs, CheckParams(**kw)))


def test_consistent_shipment_has_no_findings():
    assert check_consignment(shipment()) == []


def test_wrong_total():
    assert codes(shipment(invoice={"total_amount": "1100.00"})) == ["total_mismatch"]


def test_lines_do_not_sum_to_net():
    items = shipment()[0].line_items
    docs = shipment(invoice={"net_amount": "900.00", "total_amount": "900.00"})
    assert codes(docs) == ["total_mismatch"]
    assert items  # the lines themselves are fine


def test_quantity_times_price():
    from shipment_builders import ITEMS

    bad = [{**ITEMS[0], "unit_price": "16.00"}, ITEMS[1]]
    found = check_consignment(shipment(items=bad))
    assert [(f.code, f.severity) for f in found] == [("total_mismatch", "warning")]


def test_credit_note_negative_amounts_are_consistent():
    docs = shipment(
        invoice={
            "invoice_type": "credit_note",
            "net_amount": "-100.00",
            "tax_amount": "-19.00",
            "total_amount": "-119.00",
        },
        items=[],
    )
    assert codes(docs) == []


def test_bad_awb_check_digit():
    found = check_consignment(shipment(waybill={"transport_document_number": "17612345676"}))
    assert [(f.code, f.severity, f.documents) for f in found] == [
        ("awb_check_digit_invalid", "error", ["awb.pdf"])
    ]


def test_bad_container_check_digit():
    assert codes(shipment(packing={"container_numbers": ["CSQU3054384"]})) == [
        "container_check_digit_invalid"
    ]
    assert codes(shipment(packing={"container_numbers": ["CSQU3054383"]})) == []


def test_invalid_codes():
    from shipment_builders import ITEMS

    docs = shipment(
        invoice={"currency": "USX", "incoterms": "DDU", "buyer_country": "UK"},
        items=[{**ITEMS[0], "hs_code": "8504"}, ITEMS[1]],
    )
    found = check_consignment(docs)
    assert {f.code for f in found} == {"invalid_code"}
    assert sorted(f.fields[0] for f in found) == [
        "buyer_country",
        "currency",
        "incoterms",
        "line_items[1].hs_code",
    ]


def test_consignee_mismatch():
    found = check_consignment(shipment(waybill={"consignee_name": "Globex Logistics Ltd"}))
    assert [(f.code, f.fields) for f in found] == [
        ("party_mismatch", ["buyer_name", "consignee_name"])
    ]


def test_party_names_compared_loosely():
    assert same_party("Kraxi GmbH", "KRAXI G.m.b.H.")
    assert same_party("ACME Trading Co., Ltd.", "Acme Trading Company Limited")
    assert not same_party("Kraxi GmbH", "Papierflieger-Vertriebs-GmbH")
    assert (
        name_key("Müller & Söhne KG") == "muller and sohne"
        or name_key("Müller & Söhne KG") == "muller sohne"
    )


def test_weight_mismatch_between_documents():
    assert codes(shipment(waybill={"gross_weight_kg": "180"})) == [
        "weight_mismatch",
        "weight_mismatch",
    ]


def test_weight_within_tolerance():
    assert codes(shipment(waybill={"gross_weight_kg": "122"})) == []
    assert codes(shipment(waybill={"gross_weight_kg": "122"}), weight_tolerance=0.001) != []


def test_net_above_gross():
    found = check_consignment(
        shipment(
            packing={"net_weight_kg": "130", "gross_weight_kg": "120.5"},
            invoice={"net_weight_kg": None},
        )
    )
    assert {f.code for f in found} == {"weight_mismatch"}
    assert any("net_weight_kg" in f.fields for f in found)


def test_package_count_mismatch():
    assert codes(shipment(packing={"packages_count": "5"})) == ["package_count_mismatch"] * 2


def test_missing_transport_document_and_invoice():
    docs = shipment()
    assert codes([d for d in docs if d.doc_type != "waybill"]) == ["missing_transport_document"]
    assert codes([d for d in docs if d.doc_type != "invoice"]) == ["missing_invoice"]


def test_failed_documents_do_not_count():
    docs = shipment()
    failed = ex("awb.pdf", "waybill", {}, status="failed")
    assert codes([docs[0], failed]) == ["missing_transport_document"]


def test_incoterms_sea_only_with_air():
    assert codes(shipment(invoice={"incoterms": "FOB"})) == ["incoterms_mode_mismatch"]
    assert (
        codes(shipment(invoice={"incoterms": "FOB"}, waybill={"transport_document_type": "BL"}))
        == []
    )


def test_expired_permit():
    found = check_consignment(shipment(permit={"expiry_date": "2026-02-28"}))
    assert [(f.code, f.severity, f.documents) for f in found] == [
        ("permit_expired", "error", ["permit.pdf"])
    ]


def test_permit_issued_after_shipment():
    assert codes(shipment(permit={"issue_date": "2026-04-01"})) == ["permit_expired"]


def test_hs_code_not_covered_and_quantity():
    assert codes(shipment(permit={"hs_codes": ["6109"]})) == ["hs_code_not_covered_by_permit"] * 2
    assert codes(shipment(permit={"quantity_limit": "50", "quantity_unit": "C62"})) == [
        "permit_quantity_exceeded"
    ]
    assert codes(shipment(permit={"quantity_limit": "60", "quantity_unit": "C62"})) == []


def test_low_confidence_required_value():
    found = check_consignment(shipment(invoice={"total_amount": fv("1000.00", confidence=0.4)}))
    assert [(f.code, f.fields) for f in found] == [("low_confidence", ["total_amount"])]
    assert (
        codes(
            shipment(invoice={"total_amount": fv("1000.00", confidence=0.4)}),
            confidence_threshold=0.3,
        )
        == []
    )


def test_currency_mismatch_between_invoices():
    docs = shipment()
    second = ex(
        "inv2.pdf",
        "invoice",
        {"invoice_number": "INV-0043", "currency": "EUR", "total_amount": "5.00"},
    )
    assert "currency_mismatch" in codes([*docs, second])


def test_unknown_finding_code_refused():
    import pytest

    with pytest.raises(ValueError):
        finding("totals_wrong", "error", [], [], "")


def test_permit_limit_in_kilograms_counts_net_weight():
    assert codes(shipment(permit={"quantity_limit": "90", "quantity_unit": "KGM"})) == [
        "permit_quantity_exceeded"
    ]
    assert codes(shipment(permit={"quantity_limit": "100", "quantity_unit": "KGM"})) == []
    assert (
        codes(shipment(permit={"quantity_limit": "1", "quantity_unit": "LTR"})) == []
    )  # not comparable


def test_without_transport_date_a_permit_issued_after_invoicing_is_fine():
    # no waybill date: only the invoice's is known; licences and certificates are issued
    # after invoicing, so only an expiry before the invoice date is a finding
    no_date = shipment(waybill={"issue_date": None}, permit={"issue_date": "2026-03-11"})
    assert codes(no_date) == []
    no_waybill = [d for d in no_date if d.doc_type != "waybill"]
    assert codes(no_waybill) == ["missing_transport_document"]
    expired = shipment(waybill={"issue_date": None}, permit={"expiry_date": "2026-03-01"})
    found = [f for f in check_consignment(expired) if f.code == "permit_expired"]
    assert [f.fields for f in found] == [["expiry_date"]]
    assert "before the invoice date 2026-03-10" in found[0].message


def test_invoice_lines_without_hs_codes_take_the_transport_documents():
    no_hs = [{k: v for k, v in item.items() if k != "hs_code"} for item in ITEMS]
    docs = shipment(items=no_hs, waybill={"hs_codes": ["850440"]}, permit={"hs_codes": ["6109"]})
    found = [f for f in check_consignment(docs) if f.code == "hs_code_not_covered_by_permit"]
    assert [f.documents for f in found] == [["awb.pdf", "permit.pdf"]]
    assert codes(shipment(items=no_hs, waybill={"hs_codes": ["850440"]})) == []
