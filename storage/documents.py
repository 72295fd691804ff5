"""Documents: one row per sha256, where they came from, their status history, extraction.

Every write is an upsert or an append guarded against retries, so a task that runs twice
leaves the same rows as a task that runs once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from psycopg2.extras import Json

from clearway.ids import tracking_ref
from clearway.models import ErrorInfo, Extraction, FieldValue
from storage.db import Connection, execute, fetch_all, fetch_one

HEADER_INDEX = -1  # item_index of header fields in extracted_fields


def upsert_document(
    conn: Connection,
    *,
    sha256: str,
    size_bytes: int,
    raw_key: str,
    media_type: str | None = None,
    original_name: str | None = None,
    status: str = "stored",
    parent_sha256: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Insert the document if new; returns (row, inserted).

    An existing row keeps its status (only record_status moves it) and gains only the
    facts it lacked, so a re-delivery never rewinds a processed document.
    """
    row = fetch_one(
        conn,
        """
        INSERT INTO documents (sha256, document_ref, media_type, size_bytes, raw_key,
                               original_name, status, parent_sha256)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (sha256) DO UPDATE SET
            media_type = COALESCE(documents.media_type, EXCLUDED.media_type),
            original_name = COALESCE(documents.original_name, EXCLUDED.original_name),
            parent_sha256 = COALESCE(documents.parent_sha256, EXCLUDED.parent_sha256)
        RETURNING *, (xmax = 0) AS inserted
        """,
        (
            sha256,
            tracking_ref(sha256),
            media_type,
            size_bytes,
            raw_key,
            original_name,
            status,
            parent_sha256,
        ),
    )
    assert row is not None
    inserted = bool(row.pop("inserted"))
    if inserted:
        _append_event(conn, sha256, status, {})
    return row, inserted


def add_source(
    conn: Connection,
    sha256: str,
    channel: str,
    origin_ref: str,
    *,
    original_name: str | None = None,
    uploader: str | None = None,
    received_at: datetime | None = None,
) -> bool:
    """Record one way the document arrived; returns True when this source is new."""
    n = execute(
        conn,
        """
        INSERT INTO document_sources (sha256, channel, origin_ref, original_name, uploader,
                                      received_at)
        VALUES (%s, %s, %s, %s, %s, COALESCE(%s, now()))
        ON CONFLICT (sha256, channel, origin_ref) DO NOTHING
        """,
        (sha256, channel, origin_ref, original_name, uploader, received_at),
    )
    return n == 1


def record_status(
    conn: Connection,
    sha256: str,
    status: str,
    detail: dict[str, Any] | None = None,
    *,
    errors: Sequence[ErrorInfo] | None = None,
) -> None:
    """Set documents.status (and errors, when given) and append to the history.

    A retried task records the same status with the same detail again: the history then
    gains no duplicate consecutive event.
    """
    detail = _jsonable(detail or {})
    sets = "status = %s, updated_at = now()"
    params: list[Any] = [status]
    if errors is not None:
        sets += ", errors = %s"
        params.append(Json([e.model_dump() for e in errors]))
    n = execute(conn, f"UPDATE documents SET {sets} WHERE sha256 = %s", (*params, sha256))
    if n == 0:
        raise KeyError(f"no document with sha256 {sha256}")
    last = fetch_one(
        conn,
        "SELECT status, detail FROM document_events WHERE sha256 = %s ORDER BY id DESC LIMIT 1",
        (sha256,),
    )
    if last is None or last["status"] != status or last["detail"] != detail:
        _append_event(conn, sha256, status, detail)


def _jsonable(detail: dict[str, Any]) -> dict[str, Any]:
    # Compare details as the database will return them (tuples become lists, dates strings).
    return json.loads(json.dumps(detail, default=str))


def _append_event(conn: Connection, sha256: str, status: str, detail: dict[str, Any]) -> None:
    execute(
        conn,
        "INSERT INTO document_events (sha256, status, detail) VALUES (%s, %s, %s)",
        (sha256, status, Json(detail)),
    )


def get_document(conn: Connection, sha256: str) -> dict[str, Any] | None:
    return fetch_one(conn, "SELECT * FROM documents WHERE sha256 = %s", (sha256,))


