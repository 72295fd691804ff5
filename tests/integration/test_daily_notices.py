"""The daily notices against the real PostgreSQL and SMTP server: permit reminders once,
the stewards' summary with a CSV attachment matching the seeded rows.

Dates are far in the future, so that rows of other tests in the session fall outside them.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from psycopg2.extras import Json

from notices.send import send_permit_reminders, send_steward_summary
from storage import db
from storage import notices as store
from storage.documents import HEADER_INDEX, add_source, upsert_document

TODAY = date(2031, 5, 1)


@pytest.fixture(autouse=True)
def _migrated(settings) -> None:
    db.migrate(settings)


def _document(conn, *, status="extracted", doc_type=None, errors=(), created_at=None) -> str:
    sha = uuid.uuid4().hex * 2
    upsert_document(conn, sha256=sha, size_bytes=1, raw_key=f"raw/{sha}", status=status)
    db.execute(
        conn,
        "UPDATE documents SET doc_type = %s, errors = %s, "
        "created_at = coalesce(%s, created_at) WHERE sha256 = %s",
        (doc_type, Json([{"code": c, "name": c, "message": c} for c in errors]), created_at, sha),
    )
    return sha


def _permit(conn, expiry: date, sender: str | None = "Trader <trader@example.com>") -> str:
    sha = _document(conn, doc_type="permit")
    fields = {
        "permit_number": f"IL-{sha[:6]}",
        "permit_type": "import_licence",
        "holder_name": "Kraxi GmbH",
        "expiry_date": expiry.isoformat(),
    }
    for name, value in fields.items():
        db.execute(
            conn,
            "INSERT INTO extracted_fields (sha256, item_index, name, value) "
            "VALUES (%s, %s, %s, %s)",
            (sha, HEADER_INDEX, name, Json(value)),
        )
    if sender:
        message_id = f"<{sha[:16]}@example.com>"
        db.execute(
            conn,
            "INSERT INTO messages (message_id, sender, received_at) VALUES (%s, %s, now())",
            (message_id, sender),
        )
        add_source(conn, sha, "email", message_id)
    return sha


def _mine(outcomes, shas):
    return {o.subject: o.status for o in outcomes if o.subject in shas}


def test_permit_expiring_soon_gets_one_reminder(settings, outbox) -> None:
    with db.transaction(settings) as conn:
        soon = _permit(conn, TODAY + timedelta(days=10))
        later = _permit(conn, TODAY + timedelta(days=60))
    first = _mine(send_permit_reminders(settings, TODAY, 30), {soon, later})
    second = _mine(send_permit_reminders(settings, TODAY, 30), {soon, later})
    assert first == {soon: "sent"}
    assert second == {soon: "already_sent"}
    mine = [m for m in outbox() if f"IL-{soon[:6]}" in m["Subject"]]
    assert len(mine) == 1
    msg = mine[0]
    assert msg["To"] == "Trader <trader@example.com>"
    assert msg["Subject"] == f"Permit IL-{soon[:6]} expires on 2031-05-11"
    body = msg.get_body(("plain",)).get_content()
    assert "import_licence" in body and "Kraxi GmbH" in body and "2031-05-11" in body
    assert not [m for m in outbox() if f"IL-{later[:6]}" in m["Subject"]]


def test_permit_without_address_is_recorded_not_retried(settings, outbox) -> None:
    with db.transaction(settings) as conn:
        orphan = _permit(conn, TODAY + timedelta(days=3), sender=None)
    assert _mine(send_permit_reminders(settings, TODAY, 30), {orphan}) == {orphan: "no_address"}
    assert _mine(send_permit_reminders(settings, TODAY, 30), {orphan}) == {
        orphan: "already_no_address"
    }
    with db.transaction(settings) as conn:
        rows = [r for r in store.list_sent(conn, "permit_expiry") if r["subject"] == orphan]
    assert [(r["status"], r["recipient"], r["sent_at"]) for r in rows] == [
        ("no_address", None, None)
    ]


def test_steward_summary_arrives_once_with_csv(settings, outbox) -> None:
    day = TODAY + timedelta(days=7)  # a day of its own, apart from the permit tests
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    with db.transaction(settings) as conn:
        queued = [_document(conn, status="queued", created_at=start) for _ in range(2)]
        _document(conn, status="failed", errors=["CW105"], created_at=start)
        _document(conn, status="partial", errors=["CW301", "CW105"], created_at=start)
        _document(conn, status="failed", created_at=start - timedelta(days=1))  # not that day
        for sha, minutes in zip(queued, (10, 30), strict=True):
            db.execute(conn, "DELETE FROM document_events WHERE sha256 = %s", (sha,))
            for status, at in (
                ("received", start + timedelta(hours=1)),
                ("queued", start + timedelta(hours=1, minutes=minutes)),
            ):
                db.execute(
                    conn,
                    "INSERT INTO document_events (sha256, status, at) VALUES (%s, %s, %s)",
                    (sha, status, at),
                )
        ref = f"CW-NOTICES-{uuid.uuid4().hex[:8]}"
        db.execute(conn, "INSERT INTO consignments (consignment_ref) VALUES (%s)", (ref,))
        db.execute(
            conn,
            "INSERT INTO assessment_queue (consignment_ref, declaration_version, queued_at) "
            "VALUES (%s, 1, %s)",
            (ref, start + timedelta(hours=2)),
        )
        for version, status in ((1, "delivered"), (2, "pending"), (3, "dead")):
            db.execute(
                conn,
                "INSERT INTO handoff_outbox (consignment_ref, declaration_version, "
                "idempotency_key, payload, status, created_at, delivered_at) "
                "VALUES (%s, %s, %s, '{}', %s, %s, %s)",
                (
                    ref,
                    version,
                    f"{ref}:{version}",
                    status,
                    start + timedelta(hours=2),
                    start + timedelta(hours=3) if status == "delivered" else None,
                ),
            )
    stewards = settings.model_copy(update={"steward_email": "stewards@customs.localhost"})
    assert send_steward_summary(stewards, day).status == "sent"
    assert send_steward_summary(stewards, day).status == "already_sent"

    (msg,) = [m for m in outbox() if m["Subject"] == f"Clearway daily summary {day}"]
    assert msg["To"] == "stewards@customs.localhost"
    assert "CW105" in msg.get_body(("plain",)).get_content()
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == f"clearway-summary-{day}.csv"
    content = attachment.get_content()
    text = content.decode() if isinstance(content, bytes) else content
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["metric", "key", "value"]
    assert rows[1:] == [
        ["documents_received", "total", "4"],
        ["documents_received", "failed", "1"],
        ["documents_received", "partial", "1"],
        ["documents_received", "queued", "2"],
        ["failure_rate", "CW105", "0.5000"],
        ["failure_rate", "CW301", "0.2500"],
        ["consignments_queued", "total", "1"],
        ["handoff_seconds", "count", "2"],
        ["handoff_seconds", "median", "1200.0"],
        ["handoff_seconds", "p90", "1680.0"],
        ["outbox", "delivered", "1"],
        ["outbox", "pending", "1"],
        ["outbox", "dead", "1"],
    ]
