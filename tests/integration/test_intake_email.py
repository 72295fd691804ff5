"""E-mail intake against real Dovecot (IMAP), SMTP, PostgreSQL and the S3 store."""

from __future__ import annotations

import io
import uuid
import zipfile
from email.message import EmailMessage

import pytest

from clearway.ids import sha256_hex
from intake.email import parse_message, poll_mailbox
from storage import db, documents, messages
from storage.db import transaction
from storage.objects import ObjectStore, message_key
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.integration


def make_mail(attachments, subject="Shipment docs", message_id=None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ana Trader <ana@trader.example>"
    msg["To"] = "customs@clearway.example"
    msg["Subject"] = subject
    msg["Date"] = "Sat, 14 Mar 2026 10:00:00 +0100"
    msg["Message-ID"] = message_id or f"<{uuid.uuid4().hex}@trader.example>"
    msg.set_content("Documents attached.")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


@pytest.fixture(autouse=True)
def migrated(settings):
    db.migrate(settings)


def test_delivered_twice_is_one_message_one_document_each_one_ack(settings, mailbox, outbox):
    inv, awb = make_pdf(f"invoice {uuid.uuid4()}"), make_pdf(f"awb {uuid.uuid4()}")
    raw = make_mail([("INV-1.pdf", inv, "application/pdf"), ("AWB.pdf", awb, "application/pdf")])
    mid = parse_message(raw).message_id
    mailbox.deliver(raw)
    assert poll_mailbox(settings) == [mid]
    mailbox.deliver(raw)  # the trader sends the very same e-mail again
    assert poll_mailbox(settings) == [mid]
    assert poll_mailbox(settings) == []  # both copies are \Seen now

    with transaction(settings) as conn:
        row = messages.get_message(conn, mid)
        docs = messages.documents_of_message(conn, mid)
        n = db.fetch_one(conn, "SELECT count(*) AS n FROM messages WHERE message_id = %s", (mid,))
    assert n["n"] == 1 and row["status"] == "registered" and row["ack_sent_at"] is not None
    assert sorted(d["sha256"] for d in docs) == sorted([sha256_hex(inv), sha256_hex(awb)])
    assert all(d["status"] == "received" for d in docs)
    store = ObjectStore(settings)
    # IMAP hands back CRLF line endings: the stored .eml is what the mailbox held.
    eml = store.get_object(settings.raw_bucket, row["raw_key"])
    assert row["raw_key"] == message_key(sha256_hex(eml))
    assert parse_message(eml).message_id == mid
    assert store.get_raw(sha256_hex(inv)) == inv

    sent = outbox()
    assert len(sent) == 1
    ack = sent[0]
    assert ack["To"] == "ana@trader.example" and ack["In-Reply-To"] == mid
    assert ack["Message-ID"] == row["ack_message_id"]
    body = ack.get_body(("plain",)).get_content()
    for d in docs:
        assert d["document_ref"] in body


def test_zip_attachment_members_are_registered(settings, mailbox, outbox):
    a, b = make_pdf(f"a {uuid.uuid4()}"), make_pdf(f"b {uuid.uuid4()}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docs/INV.pdf", a)
        zf.writestr("docs/PL.pdf", b)
    raw = make_mail([("shipment.zip", buf.getvalue(), "application/zip")])
    mid = parse_message(raw).message_id
    mailbox.deliver(raw)
    poll_mailbox(settings)
    with transaction(settings) as conn:
        by_sha = {d["sha256"]: d for d in messages.documents_of_message(conn, mid)}
        zip_row = by_sha[sha256_hex(buf.getvalue())]
    assert zip_row["status"] == "unpacked"
    assert by_sha[sha256_hex(a)]["status"] == "received"
    assert by_sha[sha256_hex(a)]["parent_sha256"] == zip_row["sha256"]
    assert by_sha[sha256_hex(b)]["original_name"] == "docs/PL.pdf"
    body = outbox()[0].get_body(("plain",)).get_content()
    assert by_sha[sha256_hex(a)]["document_ref"] in body


def test_only_a_docx_gets_a_cw401_reply(settings, mailbox, outbox):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document>{uuid.uuid4()}</w:document>")
    docx = buf.getvalue()
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raw = make_mail([("notes.docx", docx, ctype)], subject="Docs")
    mid = parse_message(raw).message_id
    mailbox.deliver(raw)
    poll_mailbox(settings)
    with transaction(settings) as conn:
        row = messages.get_message(conn, mid)
        doc = documents.get_document(conn, sha256_hex(docx))
    assert row["status"] == "no_usable_attachment"
    assert doc["status"] == "rejected" and doc["errors"][0]["code"] in ("CW102", "CW107")
    assert ObjectStore(settings).get_raw(doc["sha256"]) == docx
    [reply] = outbox()
    assert reply["X-Clearway-Error"] == "CW401" and reply["Subject"] == "Re: Docs"
    body = reply.get_body(("plain",)).get_content()
    assert "CW401" in body and "notes.docx" in body and doc["document_ref"] in body


def test_no_attachment_and_empty_file(settings, mailbox, outbox):
    bare = make_mail([])
    empty = make_mail([("scan.pdf", b"", "application/pdf")])
    mailbox.deliver(bare)
    mailbox.deliver(empty)
    poll_mailbox(settings)
    sent = outbox()
    assert len(sent) == 2 and all(m["X-Clearway-Error"] == "CW401" for m in sent)
    with transaction(settings) as conn:
        doc = documents.get_document(conn, sha256_hex(b""))
    assert doc["status"] == "rejected" and doc["errors"][0]["code"] == "CW101"


def test_message_without_message_id_delivered_twice_is_acknowledged_once(settings, mailbox, outbox):
    pdf = make_pdf(f"nomid {uuid.uuid4()}")
    msg = EmailMessage()
    msg["From"] = "ops@trader.example"
    msg["Subject"] = "no id"
    msg.set_content("see attached")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="odd\x00name.pdf")
    raw = msg.as_bytes()
    mailbox.deliver(raw)
    mailbox.deliver(raw)
    handled = poll_mailbox(settings)
    assert len(handled) == 2 and handled[0] == handled[1]
    assert handled[0].endswith("@clearway.no-message-id>")
    assert len(outbox()) == 1
    with transaction(settings) as conn:
        [src] = documents.list_sources(conn, sha256_hex(pdf))
    # A NUL in a file name (the mail library may also replace it) never reaches PostgreSQL.
    assert src["original_name"].startswith("odd") and "\x00" not in src["original_name"]
    assert src["uploader"] == "ops@trader.example"


def test_zip_from_a_second_sender_adds_sources_to_its_members(settings, mailbox, outbox):
    a = make_pdf(f"member {uuid.uuid4()}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("INV.pdf", a)
    first = make_mail([("s.zip", buf.getvalue(), "application/zip")])
    second = make_mail([("again.zip", buf.getvalue(), "application/zip")])
    mailbox.deliver(first)
    mailbox.deliver(second)
    assert len(poll_mailbox(settings)) == 2
    with transaction(settings) as conn:
        origins = {s["origin_ref"] for s in documents.list_sources(conn, sha256_hex(a))}
    assert origins == {parse_message(first).message_id, parse_message(second).message_id}
    assert len(outbox()) == 2


def test_auto_reply_is_registered_but_not_answered(settings, mailbox, outbox):
    raw = make_mail([], subject="Automatic reply: Re: Shipment docs")
    raw = b"Auto-Submitted: auto-replied\r\n" + raw
    mid = parse_message(raw).message_id
    mailbox.deliver(raw)
    assert poll_mailbox(settings) == [mid]
    assert outbox() == []
    with transaction(settings) as conn:
        row = messages.get_message(conn, mid)
    assert row["status"] == "no_usable_attachment" and row["ack_sent_at"] is None
