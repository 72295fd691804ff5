"""End to end on the real services: an e-mail with attachments into the mailbox, files into
the bucket, the four DAGs run with dag.test(), and the result asserted in PostgreSQL.

Expectations come from samples/shipments.json and samples/gt (what the generator put on the
documents), not from what the pipeline happened to produce.

The assertions are exact (these documents and consignments, no others), so the module runs
in a namespace of its own (tests.namespaces.namespace: its own database, buckets, IMAP folder
and sender), not the session's: other modules put the same sample bytes there (the browser
tests upload them), and in a content-addressed store those would be these documents, with
other sources, consignments and statuses, whatever order the modules run in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from email.utils import parseaddr
from pathlib import Path

import pytest

from clearway.demo import SAMPLES, collect_report, feed_samples, run_dags
from clearway.settings import Settings
from tests.namespaces import namespace

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def _gt(doc: str) -> dict:
    return json.loads((SAMPLES / "gt" / (Path(doc).stem + ".json")).read_text())


@pytest.fixture(scope="module")
def shipments() -> list[dict]:
    return json.loads((SAMPLES / "shipments.json").read_text())["shipments"]


def _sent_by(stack, since_ns: int) -> list:
    """Mail this session's namespace sent since then (conftest's outbox filter, for a module)."""
    from clearway.localstack.smtp import sent_messages

    sender = parseaddr(stack.mail_from)[1]
    return [m for m in sent_messages(stack, since_ns=since_ns) if m["X-MailFrom"] == sender]


@pytest.fixture(scope="module")
def own_stack() -> Iterator[Settings]:
    with namespace() as ns:
        yield ns


@pytest.fixture(scope="module")
def result(own_stack, shipments) -> dict:
    since = time.time_ns()
    feed_samples(own_stack)
    run_dags(own_stack, on_line=lambda _: None)
    report = collect_report(own_stack)
    report["sent"] = _sent_by(own_stack, since)
    # Everything again: a re-delivered e-mail, the same uploads, every DAG re-run.
    feed_samples(own_stack)
    run_dags(own_stack, on_line=lambda _: None)
    report["again"] = collect_report(own_stack)
    report["sent_again"] = _sent_by(own_stack, since)
    return report


def _files(consignment: dict) -> set[str]:
    return {d["original_name"] for d in consignment["documents"]}


def test_every_sample_is_one_document_with_a_status_history(result, shipments, own_stack) -> None:
    from storage.db import fetch_all, transaction

    expected = {Path(d).name for s in shipments for d in s["documents"]}
    assert {d["original_name"] for d in result["documents"]} == expected
    assert len(result["documents"]) == len(expected)
    with transaction(own_stack) as conn:
        events = fetch_all(
            conn,
            "SELECT d.original_name, e.status "
            "FROM document_events e JOIN documents d USING (sha256)",
        )
    for name in expected:
        history = [e["status"] for e in events if e["original_name"] == name]
        assert history[0] in ("stored", "received"), (name, history)
        assert "linked" in history, (name, history)


def test_documents_of_each_shipment_form_one_consignment(result, shipments) -> None:
    groups = [_files(c) for c in result["consignments"]]
    for s in shipments:
        assert {Path(d).name for d in s["documents"]} in groups, s["id"]
    assert len(groups) == len(shipments)


def test_links_carry_the_shared_references(result, shipments, own_stack) -> None:
    from storage.db import fetch_all, transaction

    with transaction(own_stack) as conn:
        links = fetch_all(
            conn,
            "SELECT a.original_name AS src, b.original_name AS dst, l.reference "
            "FROM consignment_links l JOIN documents a ON a.sha256 = l.from_sha "
            "JOIN documents b ON b.sha256 = l.to_sha",
        )
    found = {(lk["src"], lk["dst"]) for lk in links}
    air = next(s for s in shipments if s["id"] == "demo_a")
    for link in air["links"]:
        assert (Path(link["from"]).name, Path(link["to"]).name) in found, link


def test_air_shipment_declaration_is_prefilled_from_its_sources_and_queued(
    result, shipments
) -> None:
    air = next(s for s in shipments if s["id"] == "demo_a")
    names = {Path(d).name for d in air["documents"]}
    consignment = next(c for c in result["consignments"] if _files(c) == names)
    assert consignment["queue"], consignment["missing"]
    assert consignment["complete"] is True
    declaration = consignment["declarations"][0]["body"]
    invoice_gt = _gt(next(d for d in air["documents"] if "invoice" in d))["fields"]
    awb_gt = _gt(next(d for d in air["documents"] if "awb" in d))["fields"]
    assert declaration["transport_document_number"]["value"] == awb_gt["transport_document_number"]
    assert declaration["transport_document_type"]["value"] == "AWB"
    assert [n["value"] for n in declaration["invoice_numbers"]] == [invoice_gt["invoice_number"]]
    assert declaration["currency"]["value"] == invoice_gt["currency"]
    assert float(declaration["total_amount"]["value"]) == float(invoice_gt["total_amount"])
    assert declaration["importer_name"]["value"].casefold() == invoice_gt["buyer_name"].casefold()
    refs = {d["document_ref"] for d in consignment["documents"]}
    for key in ("importer_name", "transport_document_number", "currency", "total_amount"):
        value = declaration[key]
        assert value["de"], key
        assert value["source"]["file"] in refs, key  # names the stored document
        assert value["source"]["page"] == 1 and len(value["source"]["bbox"]) == 4, key


def test_incomplete_consignments_wait_with_what_is_missing(result) -> None:
    for c in result["consignments"]:
        if not c["complete"]:
            assert c["missing"], c["consignment_ref"]
            assert not c["queue"]


def test_sender_is_acknowledged_once_with_tracking_references(result, shipments) -> None:
    acks = result["sent"]
    assert len(acks) == 1
    body = acks[0].get_content()
    air = next(s for s in shipments if s["id"] == "demo_a")
    refs = {d["original_name"]: d["document_ref"] for d in result["documents"]}
    for doc in air["documents"]:
        assert refs[Path(doc).name] in body
    assert len(result["sent_again"]) == 1, "a re-delivered e-mail must not be acknowledged twice"


def test_running_everything_again_changes_nothing(result) -> None:
    again = result["again"]
    assert [d["document_ref"] for d in again["documents"]] == [
        d["document_ref"] for d in result["documents"]
    ]
    assert [c["consignment_ref"] for c in again["consignments"]] == [
        c["consignment_ref"] for c in result["consignments"]
    ]
    assert len(again["queue"]) == len(result["queue"])
    for before, after in zip(result["consignments"], again["consignments"], strict=True):
        assert [d["version"] for d in after["declarations"]] == [
            d["version"] for d in before["declarations"]
        ]
