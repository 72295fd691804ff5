from shipment_builders import ex, fv, shipment

from declarations.assemble import (
    ITEM_KEYS,
    TOP_KEYS,
    assemble_declaration,
    completeness,
    data_element,
)
from validators.consignment import check_consignment


def values(decl):
    """Every value object of a declaration, with its path."""
    for key in TOP_KEYS:
        v = decl[key]
        if key == "supporting_documents":
            for i, doc in enumerate(v):
                yield from ((f"{key}[{i}].{k}", o) for k, o in doc.items())
        elif isinstance(v, list):
            yield from ((f"{key}[{i}]", o) for i, o in enumerate(v))
        else:
            yield key, v
    for i, item in enumerate(decl["items"]):
        yield from ((f"items[{i}].{k}", item[k]) for k in ITEM_KEYS)


def test_every_value_has_de_and_source():
    decl = assemble_declaration(shipment())
    for path, obj in values(decl):
        assert set(obj) >= {"value", "de", "source", "confidence"}, path
        assert obj["de"], path
        if obj["value"] is not None:
            assert (
                obj["source"]["file"]
                and obj["source"]["page"] == 1
                and len(obj["source"]["bbox"]) == 4
            ), path


def test_values_from_the_authoritative_document():
    decl = assemble_declaration(shipment())
    assert (
        decl["importer_name"]["value"] == "Kraxi GmbH"
    )  # invoice buyer, not the waybill's upper case
    assert decl["importer_name"]["source"]["file"] == "inv.pdf"
    assert decl["importer_name"]["de"] == "3/15"
    assert decl["exporter_name"]["de"] == "3/1"
    assert decl["gross_weight_kg"]["value"] == "121"  # the carrier weighed it
    assert decl["gross_weight_kg"]["source"]["file"] == "awb.pdf"
    assert decl["net_weight_kg"]["source"]["file"] == "pl.pdf"
    assert decl["transport_document_number"]["value"] == "17612345675"
    assert decl["transport_document_type"]["document_code"] == "N740"
    assert [n["value"] for n in decl["invoice_numbers"]] == ["INV-0042"]
    assert (decl["currency"]["value"], decl["currency"]["de"]) == ("USD", "4/10")
    assert (decl["total_amount"]["value"], decl["total_amount"]["de"]) == ("1000.00", "4/11")
    assert decl["incoterms"]["de"] == "4/1"
    assert decl["country_of_dispatch"]["value"] == "CN"
    assert decl["supporting_documents"][0]["number"]["value"] == "LIC-2026-77"
    assert decl["supporting_documents"][0]["type"]["value"] == "import_licence"
    assert [i["hs_code"]["value"] for i in decl["items"]] == ["850440", "850440"]
    assert decl["items"][0]["hs_code"]["de"] == "6/14"
    assert decl["items"][0]["origin_country"]["de"] == "5/15"


def test_importer_falls_back_to_consignee():
    docs = shipment(invoice={"buyer_name": None})
    docs = [
        d
        if d.doc_type != "invoice"
        else d.model_copy(
            update={"fields": {k: v for k, v in d.fields.items() if k != "buyer_name"}}
        )
        for d in docs
    ]
    decl = assemble_declaration(docs)
    assert decl["importer_name"]["value"] == "KRAXI GMBH"
    assert decl["importer_name"]["source"]["file"] == "awb.pdf"


def test_origin_falls_back_to_invoice_country_of_origin():
    from shipment_builders import ITEMS

    items = [{k: v for k, v in it.items() if k != "origin_country"} for it in ITEMS]
    decl = assemble_declaration(shipment(invoice={"country_of_origin": "VN"}, items=items))
    assert decl["items"][0]["origin_country"]["value"] == "VN"


def test_dispatch_from_port_of_loading_locode():
    decl = assemble_declaration(shipment(waybill={"port_of_loading": "HKHKG"}))
    assert decl["country_of_dispatch"]["value"] == "HK" and decl["country_of_dispatch"]["derived"]


def test_two_invoices_sum_in_one_currency():
    docs = shipment()
    second = ex(
        "inv2.pdf",
        "invoice",
        {"invoice_number": "INV-0043", "currency": "USD", "total_amount": fv("250.50", 0.9)},
    )
    decl = assemble_declaration([*docs, second])
    assert decl["total_amount"]["value"] == "1250.50" and decl["total_amount"]["confidence"] == 0.9
    assert [n["value"] for n in decl["invoice_numbers"]] == ["INV-0042", "INV-0043"]


def test_complete_shipment():
    docs = shipment()
    decl = assemble_declaration(docs)
    assert completeness(decl, docs, check_consignment(docs)) == (True, [])


def test_incomplete_without_transport_document_and_with_error_finding():
    docs = [d for d in shipment(invoice={"total_amount": "1100.00"}) if d.doc_type != "waybill"]
    decl = assemble_declaration(docs)
    complete, missing = completeness(decl, docs, check_consignment(docs))
    assert not complete
    assert missing == [
        "transport_document",
        "finding:missing_transport_document",
        "finding:total_mismatch",
    ]


def test_incomplete_without_hs_codes():
    from shipment_builders import ITEMS

    items = [{k: v for k, v in it.items() if k != "hs_code"} for it in ITEMS]
    docs = shipment(items=items)
    decl = assemble_declaration(docs)
    assert completeness(decl, docs) == (False, ["items.hs_code"])
    assert decl["items"][0]["hs_code"] == {
        "value": None,
        "de": "6/14",
        "source": None,
        "confidence": 0.0,
    }


def test_de_mapping_is_data():
    assert data_element("packages_count") == "6/18"
    assert data_element("items.line_total") == "4/14"


def test_a_confident_reading_beats_a_misread_on_the_preferred_document():
    docs = shipment(invoice={"seller_name": fv("Kraxi GmbH", confidence=0.6)})
    decl = assemble_declaration(docs, threshold=0.8)
    assert decl["exporter_name"]["value"] == "SHENZHEN BRIGHT ELECTRONICS CO LTD"
    assert decl["exporter_name"]["source"]["file"] == "awb.pdf"
    # with nothing confident, the most authoritative source still gives the value
    assert assemble_declaration(docs, threshold=0.99)["exporter_name"]["value"] == "Kraxi GmbH"


def test_dispatch_from_place_with_locode_in_parentheses():
    decl = assemble_declaration(shipment(waybill={"port_of_loading": "Basel (CHBSL)"}))
    assert decl["country_of_dispatch"]["value"] == "CH"
    # a place name, not a code (an all-caps 5-letter name such as "PARIS" cannot be told
    # from a LOCODE without the code list: extraction normalises locations to LOCODEs)
    decl = assemble_declaration(shipment(waybill={"port_of_loading": "Basel"}))
    assert decl["country_of_dispatch"]["value"] == "CN"  # falls back on the seller's country
