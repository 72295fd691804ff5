"""The hand-off outbox: declarations waiting to be delivered to the assessment system.

A row is added in the transaction that queues its declaration (so a declaration is queued
if and only if it will be delivered) and is keyed by (consignment, declaration version):
adding it again changes nothing. The dispatcher claims one due row at a time with
``FOR UPDATE SKIP LOCKED``, so dispatchers running at once never send the same row, and
records the outcome of each attempt on the row before its transaction ends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg2.extras import Json

from storage.db import Connection, execute, fetch_all, fetch_one

STATUSES = ("pending", "delivered", "dead", "superseded")


def add(
    conn: Connection, ref: str, version: int, idempotency_key: str, payload: dict[str, Any]
) -> bool:
    """Add the delivery of ``ref`` version ``version``; True if it was not there yet.

    A pending delivery of an older version of the same declaration is superseded: the
    assessment system gets the newest version only.
    """
    inserted = execute(
        conn,
        """
        INSERT INTO handoff_outbox (consignment_ref, declaration_version, idempotency_key, payload)
        VALUES (%s, %s, %s, %s)
        ON CONFLICT (consignment_ref, declaration_version) DO NOTHING
        """,
        (ref, version, idempotency_key, Json(payload)),
    )
    execute(
        conn,
        "UPDATE handoff_outbox SET status = 'superseded' "
        "WHERE consignment_ref = %s AND declaration_version < %s AND status = 'pending'",
        (ref, version),
    )
    return inserted > 0


def claim_due(
    conn: Connection, now: datetime, skip_ids: list[int] | tuple[int, ...] = ()
) -> dict[str, Any] | None:
    """Lock and return the oldest pending row due at ``now`` that no other transaction holds."""
    return fetch_one(
        conn,
        """
        SELECT * FROM handoff_outbox
        WHERE status = 'pending' AND next_attempt_at <= %s AND NOT (id = ANY(%s))
        ORDER BY next_attempt_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
        """,
        (now, list(skip_ids)),
    )


def mark_delivered(conn: Connection, row_id: int, now: datetime, status_code: int) -> None:
    execute(
        conn,
        """
        UPDATE handoff_outbox SET status = 'delivered', attempts = attempts + 1,
            last_attempt_at = %s, last_status_code = %s, last_error = NULL, delivered_at = %s
        WHERE id = %s
        """,
        (now, status_code, now, row_id),
    )


def mark_failed(
    conn: Connection,
    row_id: int,
    now: datetime,
    *,
    error: str,
    status_code: int | None,
    next_attempt_at: datetime,
    dead: bool,
) -> None:
    """Record a failed attempt; the row waits until ``next_attempt_at`` or, if dead, for a
    steward (requeue)."""
    execute(
        conn,
        """
        UPDATE handoff_outbox SET attempts = attempts + 1, last_attempt_at = %s,
            last_status_code = %s, last_error = %s, next_attempt_at = %s,
            status = CASE WHEN %s THEN 'dead' ELSE status END
        WHERE id = %s
        """,
        (now, status_code, error, next_attempt_at, dead, row_id),
    )


def requeue(conn: Connection, now: datetime, ref: str | None = None) -> int:
    """Dead rows (of one consignment, or all) back to pending with a fresh count of attempts."""
    return execute(
        conn,
        """
        UPDATE handoff_outbox SET status = 'pending', attempts = 0, next_attempt_at = %s
        WHERE status = 'dead' AND (%s::text IS NULL OR consignment_ref = %s)
        """,
        (now, ref, ref),
    )


def counts(conn: Connection) -> dict[str, int]:
    """Rows per status, every status present (0 where none)."""
    rows = fetch_all(conn, "SELECT status, count(*) AS n FROM handoff_outbox GROUP BY status")
    found = {r["status"]: int(r["n"]) for r in rows}
    return {s: found.get(s, 0) for s in STATUSES}


def list_rows(conn: Connection, status: str, limit: int = 100) -> list[dict[str, Any]]:
    """Rows of one status without their payload, oldest first."""
    return fetch_all(
        conn,
        """
        SELECT id, consignment_ref, declaration_version, idempotency_key, status, attempts,
               next_attempt_at, last_attempt_at, last_status_code, last_error, delivered_at,
               created_at
        FROM handoff_outbox WHERE status = %s ORDER BY created_at, id LIMIT %s
        """,
        (status, limit),
    )


def get_rows(conn: Connection, ref: str) -> list[dict[str, Any]]:
    """Every outbox row of one consignment, by version."""
    return fetch_all(
        conn,
        "SELECT * FROM handoff_outbox WHERE consignment_ref = %s ORDER BY declaration_version",
        (ref,),
    )
