"""Storage against the real PostgreSQL and S3 store: idempotent writes end to end."""

from __future__ import annotations

import io
import uuid

import pytest
from reportlab.pdfgen import canvas
from rich.console import Console

from clearway.ids import consignment_ref, tracking_ref
from clearway.models import Extraction, FieldValue, Reference
from clearway.status import show_status
from intake.register import register_file
from storage import consignments, db, documents, quality
from storage.db import transaction
from storage.objects import ObjectStore, raw_key
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(stack) -> ObjectStore:
    db.migrate(stack)
    s = ObjectStore(stack)
    s.ensure_buckets()
    return s


def register(settings, store, data, name="a.pdf", channel="cli", origin="/tmp/a.pdf", who=None):
    with transaction(settings) as conn:
        return register_file(conn, store, settings, data, name, channel, origin, who)


def test_migrate_twice(settings):
    assert db.migrate(settings) == db.migrate(settings)
    with transaction(settings) as conn:
        assert db.fetch_one(conn, "SELECT count(*) AS n FROM schema_version")["n"] == 1


def test_same_bytes_twice_is_one_document_with_two_sources(settings, store):
    data = make_pdf(f"Invoice {uuid.uuid4()}")
    first = register(settings, store, data, "INV.pdf", "cli", "/in/INV.pdf")
    again = register(settings, store, data, "INV.pdf", "cli", "/in/INV.pdf")
    other = register(settings, store, data, "copy.pdf", "upload", "web-1", "bob")
    assert first.created and not again.created and not other.created
    assert first.document_ref == again.document_ref == other.document_ref
    assert first.document_ref == tracking_ref(first.sha256)
    assert first.status == "received"
    with transaction(settings) as conn:
        sources = documents.list_sources(conn, first.sha256)
        events = documents.list_events(conn, first.sha256)
        row = documents.get_document_by_ref(conn, first.document_ref)
    assert {(s["channel"], s["origin_ref"]) for s in sources} == {
        ("cli", "/in/INV.pdf"),
        ("upload", "web-1"),
    }
    assert [e["status"] for e in events] == ["stored", "received"]
    assert row["raw_key"] == raw_key(first.sha256) and row["media_type"] == "application/pdf"
    assert store.get_raw(first.sha256) == data


def test_empty_and_encrypted_files_are_rejected_and_kept(settings, store):
    empty = register(settings, store, b"", "empty.pdf")
    assert empty.status == "rejected" and empty.errors[0].code == "CW101"
    assert store.get_raw(empty.sha256) == b""
    docx = b"PK\x03\x04" + uuid.uuid4().bytes  # not a readable zip: a broken archive
    bad = register(settings, store, docx, "broken.zip")
    assert bad.status == "rejected" and bad.errors[0].code in ("CW102", "CW107")
    assert store.get_raw(bad.sha256) == docx
    with transaction(settings) as conn:
        row = documents.get_document(conn, empty.sha256)
    assert row["status"] == "rejected" and row["errors"][0]["code"] == "CW101"


def test_encrypted_pdf_is_rejected_with_cw105_when_sniff_checks_it(settings, store):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, f"locked {uuid.uuid4()}")
    c.save()
    data = buf.getvalue()
    doc = register(settings, store, data, "locked.pdf")
    assert store.get_raw(doc.sha256) == data  # stored whatever the verdict
    if doc.status != "rejected":
        pytest.skip("intake.sniff does not detect encryption; extraction reports CW105")
    assert doc.errors[0].code == "CW105"


def test_record_status_does_not_duplicate_on_retry(settings, store):
    doc = register(settings, store, make_pdf(f"x {uuid.uuid4()}"))
    with transaction(settings) as conn:
        documents.record_status(conn, doc.sha256, "queued", {"batch": 1})
        documents.record_status(conn, doc.sha256, "queued", {"batch": 1})
        documents.record_status(conn, doc.sha256, "queued", {"batch": 2})
        statuses = [e["status"] for e in documents.list_events(conn, doc.sha256)]
        waiting = documents.list_documents_with_status(conn, ["queued"], 1000)
    assert statuses == ["stored", "received", "queued", "queued"]
    assert doc.sha256 in {r["sha256"] for r in waiting}


def _extraction(sha: str, status: str = "extracted", total: str = "100.00") -> Extraction:
    def fv(v: str) -> FieldValue:
        return FieldValue(
            value=v, confidence=0.97, page=1, bbox=(1, 2, 3, 4), raw=v, extractor="test.v1"
        )

    return Extraction(
        file="INV.pdf",
        sha256=sha,
        doc_type="invoice",
        subtype="commercial",
        status=status,
        fields={"invoice_number": fv("INV-1"), "total_amount": fv(total)},
        line_items=({"description": fv("Bolts"), "hs_code": fv("731815")},),
        references=(
            Reference(kind="invoice", value="INV-1"),
            Reference(kind="transport_document", value="17612345675"),
        ),
        pages=1,
        media_type="application/pdf",
    )


