"""The generated model: deterministic, arithmetically and referentially consistent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from synth.catalog import INCOTERMS_BY_MODE
from synth.checkdigits import awb_is_valid, container_is_valid
from synth.generate import generate_shipment
from synth.model import Shipment
from synth.presets import demo
from synth.truth import documents, ground_truth, shipment_record

SEEDS = range(60)


@pytest.fixture(scope="module")
def shipments() -> list[Shipment]:
    return [generate_shipment(seed, f"t{seed}") for seed in SEEDS]


def test_same_seed_same_shipment() -> None:
    assert generate_shipment(7, "a") == generate_shipment(7, "a")
    assert generate_shipment("7:1", "a") == generate_shipment("7:1", "a")
    assert generate_shipment(7, "a") != generate_shipment(8, "a")


def test_all_modes_and_permit_kinds_occur(shipments: list[Shipment]) -> None:
    assert {s.transport.mode for s in shipments} == {"air", "sea", "road"}
    kinds = {p.permit_type for s in shipments for p in s.permits}
    assert kinds == {"import_licence", "certificate_of_origin", "phytosanitary_certificate"}


def test_transport_identifiers_validate(shipments: list[Shipment]) -> None:
    for s in shipments:
        t = s.transport
        if t.document_type == "AWB":
            assert awb_is_valid(t.number), t.number
            assert not t.containers
        if t.document_type == "BL":
            assert t.containers and all(container_is_valid(c) for c in t.containers)
        if t.document_type == "CMR":
            assert t.port_of_loading is None and t.vessel_name is None


def test_arithmetic(shipments: list[Shipment]) -> None:
    for s in shipments:
        for i in s.items:
            assert (i.quantity * i.unit_price).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            ) == i.line_total
            assert i.gross_weight_kg > i.net_weight_kg > 0
            assert i.packages > 0
        assert sum(i.line_total for i in s.items) == s.net_amount
        assert s.net_amount + s.tax_amount == s.total_amount
        assert s.gross_weight_kg >= s.net_weight_kg


def test_incoterms_fit_the_mode(shipments: list[Shipment]) -> None:
    sea_only = {"FAS", "FOB", "CFR", "CIF"}
    for s in shipments:
        assert s.incoterms in INCOTERMS_BY_MODE[s.transport.mode]
        if s.transport.mode != "sea":
            assert s.incoterms not in sea_only
        # E/F rules: the buyer pays the main carriage, so the waybill says collect.
        assert (s.transport.freight_terms == "collect") == (s.incoterms[0] in "EF")


def test_permits_are_valid_on_the_shipping_date(shipments: list[Shipment]) -> None:
    for s in shipments:
        ship = s.transport.issue_date
        for p in s.permits:
            assert p.issue_date <= ship
            assert p.expiry_date is None or p.expiry_date >= ship
            assert set(p.hs_codes) == set(s.hs_codes)
            if p.quantity_limit is not None:
                assert sum(i.quantity for i in s.items) <= p.quantity_limit


def test_cross_references(shipments: list[Shipment]) -> None:
    for s in shipments:
        docs = documents(s)
        by_kind: dict[str, list[dict]] = {}
        for d in docs:
            by_kind.setdefault(d.kind, []).append(ground_truth(s, d)["fields"])
        inv = by_kind["invoice"][0]
        wb = by_kind["waybill"][0]
        assert inv["transport_document_refs"] == [wb["transport_document_number"]]
        assert wb["invoice_refs"] == [inv["invoice_number"]]
        for pl in by_kind.get("packing_list", []):
            assert pl["invoice_refs"] == [inv["invoice_number"]]
            assert pl.get("container_numbers", []) == wb.get("container_numbers", [])
            assert pl["gross_weight_kg"] == inv["gross_weight_kg"] == wb["gross_weight_kg"]
            assert pl["packages_count"] == inv["packages_count"] == wb["packages_count"]
        permits = by_kind.get("permit", [])
        assert sorted(inv.get("permit_refs", [])) == sorted(p["permit_number"] for p in permits)
        for p in permits:
            assert p["invoice_refs"] == [inv["invoice_number"]]
            assert set(p["hs_codes"]) == {
                li["hs_code"] for li in ground_truth(s, docs[0])["line_items"]
            }
            if p["permit_type"] != "import_licence":
                assert p["transport_document_refs"] == [wb["transport_document_number"]]
        # Parties agree between invoice and transport document (no party_mismatch).
        assert inv["seller_name"] == wb["shipper_name"]
        assert inv["buyer_name"] == wb["consignee_name"]


def test_shipment_record_links_every_document() -> None:
    for planned in demo():
        s = planned.shipment
        docs = documents(s)
        rec = shipment_record(s, docs, planned.channel)
        linked = {x for link in rec["links"] for x in (link["from"], link["to"])}
        assert linked == {d.file for d in docs}
        assert rec["consignment"]["complete"]


def test_demo_preset_is_what_the_demo_needs() -> None:
    a, b, c = (p.shipment for p in demo())
    assert (a.transport.document_type, b.transport.document_type, c.transport.document_type) == (
        "AWB",
        "BL",
        "CMR",
    )
    assert [p.permit_type for p in a.permits] == ["certificate_of_origin"]
    assert [p.permit_type for p in b.permits] == ["import_licence"]
    assert len(b.transport.containers) == 2
    assert (a.languages["invoice"], b.languages["invoice"], c.languages["invoice"]) == (
        "en",
        "de",
        "en",
    )
    assert c.scanned == {"invoice"} and c.documents == ("invoice", "waybill")
