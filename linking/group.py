"""Grouping documents into consignments by the references they share.

Two documents link when a reference key of one equals a reference key of the other (the
packing list cites the invoice number, the invoice cites the air waybill, both carry the
container). Keys that differ only by OCR confusions (O/0, I/1, S/5, B/8) link when a
second value the two documents share confirms it (another reference, the total, the gross
weight, the package count); AWB and container numbers are repaired by their check digit
before keys are compared (``linking.references``).

Invoices and transport documents anchor consignments: they are grouped first (chains
A->B->C are one consignment; one waybill for two invoices is one consignment). Every
other document (packing list, permit, certificate) then joins the one consignment its
references point to; one that fits two consignments is not guessed: it stays alone with
an ``ambiguous_link`` finding naming the candidates, for a steward to assign. Rejected and
failed documents carry no trustworthy references and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import Field

from clearway.ids import consignment_ref
from clearway.models import Extraction, Frozen, Reference
from linking.findings import ambiguous_link
from linking.references import confusion_key, is_own, keyed_references, reference_keys
from validators.access import text
from validators.findings import Finding

LINKABLE = frozenset({"extracted", "partial"})
ANCHOR_TYPES = frozenset({"invoice", "receipt", "waybill"})
# Values that confirm a link between two keys that differ only by OCR confusions.
CONFIRMING_FIELDS = ("total_amount", "gross_weight_kg", "packages_count", "net_weight_kg")


class Link(Frozen):
    from_: str = Field(alias="from")  # the citing document (file)
    to: str  # the document the reference names, or the other holder of a shared one
    reference: str  # the value as the owning document prints it

    model_config = Frozen.model_config | {"populate_by_name": True}

    def output(self) -> dict[str, str]:
        return {"from": self.from_, "to": self.to, "reference": self.reference}


class ConsignmentGroup(Frozen):
    files: tuple[str, ...]  # sorted
    sha256s: tuple[str, ...]  # aligned with files
    links: tuple[Link, ...]
    findings: tuple[Finding, ...] = ()  # what linking itself concluded (ambiguous_link)

    @property
    def id(self) -> str:
        """CWC-… reference, derived from the lowest sha256: stable however documents arrive."""
        return consignment_ref(min(self.sha256s))


Edge = tuple[int, int, Link]  # citing document index, cited document index, the link


def group_documents(extractions: Iterable[Extraction]) -> list[ConsignmentGroup]:
    """Consignments of the linkable documents, ordered by their first file name."""
    docs = _unique(e for e in extractions if e.status in LINKABLE)
    edges = exact_edges(docs) | confirmed_confusion_edges(docs)
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(docs))}
    for a, b, _ in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    anchors = {i for i, d in enumerate(docs) if d.doc_type in ANCHOR_TYPES}
    component = _components(anchors, neighbours)
    placed, ambiguous = _join(set(neighbours) - anchors, component, neighbours)
    rest = set(neighbours) - anchors - set(placed) - set(ambiguous)
    component |= {i: ("rest", c) for i, c in _components(rest, neighbours).items()}
    component |= placed
    component |= {i: ("alone", i) for i in ambiguous}
    members: dict[object, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(component[i], []).append(i)
    groups = {key: _group(docs, idx, edges) for key, idx in members.items()}
    for i, candidates in ambiguous.items():
        ids = sorted(groups[c].id for c in candidates)
        groups[("alone", i)] = groups[("alone", i)].model_copy(
            update={"findings": (ambiguous_link(docs[i].file, ids),)}
        )
    return sorted(groups.values(), key=lambda g: (g.files[0], g.sha256s[0]))


def _unique(extractions: Iterable[Extraction]) -> list[Extraction]:
    """One document per sha256 (the same bytes twice are one document), in a stable order."""
    seen: dict[str, Extraction] = {}
    for e in sorted(extractions, key=lambda e: (e.file, e.sha256)):
        seen.setdefault(e.sha256, e)
    return list(seen.values())


def _components(nodes: set[int], neighbours: Mapping[int, set[int]]) -> dict[int, object]:
    """Connected components among ``nodes`` (edges to other nodes ignored): node -> label."""
    label: dict[int, object] = {}
    for start in sorted(nodes):
        if start in label:
            continue
        stack = [start]
        while stack:
            i = stack.pop()
            if i in label:
                continue
            label[i] = ("anchor", start)
            stack += [j for j in neighbours[i] if j in nodes and j not in label]
    return label


def _join(
    joiners: set[int], component: dict[int, object], neighbours: Mapping[int, set[int]]
) -> tuple[dict[int, object], dict[int, list[object]]]:
    """Each joiner's consignment, in rounds (a permit citing only the packing list joins once
    the packing list has); each round sees only the previous round's placements, so the
    result does not depend on order. Returns (placed, ambiguous -> candidate labels)."""
    placed: dict[int, object] = {}
    ambiguous: dict[int, list[object]] = {}
    while True:
        known = component | placed
        found = {
            i: sorted({known[j] for j in neighbours[i] if j in known}, key=repr)
            for i in sorted(joiners - set(placed) - set(ambiguous))
        }
        new_placed = {i: c[0] for i, c in found.items() if len(c) == 1}
        new_ambiguous = {i: c for i, c in found.items() if len(c) > 1}
        if not new_placed and not new_ambiguous:
            return placed, ambiguous
        placed |= new_placed
        ambiguous |= new_ambiguous


def _group(docs: list[Extraction], idx: list[int], edges: set[Edge]) -> ConsignmentGroup:
    idx = sorted(idx, key=lambda i: (docs[i].file, docs[i].sha256))
    inside = set(idx)
    links = sorted(
        {lk for a, b, lk in edges if a in inside and b in inside},
        key=lambda lk: (lk.from_, lk.to, lk.reference),
    )
    return ConsignmentGroup(
        files=tuple(docs[i].file for i in idx),
        sha256s=tuple(docs[i].sha256 for i in idx),
        links=tuple(links),
    )


# --- edges ------------------------------------------------------------------------------


def _holders_by_key(docs: list[Extraction]) -> dict[str, list[tuple[int, Reference]]]:
    by_key: dict[str, list[tuple[int, Reference]]] = {}
    for i, d in enumerate(docs):
        for key, ref in keyed_references(d):
            holders = by_key.setdefault(key, [])
            if all(j != i for j, _ in holders):
                holders.append((i, ref))
    return dict(sorted(by_key.items()))


def _owns(doc: Extraction, ref: Reference) -> bool:
    """Whether the reference names this document (its own number; containers: the carrier's)."""
    return is_own(ref) or (ref.kind == "container" and doc.doc_type == "waybill")


def exact_edges(docs: list[Extraction]) -> set[Edge]:
    return {e for holders in _holders_by_key(docs).values() for e in _edges(docs, holders)}


def _edges(docs: list[Extraction], holders: list[tuple[int, Reference]]) -> set[Edge]:
    """Citing document -> the document the reference names, one link per citation. Documents
    that only cite the same reference (its owner absent) link to each other in file order."""
    owners = [(i, r) for i, r in holders if _owns(docs[i], r)]
    citers = [(i, r) for i, r in holders if not _owns(docs[i], r)]
    if not owners:
        ordered = sorted(citers, key=lambda h: docs[h[0]].file)
        return {
            (a, b, Link(from_=docs[a].file, to=docs[b].file, reference=ra.value))
            for (a, ra), (b, _) in zip(ordered, ordered[1:], strict=False)
        }
    out = {
        (c, o, Link(from_=docs[c].file, to=docs[o].file, reference=ro.value))
        for c, _ in citers
        for o, ro in owners
    }
    # two documents claiming the same own number (a copy, a correction): link them too
    ordered = sorted(owners, key=lambda h: docs[h[0]].file)
    out |= {
        (a, b, Link(from_=docs[a].file, to=docs[b].file, reference=ra.value))
        for (a, ra), (b, _) in zip(ordered, ordered[1:], strict=False)
    }
    return out


def confirmed_confusion_edges(docs: list[Extraction]) -> set[Edge]:
    """Links between keys that differ only by OCR confusions, where the two documents share
    a second value (another reference key, the total, the gross weight ...)."""
    by_fold: dict[str, dict[str, list[tuple[int, Reference]]]] = {}
    for key, holders in _holders_by_key(docs).items():
        by_fold.setdefault(confusion_key(key), {})[key] = holders
    out: set[Edge] = set()
    for variants in by_fold.values():
        if len(variants) < 2:
            continue
        merged = [h for holders in variants.values() for h in holders]
        keys = {i: k for k, holders in variants.items() for i, _ in holders}
        for a, b, lk in _edges(docs, merged):
            if keys[a] != keys[b] and confirmed(docs[a], docs[b], {keys[a], keys[b]}):
                out.add((a, b, lk))
    return out


def confirmed(a: Extraction, b: Extraction, ignore: set[str]) -> bool:
    """Whether two documents share a value besides the references being matched."""
    if (reference_keys(a) & reference_keys(b)) - ignore:
        return True
    return any(
        (va := text(a.fields, f)) is not None and va == text(b.fields, f) for f in CONFIRMING_FIELDS
    )


# --- late documents ---------------------------------------------------------------------

Assignment = str | None | Literal["ambiguous"]


def candidate_consignments(existing: Mapping[str, set[str]], extraction: Extraction) -> list[str]:
    """Existing consignments (ref -> their reference keys) that share a key with the document,
    or two keys that differ only by OCR confusions (the second confirms the first)."""
    keys = reference_keys(extraction)
    folded = {confusion_key(k) for k in keys}
    return sorted(
        ref
        for ref, their in existing.items()
        if keys & their or len(folded & {confusion_key(k) for k in their}) >= 2
    )


def assign_to_existing(existing: Mapping[str, set[str]], extraction: Extraction) -> Assignment:
    """The consignment a late document joins: its ref, None (a new one), or "ambiguous" when
    it fits more than one (raise an ambiguous_link finding; never guess)."""
    if extraction.status not in LINKABLE:
        return None
    found = candidate_consignments(existing, extraction)
    if not found:
        return None
    return found[0] if len(found) == 1 else "ambiguous"
