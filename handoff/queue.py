"""What queueing a complete declaration adds, inside the transaction that queues it.

The assessor is chosen once per consignment (a retry or a new version keeps them), and the
delivery to the assessment system is written to the outbox in the same transaction as the
queue row: a declaration is queued if and only if it will be delivered (transactional
outbox). The payload is fixed when it is written, so what is sent is what was queued.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from clearway.models import Extraction
from handoff.assign import Roster, choose_assessor, need_of
from storage import assignments, outbox
from storage.consignments import get_consignment, get_declaration
from storage.db import Connection

PAYLOAD_SCHEMA = "clearway.assessment-handoff.v1"


def idempotency_key(ref: str, version: int) -> str:
    """The key the assessment system deduplicates on: one per declaration version."""
    return f"clearway:{ref}:v{version}"


def queue_for_assessment(
    conn: Connection,
    ref: str,
    version: int,
    documents: Iterable[Extraction],
    roster: Roster,
) -> dict[str, Any]:
    """Assign the consignment (unless it is) and add the delivery of declaration ``version``
    to the outbox; returns the assignment row. Call after storage.consignments.enqueue, in
    the same transaction. The body sent is the stored version's (an amended version when
    the pre-fill ran again unchanged), never a body that was not stored."""
    stored = get_declaration(conn, ref, version)
    if stored is None:
        raise KeyError(f"no declaration {ref} version {version}")
    declaration: Mapping[str, Any] = stored["body"]
    documents = list(documents)
    need = need_of(declaration, documents)
    assignments.lock(conn)
    assignment = assignments.get_assignment(conn, ref)
    if assignment is None:
        choice = choose_assessor(roster, need, assignments.open_workload(conn))
        assignment = assignments.save_assignment(
            conn,
            ref,
            declaration_version=version,
            assessor_id=choice.assessor_id,
            team=choice.team,
            pool=choice.pool,
            reason=choice.reason,
            chapters=need.chapters,
            languages=need.languages,
        )
    consignment = get_consignment(conn, ref)
    assert consignment is not None  # the caller has just queued it
    payload = build_payload(version, consignment, declaration, assignment, roster)
    outbox.add(conn, ref, version, idempotency_key(ref, version), payload)
    return assignment


def build_payload(
    version: int,
    consignment: Mapping[str, Any],
    declaration: Mapping[str, Any],
    assignment: Mapping[str, Any],
    roster: Roster,
) -> dict[str, Any]:
    """The JSON the assessment system receives: the declaration with its documents, links
    and findings (warnings are for the assessor), and who assesses it.

    ``consignment`` is storage.consignments.get_consignment's row."""
    ref = consignment["consignment_ref"]
    by_sha = {d["sha256"]: d["document_ref"] for d in consignment.get("documents", [])}
    return {
        "schema": PAYLOAD_SCHEMA,
        "idempotency_key": idempotency_key(ref, version),
        "consignment_ref": ref,
        "declaration_version": version,
        "documents": [
            {k: d.get(k) for k in ("document_ref", "original_name", "doc_type")}
            for d in sorted(consignment.get("documents", []), key=lambda d: d["document_ref"])
        ],
        "links": [
            {
                "from": by_sha.get(lk["from_sha"], lk["from_sha"]),
                "to": by_sha.get(lk["to_sha"], lk["to_sha"]),
                "reference": lk["reference"],
            }
            for lk in consignment.get("links", [])
        ],
        "findings": [
            {k: f.get(k) for k in ("code", "severity", "documents", "fields", "message")}
            for f in consignment.get("findings", [])
        ],
        "assessor": _assessor(assignment, roster),
        "declaration": dict(declaration),
    }


def _assessor(assignment: Mapping[str, Any], roster: Roster) -> dict[str, Any]:
    who = assignment["assessor_id"]
    person = next((a for a in roster.assessors if a.id == who), None)
    entry = person if person is not None else roster.fallback if roster.fallback.id == who else None
    return {
        "id": who,
        "name": entry.name if entry is not None else None,
        "email": entry.email if entry is not None else None,
        "team": assignment["team"],
        "pool": bool(assignment["pool"]),
        "reason": assignment["reason"],
    }
