"""Scoring rules of fields.md, the summary figures and the targets, on hand-made extractions;
and ``clearway eval`` end to end on a tiny generated corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import app
from clearway.models import Extraction, FieldValue
from evaluation.compare import same_value
from evaluation.corpus import Case, CorpusError, dir_to_cases
from evaluation.score import score_case, score_line_items
from evaluation.summary import summarise
from evaluation.targets import check_targets


def fv(value: object, confidence: float = 0.95) -> FieldValue:
    return FieldValue(value=value, confidence=confidence)


@pytest.mark.parametrize(
    ("field", "predicted", "expected", "same"),
    [
        ("seller_name", "KRAXI  gmbh", "Kraxi GmbH", True),
        ("seller_address", "Hauptstr. 1 ,Berlin", "Hauptstr. 1, Berlin", True),
        ("seller_name", "Kraxi AG", "Kraxi GmbH", False),
        ("total_amount", "1005.5", "1005.50", True),
        ("total_amount", "1005.55", "1005.50", False),
        ("total_amount", "n/a", "1005.50", False),
        ("hs_codes", ["8504", "611020"], ["611020", "8504"], True),
        ("hs_codes", ["611020"], ["611020", "8504"], False),
        ("iban", "DE02 1203 0000 0000 2020 51", "DE02120300000000202051", True),
        ("invoice_number", "#BLR_1", "BLR_1", False),
        ("issue_date", "2026-03-14", "2026-03-14", True),
    ],
)
def test_same_value_follows_the_spec(
    field: str, predicted: object, expected: object, same: bool
) -> None:
    assert same_value(field, predicted, expected) is same


def case(gt: dict, corpus: str = "c") -> Case:
    return Case(id=gt.get("id", "d1"), corpus=corpus, path=Path("d1.pdf"), gt=gt)


def test_only_ground_truth_keys_are_scored_and_a_wrong_value_is_fp_and_fn() -> None:
    gt = {
        "doc_type": "invoice",
        "file_kind": "pdf_text",
        "fields": {"invoice_number": "A1", "currency": "EUR", "total_amount": "10.00"},
    }
    ex = Extraction(
        file="d1.pdf",
        sha256="x",
        doc_type="invoice",
        status="extracted",
        fields={"invoice_number": fv("A1"), "currency": fv("USD", 0.5), "iban": fv("DE00")},
        page_sources=("text", "text"),
    )
    r = score_case(case(gt), ex, seconds=0.1)
    outcomes = {f.field: f.outcome for f in r.fields}
    assert outcomes == {"invoice_number": "right", "currency": "wrong", "total_amount": "missed"}
    assert r.unscored == ["iban"]
    s = summarise([r])
    assert (s["micro"]["tp"], s["micro"]["fp"], s["micro"]["fn"]) == (1, 1, 2)
    assert s["micro"]["precision"] == pytest.approx(0.5)
    assert s["micro"]["recall"] == pytest.approx(1 / 3)
    assert s["doc_type_accuracy"] == 1.0
    assert s["speed"]["text_pages"] == 2 and s["speed"]["text_pages_per_s"] == pytest.approx(20)


def test_line_items_pair_rows_by_agreement_not_by_position() -> None:
    gt_rows = [
        {"line_id": "1", "description": "Bolts", "quantity": "10", "line_total": "5.00"},
        {"line_id": "2", "description": "Nuts", "quantity": "20", "line_total": "4.00"},
    ]
    predicted = (
        {"description": fv("Nuts"), "quantity": fv("20"), "line_total": fv("4.00")},
        {"description": fv("Bolts"), "quantity": fv("11"), "line_total": fv("5.00")},
        {"description": fv("Carried forward"), "line_total": fv("9.00")},
    )
    counts = score_line_items(gt_rows, predicted)
    total = sum(counts.values(), Counter())
    # Nuts all right; Bolts quantity wrong (fp+fn); the extra row's two cells are fp.
    assert (total["tp"], total["fp"], total["fn"]) == (5, 3, 1)
    assert "line_id" not in counts


def test_rows_of_one_product_pair_with_their_own_figures() -> None:
    # The reading of row 1 was lost; row 2's reading shares row 1's description and must
    # still be scored against row 2, not taken by row 1 for the description alone.
    gt_rows = [
        {"description": "Oranges", "quantity": "10", "line_total": "5.00"},
        {"description": "Oranges", "quantity": "20", "line_total": "10.00"},
    ]
    predicted = ({"description": fv("Oranges"), "quantity": fv("20"), "line_total": fv("10.00")},)
    total = sum(score_line_items(gt_rows, predicted).values(), Counter())
    assert (total["tp"], total["fp"], total["fn"]) == (3, 0, 3)


def test_calibration_buckets_and_trusted_share() -> None:
    gt = {"doc_type": "invoice", "fields": {"a_name": "x", "b_name": "y", "c_name": "z"}}
    ex = Extraction(
        file="d",
        sha256="x",
        doc_type="invoice",
        status="extracted",
        fields={"a_name": fv("x", 0.97), "b_name": fv("nope", 0.92), "c_name": fv("z", 0.6)},
    )
    cal = summarise([score_case(case(gt), ex, 1.0)])["calibration"]
    assert cal["trusted_values"] == 2 and cal["trusted_share_right"] == pytest.approx(0.5)
    by_bucket = {b["bucket"]: (b["values"], b["right"]) for b in cal["buckets"]}
    assert by_bucket["0.95-1.00"] == (1, 1)
    assert by_bucket["0.90-0.95"] == (1, 0)
    assert by_bucket["0.50-0.70"] == (1, 1)


def test_targets_use_the_generated_bar_for_synthetic_corpora() -> None:
    gt = {
        "doc_type": "waybill",
        "file_kind": "pdf_text",
        "source": "synthetic: x",
        "fields": {"carrier_name": "A"},
    }
    ex = Extraction(
        file="d",
        sha256="x",
        doc_type="permit",
        status="extracted",
        fields={"carrier_name": fv("A")},
    )
    targets = {
        t["target"]: t for t in check_targets(summarise([score_case(case(gt, "gen"), ex, 1.0)]))
    }
    assert (
        targets["gen: text_pdf micro F1"]["bar"] == 0.97
        and targets["gen: text_pdf micro F1"]["met"]
    )
    assert not targets["gen: document type accuracy"]["met"]


def test_a_folder_without_ground_truth_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="gt/"):
        dir_to_cases(tmp_path)
    (tmp_path / "gt").mkdir()
    (tmp_path / "gt" / "a.json").write_text(json.dumps({"file": "docs/a.pdf"}))
    with pytest.raises(CorpusError, match="docs/a.pdf"):
        dir_to_cases(tmp_path)


def test_noxml_copy_is_preferred_unless_xml_is_wanted(tmp_path: Path) -> None:
    (tmp_path / "gt").mkdir()
    for rel in ("docs/a.pdf", "docs_noxml/a.pdf"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_bytes(b"%PDF-1.4")
    (tmp_path / "gt" / "a.json").write_text(
        json.dumps({"file": "docs/a.pdf", "file_noxml": "docs_noxml/a.pdf"})
    )
    assert dir_to_cases(tmp_path)[0].path.parent.name == "docs_noxml"
    assert dir_to_cases(tmp_path, with_xml=True)[0].path.parent.name == "docs"


def test_eval_command_scores_a_generated_corpus(tmp_path: Path) -> None:
    from synth.__main__ import main as synth_main

    synth_main([str(tmp_path / "corpus"), "--shipments", "1", "--seed", "3"])
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app, ["eval", str(tmp_path / "corpus"), "--json", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "micro F1" in result.output and "Targets" in result.output
    figures = json.loads(out.read_text())
    n_docs = len(list((tmp_path / "corpus" / "gt").glob("*.json")))
    assert figures["documents"] == n_docs
    assert figures["micro"]["f1"] > 0.8
    assert figures["speed"]["text_pages"] >= n_docs


def test_eval_command_rejects_a_folder_without_ground_truth(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "gt/" in result.output


def test_calibration_counts_line_item_cells_too() -> None:
    gt = {
        "doc_type": "invoice",
        "fields": {"a_name": "x"},
        "line_items": [{"description": "Bolts", "quantity": "10"}],
    }
    ex = Extraction(
        file="d",
        sha256="x",
        doc_type="invoice",
        status="extracted",
        fields={"a_name": fv("x", 0.97)},
        line_items=(
            {"description": fv("Bolts", 0.95), "quantity": fv("11", 0.93)},
            {"description": fv("Carried forward", 0.91)},
        ),
    )
    cal = summarise([score_case(case(gt), ex, 1.0)])["calibration"]
    # The header value and the description are right; the quantity and the extra row wrong.
    assert cal["trusted_values"] == 4 and cal["trusted_share_right"] == pytest.approx(0.5)


def test_mistakes_list_line_item_cells_by_their_column() -> None:
    gt = {"doc_type": "invoice", "fields": {}, "line_items": [{"description": "Bolts",
                                                              "quantity": "10"}]}  # fmt: skip
    ex = Extraction(
        file="d",
        sha256="x",
        doc_type="invoice",
        status="extracted",
        line_items=({"description": fv("Bolts"), "quantity": fv("11")},),
    )
    (mistake,) = summarise([score_case(case(gt), ex, 1.0)])["mistakes"]
    assert mistake["field"] == "line_items.quantity"
    assert (mistake["expected"], mistake["predicted"]) == ("10", "11")
