"""Acknowledgement and "no usable attachment" replies: headers and the text traders read."""

from __future__ import annotations

from datetime import UTC, datetime

from clearway import errors
from intake.acknowledge import build_reply, reply_message_id
from intake.email import ParsedMessage
from intake.register import RegisteredDocument

FROM = "Clearway <clearway@customs.localhost>"
PARSED = ParsedMessage(
    message_id="<m1@trader.example>",
    sender="ana@trader.example",
    subject="Shipment 42",
    date=datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
)


def doc(name, ref, status="received", errs=(), members=(), created=True):
    return RegisteredDocument(
        sha256="0" * 64,
        document_ref=ref,
        status=status,
        original_name=name,
        errors=tuple(errs),
        members=tuple(members),
        created=created,
    )


def test_acknowledgement_lists_each_attachment_with_reference_and_status():
    rejected = errors.UNSUPPORTED_TYPE.info(file="notes.docx", detected="a Word document")
    received = [
        ("INV-1.pdf", doc("INV-1.pdf", "CWD-AAAA-BBBB-CC")),
        ("notes.docx", doc("notes.docx", "CWD-DDDD-EEEE-FF", "rejected", [rejected])),
        (
            "docs.zip",
            doc(
                "docs.zip",
                "CWD-ZZZZ-ZZZZ-ZZ",
                "unpacked",
                members=[doc("AWB.pdf", "CWD-GGGG-HHHH-JJ")],
            ),
        ),
    ]
    msg = build_reply(PARSED, received, FROM)
    body = msg.get_content()
    assert msg["To"] == "ana@trader.example"
    assert msg["Subject"] == "Re: Shipment 42"
    assert msg["In-Reply-To"] == "<m1@trader.example>"
    assert msg["References"] == "<m1@trader.example>"
    assert msg["Message-ID"] == reply_message_id("<m1@trader.example>", "ack", FROM)
    assert "X-Clearway-Error" not in msg
    assert "registered 2 documents" in body
    assert "INV-1.pdf: CWD-AAAA-BBBB-CC, received" in body
    assert "notes.docx: CWD-DDDD-EEEE-FF, REJECTED" in body
    assert rejected.message in body and "CW102" in body
    assert "AWB.pdf: CWD-GGGG-HHHH-JJ, received" in body
    assert "sent before" not in body


def test_a_file_sent_again_is_acknowledged_as_sent_before():
    received = [("INV-1.pdf", doc("INV-1.pdf", "CWD-AAAA-BBBB-CC", created=False))]
    body = build_reply(PARSED, received, FROM).get_content()
    assert "INV-1.pdf: CWD-AAAA-BBBB-CC, received (sent before: same file, same reference)" in body


def test_message_id_is_deterministic_and_in_the_senders_domain():
    a = reply_message_id("<m1@x>", "ack", FROM)
    assert a == reply_message_id("<m1@x>", "ack", FROM)
    assert a != reply_message_id("<m2@x>", "ack", FROM)
    assert a != reply_message_id("<m1@x>", "noattach", FROM)
    assert a.endswith("@customs.localhost>")


def test_no_usable_attachment_reply_names_code_and_what_was_received():
    rejected = errors.UNSUPPORTED_TYPE.info(file="notes.docx", detected="a Word document")
    received = [("notes.docx", doc("notes.docx", "CWD-DDDD-EEEE-FF", "rejected", [rejected]))]
    msg = build_reply(PARSED, received, FROM)
    body = msg.get_content()
    assert msg["X-Clearway-Error"] == "CW401"
    assert "CW401 no_usable_attachment" in body
    assert "notes.docx: CWD-DDDD-EEEE-FF, REJECTED" in body
    assert msg["Message-ID"] == reply_message_id("<m1@trader.example>", "noattach", FROM)


def test_no_attachment_at_all():
    msg = build_reply(PARSED, [], FROM)
    assert msg["X-Clearway-Error"] == "CW401"
    assert "no attachment" in msg.get_content()


def test_reply_goes_to_reply_to_and_keeps_an_existing_re():
    parsed = ParsedMessage(
        message_id="<m@x>",
        sender="robot@erp.example",
        subject="RE: docs",
        date=None,
        reply_to="desk@trader.example",
    )
    msg = build_reply(parsed, [("a.pdf", doc("a.pdf", "CWD-AAAA-BBBB-CC"))], FROM)
    assert msg["To"] == "desk@trader.example"
    assert msg["Subject"] == "RE: docs"
