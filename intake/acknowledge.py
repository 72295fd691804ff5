"""Acknowledgements of e-mailed documents (pure: builds messages, sends nothing).

The trader learns, per attachment, the tracking reference to quote and whether the file
was accepted; a rejected file comes with the sentence saying what to do about it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING

from clearway import errors
from intake.register import REJECTED, UNPACKED, RegisteredDocument

if TYPE_CHECKING:  # email.py imports this module; only the type is needed here
    from intake.email import ParsedMessage

Received = Sequence[tuple[str, RegisteredDocument]]  # (attachment name, its registration)

_FOOTER = (
    "Quote the reference (CWD-...) when you ask about a document. "
    "This message was sent automatically by Clearway; replies are read by the customs team."
)


def reply_message_id(original_message_id: str, kind: str, mail_from: str) -> str:
    """Deterministic, so a re-sent acknowledgement can be recognised as the same one."""
    digest = hashlib.sha256(f"{kind}:{original_message_id}".encode()).hexdigest()[:32]
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "clearway.localhost"
    return f"<{kind}-{digest}@{domain}>"


def build_reply(parsed: ParsedMessage, received: Received, mail_from: str) -> EmailMessage:
    """The acknowledgement, or the "no usable attachment" reply when nothing was accepted."""
    usable = any(not leaf.rejected for _, doc in received for leaf in doc.leaves())
    if usable:
        return build_acknowledgement(parsed, received, mail_from)
    return build_no_attachment_reply(parsed, received, mail_from)


def build_acknowledgement(
    parsed: ParsedMessage, received: Received, mail_from: str
) -> EmailMessage:
    accepted = sum(1 for _, d in received for leaf in d.leaves() if not leaf.rejected)
    lines = [
        "Hello,",
        "",
        f"Clearway received your e-mail{_about(parsed)} and registered "
        f"{accepted} document{'s' if accepted != 1 else ''} for processing:",
        "",
        *attachment_lines(received),
        "",
        _FOOTER,
    ]
    return _reply(parsed, mail_from, "ack", "\n".join(lines))


def build_no_attachment_reply(
    parsed: ParsedMessage, received: Received, mail_from: str
) -> EmailMessage:
    info = errors.NO_ATTACHMENT.info(
        message_id=parsed.message_id, sender=parsed.sender or "unknown"
    )
    lines = [
        "Hello,",
        "",
        f"Clearway received your e-mail{_about(parsed)}, but it has no document we can process.",
        "Please send it again with the documents attached as PDF, PNG, JPEG or TIFF files, "
        "or as a ZIP of them.",
        "",
        f"{info.code} {info.name}: {info.message}",
        "",
    ]
    if received:
        lines += ["What we received:", "", *attachment_lines(received)]
    else:
        lines += ["What we received: no attachment."]
    lines += ["", _FOOTER]
    msg = _reply(parsed, mail_from, "noattach", "\n".join(lines))
    msg["X-Clearway-Error"] = info.code
    return msg


def attachment_lines(received: Received) -> list[str]:
    """One block per attachment; archive members indented under their archive."""
    out: list[str] = []
    for name, doc in received:
        out += _doc_lines(name, doc, indent="  ")
    return out


def _doc_lines(name: str, doc: RegisteredDocument, indent: str) -> list[str]:
    if doc.status == UNPACKED:
        head = f"{indent}- {name}: archive ({doc.document_ref}), {len(doc.members)} file(s) inside"
        lines = [head] if doc.members else [head.replace(", 0 file(s) inside", ", empty")]
        for m in doc.members:
            lines += _doc_lines(m.original_name, m, indent + "    ")
        return lines
    # Documents are keyed by content: a file sent again keeps its first reference and is not
    # read twice; say so, or the sender wonders why nothing new happens.
    again = "" if doc.created else " (sent before: same file, same reference)"
    lines = [f"{indent}- {name}: {doc.document_ref}, {_status_words(doc.status)}{again}"]
    if doc.status == REJECTED:
        for e in doc.errors:
            lines.append(f"{indent}    {e.code} {e.name}: {e.message}")
    return lines


def _status_words(status: str) -> str:
    # A known document may be further along than "received"; say so plainly.
    return {"received": "received", "rejected": "REJECTED"}.get(status, f"already known ({status})")


def _about(parsed: ParsedMessage) -> str:
    parts = []
    if parsed.subject:
        parts.append(f' "{parsed.subject}"')
    if parsed.date is not None:
        parts.append(f" of {format_datetime(parsed.date)}")
    return "".join(parts)


def _reply(parsed: ParsedMessage, mail_from: str, kind: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = parsed.reply_to or parsed.sender
    subject = parsed.subject or "your documents"
    msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    msg["Message-ID"] = reply_message_id(parsed.message_id, kind, mail_from)
    msg["In-Reply-To"] = parsed.message_id
    msg["References"] = parsed.message_id
    msg["Auto-Submitted"] = "auto-replied"  # RFC 3834: other robots must not answer this
    msg.set_content(body)
    return msg
