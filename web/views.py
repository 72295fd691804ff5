"""What the document and consignment pages show, as plain data the HTML and JSON routes
both render: status in plain words, the history, errors with their sentences, findings
and requests for documents."""

from __future__ import annotations

from typing import Any

from clearway.ids import tracking_ref
from storage import consignments, documents
from storage import declarations as decl_store
from storage.db import Connection, fetch_all
from web import access
from web.accounts import TRADER, User
from web.finding_words import finding_view

# A document's status (document_events) in words a trader understands.
STATUS_WORDS = {
    "stored": "Stored, not yet checked",
    "received": "Received; waiting to be read",
    "rejected": "Refused: the file cannot be accepted (see below)",
    "unpacked": "Archive unpacked into its files",
    "extracted": "Read",
    "partial": "Read in part; some values need a person to check them",
    "failed": "Could not be read (see below)",
    "validated": "Checked",
    "linked": "Grouped with the other documents of its shipment",
    "queued": "Handed to the customs assessors",
}
# A refused or unreadable document goes no further: its type was never worked out and it
# joins no consignment, so "other" and "not yet grouped" would mislead. The page says so.
STOPPED = ("rejected", "failed")
CONSIGNMENT_WORDS = {
    "linked": "Documents grouped; waiting for what is missing",
    "queued": "With the customs assessors",
}
DECISION_WORDS = {
    "accept": "Accepted",
    "request_documents": "More documents requested",
    "inspect": "Selected for inspection",
    "reject": "Rejected",
}


def status_words(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", status or "unknown")


def document_view(conn: Connection, user: User, ref: str) -> dict[str, Any]:
    doc = access.document_row(conn, user, ref)
    sha = doc["sha256"]
    cons_ref = consignments.consignment_of(conn, sha)
    members = documents.list_members(conn, sha)
    visible = access.visible_shas(conn, user, [m["sha256"] for m in members])
    parent = doc["parent_sha256"]
    archive_ref = (
        tracking_ref(parent) if parent and access.visible_shas(conn, user, [parent]) else None
    )
    return {
        "document_ref": doc["document_ref"],
        "original_name": doc["original_name"],
        "status": doc["status"],
        "status_words": status_words(doc["status"]),
        "doc_type": doc["doc_type"],
        "media_type": doc["media_type"],
        "size_bytes": doc["size_bytes"],
        "received_at": doc["created_at"],
        "errors": doc["errors"] or [],
        "stopped": doc["status"] in STOPPED,
        "consignment_ref": cons_ref,
        "archive_ref": archive_ref,
        "members": [
            {
                "document_ref": m["document_ref"],
                "original_name": m["original_name"],
                "status": m["status"],
                "status_words": status_words(m["status"]),
            }
            for m in members
            if m["sha256"] in visible
        ],
        "events": [
            {
                "status": e["status"],
                "status_words": status_words(e["status"]),
                "at": e["at"],
                # Traders see what happened; the detail (channels, codes) is for staff.
                "detail": e["detail"] if user.role != TRADER else None,
            }
            for e in documents.list_events(conn, sha)
        ],
    }


def original_of(conn: Connection, user: User, ref: str) -> dict[str, Any]:
    """The row of a document whose original bytes the user may download."""
    return access.document_row(conn, user, ref)


def consignment_view(conn: Connection, user: User, ref: str) -> dict[str, Any]:
    ref = access.check_consignment(conn, user, ref)
    cons = consignments.get_consignment(conn, ref)
    assert cons is not None
    visible = access.visible_shas(conn, user, [d["sha256"] for d in cons["documents"]])
    decisions = decl_store.list_decisions(conn, ref)
    latest = decisions[-1] if decisions else None
    sent = answers(conn, user, ref)
    return {
        "consignment_ref": ref,
        "status": cons["status"],
        "status_words": _consignment_words(cons["status"], latest, sent),
        "complete": cons["complete"],
        "missing": cons["missing"] or [],
        "documents": [
            {
                "document_ref": d["document_ref"],
                "original_name": d["original_name"],
                "doc_type": d["doc_type"],
                "status": d["status"],
                "status_words": status_words(d["status"]),
            }
            for d in cons["documents"]
            if d["sha256"] in visible
        ],
        # Documents of the shipment from other senders are counted, not shown.
        "other_documents": len(cons["documents"]) - len(visible),
        "findings": [
            finding_view({"code": f["code"], "severity": f["severity"], "message": f["message"]})
            for f in cons["findings"]
        ],
        "decision": _decision(latest),
        "requests": [_decision(d) for d in decisions if d["decision"] == "request_documents"],
        "answers": sent,
    }


def _consignment_words(
    status: str, latest: dict[str, Any] | None, sent: list[dict[str, Any]]
) -> str:
    """The consignment's state for the person reading it. An open request for documents
    outranks "with the customs assessors": it is the trader's move until they answer."""
    if latest is not None and latest["decision"] == "request_documents":
        if any(a["created_at"] > latest["decided_at"] for a in sent):
            return "Requested documents sent; with the customs assessors"
        return "Waiting for the documents customs requested (below)"
    return CONSIGNMENT_WORDS.get(status, status)


def answers(conn: Connection, user: User, ref: str) -> list[dict[str, Any]]:
    """Portal uploads sent for this consignment (a trader: their company's), oldest first."""
    company = user.company if user.role == TRADER else None
    return fetch_all(
        conn,
        """
        SELECT u.upload_ref, u.created_at, count(f.position) AS files
        FROM web_uploads u LEFT JOIN web_upload_files f USING (upload_ref)
        WHERE u.consignment_ref = %(ref)s
          AND (%(company)s::text IS NULL OR u.company = %(company)s)
        GROUP BY u.upload_ref, u.created_at ORDER BY u.created_at
        """,
        {"ref": ref, "company": company},  # type: ignore[arg-type]
    )


def _decision(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "decision": row["decision"],
        "decision_words": DECISION_WORDS.get(row["decision"], row["decision"]),
        "declaration_version": row["declaration_version"],
        "requested": row["requested"] or [],
        "note": row["note"],
        "decided_at": row["decided_at"],
    }
