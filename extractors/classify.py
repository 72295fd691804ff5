"""Pages -> document type and subtype with a confidence, from keyword vocabularies
(vocab/doc_types.yaml).

A phrase scores its weight times a position factor: in the top quarter of page 1 (where titles
stand) it counts 3x, elsewhere on page 1 1x, on later pages 0.5x. The type with the highest
score wins if it reaches MIN_SCORE; confidence is its share of all scores, damped for weak evidence.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher

from clearway.models import Page
from extractors import matching
from extractors.data import read_yaml

VERSION = "classify.keywords.v1"
MIN_SCORE = 3.0
_VOCAB = Path(__file__).parent / "vocab" / "doc_types.yaml"


@dataclass(frozen=True)
class Classification:
    doc_type: str
    confidence: float
    subtype_field: str | None = None
    subtype: str | None = None
    subtype_confidence: float = 0.0


@functools.cache
def vocabulary() -> dict:
    return read_yaml(_VOCAB)


@functools.cache
def type_matcher() -> tuple[PhraseMatcher, dict[str, tuple[str, float]]]:
    """One matcher for all types; its labels map back to (doc_type, weight)."""
    phrases: dict[str, list[str]] = {}
    meaning: dict[str, tuple[str, float]] = {}
    for doc_type, by_weight in vocabulary()["doc_types"].items():
        for weight, items in by_weight.items():
            label = f"{doc_type}|{weight}"
            phrases[label] = items
            meaning[label] = (doc_type, float(weight))
    return matching.build_matcher(phrases), meaning


@functools.cache
def subtype_matcher(doc_type: str) -> PhraseMatcher:
    return matching.build_matcher(vocabulary()["subtypes"][doc_type]["values"])


def pages_to_classification(pages: list[Page]) -> Classification:
    scores = pages_to_type_scores(pages)
    best = max(scores, key=scores.get, default=None) if scores else None
    if best is None or scores[best] < MIN_SCORE:
        return Classification(doc_type="other", confidence=0.5 if not scores else 0.6)
    total = sum(scores.values())
    confidence = (scores[best] / total) * min(1.0, scores[best] / (MIN_SCORE * 3)) ** 0.25
    sub = subtype_of(best, pages)
    return Classification(doc_type=best, confidence=round(min(0.99, confidence), 3), **sub)


def pages_to_type_scores(pages: list[Page]) -> dict[str, float]:
    matcher, meaning = type_matcher()
    scores: dict[str, float] = {}
    for page in pages[:3]:  # the type shows on the first pages; long annexes only add noise
        doc = matching.keys_to_doc([matching.word_key(w.text) for w in page.words])
        for labels, start, _end in matching.longest_matches(matcher, doc):
            factor = position_factor(page, page.words[start].top) if page.words else 1.0
            for label in labels:
                doc_type, weight = meaning[label]
                scores[doc_type] = scores.get(doc_type, 0.0) + weight * factor
    return scores


def position_factor(page: Page, top: float) -> float:
    if page.number > 1:
        return 0.5
    return 3.0 if top < page.height * 0.25 else 1.0


def subtype_of(doc_type: str, pages: list[Page]) -> dict:
    spec = vocabulary()["subtypes"].get(doc_type)
    if spec is None:
        return {}
    matcher = subtype_matcher(doc_type)
    scores: dict[str, float] = {}
    for page in pages[:2]:
        doc = matching.keys_to_doc([matching.word_key(w.text) for w in page.words])
        for labels, start, _end in matching.longest_matches(matcher, doc):
            for label in labels:
                scores[label] = scores.get(label, 0.0) + position_factor(
                    page, page.words[start].top
                )
    if not scores:
        return {
            "subtype_field": spec["field"],
            "subtype": spec["default"],
            "subtype_confidence": 0.6,
        }
    best = max(scores, key=scores.get)
    share = scores[best] / sum(scores.values())
    return {
        "subtype_field": spec["field"],
        "subtype": best,
        "subtype_confidence": round(min(0.98, 0.6 + 0.4 * share * min(1.0, scores[best] / 3)), 3),
    }
