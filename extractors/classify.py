"""Pages -> document type and subtype with a confidence, from keyword vocabularies
(vocab/doc_types.yaml).

A phrase scores its weight times a position factor: as a title on page 1 (big print in the top
two fifths, or alone on one of the first lines) it counts 3x, elsewhere on page 1 1x, on later
pages 0.5x. The type with the highest score wins if it reaches MIN_SCORE; confidence is its
share of all scores, damped for weak evidence.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher

from clearway.models import Page
from extractors import matching
from extractors.data import read_yaml
from extractors.layout import Line, page_to_lines

VERSION = "classify.keywords.v1"
MIN_SCORE = 3.0
TITLE_FACTOR = 3.0
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


def pages_to_classification(
    pages: list[Page], page_lines: list[list[Line]] | None = None
) -> Classification:
    """``page_lines``: each page's lines, where the caller has them already."""
    page_lines = page_lines if page_lines is not None else [page_to_lines(p) for p in pages[:3]]
    scores = pages_to_type_scores(pages, page_lines)
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=scores.get, default=None) if scores else None
    if best is None or scores[best] < MIN_SCORE:
        return Classification(doc_type="other", confidence=0.5 if not scores else 0.6)
    # Confidence from the margin over the runner-up (other types' words are mentioned in
    # passing: an air waybill cites its invoice), damped when the evidence is thin.
    second = ranked[1] if len(ranked) > 1 else 0.0
    margin = (scores[best] - second) / scores[best]
    confidence = (0.5 + 0.5 * margin) * min(1.0, scores[best] / (MIN_SCORE * 3)) ** 0.25
    sub = subtype_of(best, pages, page_lines)
    return Classification(doc_type=best, confidence=round(min(0.99, confidence), 3), **sub)


def page_hits(
    page: Page, matcher: PhraseMatcher, lines: list[Line]
) -> Iterator[tuple[list[str], float]]:
    """(labels, position factor) for every phrase on a page, matched line by line."""
    if not page.words:
        return
    median_height = statistics.median(w.bottom - w.top for w in page.words)
    for index, line in enumerate(lines):
        doc = matching.words_to_doc(line.words)
        for labels, start, end in matching.longest_matches(matcher, doc):
            yield labels, position_factor(page, line, index, start, end, median_height)


def pages_to_type_scores(
    pages: list[Page], page_lines: list[list[Line]] | None = None
) -> dict[str, float]:
    matcher, meaning = type_matcher()
    if page_lines is None:
        page_lines = [page_to_lines(p) for p in pages[:3]]
    scores: dict[str, float] = {}
    # The type shows on the first pages; long annexes only add noise.
    for page, lines in zip(pages[:3], page_lines, strict=False):
        for labels, factor in page_hits(page, matcher, lines):
            for label in labels:
                doc_type, weight = meaning[label]
                scores[doc_type] = scores.get(doc_type, 0.0) + weight * factor
    return scores


def position_factor(
    page: Page, line: Line, line_index: int, start: int, end: int, median_height: float
) -> float:
    """3 for a title, 1 elsewhere on page 1, 0.5 on later pages. A title stands in the top two
    fifths of page 1 in big print, or fills one of the first two lines in the top quarter:
    "Commercial Invoice" as a field label in a header grid is a mention, not a title."""
    if page.number > 1:
        return 0.5
    words = line.words[start:end]
    big = min(w.bottom - w.top for w in words) >= median_height * 1.15
    first_and_alone = line_index < 2 and (end - start) * 2 >= len(line.words)
    top = words[0].top
    # Letters print their title under the address window, about a third down the page.
    return (
        TITLE_FACTOR
        if (big and top < page.height * 0.4) or (first_and_alone and top < page.height * 0.25)
        else 1.0
    )


def subtype_of(doc_type: str, pages: list[Page], page_lines: list[list[Line]]) -> dict:
    spec = vocabulary()["subtypes"].get(doc_type)
    if spec is None:
        return {}
    matcher = subtype_matcher(doc_type)
    scores: dict[str, float] = {}
    for page, lines in zip(pages[:2], page_lines, strict=False):
        for labels, factor in page_hits(page, matcher, lines):
            for label in labels:
                scores[label] = scores.get(label, 0.0) + factor
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
