"""parse_message on hand-made messages: attachments, archives, odd and missing headers."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

from clearway.ids import sha256_hex
from intake.email import parse_message

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_message(attachments=(), message_id="<m1@trader.example>", **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = headers.get("from_", "Ana Trader <ana@trader.example>")
    msg["To"] = "customs@clearway.example"
    msg["Subject"] = headers.get("subject", "Shipment 42")
    msg["Date"] = "Sat, 14 Mar 2026 10:00:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content("Please find the documents attached.")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def test_headers_and_pdf_attachment():
    parsed = parse_message(make_message([("INV-0042.pdf", PDF, "application/pdf")]))
    assert parsed.message_id == "<m1@trader.example>"
    assert parsed.sender == "ana@trader.example"
    assert parsed.sender_name == "Ana Trader"
    assert parsed.subject == "Shipment 42"
    assert parsed.date is not None and parsed.date.isoformat() == "2026-03-14T10:00:00+01:00"
    assert parsed.attachments == [("INV-0042.pdf", PDF)]


def test_body_text_is_not_an_attachment_but_a_named_text_file_is():
    parsed = parse_message(make_message([("notes.txt", b"hello", "text/plain")]))
    assert parsed.attachments == [("notes.txt", b"hello")]
    assert [n for n, _ in parse_message(make_message()).attachments] == []


def test_zip_attachment_bytes_are_kept_intact():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.pdf", PDF)
        zf.writestr("b.pdf", PDF + b"b")
    data = buf.getvalue()
    parsed = parse_message(make_message([("docs.zip", data, "application/zip")]))
    assert parsed.attachments == [("docs.zip", data)]


def test_missing_message_id_is_derived_from_the_bytes():
    raw = make_message([("a.pdf", PDF, "application/pdf")], message_id=None)
    first, second = parse_message(raw), parse_message(raw)
    assert first.message_id == second.message_id
    assert first.message_id == f"<{sha256_hex(raw)[:32]}@clearway.no-message-id>"
    other = parse_message(make_message([("b.pdf", PDF, "application/pdf")], message_id=None))
    assert other.message_id != first.message_id


def test_unnamed_binary_part_gets_a_stable_name():
    msg = EmailMessage()
    msg["From"] = "x@y.example"
    msg["Message-ID"] = "<u@y.example>"
    msg.set_content("see scan")
    msg.add_attachment(b"\x89PNG\r\n\x1a\nrest", maintype="image", subtype="png")
    del msg.get_payload()[1]["Content-Disposition"]
    names = [n for n, _ in parse_message(msg.as_bytes()).attachments]
    assert len(names) == 1 and names[0].startswith("attachment-") and names[0].endswith(".png")


def test_path_in_filename_is_reduced_to_the_base_name():
    parsed = parse_message(make_message([("..\\scans/INV.pdf", PDF, "application/pdf")]))
    assert parsed.attachments[0][0] == "INV.pdf"


def test_reply_to_is_kept_apart_from_sender():
    msg = EmailMessage()
    msg["From"] = "robot@erp.example"
    msg["Reply-To"] = "Desk <desk@trader.example>"
    msg.set_content("x")
    parsed = parse_message(msg.as_bytes())
    assert parsed.sender == "robot@erp.example"
    assert parsed.reply_to == "desk@trader.example"


def test_garbage_headers_do_not_raise():
    raw = b"From: \r\nDate: not a date\r\nSubject: =?bogus?Q?x?=\r\n\r\nbody\r\n"
    parsed = parse_message(raw)
    assert parsed.sender == ""
    assert parsed.date is None
    assert parsed.attachments == []


def test_robots_are_recognised_and_not_answered():
    from clearway.settings import Settings
    from intake.email import should_reply

    settings = Settings()
    human = parse_message(make_message())
    assert not human.auto_submitted and should_reply(human, settings)

    msg = EmailMessage()
    msg["From"] = "ana@trader.example"
    msg["Auto-Submitted"] = "auto-replied"
    msg["Subject"] = "Out of office"
    msg.set_content("away")
    ooo = parse_message(msg.as_bytes())
    assert ooo.auto_submitted and not should_reply(ooo, settings)

    bulk = parse_message(b"From: a@b.example\r\nPrecedence: bulk\r\n\r\nx\r\n")
    assert not should_reply(bulk, settings)
    ours = parse_message(b"From: Clearway <clearway@customs.localhost>\r\n\r\nx\r\n")
    assert not should_reply(ours, settings)
    assert not should_reply(parse_message(b"Subject: nobody\r\n\r\nx\r\n"), settings)
