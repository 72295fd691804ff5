from shipment_builders import fv, shipment

from declarations.prepare import prepare_consignment
from validators.consignment import CheckParams


def test_prepare_consistent_shipment():
    p = prepare_consignment(shipment(), CheckParams())
    assert (p.complete, p.missing, p.findings) == (True, (), ())
    assert p.declaration["importer_name"]["value"] == "Kraxi GmbH"


def test_prepare_uses_the_threshold_for_findings_and_sources():
    docs = shipment(invoice={"seller_name": fv("Kraxi GmbH", confidence=0.6)})
    p = prepare_consignment(docs, CheckParams(confidence_threshold=0.8))
    assert [f.code for f in p.findings] == ["party_mismatch", "low_confidence"]
    assert p.declaration["exporter_name"]["source"]["file"] == "awb.pdf"
    assert p.complete  # warnings do not block the hand-off
