"""Case results -> the figures ``clearway eval`` prints: precision/recall/F1 per field and
overall, per file kind and corpus, document-type accuracy, line items, calibration, speed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from evaluation.score import CaseResult, FieldOutcome

# Confidence buckets of the calibration table: [low, high).
BUCKETS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))
TRUST_THRESHOLD = 0.9


def prf(c: Counter) -> dict[str, Any]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def field_counts(results: list[CaseResult]) -> Counter:
    return sum(per_field_counts(results).values(), Counter())


def per_field_counts(results: list[CaseResult]) -> dict[str, Counter]:
    """tp/fp/fn per field: a wrong value is a false positive and a false negative."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        for f in r.fields:
            c = counts[f.field]
            c["tp"] += f.outcome == "right"
            c["fp"] += f.outcome == "wrong"
            c["fn"] += f.outcome != "right"
    return counts


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    return {
        "documents": len(results),
        "micro": prf(field_counts(results)),
        "per_field": per_field(results),
        "by_file_kind": by_key(results, lambda r: r.file_kind),
        "by_corpus": {
            corpus: {
                **part(rs),
                "synthetic": all(r.synthetic for r in rs),
                "by_file_kind": by_key(rs, lambda r: r.file_kind),
            }
            for corpus, rs in group(results, lambda r: r.corpus).items()
        },
        **part(results),
        "calibration": calibration(results),
        "speed": speed(results),
        "statuses": dict(Counter(r.status for r in results)),
        "error_codes": dict(Counter(code for r in results for code in r.error_codes)),
        "mistakes": mistakes(results),
    }


def part(results: list[CaseResult]) -> dict[str, Any]:
    """Figures that are reported for the whole run and again per corpus."""
    right = sum(r.expected_type == r.predicted_type for r in results)
    items: Counter = sum((c for r in results for c in r.items.values()), Counter())
    return {
        "documents": len(results),
        "micro": prf(field_counts(results)),
        "doc_type_accuracy": right / len(results) if results else 0.0,
        "doc_type_misses": [
            {"id": r.id, "expected": r.expected_type, "predicted": r.predicted_type}
            for r in results
            if r.expected_type != r.predicted_type
        ],
        "line_items": prf(items),
        "line_item_fields": line_item_fields(results),
    }


def line_item_fields(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        for name, c in r.items.items():
            counts[name] += c
    return {name: prf(counts[name]) for name in sorted(counts)}


def per_field(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    counts = per_field_counts(results)
    return {name: prf(counts[name]) for name in sorted(counts)}


def group(results: list[CaseResult], key) -> dict[str, list[CaseResult]]:  # noqa: ANN001
    out: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        out[key(r)].append(r)
    return dict(sorted(out.items()))


def by_key(results: list[CaseResult], key) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {
        k: {"documents": len(rs), "micro": prf(field_counts(rs))}
        for k, rs in group(results, key).items()
    }


def calibration(results: list[CaseResult]) -> dict[str, Any]:
    """Share right per confidence bucket, over values that were predicted and can be scored:
    header fields and line-item cells alike, since an assessor trusts both by the threshold."""
    scored = [f for r in results for f in (*r.fields, *r.item_cells) if f.confidence is not None]
    rows = []
    for low, high in BUCKETS:
        inside = [f for f in scored if low <= f.confidence < high]  # type: ignore[operator]
        right = sum(f.outcome == "right" for f in inside)
        rows.append(
            {
                "bucket": f"{low:.2f}-{min(high, 1.0):.2f}",
                "values": len(inside),
                "right": right,
                "share_right": right / len(inside) if inside else None,
            }
        )
    trusted = [f for f in scored if f.confidence >= TRUST_THRESHOLD]  # type: ignore[operator]
    right = sum(f.outcome == "right" for f in trusted)
    return {
        "buckets": rows,
        "threshold": TRUST_THRESHOLD,
        "trusted_values": len(trusted),
        "trusted_share_right": right / len(trusted) if trusted else None,
        "share_of_values_trusted": len(trusted) / len(scored) if scored else None,
    }


def speed(results: list[CaseResult]) -> dict[str, Any]:
    """Pages per second per core: each document is timed inside its own worker process, so the
    sum of document times is core-seconds. Documents with any OCR'd page count as OCR work."""
    text = [r for r in results if r.text_pages and not r.ocr_pages]
    ocr = [r for r in results if r.ocr_pages]
    text_pages, text_s = sum(r.text_pages for r in text), sum(r.seconds for r in text)
    ocr_pages, ocr_s = sum(r.ocr_pages + r.text_pages for r in ocr), sum(r.seconds for r in ocr)
    return {
        "text_pages": text_pages,
        "text_seconds": text_s,
        "text_pages_per_s": text_pages / text_s if text_s else None,
        "ocr_pages": ocr_pages,
        "ocr_seconds": ocr_s,
        "ocr_pages_per_s": ocr_pages / ocr_s if ocr_s else None,
    }


def mistakes(results: list[CaseResult]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "field": f.field,
            "outcome": f.outcome,
            "expected": f.expected,
            "predicted": f.predicted,
            "confidence": f.confidence,
        }
        for r in results
        for f in [*r.fields, *(as_item_cell(c) for c in r.item_cells)]
        if f.outcome != "right"
    ]


def as_item_cell(cell: FieldOutcome) -> FieldOutcome:
    """A line-item cell named as the mistakes list shows it (``line_items.quantity``)."""
    return replace(cell, field=f"line_items.{cell.field}")
