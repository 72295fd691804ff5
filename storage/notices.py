"""Notifications sent by the daily notices DAG: one sent_notices row per (kind, subject,
date), so a notice is sent once however often the DAG runs; plus the queries they read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from storage.db import Connection, execute, fetch_all, fetch_one
from storage.documents import HEADER_INDEX

PERMIT_FIELDS = ("expiry_date", "permit_number", "permit_type", "holder_name")


def permit_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every permit document that has an expiry date, with the fields a reminder lists."""
    return fetch_all(
        conn,
        """
        SELECT d.sha256, d.document_ref,
               max(f.value #>> '{}') FILTER (WHERE f.name = 'expiry_date') AS expiry_date,
               max(f.value #>> '{}') FILTER (WHERE f.name = 'permit_number') AS permit_number,
               max(f.value #>> '{}') FILTER (WHERE f.name = 'permit_type') AS permit_type,
               max(f.value #>> '{}') FILTER (WHERE f.name = 'holder_name') AS holder_name
        FROM documents d JOIN extracted_fields f USING (sha256)
        WHERE d.doc_type = 'permit' AND f.item_index = %s AND f.name = ANY(%s)
        GROUP BY d.sha256, d.document_ref
        HAVING bool_or(f.name = 'expiry_date')
        ORDER BY d.sha256
        """,
        (HEADER_INDEX, list(PERMIT_FIELDS)),
    )


def document_contact(conn: Connection, sha256: str) -> str | None:
    """The address of whoever sent the document (or the archive it came in): the sender of
    the most recent e-mail that carried it, else an uploader's address; None if unknown."""
    shas = [sha256]
    parent = fetch_one(conn, "SELECT parent_sha256 FROM documents WHERE sha256 = %s", (sha256,))
    if parent and parent["parent_sha256"]:
        shas.append(parent["parent_sha256"])
    row = fetch_one(
        conn,
        """
        SELECT m.sender FROM document_sources s
        JOIN messages m ON s.channel = 'email' AND m.message_id = s.origin_ref
        WHERE s.sha256 = ANY(%s) AND coalesce(m.sender, '') <> ''
        ORDER BY m.received_at DESC NULLS LAST, s.received_at DESC LIMIT 1
        """,
        (shas,),
    )
    if row is not None:
        return str(row["sender"])
    row = fetch_one(
        conn,
        "SELECT uploader FROM document_sources WHERE sha256 = ANY(%s) "
        "AND uploader LIKE '%%@%%' ORDER BY received_at DESC LIMIT 1",
        (shas,),
    )
    return str(row["uploader"]) if row is not None else None


def claim_notice(
    conn: Connection,
    kind: str,
    subject: str,
    on_date: date,
    message_id: str,
    recipient: str | None,
) -> tuple[dict[str, Any], bool]:
    """(the notice's row, whether it is new): created (pending, or no_address) if new, locked
    until commit so that two runs cannot both send it. An existing row is kept as it is."""
    n = execute(
        conn,
        """
        INSERT INTO sent_notices (kind, subject, on_date, message_id, recipient, status)
        VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (kind, subject, on_date) DO NOTHING
        """,
        (kind, subject, on_date, message_id, recipient, "pending" if recipient else "no_address"),
    )
    row = fetch_one(
        conn,
        "SELECT * FROM sent_notices WHERE kind = %s AND subject = %s AND on_date = %s FOR UPDATE",
        (kind, subject, on_date),
    )
    assert row is not None
    return row, n == 1


def mark_notice(conn: Connection, message_id: str, status: str) -> None:
    execute(
        conn,
        "UPDATE sent_notices SET status = %s, "
        "sent_at = CASE WHEN %s = 'sent' THEN now() ELSE sent_at END WHERE message_id = %s",
        (status, status, message_id),
    )


def list_sent(conn: Connection, kind: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn, "SELECT * FROM sent_notices WHERE kind = %s ORDER BY created_at", (kind,)
    )


# --- the stewards' daily figures ---------------------------------------------------------


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def received_by_status(conn: Connection, day: date) -> list[dict[str, Any]]:
    """Documents first stored that day, by their status now."""
    return fetch_all(
        conn,
        "SELECT status, count(*) AS n FROM documents "
        "WHERE created_at >= %s AND created_at < %s GROUP BY status",
        day_bounds(day),
    )


def documents_by_error(conn: Connection, day: date) -> list[dict[str, Any]]:
    """For the documents first stored that day: how many carry each error code."""
    return fetch_all(
        conn,
        """
        SELECT e->>'code' AS code, count(DISTINCT d.sha256) AS n
        FROM documents d CROSS JOIN LATERAL jsonb_array_elements(d.errors) e
        WHERE d.created_at >= %s AND d.created_at < %s AND e ? 'code'
        GROUP BY e->>'code'
        """,
        day_bounds(day),
    )


def consignments_queued(conn: Connection, day: date) -> int:
    row = fetch_one(
        conn,
        "SELECT count(*) AS n FROM assessment_queue WHERE queued_at >= %s AND queued_at < %s",
        day_bounds(day),
    )
    return int(row["n"]) if row else 0


def handoff_seconds(conn: Connection, day: date) -> list[float]:
    """Per document first queued that day: seconds from its first 'received' event."""
    rows = fetch_all(
        conn,
        """
        WITH q AS (
            SELECT sha256, min(at) AS queued_at FROM document_events
            WHERE status = 'queued' GROUP BY sha256
        ), r AS (
            SELECT sha256, min(at) AS received_at FROM document_events
            WHERE status = 'received' GROUP BY sha256
        )
        SELECT extract(epoch FROM q.queued_at - r.received_at)::float8 AS seconds
        FROM q JOIN r USING (sha256)
        WHERE q.queued_at >= %s AND q.queued_at < %s AND q.queued_at >= r.received_at
        ORDER BY seconds
        """,
        day_bounds(day),
    )
    return [float(r["seconds"]) for r in rows]


def outbox_counts(conn: Connection, day: date) -> list[dict[str, Any]]:
    """Hand-off outbox rows written that day, by their status now."""
    return fetch_all(
        conn,
        "SELECT status, count(*) AS n FROM handoff_outbox "
        "WHERE created_at >= %s AND created_at < %s GROUP BY status",
        day_bounds(day),
    )