def test_save_extraction_round_trips_and_replaces_fields(settings, store):
    doc = register(settings, store, make_pdf(f"inv {uuid.uuid4()}"))
    ex = _extraction(doc.sha256)
    with transaction(settings) as conn:
        documents.save_extraction(conn, ex)
        documents.save_extraction(conn, ex)  # retry
        assert documents.get_extraction(conn, doc.sha256) == ex
        fields = db.fetch_all(
            conn,
            "SELECT item_index, name, value, bbox FROM extracted_fields "
            "WHERE sha256 = %s ORDER BY item_index, name",
            (doc.sha256,),
        )
        assert [(f["item_index"], f["name"]) for f in fields] == [
            (-1, "invoice_number"),
            (-1, "total_amount"),
            (0, "description"),
            (0, "hs_code"),
        ]
        assert fields[0]["value"] == "INV-1" and fields[0]["bbox"] == [1, 2, 3, 4]
        assert doc.sha256 in documents.find_by_reference(conn, "transport_document", "17612345675")
        events = [e["status"] for e in documents.list_events(conn, doc.sha256)]
        assert events.count("extracted") == 1
        smaller = ex.model_copy(update={"line_items": (), "references": ()})
        documents.save_extraction(conn, smaller)
        n = db.fetch_one(
            conn, "SELECT count(*) AS n FROM extracted_fields WHERE sha256 = %s", (doc.sha256,)
        )["n"]
        assert n == 2
        row = documents.get_document(conn, doc.sha256)
    assert (row["doc_type"], row["subtype"]) == ("invoice", "commercial")
    assert row["status"] == "extracted"


def test_dq_results_upsert(settings, store):
    doc = register(settings, store, make_pdf(f"dq {uuid.uuid4()}"))
    results = [
        {
            "suite": "invoice",
            "expectation": "total_not_null",
            "success": True,
            "observed": {"unexpected": 0},
        },
        {"suite": "invoice", "expectation": "currency_in_set", "success": False},
    ]
    with transaction(settings) as conn:
        quality.save_dq_results(conn, doc.sha256, results)
        quality.save_dq_results(conn, doc.sha256, results)
        rows = quality.list_dq_results(conn, doc.sha256)
    assert [(r["expectation"], r["success"]) for r in rows] == [
        ("currency_in_set", False),
        ("total_not_null", True),
    ]


def test_consignment_declarations_and_queue(settings, store, capsys):
    a = register(settings, store, make_pdf(f"a {uuid.uuid4()}"), "inv.pdf")
    b = register(settings, store, make_pdf(f"b {uuid.uuid4()}"), "awb.pdf")
    ref = consignment_ref(a.sha256)
    finding = {
        "code": "weight_mismatch",
        "severity": "warning",
        "documents": ["inv.pdf"],
        "fields": ["gross_weight_kg"],
        "message": "Weights differ.",
    }
    with transaction(settings) as conn:
        for _ in range(2):  # a retried linking task
            consignments.save_consignment(
                conn,
                ref,
                [a.sha256, b.sha256],
                [(a.sha256, b.sha256, "17612345675")],
                [finding],
                complete=False,
                missing=["permit"],
            )
        v1 = consignments.save_declaration(conn, ref, {"currency": {"value": "EUR"}})
        same = consignments.save_declaration(conn, ref, {"currency": {"value": "EUR"}})
        v2 = consignments.save_declaration(
            conn, ref, {"currency": {"value": "USD"}}, created_by="assessor", reason="corrected"
        )
        consignments.enqueue(conn, ref, v2)
        consignments.enqueue(conn, ref, v2)
        got = consignments.get_consignment(conn, ref)
        assert consignments.consignment_of(conn, b.sha256) == ref
    assert (v1, same, v2) == (1, 1, 2)
    assert [d["body"]["currency"]["value"] for d in got["declarations"]] == ["EUR", "USD"]
    assert {d["sha256"] for d in got["documents"]} == {a.sha256, b.sha256}
    assert len(got["links"]) == 1 and len(got["findings"]) == 1
    assert got["status"] == "queued" and got["queue"]["declaration_version"] == 2
    assert got["missing"] == ["permit"] and got["complete"] is False

    # Relinking without the finding clears it; b moves to another consignment.
    other = consignment_ref(b.sha256)
    with transaction(settings) as conn:
        consignments.save_consignment(conn, ref, [a.sha256], [], [], complete=True)
        consignments.save_consignment(conn, other, [b.sha256])
        got = consignments.get_consignment(conn, ref)
        assert consignments.consignment_of(conn, b.sha256) == other
    assert got["findings"] == [] and [d["sha256"] for d in got["documents"]] == [a.sha256]

    console = Console(width=200, record=True)
    assert show_status(ref, settings, console) == 0
    assert show_status(a.document_ref, settings, console) == 0
    out = console.export_text()
    assert ref in out and "queued" in out and a.document_ref in out and "History" in out
    assert show_status("CWD-NOPE-NOPE-00", settings, console) == 2
    assert "CW501 unknown_reference: Unknown reference 'CWD-NOPE-NOPE-00'" in console.export_text()
