"""End to end: generated shipments, one deliberate defect each, through ``clearway process``.

Every defect kind on a shipment it applies to, plus a clean shipment per transport mode;
text PDFs in the original layouts, so that what is measured is validation and linking
rather than reading. Each shipment must raise exactly the findings its truth expects
(``low_confidence`` asks for review and is not a claim about the shipment).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import app
from clearway.settings import load_settings
from evaluation.quality import run_quality
from synth.build import write
from synth.defects import KINDS, with_defect
from synth.generate import generate_shipment
from synth.presets import Planned

pytestmark = pytest.mark.integration

PINNED = {
    "layouts": {"invoice": 1, "packing_list": 1, "waybill": 1, "permit": 1},
    "languages": {"invoice": "en", "packing_list": "en", "waybill": "en", "permit": "en"},
    "n_lines": 2,
}
BASES = {
    # AWB + certificate of origin (from Vietnam: US dates are misread, see the report)
    "air": {"mode": "air", "goods": "textiles", "seller": "Saigon Garment Export JSC"},
    "sea": {"mode": "sea", "goods": "steel", "n_containers": 2},  # B/L + import licence
    "road": {"mode": "road", "goods": "fruit"},  # CMR + phytosanitary certificate
}
CASES = {
    "bad_awb_check_digit": "air",
    "consignee_mismatch": "air",
    "missing_permit": "air",
    "bad_container_check_digit": "sea",
    "hs_not_covered_by_permit": "sea",
    "weight_mismatch": "sea",
    "expired_permit": "road",
    "wrong_totals": "road",
    "missing_transport_document": "road",
    "clean_air": "air",
    "clean_sea": "sea",
    "clean_road": "road",
}


def corpus_shipments():
    out = []
    for n, (name, base) in enumerate(CASES.items()):
        s = generate_shipment(f"quality-{n}", f"q_{name}", **BASES[base], **PINNED)
        out.append(with_defect(s, name) if name in KINDS else s)
    return out


@pytest.fixture(scope="module")
def quality(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("quality")
    write(root, [Planned(s, None) for s in corpus_shipments()], {"generator": "test"})
    return run_quality(root, load_settings())


def test_every_defect_kind_is_covered():
    assert set(KINDS) <= set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_shipment_raises_exactly_its_findings(quality, name):
    [row] = [r for r in quality["shipments_detail"] if r["id"] == f"q_{name}"]
    expected = list(KINDS[name].findings) if name in KINDS else []
    assert row["expected"] == expected
    assert (row["missed"], row["unexpected"]) == ([], []), row
    assert row["misplaced"] == [], row


def test_linking_and_false_finding_targets_met(quality):
    assert quality["shipments"] == 12 and quality["defective_shipments"] == 9
    linking, _recall, false_findings = quality["targets"]
    assert linking["value"] == 1.0 and linking["met"]
    assert false_findings["value"] == 0.0 and false_findings["met"]
    assert quality["per_defect"]["wrong_totals"] == {
        "shipments": 1,
        "detected": 1,
        "exact": 1,
        "recall": 1.0,
    }


def test_recall_target_met(quality):
    assert quality["targets"][1]["met"], quality["per_defect"]


def test_cli_refuses_a_folder_that_is_no_corpus(tmp_path: Path):
    result = CliRunner().invoke(app, ["quality", str(tmp_path), "--json"])
    assert result.exit_code == 2
    assert "python -m synth" in result.output


def test_cli_prints_targets(tmp_path: Path):
    shipment = generate_shipment("quality-cli", "q_cli", **BASES["road"], **PINNED)
    write(tmp_path, [Planned(with_defect(shipment, "wrong_totals"), None)], {"generator": "t"})
    result = CliRunner().invoke(app, ["quality", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["per_defect"]["wrong_totals"]["detected"] == 1
    text = CliRunner().invoke(app, ["quality", str(tmp_path)]).output
    assert "defect-finding recall" in text and "wrong_totals" in text
