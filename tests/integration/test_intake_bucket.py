"""Bucket intake against the real S3 store and PostgreSQL."""

from __future__ import annotations

import io
import uuid

import pytest

from clearway.ids import sha256_hex, tracking_ref
from intake.bucket import poll_bucket
from storage import db, documents
from storage.db import transaction
from storage.objects import ObjectStore
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.integration


def test_poll_twice_ingests_once_and_keeps_metadata(settings):
    db.migrate(settings)
    store = ObjectStore(settings)
    store.ensure_buckets()
    pdf = make_pdf(f"invoice {uuid.uuid4()}")
    key = store.put_incoming(
        f"{uuid.uuid4().hex}.pdf", pdf, uploader="acme", original_name="Invoice 42.pdf"
    )
    # An upload without metadata: the uploader comes from the key.
    plain = make_pdf(f"awb {uuid.uuid4()}")
    store.client.put_object(
        settings.inbox_bucket,
        f"{settings.inbox_prefix}globex/awb.pdf",
        io.BytesIO(plain),
        len(plain),
    )

    first = poll_bucket(settings)
    assert tracking_ref(sha256_hex(pdf)) in first and tracking_ref(sha256_hex(plain)) in first
    assert poll_bucket(settings) == []

    with transaction(settings) as conn:
        [src] = documents.list_sources(conn, sha256_hex(pdf))
        [src2] = documents.list_sources(conn, sha256_hex(plain))
        doc = documents.get_document(conn, sha256_hex(pdf))
    assert (src["channel"], src["uploader"], src["original_name"]) == (
        "bucket",
        "acme",
        "Invoice 42.pdf",
    )
    assert src["origin_ref"].startswith(f"{settings.inbox_bucket}/{key}@")
    assert (src2["uploader"], src2["original_name"]) == ("globex", "awb.pdf")
    assert doc["status"] == "received" and doc["original_name"] == "Invoice 42.pdf"
    assert store.exists(settings.inbox_bucket, key)  # never deleted

    # The same key with new content (new etag) is a new upload.
    newer = make_pdf(f"invoice v2 {uuid.uuid4()}")
    store.put_incoming(key.rsplit("/", 1)[1], newer, uploader="acme")
    assert poll_bucket(settings) == [tracking_ref(sha256_hex(newer))]


def test_oversized_upload_is_rejected_without_reading_it_and_kept(settings):
    small = settings.model_copy(update={"max_file_bytes": 1000})
    db.migrate(small)
    store = ObjectStore(small)
    store.ensure_buckets()
    big = make_pdf(f"big {uuid.uuid4()}" * 50)
    assert len(big) > 1000
    store.put_incoming(f"{uuid.uuid4().hex}.pdf", big, uploader="acme")
    refs = poll_bucket(small)
    assert tracking_ref(sha256_hex(big)) in refs
    with transaction(small) as conn:
        doc = documents.get_document(conn, sha256_hex(big))
    assert doc["status"] == "rejected" and doc["errors"][0]["code"] == "CW103"
    assert doc["size_bytes"] == len(big)
    assert store.get_raw(sha256_hex(big)) == big
