"""The pure parts of delivery: backoff, the classification of answers, Retry-After, the
idempotency key and the payload."""

from __future__ import annotations

from datetime import UTC, datetime

from handoff.assign import load_roster
from handoff.http import classify, parse_retry_after
from handoff.outbox import backoff_s, encode
from handoff.queue import build_payload, idempotency_key


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    assert [backoff_s(n, 30, 3600) for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600
    ]  # fmt: skip
    assert backoff_s(0, 30, 3600) == 30


def test_answers_are_delivered_retried_or_refused() -> None:
    assert classify(200).delivered and classify(202).delivered
    for status in (500, 502, 503, 504, 408, 425, 429):
        outcome = classify(status, "busy")
        assert not outcome.delivered and outcome.retryable, status
        assert outcome.detail == f"HTTP {status}: busy"
    for status in (400, 401, 404, 409, 422):
        assert not classify(status).retryable, status
    assert classify(503, retry_after="120").retry_after_s == 120.0


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Sun, 22 Nov 2026 03:05:00 GMT", now) == 300.0
    assert parse_retry_after("Sun, 22 Nov 2026 02:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def doc(sha: str, ref: str, name: str, doc_type: str) -> dict[str, str]:
    return {"sha256": sha, "document_ref": ref, "original_name": name, "doc_type": doc_type}


def test_payload_names_the_version_the_assessor_the_documents_and_findings() -> None:
    consignment = {
        "consignment_ref": "CWC-AB12",
        "documents": [
            doc("bb", "CWD-B", "awb.pdf", "waybill"),
            doc("aa", "CWD-A", "inv.pdf", "invoice"),
        ],
        "links": [{"from_sha": "aa", "to_sha": "bb", "reference": "17612345675"}],
        "findings": [
            {"code": "weight_mismatch", "severity": "warning", "documents": ["CWD-A", "CWD-B"],
             "fields": ["gross_weight_kg"], "message": "120.5 kg against 121 kg"},
        ],
    }  # fmt: skip
    assignment = {"assessor_id": "as-nair", "team": "machinery", "pool": False, "reason": "r"}
    payload = build_payload(2, consignment, {"items": []}, assignment, load_roster())
    assert payload["idempotency_key"] == idempotency_key("CWC-AB12", 2) == "clearway:CWC-AB12:v2"
    assert payload["declaration_version"] == 2 and payload["declaration"] == {"items": []}
    assert payload["assessor"]["email"] == "priya.nair@customs.localhost"
    assert [d["document_ref"] for d in payload["documents"]] == ["CWD-A", "CWD-B"]
    assert payload["links"] == [{"from": "CWD-A", "to": "CWD-B", "reference": "17612345675"}]
    assert payload["findings"][0]["severity"] == "warning"
    assert encode(payload) == encode(dict(reversed(list(payload.items()))))  # stable bytes


def test_status_shows_dead_rows_with_their_error_and_the_workload() -> None:
    from rich.console import Console

    from handoff.report import print_status

    row = {
        "consignment_ref": "CWC-AB12",
        "declaration_version": 1,
        "attempts": 16,
        "last_attempt_at": datetime(2026, 11, 22, tzinfo=UTC),
        "next_attempt_at": datetime(2026, 11, 22, tzinfo=UTC),
        "last_error": "CW601 handoff_undelivered: ...",
    }
    state = {
        "endpoint": None,
        "counts": {"pending": 1, "delivered": 3, "dead": 1, "superseded": 0},
        "dead": [row],
        "pending": [{**row, "consignment_ref": "CWC-CD34", "attempts": 2, "last_error": None}],
        "workload": [{"id": "as-nair", "team": "machinery", "open": 2, "capacity": 15}],
    }
    console = Console(record=True, width=200)
    print_status(state, console)
    text = console.export_text()
    assert "not set (CLEARWAY_ASSESSMENT_URL)" in text
    assert "1 pending, 3 delivered, 1 dead, 0 superseded" in text
    assert "CW601 handoff_undelivered" in text and "CWC-CD34" in text and "as-nair" in text
