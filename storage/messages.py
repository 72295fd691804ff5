"""E-mail messages: one row per Message-ID, the idempotency key of mailbox intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.db import Connection, execute, fetch_all, fetch_one


def upsert_message(
    conn: Connection,
    message_id: str,
    *,
    sender: str | None,
    subject: str | None,
    received_at: datetime | None,
    raw_key: str,
    imap_uid: int | None = None,
) -> tuple[dict[str, Any], bool]:
    """Insert the message if new; returns (row, inserted). A re-fetch only refreshes the UID."""
    row = fetch_one(
        conn,
        """
        INSERT INTO messages (message_id, sender, subject, received_at, raw_key, imap_uid)
        VALUES (%s, %s, %s, %s, %s, %s)
        ON CONFLICT (message_id) DO UPDATE SET
            imap_uid = COALESCE(EXCLUDED.imap_uid, messages.imap_uid), updated_at = now()
        RETURNING *, (xmax = 0) AS inserted
        """,
        (message_id, sender, subject, received_at, raw_key, imap_uid),
    )
    assert row is not None
    inserted = bool(row.pop("inserted"))
    return row, inserted


def get_message(conn: Connection, message_id: str) -> dict[str, Any] | None:
    return fetch_one(conn, "SELECT * FROM messages WHERE message_id = %s", (message_id,))


def set_message_status(conn: Connection, message_id: str, status: str) -> None:
    execute(
        conn,
        "UPDATE messages SET status = %s, updated_at = now() WHERE message_id = %s",
        (status, message_id),
    )


def lock_message(conn: Connection, message_id: str) -> dict[str, Any] | None:
    """Row lock until the transaction ends, so two pollers cannot both acknowledge."""
    return fetch_one(conn, "SELECT * FROM messages WHERE message_id = %s FOR UPDATE", (message_id,))


def mark_ack_sent(conn: Connection, message_id: str, ack_message_id: str) -> None:
    """Record the acknowledgement; the first recorded one wins (ack_sent_at never moves)."""
    execute(
        conn,
        """
        UPDATE messages SET ack_sent_at = COALESCE(ack_sent_at, now()),
               ack_message_id = COALESCE(ack_message_id, %s), updated_at = now()
        WHERE message_id = %s
        """,
        (ack_message_id, message_id),
    )


def documents_of_message(conn: Connection, message_id: str) -> list[dict[str, Any]]:
    """The documents that arrived with a message (via their e-mail sources)."""
    return fetch_all(
        conn,
        """
        SELECT d.*, s.original_name AS source_name
        FROM document_sources s JOIN documents d USING (sha256)
        WHERE s.channel = 'email' AND s.origin_ref = %s
        ORDER BY s.received_at, s.original_name
        """,
        (message_id,),
    )
