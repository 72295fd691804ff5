"""Deliberate defects: one per shipment at most, printed where they belong, findings recorded."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from synth.__main__ import main
from synth.checkdigits import awb_is_valid, container_is_valid
from synth.defects import KINDS, applicable, expected_findings, inject, with_defect
from synth.generate import generate_shipment
from synth.plan import plan_corpus
from synth.truth import documents, ground_truth, shipment_record

AIR = generate_shipment(1, "air", mode="air", goods="textiles", n_lines=2)
SEA = generate_shipment(2, "sea", mode="sea", goods="steel", n_lines=2, n_containers=2)
ROAD = generate_shipment(3, "road", mode="road", goods="fruit", n_lines=2)


def gt_of(s, kind):
    docs = documents(s)
    return {d.kind: ground_truth(s, d)["fields"] for d in docs}[kind]


def test_every_kind_names_spec_finding_codes():
    from validators.findings import CODES

    assert all(set(k.findings) <= CODES for k in KINDS.values())


def test_applicable_kinds_follow_the_shipment():
    assert "bad_awb_check_digit" in applicable(AIR)
    assert "bad_container_check_digit" not in applicable(AIR)
    assert "bad_container_check_digit" in applicable(SEA)
    assert "bad_awb_check_digit" not in applicable(ROAD)
    plain = generate_shipment(4, "m", mode="road", goods="machinery")
    assert not {"expired_permit", "missing_permit", "hs_not_covered_by_permit"} & set(
        applicable(plain)
    )
    with pytest.raises(ValueError, match="does not apply"):
        with_defect(plain, "missing_permit")
    with pytest.raises(ValueError, match="unknown defect"):
        with_defect(AIR, "typo")


def test_clean_shipment_expects_nothing():
    assert expected_findings(AIR) == []
    rec = shipment_record(AIR, documents(AIR))
    assert rec["consignment"]["findings"] == [] and "defect" not in rec


def test_bad_awb_check_digit_is_printed_everywhere():
    s = with_defect(AIR, "bad_awb_check_digit")
    number = s.transport.number
    assert number[:10] == AIR.transport.number[:10] and not awb_is_valid(number)
    assert gt_of(s, "waybill")["transport_document_number"] == number
    assert gt_of(s, "invoice")["transport_document_refs"] == [number]
    rec = shipment_record(s, documents(s))
    assert rec["consignment"]["findings"] == ["awb_check_digit_invalid"]
    assert rec["defect"]["kind"] == "bad_awb_check_digit"


def test_bad_container_check_digit():
    s = with_defect(SEA, "bad_container_check_digit")
    first, second = s.transport.containers
    assert not container_is_valid(first) and container_is_valid(second)
    assert first in gt_of(s, "packing_list")["container_numbers"]


def test_expired_permit():
    for base in (SEA, ROAD, AIR):
        s = with_defect(base, "expired_permit")
        p, ship = s.permits[0], s.transport.issue_date
        assert (p.expiry_date is not None and p.expiry_date < ship) or p.issue_date > ship
        assert expected_findings(s) == ["permit_expired"]


def test_hs_code_not_covered():
    s = with_defect(SEA, "hs_not_covered_by_permit")
    lost = s.items[-1].hs_code
    assert lost not in s.permits[0].hs_codes and s.permits[0].hs_codes
    assert gt_of(s, "permit")["hs_codes"] == list(s.permits[0].hs_codes)


def test_missing_permit_and_missing_transport_document():
    s = with_defect(ROAD, "missing_permit")
    assert [d.kind for d in documents(s)] == ["invoice", "packing_list", "waybill"]
    assert "permit_refs" not in gt_of(s, "invoice")
    s = with_defect(ROAD, "missing_transport_document")
    assert "waybill" not in [d.kind for d in documents(s)]
    assert shipment_record(s, documents(s))["consignment"]["complete"] is False


def test_wrong_totals_change_the_printed_total_only():
    s = with_defect(AIR, "wrong_totals")
    gt = gt_of(s, "invoice")
    total = Decimal(gt["total_amount"])
    assert total != AIR.total_amount and gt["amount_due"] == gt["total_amount"]
    assert Decimal(gt["net_amount"]) + Decimal(gt["tax_amount"]) != total
    assert gt_of(s, "packing_list") == gt_of(AIR, "packing_list")


def test_consignee_and_weight_mismatch_change_the_waybill_only():
    s = with_defect(SEA, "consignee_mismatch")
    assert gt_of(s, "waybill")["consignee_name"] != SEA.buyer.name
    assert gt_of(s, "invoice") == gt_of(SEA, "invoice")
    s = with_defect(SEA, "weight_mismatch")
    gross = Decimal(gt_of(s, "waybill")["gross_weight_kg"])
    assert abs(gross - SEA.gross_weight_kg) > SEA.gross_weight_kg * Decimal("0.1")
    assert gross > SEA.net_weight_kg
    assert gt_of(s, "packing_list") == gt_of(SEA, "packing_list")


def test_inject_is_seeded_balanced_and_leaves_clean_shipments_alone():
    planned = plan_corpus(5, 40)
    first = inject(planned, 5, 0.6)
    assert first == inject(plan_corpus(5, 40), 5, 0.6)
    used = Counter(p.shipment.defect for p in first if p.shipment.defect)
    assert set(used) == set(KINDS)  # every kind within 40 shipments
    assert max(used.values()) - min(used.values()) <= 3
    for before, after in zip(planned, first, strict=True):
        if after.shipment.defect is None:
            assert after == before
    assert inject(planned, 5, 0.0) == planned
    # shipment i does not depend on how many follow
    assert inject(plan_corpus(5, 10), 5, 0.6) == first[:10]


def test_cli_defects_off_writes_what_it_wrote_before(tmp_path: Path) -> None:
    assert main([str(tmp_path / "a"), "--shipments", "3", "--seed", "4"]) == 0
    assert (
        main(
            [
                str(tmp_path / "b"),
                "--shipments",
                "3",
                "--seed",
                "4",
                "--defects",
                "--defect-share",
                "0",
            ]
        )
        == 0
    )
    a = json.loads((tmp_path / "a" / "shipments.json").read_text())
    b = json.loads((tmp_path / "b" / "shipments.json").read_text())
    assert a["shipments"] == b["shipments"]
    for f in (tmp_path / "a" / "docs").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / "docs" / f.name).read_bytes()


def test_cli_records_defects(tmp_path: Path) -> None:
    assert (
        main([str(tmp_path), "--shipments", "6", "--seed", "4", "--defects", "--defect-share", "1"])
        == 0
    )
    index = json.loads((tmp_path / "shipments.json").read_text())
    assert index["defects"] == {"share": 1.0}
    for s in index["shipments"]:
        assert s["consignment"]["findings"] == list(KINDS[s["defect"]["kind"]].findings)
        for f in s["documents"]:
            assert (tmp_path / f).is_file()


def test_dates_stay_plausible():
    s = with_defect(ROAD, "expired_permit")
    assert date(2025, 1, 1) < s.permits[0].issue_date < date(2027, 1, 1)
