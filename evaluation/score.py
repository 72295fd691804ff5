"""One extraction against its ground truth -> per-field outcomes, line-item cell counts.

Only keys the ground truth has are scored (a key it lacks is unknown, so a prediction for it
is neither right nor wrong; such predictions are listed as ``unscored``). A wrong value counts
as one false positive and one false negative. Line items: each ground-truth row is paired
with the unused predicted row that agrees with it on most cells; cells are then counted like
fields.
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
    out: list[FieldOutcome] = []
    unused = list(range(len(predicted)))
    for row in gt_rows:
        keys = [k for k in row if k in LINE_ITEM_FIELDS]
        best = _best_row(row, keys, predicted, unused)
        if best is not None:
            unused.remove(best)
        for k in keys:
            cell = predicted[best].get(k) if best is not None else None
            out.append(field_outcome(k, row[k], cell))
    for i in unused:
        for k, cell in predicted[i].items():
            if k in scored:
                out.append(FieldOutcome(k, "wrong", None, cell.value, cell.confidence))
    return out


def _best_row(
    row: dict[str, Any],
    keys: list[str],
    predicted: tuple[dict[str, FieldValue], ...],
    unused: list[int],
) -> int | None:
    """The unused predicted row that agrees with ``row`` on most cells (None: no cell agrees)."""
    best, best_hits = None, 0
    for i in unused:
        hits = sum(1 for k in keys if k in predicted[i] and agree(k, predicted[i][k], row[k]))
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def agree(name: str, predicted: FieldValue, expected: Any) -> bool:
    return same_value(name, predicted.value, expected)
