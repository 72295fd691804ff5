"""GX Data Docs published to the real S3 reports bucket by the processing DAG's GX task."""

from __future__ import annotations

import uuid

import pytest
from shipment_builders import shipment

from clearway import tasks
from clearway.settings import settings_to_env
from intake.register import register_file
from storage import db, documents
from storage.db import transaction
from storage.objects import ObjectStore
from tests.pdf_factory import make_pdf
from validators.data_docs import DataDocsParams, publish_data_docs, run_name_of
from validators.expectations import SuiteRun, run_suites

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(stack) -> ObjectStore:
    db.migrate(stack)
    s = ObjectStore(stack)
    s.ensure_buckets()
    return s


def keys(store: ObjectStore, prefix: str) -> list[str]:
    listing = store.client.list_objects(store.settings.reports_bucket, prefix, recursive=True)
    return sorted(o.object_name for o in listing)


def html(store: ObjectStore, key: str) -> str:
    return store.get_object(store.settings.reports_bucket, key).decode()


def test_validation_run_publishes_data_docs(settings, store, monkeypatch):
    """The DAG task validate_batch: suites over stored extractions -> index.html in S3."""
    for name, value in settings_to_env(settings).items():
        monkeypatch.setenv(name, value)
    shas = []
    for doc in shipment():
        reg = _register(settings, store, make_pdf(f"{doc.file} {uuid.uuid4()}"), doc.file)
        with transaction(settings) as conn:
            documents.save_extraction(conn, doc.model_copy(update={"sha256": reg.sha256}))
        shas.append(reg.sha256)

    counts = tasks.validate_batch(shas)

    assert counts["documents"] == 4 and counts["expectations"] > 0
    index = html(store, "data-docs/index.html")
    run = run_name_of(shas)
    assert run in index
    for suite in ("invoice", "waybill", "packing_list", "permit"):
        assert f"clearway.{suite}.v1" in index
    pages = keys(store, "data-docs/validations/")
    assert len([k for k in pages if f"/{run}/" in k]) == 4
    assert any(k.endswith(".css") for k in keys(store, "data-docs/static/"))
    obj = store.client.stat_object(settings.reports_bucket, "data-docs/index.html")
    assert obj.content_type == "text/html"


def test_index_lists_recent_batches_and_a_retry_replaces(settings, store):
    params = DataDocsParams(prefix="docs-a/", results_prefix="results-a/", keep_runs=2)

    def publish(name: str) -> None:
        runs: list[SuiteRun] = []
        run_suites(shipment(invoice={"currency": "XXY"}), settings, runs)
        publish_data_docs(store, name, runs, params)

    publish("batch-one")
    publish("batch-two")
    publish("batch-two")  # a retried task
    index = html(store, "docs-a/index.html")
    assert "batch-one" in index and "batch-two" in index
    assert len(keys(store, "results-a/batch-two/")) == 4  # one result per suite, replaced
    publish("batch-three")  # keep_runs=2: the oldest batch leaves the index
    index = html(store, "docs-a/index.html")
    assert "batch-three" in index and "batch-two" in index and "batch-one" not in index


def _register(settings, store, data, name):
    with transaction(settings) as conn:
        return register_file(conn, store, settings, data, name, "cli", f"/tmp/{name}", None)
