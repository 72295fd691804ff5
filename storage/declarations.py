"""Declaration versions, amendments, decisions and the notices sent to traders.

Versions are append-only (a trigger refuses UPDATE and DELETE): version 1 is the pre-fill
(storage.consignments.save_declaration writes pre-fills), an amendment adds a version with
its role and changes. Decisions and notices are keyed so that recording or sending twice
writes once. Every function takes an open connection; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from psycopg2.extras import Json

from declarations.risk import TraderHistory
from storage.consignments import get_declaration
from storage.db import Connection, execute, fetch_all, fetch_one
from validators.parties import name_key


def lock_consignment(conn: Connection, ref: str) -> dict[str, Any] | None:
    """The consignment row, locked until the transaction ends (one amendment at a time)."""
    return fetch_one(
        conn, "SELECT * FROM consignments WHERE consignment_ref = %s FOR UPDATE", (ref,)
    )


def get_version(conn: Connection, ref: str, version: int | None = None) -> dict[str, Any] | None:
    """A declaration version (the latest by default) with its role and changes."""
    return get_declaration(conn, ref, version)


def list_versions(conn: Connection, ref: str) -> list[dict[str, Any]]:
    """Every version, oldest first, without its body: who, when, why, what changed."""
    return fetch_all(
        conn,
        "SELECT version, created_at, created_by, role, reason, changes FROM declarations "
        "WHERE consignment_ref = %s ORDER BY version",
        (ref,),
    )


def add_version(
    conn: Connection,
    ref: str,
    body: Mapping[str, Any],
    *,
    created_by: str,
    role: str,
    reason: str,
    changes: Sequence[Mapping[str, Any]],
) -> int:
    """Append an amended version after the latest; returns its number. Lock the consignment
    first (lock_consignment) so two amendments cannot both take the same number."""
    row = fetch_one(
        conn,
        "SELECT coalesce(max(version), 0) + 1 AS next FROM declarations WHERE consignment_ref = %s",
        (ref,),
    )
    version = int(row["next"]) if row else 1
    execute(
        conn,
        """
        INSERT INTO declarations (consignment_ref, version, body, created_by, reason, role,
                                  changes)
        VALUES (%s, %s, %s, %s, %s, %s, %s)
        """,
        (ref, version, Json(body), created_by, reason, role, Json(list(changes))),
    )
    return version


def findings_of(conn: Connection, ref: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn,
        "SELECT code, severity, documents, fields, message FROM findings "
        "WHERE consignment_ref = %s ORDER BY code",
        (ref,),
    )


def trader_history(conn: Connection, ref: str, declaration: Mapping[str, Any]) -> TraderHistory:
    """How many consignments created before ``ref`` name the same exporter and importer.

    Names are compared by validators.parties.name_key (case, accents, legal form), over the
    pre-filled version 1 of each earlier consignment.
    """
    rows = fetch_all(
        conn,
        """
        SELECT d.body -> 'exporter_name' ->> 'value' AS exporter,
               d.body -> 'importer_name' ->> 'value' AS importer
        FROM declarations d JOIN consignments c USING (consignment_ref)
        WHERE d.version = 1 AND d.consignment_ref <> %s
          AND c.created_at < coalesce(
              (SELECT created_at FROM consignments WHERE consignment_ref = %s), now())
        """,
        (ref, ref),
    )

    def count(key: str, column: str) -> int:
        value = (declaration.get(key) or {}).get("value")
        wanted = name_key(str(value)) if value else ""
        return sum(1 for r in rows if wanted and r[column] and name_key(r[column]) == wanted)

    return TraderHistory(
        exporter_earlier=count("exporter_name", "exporter"),
        importer_earlier=count("importer_name", "importer"),
    )


def decision_key(ref: str, version: int, decision: str, requested: Sequence[str]) -> str:
    """The same decision on the same version asking for the same documents is one decision."""
    payload = json.dumps([ref, version, decision, sorted(requested)], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def record_decision(
    conn: Connection,
    ref: str,
    version: int,
    decision: str,
    *,
    decided_by: str,
    note: str | None,
    requested: Sequence[str] = (),
) -> tuple[dict[str, Any], bool]:
    """Insert the decision unless the same one is recorded; returns (row, inserted)."""
    key = decision_key(ref, version, decision, requested)
    row = fetch_one(
        conn,
        """
        INSERT INTO declaration_decisions (consignment_ref, declaration_version, decision,
                                           decided_by, note, requested, decision_key)
        VALUES (%s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (decision_key) DO NOTHING
        RETURNING *
        """,
        (ref, version, decision, decided_by, note, Json(sorted(requested)), key),
    )
    if row is not None:
        return row, True
    existing = fetch_one(
        conn, "SELECT * FROM declaration_decisions WHERE decision_key = %s", (key,)
    )
    assert existing is not None
    return existing, False


def list_decisions(conn: Connection, ref: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn, "SELECT * FROM declaration_decisions WHERE consignment_ref = %s ORDER BY id", (ref,)
    )


def latest_decision(conn: Connection, ref: str) -> dict[str, Any] | None:
    return fetch_one(
        conn,
        "SELECT * FROM declaration_decisions WHERE consignment_ref = %s ORDER BY id DESC LIMIT 1",
        (ref,),
    )


def trader_contact(conn: Connection, ref: str) -> tuple[str, str | None] | None:
    """(address, Message-ID of their e-mail) of the trader who sent the consignment's
    documents, the most recent e-mail first; an uploader's address when none came by e-mail."""
    row = fetch_one(
        conn,
        """
        SELECT m.sender, m.message_id
        FROM consignment_documents cd
        JOIN document_sources s USING (sha256)
        JOIN messages m ON s.channel = 'email' AND m.message_id = s.origin_ref
        WHERE cd.consignment_ref = %s AND coalesce(m.sender, '') <> ''
        ORDER BY m.received_at DESC NULLS LAST, s.received_at DESC
        LIMIT 1
        """,
        (ref,),
    )
    if row is not None:
        return str(row["sender"]), str(row["message_id"])
    row = fetch_one(
        conn,
        """
        SELECT s.uploader FROM consignment_documents cd JOIN document_sources s USING (sha256)
        WHERE cd.consignment_ref = %s AND s.uploader LIKE '%%@%%'
        ORDER BY s.received_at DESC LIMIT 1
        """,
        (ref,),
    )
    return (str(row["uploader"]), None) if row is not None else None


def add_notice(
    conn: Connection,
    message_id: str,
    ref: str,
    kind: str,
    version: int,
    recipient: str | None,
    subject: str,
    raw: str,
) -> dict[str, Any]:
    """Record a notice to send (status pending, or no_address); an existing one is kept.

    Written in the transaction of what it is about (an outbox): sending comes after commit.
    """
    status = "pending" if recipient else "no_address"
    execute(
        conn,
        """
        INSERT INTO trader_notices (message_id, consignment_ref, kind, declaration_version,
                                    recipient, subject, raw, status)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (message_id) DO NOTHING
        """,
        (message_id, ref, kind, version, recipient, subject, raw, status),
    )
    row = fetch_one(conn, "SELECT * FROM trader_notices WHERE message_id = %s", (message_id,))
    assert row is not None
    return row


def pending_notices(conn: Connection, ref: str | None = None) -> list[str]:
    """Message-IDs of notices not sent yet (SMTP was down), oldest first."""
    return [
        r["message_id"]
        for r in fetch_all(
            conn,
            "SELECT message_id FROM trader_notices WHERE status = 'pending' "
            "AND (%s::text IS NULL OR consignment_ref = %s) ORDER BY created_at",
            (ref, ref),
        )
    ]


def lock_notice(conn: Connection, message_id: str) -> dict[str, Any] | None:
    """Row lock until the transaction ends, so two senders cannot both send it."""
    return fetch_one(
        conn, "SELECT * FROM trader_notices WHERE message_id = %s FOR UPDATE", (message_id,)
    )


def mark_notice(conn: Connection, message_id: str, status: str) -> None:
    execute(
        conn,
        "UPDATE trader_notices SET status = %s, "
        "sent_at = CASE WHEN %s = 'sent' THEN coalesce(sent_at, now()) ELSE sent_at END "
        "WHERE message_id = %s",
        (status, status, message_id),
    )


def list_notices(conn: Connection, ref: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn,
        "SELECT message_id, kind, declaration_version, recipient, subject, status, sent_at, "
        "created_at FROM trader_notices WHERE consignment_ref = %s "
        "ORDER BY created_at, message_id",
        (ref,),
    )
