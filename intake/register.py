"""Store bytes, then register them as a document: the one door every channel goes through.

Order matters: raw bytes go to the object store before anything is decided, so a file that
is rejected (or that crashes a later stage) is never lost. Everything keys on the sha256, so
registering the same bytes again changes nothing but, at most, adds a source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.ids import sha256_hex
from clearway.models import ErrorInfo
from clearway.settings import Settings
from intake.sniff import bytes_to_media_type, sniff, unpack_zip
from storage import documents
from storage.db import Connection
from storage.objects import ObjectStore

ZIP = "application/zip"
# Statuses set at intake; processing picks up RECEIVED.
STORED, RECEIVED, REJECTED, UNPACKED = "stored", "received", "rejected", "unpacked"


@dataclass(frozen=True)
class RegisteredDocument:
    sha256: str
    document_ref: str
    status: str
    original_name: str  # the name it arrived under on this channel
    errors: tuple[ErrorInfo, ...] = ()
    media_type: str | None = None
    created: bool = False  # False when the bytes were already known
    members: tuple[RegisteredDocument, ...] = ()  # for an unpacked archive

    @classmethod
    def from_row(
        cls,
        row: dict[str, Any],
        name: str,
        created: bool,
        members: tuple[RegisteredDocument, ...] = (),
    ) -> RegisteredDocument:
        """The document as stored, under the name it arrived with on this channel."""
        return cls(
            sha256=row["sha256"],
            document_ref=row["document_ref"],
            status=row["status"],
            original_name=name,
            errors=tuple(ErrorInfo.model_validate(e) for e in row["errors"] or []),
            media_type=row["media_type"],
            created=created,
            members=members,
        )

    @property
    def rejected(self) -> bool:
        return self.status == REJECTED

    def leaves(self) -> Iterator[RegisteredDocument]:
        """The documents themselves: archive members instead of the archive."""
        if self.members:
            for m in self.members:
                yield from m.leaves()
        elif self.status != UNPACKED:
            yield self


def register_file(
    conn: Connection,
    store: ObjectStore,
    settings: Settings,
    data: bytes,
    name: str,
    channel: str,
    origin_ref: str,
    uploader: str | None = None,
    *,
    received_at: datetime | None = None,
    parent_sha256: str | None = None,
) -> RegisteredDocument:
    """Store ``data`` and register it (and, for a ZIP, each member) as documents."""
    name, uploader = clean_text(name) or "unnamed", clean_text(uploader)
    sha = sha256_hex(data)
    verdict, media_type, info, members = classify(data, name, settings)

    raw_key = store.put_raw(data, media_type)
    row, inserted = documents.upsert_document(
        conn,
        sha256=sha,
        size_bytes=len(data),
        raw_key=raw_key,
        media_type=media_type,
        original_name=name,
        status=STORED,
        parent_sha256=parent_sha256,
    )
    documents.add_source(
        conn,
        sha,
        channel,
        origin_ref,
        original_name=name,
        uploader=uploader,
        received_at=received_at,
    )
    # A known document keeps whatever status processing has given it since.
    if inserted or row["status"] == STORED:
        detail: dict[str, Any] = {"channel": channel, "name": name}
        if info is not None:
            detail["code"] = info.code
        documents.record_status(conn, sha, verdict, detail, errors=[info] if info else [])
        row = documents.get_document(conn, sha) or row

    registered_members: tuple[RegisteredDocument, ...] = ()
    if members is not None and row["status"] == UNPACKED:
        # Re-registering members is idempotent and gives them this channel's source too.
        registered_members = tuple(
            register_file(
                conn,
                store,
                settings,
                member,
                member_name,
                channel,
                origin_ref,
                uploader,
                received_at=received_at,
                parent_sha256=sha,
            )
            for member_name, member in members
        )
    return RegisteredDocument.from_row(row, name, inserted, registered_members)


def register_oversized(
    conn: Connection,
    store: ObjectStore,
    settings: Settings,
    *,
    bucket: str,
    key: str,
    name: str,
    channel: str,
    origin_ref: str,
    uploader: str | None = None,
) -> RegisteredDocument:
    """Register an object past max_file_bytes without reading it into memory.

    It is hashed as a stream and copied server-side to its content address, so it is kept
    like any other rejected file; holding a multi-gigabyte upload in a worker is not an option.
    """
    name, uploader = clean_text(name) or "unnamed", clean_text(uploader)
    sha, size = store.hash_object(bucket, key)
    raw_key = store.copy_to_raw(bucket, key, sha)
    info = errors.TOO_LARGE.info(file=name, size=size, limit=settings.max_file_bytes)
    row, inserted = documents.upsert_document(
        conn, sha256=sha, size_bytes=size, raw_key=raw_key, original_name=name, status=STORED
    )
    documents.add_source(conn, sha, channel, origin_ref, original_name=name, uploader=uploader)
    if inserted or row["status"] == STORED:
        detail = {"channel": channel, "name": name, "code": info.code}
        documents.record_status(conn, sha, REJECTED, detail, errors=[info])
        row = documents.get_document(conn, sha) or row
    return RegisteredDocument.from_row(row, name, inserted)


def clean_text(value: str | None) -> str | None:
    """PostgreSQL text and jsonb cannot hold NUL; senders' file names sometimes do."""
    return value.replace("\x00", "").strip() if value is not None else None


def classify(
    data: bytes, name: str, settings: Settings
) -> tuple[str, str | None, ErrorInfo | None, list[tuple[str, bytes]] | None]:
    """Pure verdict on a file: (status, media type, error, archive members or None)."""
    try:
        media_type = sniff(data, name, settings).media_type
    except DocumentRejected as exc:
        return REJECTED, _guess_media_type(data), exc.info, None
    if media_type != ZIP:
        return RECEIVED, media_type, None, None
    try:
        members = unpack_zip(data, name, settings)
    except DocumentRejected as exc:
        return REJECTED, media_type, exc.info, None
    return UNPACKED, media_type, None, members


def _guess_media_type(data: bytes) -> str | None:
    return bytes_to_media_type(data) if data else None