def get_document_by_ref(conn: Connection, document_ref: str) -> dict[str, Any] | None:
    return fetch_one(
        conn, "SELECT * FROM documents WHERE document_ref = %s", (document_ref.strip().upper(),)
    )


def list_documents_with_status(
    conn: Connection, statuses: Iterable[str], limit: int = 100
) -> list[dict[str, Any]]:
    """Oldest first, so a backlog drains in arrival order."""
    return fetch_all(
        conn,
        "SELECT * FROM documents WHERE status = ANY(%s) ORDER BY created_at, sha256 LIMIT %s",
        (list(statuses), limit),
    )


def list_sources(conn: Connection, sha256: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn, "SELECT * FROM document_sources WHERE sha256 = %s ORDER BY received_at", (sha256,)
    )


def list_events(conn: Connection, sha256: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn,
        "SELECT status, detail, at FROM document_events WHERE sha256 = %s ORDER BY id",
        (sha256,),
    )


def list_members(conn: Connection, parent_sha256: str) -> list[dict[str, Any]]:
    """The documents unpacked from an archive."""
    return fetch_all(
        conn,
        "SELECT * FROM documents WHERE parent_sha256 = %s ORDER BY original_name",
        (parent_sha256,),
    )


def save_extraction(
    conn: Connection, extraction: Extraction, detail: dict[str, Any] | None = None
) -> None:
    """Store an Extraction: the whole object, its fields flattened, its references, its status.

    Fields and references are replaced rather than merged: a re-extraction that no longer
    finds a value must not leave the old one behind.
    """
    sha = extraction.sha256
    n = execute(
        conn,
        """
        UPDATE documents SET doc_type = %s, subtype = %s, extraction = %s,
               media_type = COALESCE(media_type, %s), updated_at = now()
        WHERE sha256 = %s
        """,
        (
            extraction.doc_type,
            extraction.subtype,
            Json(extraction.model_dump(mode="json")),
            extraction.media_type,
            sha,
        ),
    )
    if n == 0:
        raise KeyError(f"no document with sha256 {sha}")
    execute(conn, "DELETE FROM extracted_fields WHERE sha256 = %s", (sha,))
    rows = [(HEADER_INDEX, name, fv) for name, fv in extraction.fields.items()]
    rows += [
        (i, name, fv) for i, item in enumerate(extraction.line_items) for name, fv in item.items()
    ]
    for index, name, fv in rows:
        _insert_field(conn, sha, index, name, fv)
    execute(conn, "DELETE FROM document_references WHERE sha256 = %s", (sha,))
    for ref in extraction.references:
        execute(
            conn,
            "INSERT INTO document_references (sha256, kind, value) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (sha, ref.kind, ref.value),
        )
    record_status(
        conn,
        sha,
        extraction.status,
        detail
        if detail is not None
        else {"doc_type": extraction.doc_type, "codes": [e.code for e in extraction.errors]},
        errors=extraction.errors,
    )


def _insert_field(conn: Connection, sha: str, index: int, name: str, fv: FieldValue) -> None:
    execute(
        conn,
        """
        INSERT INTO extracted_fields (sha256, item_index, name, value, confidence, page, bbox,
                                      source, raw, extractor)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (sha256, item_index, name) DO UPDATE SET
            value = EXCLUDED.value, confidence = EXCLUDED.confidence, page = EXCLUDED.page,
            bbox = EXCLUDED.bbox, source = EXCLUDED.source, raw = EXCLUDED.raw,
            extractor = EXCLUDED.extractor
        """,
        (
            sha,
            index,
            name,
            Json(fv.value),
            fv.confidence,
            fv.page,
            Json(list(fv.bbox)) if fv.bbox else None,
            fv.source,
            fv.raw,
            fv.extractor,
        ),
    )


def get_extraction(conn: Connection, sha256: str) -> Extraction | None:
    row = fetch_one(conn, "SELECT extraction FROM documents WHERE sha256 = %s", (sha256,))
    if row is None or row["extraction"] is None:
        return None
    return Extraction.model_validate(row["extraction"])


def find_by_reference(conn: Connection, kind: str, value: str) -> list[str]:
    """sha256 of the documents that carry a reference (for linking)."""
    rows = fetch_all(
        conn,
        "SELECT sha256 FROM document_references WHERE kind = %s AND value = %s ORDER BY sha256",
        (kind, value),
    )
    return [r["sha256"] for r in rows]
