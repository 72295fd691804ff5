"""One extraction against its ground truth -> per-field outcomes, line-item cell counts.

Only keys the ground truth has are scored (a key it lacks is unknown, so a prediction for it
is neither right nor wrong; such predictions are listed as ``unscored``). A wrong value counts
as one false positive and one false negative. Line items: ground-truth and predicted rows
are paired, the pairs agreeing on most cells first; cells are then counted like fields.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from clearway.models import Extraction, FieldValue
from evaluation.compare import same_value
from evaluation.corpus import Case
from extractors.fields import LINE_ITEM_FIELDS

Outcome = Literal["right", "wrong", "missed"]


@dataclass(frozen=True)
class FieldOutcome:
    field: str
    outcome: Outcome
    expected: Any
    predicted: Any = None
    confidence: float | None = None


@dataclass
class CaseResult:
    id: str
    corpus: str
    file_kind: str
    expected_type: str
    predicted_type: str
    status: str
    error_codes: list[str]
    seconds: float
    text_pages: int
    ocr_pages: int
    synthetic: bool = False  # generated corpus (exact truth) rather than real documents
    fields: list[FieldOutcome] = field(default_factory=list)
    items: dict[str, Counter] = field(default_factory=dict)  # line-item field -> tp / fp / fn
    item_cells: list[FieldOutcome] = field(default_factory=list)  # for calibration
    unscored: list[str] = field(default_factory=list)


def score_case(case: Case, extraction: Extraction, seconds: float) -> CaseResult:
    gt_fields: dict[str, Any] = case.gt.get("fields") or {}
    result = CaseResult(
        id=case.id,
        corpus=case.corpus,
        file_kind=case.file_kind,
        expected_type=str(case.gt.get("doc_type", "other")),
        predicted_type=extraction.doc_type,
        status=extraction.status,
        error_codes=[e.code for e in extraction.errors],
        seconds=seconds,
        text_pages=sum(1 for s in extraction.page_sources if s == "text"),
        ocr_pages=sum(1 for s in extraction.page_sources if s == "ocr"),
        synthetic=str(case.gt.get("source", "")).startswith("synthetic"),
    )
    for name, expected in gt_fields.items():
        result.fields.append(field_outcome(name, expected, extraction.fields.get(name)))
    result.unscored = sorted(set(extraction.fields) - set(gt_fields))
    gt_items = case.gt.get("line_items") or []
    if gt_items:
        result.item_cells = line_item_outcomes(gt_items, extraction.line_items)
        result.items = score_line_items(gt_items, extraction.line_items)
    return result


def field_outcome(name: str, expected: Any, predicted: FieldValue | None) -> FieldOutcome:
    if predicted is None:
        return FieldOutcome(name, "missed", expected)
    outcome: Outcome = "right" if same_value(name, predicted.value, expected) else "wrong"
    return FieldOutcome(name, outcome, expected, predicted.value, predicted.confidence)


def score_line_items(
    gt_rows: list[dict[str, Any]], predicted: tuple[dict[str, FieldValue], ...]
) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for cell in line_item_outcomes(gt_rows, predicted):
        if cell.outcome == "right":
            counts[cell.field]["tp"] += 1
        else:
            counts[cell.field]["fn"] += cell.expected is not None
            counts[cell.field]["fp"] += cell.predicted is not None
    return dict(counts)


def line_item_outcomes(
    gt_rows: list[dict[str, Any]], predicted: tuple[dict[str, FieldValue], ...]
) -> list[FieldOutcome]:
    """One outcome per scored cell: the cells of paired rows, and every scored cell of a
    predicted row the document does not have (wrong, expected None)."""
    scored = {k for row in gt_rows for k in row if k in LINE_ITEM_FIELDS}
    pairs = pair_rows(gt_rows, predicted)
    out: list[FieldOutcome] = []
    for g, row in enumerate(gt_rows):
        best = pairs.get(g)
        for k in (k for k in row if k in LINE_ITEM_FIELDS):
            cell = predicted[best].get(k) if best is not None else None
            out.append(field_outcome(k, row[k], cell))
    for i in sorted(set(range(len(predicted))) - set(pairs.values())):
        for k, cell in predicted[i].items():
            if k in scored:
                out.append(FieldOutcome(k, "wrong", None, cell.value, cell.confidence))
    return out


def pair_rows(
    gt_rows: list[dict[str, Any]], predicted: tuple[dict[str, FieldValue], ...]
) -> dict[int, int]:
    """Ground-truth row -> predicted row, the pairs agreeing on most cells first (ties in
    document order). Pairing row by row in order let a row whose own reading was lost take
    a neighbour's reading that agrees on the description alone (rows of one product share it),
    leaving that neighbour to be scored against the wrong figures."""
    hits = sorted(
        (
            (-agreement(row, predicted[i]), g, i)
            for g, row in enumerate(gt_rows)
            for i in range(len(predicted))
        )
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for negative, g, i in hits:
        if negative == 0:
            break
        if g not in pairs and i not in used:
            pairs[g] = i
            used.add(i)
    return pairs


def agreement(row: dict[str, Any], predicted: dict[str, FieldValue]) -> int:
    return sum(
        1
        for k in row
        if k in LINE_ITEM_FIELDS and k in predicted and agree(k, predicted[k], row[k])
    )


def agree(name: str, predicted: FieldValue, expected: Any) -> bool:
    return same_value(name, predicted.value, expected)
