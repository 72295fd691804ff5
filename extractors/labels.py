"""Label vocabularies (labels/<doc_type>.yaml) loaded and checked once per process."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher

from extractors import matching
from extractors.data import read_yaml

_DIR = Path(__file__).parent / "labels"
KINDS = {
    "reference",
    "eori",
    "date",
    "amount",
    "currency",
    "country",
    "name",
    "address",
    "weight",
    "count",
    "awb",
    "container",
    "hs_code",
    "incoterms",
    "iban",
    "vat_id",
    "location",
    "incoterms_place",
    "quantity",
    "quantity_unit",
    "freight_terms",
}
STOP = "__stop__"
WEAK = "~weak"  # suffix of the matcher label of a field's weak (context-dependent) phrases
WEAK_RANK = 7


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    is_list: bool
    ranks: dict[
        tuple[str, ...], int
    ]  # phrase keys -> rank within its language list (0 = most specific)
    weak_after_field: str | None = (
        None  # weak labels count only after this field's value on the line
    )
    weak_after_words: frozenset[str] = frozenset()  # ... or after one of these words
    wraps: bool = False  # long text that may wrap onto the next lines (goods descriptions)


@dataclass(frozen=True)
class LabelSet:
    doc_type: str
    version: int
    fields: dict[str, FieldSpec]
    matcher: PhraseMatcher
    # subtype -> {field: field whose candidates stand in when the field has none}
    stand_ins: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    # role (name, address, country) -> the field a letterhead fills (the document's issuer)
    letterhead: dict[str, str] = dataclasses.field(default_factory=dict)


@functools.cache
def common() -> dict:
    return read_yaml(_DIR / "common.yaml")


@functools.cache
def fillers() -> frozenset[str]:
    return frozenset(matching.word_key(w) for w in common()["fillers"]) | {matching.PUNCT}


@functools.cache
def name_sublabels() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(matching.phrase_keys(p)) for p in common()["name_sublabels"])


@functools.cache
def label_set(doc_type: str) -> LabelSet:
    """The labels of a document type (receipts use the invoice labels)."""
    file = _DIR / f"{'invoice' if doc_type == 'receipt' else doc_type}.yaml"
    data = read_yaml(file)
    fields: dict[str, FieldSpec] = {}
    phrases: dict[str, list[str]] = {}
    for name, spec in data["fields"].items():
        if spec["kind"] not in KINDS:
            raise ValueError(f"{file.name}: field {name} has unknown kind {spec['kind']!r}")
        ranks: dict[tuple[str, ...], int] = {}
        for items in spec["labels"].values():
            for rank, phrase in enumerate(items):
                key = tuple(matching.phrase_keys(phrase))
                ranks[key] = min(rank, ranks.get(key, rank))
                ranks[("".join(key),)] = min(rank, ranks.get(("".join(key),), rank))
        weak = spec.get("weak") or {}
        fields[name] = FieldSpec(
            name=name,
            kind=spec["kind"],
            is_list=bool(spec.get("list")),
            ranks=ranks,
            weak_after_field=weak.get("after_field"),
            weak_after_words=frozenset(matching.word_key(w) for w in weak.get("after_words", [])),
            wraps=bool(spec.get("wraps")),
        )
        phrases[name] = [p for items in spec["labels"].values() for p in items]
        if weak:
            phrases[name + WEAK] = list(weak["labels"])
    phrases[STOP] = [p for items in common()["stop_labels"].values() for p in items]
    return LabelSet(
        doc_type=doc_type,
        version=int(data.get("version", 1)),
        fields=fields,
        matcher=matching.build_matcher(phrases),
        stand_ins=data.get("stand_ins") or {},
        letterhead=data.get("letterhead") or {},
    )
