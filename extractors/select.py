"""Candidates -> one FieldValue per field: the best-supported value, its confidence adjusted for
agreement (several places print the same value) and ambiguity (a rival value nearly as strong).
"""

from __future__ import annotations

from collections import defaultdict

from clearway.models import FieldValue
from extractors.find_labels import Candidate
from extractors.layout import union_box

AGREEMENT_BONUS = 0.03
AMBIGUITY_FACTOR = 0.8
LIST_MIN_SCORE = 0.5


def candidates_to_fields(
    candidates: list[Candidate], list_fields: set[str], wanted: set[str]
) -> dict[str, FieldValue]:
    by_field: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.field in wanted:
            by_field[c.field].append(c)
    out: dict[str, FieldValue] = {}
    for field, group in by_field.items():
        fv = list_to_field_value(group) if field in list_fields else best_to_field_value(group)
        if fv is not None:
            out[field] = fv
    return out


def best_to_field_value(group: list[Candidate]) -> FieldValue:
    support: dict[str, float] = defaultdict(float)
    best_by_value: dict[str, Candidate] = {}
    for c in group:
        support[c.value] = max(support[c.value], c.score)
        current = best_by_value.get(c.value)
        if current is None or (c.score, -c.page, -c.top) > (
            current.score,
            -current.page,
            -current.top,
        ):
            best_by_value[c.value] = c
    ranked = sorted(best_by_value.values(), key=lambda c: (-c.score, c.page, c.top))
    best = ranked[0]
    confidence = best.score
    agreeing = {(c.page, round(c.top)) for c in group if c.value == best.value}
    if len(agreeing) > 1:
        confidence = min(0.995, confidence + AGREEMENT_BONUS * (len(agreeing) - 1))
    if len(ranked) > 1 and ranked[1].score >= best.score - 0.05:
        confidence *= AMBIGUITY_FACTOR
    return to_field_value(best, best.value, confidence)


def list_to_field_value(group: list[Candidate]) -> FieldValue | None:
    kept: dict[str, Candidate] = {}
    for c in sorted(group, key=lambda c: (c.page, c.top)):
        if c.score >= LIST_MIN_SCORE and (c.value not in kept or c.score > kept[c.value].score):
            kept[c.value] = c
    if not kept:
        return None
    first = next(iter(kept.values()))
    confidence = min(c.score for c in kept.values())
    words = [w for c in kept.values() if c.page == first.page for w in c.words]
    return FieldValue(
        value=list(kept),
        confidence=round(min(1.0, confidence), 4),
        page=first.page,
        bbox=union_box(words) if words else None,
        source=first.source,  # type: ignore[arg-type]
        raw="; ".join(" ".join(w.text for w in c.words) for c in kept.values()),
        extractor=first.extractor,
    )


def to_field_value(c: Candidate, value: str, confidence: float) -> FieldValue:
    return FieldValue(
        value=value,
        confidence=round(max(0.0, min(1.0, confidence)), 4),
        page=c.page,
        bbox=union_box(c.words) if c.words else None,
        source=c.source,  # type: ignore[arg-type]
        raw=" ".join(w.text for w in c.words) if c.words else None,
        extractor=c.extractor,
    )
