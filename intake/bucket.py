"""Bucket intake: poll the traders' upload prefix and register what is new.

S3 stores other than AWS do not reliably send notifications, so polling ``list_objects`` is
what works everywhere. (bucket, key, etag) in ``ingested_objects`` marks an object as done;
the incoming object itself is never deleted or moved (the upload is the trader's record).
"""

from __future__ import annotations

from collections.abc import Iterator

from clearway.settings import Settings
from intake.register import RegisteredDocument, register_file, register_oversized
from storage import ingested
from storage.db import transaction
from storage.objects import IncomingObject, ObjectStore


def poll_bucket(settings: Settings) -> list[str]:
    """Ingest new objects under the incoming prefix; returns the document refs registered
    (archives and their members included)."""
    store = ObjectStore(settings)
    store.ensure_buckets()
    refs: list[str] = []
    for obj in store.list_incoming():
        refs += ingest_object(settings, store, obj)
    return refs


def origin_ref(bucket: str, obj: IncomingObject) -> str:
    return f"{bucket}/{obj.key}@{obj.etag}"


def ingest_object(settings: Settings, store: ObjectStore, obj: IncomingObject) -> list[str]:
    """Register one object in one transaction (idempotent); [] when it was ingested before."""
    bucket = settings.inbox_bucket
    with transaction(settings) as conn:
        if ingested.is_ingested(conn, bucket, obj.key, obj.etag):
            return []
        origin = origin_ref(bucket, obj)
        if obj.size > settings.max_file_bytes:
            doc = register_oversized(
                conn,
                store,
                settings,
                bucket=bucket,
                key=obj.key,
                name=obj.original_name,
                channel="bucket",
                origin_ref=origin,
                uploader=obj.uploader,
            )
        else:
            data = store.get_object(bucket, obj.key)
            doc = register_file(
                conn, store, settings, data, obj.original_name, "bucket", origin, obj.uploader
            )
        ingested.record_ingested(conn, bucket, obj.key, obj.etag, doc.sha256)
    return [doc.document_ref, *(m.document_ref for m in _all_members(doc))]


def _all_members(doc: RegisteredDocument) -> Iterator[RegisteredDocument]:
    for m in doc.members:
        yield m
        yield from _all_members(m)
