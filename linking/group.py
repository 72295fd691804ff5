"""Grouping documents into consignments: connected components of shared reference keys.

Two documents link when a reference key of one equals a reference key of the other (the
packing list cites the invoice number, the invoice cites the air waybill, both carry the
container). Union-find makes chains (A→B→C) one consignment; a document sharing nothing
stays alone. Rejected and failed documents carry no trustworthy references and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import Field

from clearway.ids import consignment_ref
from clearway.models import Extraction, Frozen, Reference
from linking.references import is_own, keyed_references, reference_keys

LINKABLE = frozenset({"extracted", "partial"})


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

    @property
    def id(self) -> str:
        """CWC-… reference, derived from the lowest sha256: stable however documents arrive."""
        return consignment_ref(min(self.sha256s))


def group_documents(extractions: Iterable[Extraction]) -> list[ConsignmentGroup]:
    """Consignments of the linkable documents, ordered by their first file name."""
    docs = _unique(e for e in extractions if e.status in LINKABLE)
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: set[Link] = set()
    for holders in _holders_by_key(docs).values():
        for (a, _), (b, _) in zip(holders, holders[1:], strict=False):
            parent[find(a)] = find(b)
        links |= _links(docs, holders)
    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for idx in members.values():
        idx.sort(key=lambda i: (docs[i].file, docs[i].sha256))
        inside = set(idx)
        files = {docs[i].file for i in inside}
        group_links = sorted(
            (lk for lk in links if lk.from_ in files),
            key=lambda lk: (lk.from_, lk.to, lk.reference),
        )
        groups.append(
            ConsignmentGroup(
                files=tuple(docs[i].file for i in idx),
                sha256s=tuple(docs[i].sha256 for i in idx),
                links=tuple(group_links),
            )
        )
    return sorted(groups, key=lambda g: (g.files[0], g.sha256s[0]))


def _unique(extractions: Iterable[Extraction]) -> list[Extraction]:
    """One document per sha256 (the same bytes twice are one document), in a stable order."""
    seen: dict[str, Extraction] = {}
    for e in sorted(extractions, key=lambda e: (e.file, e.sha256)):
        seen.setdefault(e.sha256, e)
    return list(seen.values())


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


def _links(docs: list[Extraction], holders: list[tuple[int, Reference]]) -> set[Link]:
    """Citing document -> the document the reference names, one link per citation. Documents
    that only cite the same reference (its owner absent) link to each other in file order."""
    owners = [(i, r) for i, r in holders if _owns(docs[i], r)]
    citers = [(i, r) for i, r in holders if not _owns(docs[i], r)]
    if not owners:
        ordered = sorted(citers, key=lambda h: docs[h[0]].file)
        return {
            Link(from_=docs[a].file, to=docs[b].file, reference=ra.value)
            for (a, ra), (b, _) in zip(ordered, ordered[1:], strict=False)
        }
    out = {
        Link(from_=docs[c].file, to=docs[o].file, reference=ro.value)
        for c, _ in citers
        for o, ro in owners
    }
    # two documents claiming the same own number (a copy, a correction): link them too
    ordered = sorted(owners, key=lambda h: docs[h[0]].file)
    out |= {
        Link(from_=docs[a].file, to=docs[b].file, reference=ra.value)
        for (a, ra), (b, _) in zip(ordered, ordered[1:], strict=False)
    }
    return out


Assignment = str | None | Literal["ambiguous"]


def candidate_consignments(existing: Mapping[str, set[str]], extraction: Extraction) -> list[str]:
    """Existing consignments (ref -> their reference keys) that share a key with the document."""
    keys = reference_keys(extraction)
    return sorted(ref for ref, their in existing.items() if keys & their)


def assign_to_existing(existing: Mapping[str, set[str]], extraction: Extraction) -> Assignment:
    """The consignment a late document joins: its ref, None (a new one), or "ambiguous" when
    it fits more than one (raise an ambiguous_link finding; never guess)."""
    if extraction.status not in LINKABLE:
        return None
    found = candidate_consignments(existing, extraction)
    if not found:
        return None
    return found[0] if len(found) == 1 else "ambiguous"
