"""E-mail intake: parse a message (pure), and poll the IMAP mailbox (the I/O shell).

The Message-ID is the idempotency key: a message fetched twice (a retried task, a sender
who sends the same e-mail again) gets one ``messages`` row, its attachments one document
each, and one acknowledgement.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from clearway.errors import ServiceUnavailable
from clearway.ids import sha256_hex
from clearway.settings import Settings
from intake import acknowledge, mail
from intake.register import RegisteredDocument, register_file
from storage import messages
from storage.db import transaction
from storage.objects import ObjectStore

log = logging.getLogger(__name__)

# Message statuses.
REGISTERED, NO_USABLE_ATTACHMENT = "registered", "no_usable_attachment"


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str
    sender: str  # the bare address, where replies go
    subject: str
    date: datetime | None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    sender_name: str = ""
    reply_to: str = ""  # where the sender asked replies to go, if not to ``sender``
    auto_submitted: bool = False  # an out-of-office or other robot: never answered (RFC 3834)
    sha256: str = ""  # of the raw message


def parse_message(raw: bytes) -> ParsedMessage:
    """Headers and attachments of an RFC 822 message. Never raises on odd headers."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    sha = sha256_hex(raw)
    sender_name, sender = _address(msg, "From")
    return ParsedMessage(
        message_id=_message_id(msg, sha),
        sender=sender,
        sender_name=sender_name,
        reply_to=_address(msg, "Reply-To")[1],
        auto_submitted=is_automatic(msg),
        subject=_header(msg, "Subject"),
        date=_date(msg),
        attachments=attachments_of(msg),
        sha256=sha,
    )


def attachments_of(msg: EmailMessage) -> list[tuple[str, bytes]]:
    """Leaf parts that have a filename or are not text: (filename, decoded bytes).

    Text bodies without a filename are the message itself, not a document. A part
    without a filename gets a stable made-up one so it can still be named in the reply.
    """
    out: list[tuple[str, bytes]] = []
    for index, part in enumerate(msg.walk()):
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = _filename(part)
        if not filename and ctype.split("/")[0] in ("text", "message"):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if not filename:
            filename = f"attachment-{index}{mimetypes.guess_extension(ctype) or '.bin'}"
        out.append((filename, data))
    return out


def _filename(part: EmailMessage) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, TypeError, IndexError):  # malformed RFC 2231 parameters
        return None
    if not name:
        return None
    # Keep the base name only: a sender's "C:\\scans\\inv.pdf" or "../x.pdf" is just a name.
    name = re.split(r"[\\/]", name.replace("\x00", "").strip())[-1]
    return name or None


def is_automatic(msg: EmailMessage) -> bool:
    """Whether a robot sent this (RFC 3834 and common practice); answering it could loop."""
    auto = _header(msg, "Auto-Submitted").lower()
    precedence = _header(msg, "Precedence").lower()
    return (auto not in ("", "no")) or precedence in ("bulk", "junk", "list", "auto_reply")


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, TypeError, IndexError):
        return ""
    # NUL cannot be stored in PostgreSQL text; it has no business in a header anyway.
    return " ".join(str(value).replace("\x00", "").split()) if value is not None else ""


def _message_id(msg: EmailMessage, sha: str) -> str:
    value = _header(msg, "Message-ID").strip()
    # A message without a Message-ID is identified by its bytes, so a re-fetch is still
    # recognised; the form is a valid msg-id so replies can reference it.
    return value or f"<{sha[:32]}@clearway.no-message-id>"


def _address(msg: EmailMessage, header: str) -> tuple[str, str]:
    raw = _header(msg, header)
    pairs = getaddresses([raw]) if raw else []
    for name, addr in pairs:
        if addr and "@" in addr:
            return name, addr
    return "", (pairs[0][1] if pairs else "")


def _date(msg: EmailMessage) -> datetime | None:
    value = _header(msg, "Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


# --- the IMAP shell -------------------------------------------------------------------------


def poll_mailbox(settings: Settings) -> list[str]:
    """Ingest every unseen message; returns the Message-IDs handled in this poll.

    UNSEEN plus BODY.PEEK: a message is flagged \\Seen only after its documents are committed
    and its acknowledgement sent, so a task that dies half-way sees the message again, and
    the Message-ID row makes that second pass change nothing.
    """
    store = ObjectStore(settings)
    store.ensure_buckets()
    handled: list[str] = []
    imap = _connect(settings)
    try:
        _ok(imap.select(_quote(settings.imap_folder)), "select")
        typ, data = imap.uid("SEARCH", "UNSEEN")
        _ok((typ, data), "search")
        uids = [int(u) for u in (data[0] or b"").split()]
        for uid in uids:
            raw = _fetch(imap, uid)
            if raw is None:
                continue  # expunged meanwhile
            handled.append(ingest_message(settings, store, raw, imap_uid=uid))
            _ok(imap.uid("STORE", str(uid), "+FLAGS", "(\\Seen)"), "store flags")
    except (imaplib.IMAP4.error, OSError) as exc:
        raise ServiceUnavailable(
            f"IMAP mailbox at {settings.imap_host}:{settings.imap_port}", str(exc), _IMAP_HINT
        ) from exc
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    return handled


def ingest_message(
    settings: Settings, store: ObjectStore, raw: bytes, imap_uid: int | None = None
) -> str:
    """Store, register and acknowledge one raw message (idempotent); returns its Message-ID."""
    parsed = parse_message(raw)
    raw_key = store.put_message(raw)
    with transaction(settings) as conn:
        messages.upsert_message(
            conn,
            parsed.message_id,
            sender=parsed.sender,
            subject=parsed.subject,
            received_at=parsed.date,
            raw_key=raw_key,
            imap_uid=imap_uid,
        )
        registered = [
            (
                name,
                register_file(
                    conn,
                    store,
                    settings,
                    data,
                    name,
                    "email",
                    parsed.message_id,
                    parsed.sender or None,
                ),
            )
            for name, data in parsed.attachments
        ]
        usable = has_usable_document(registered)
        messages.set_message_status(
            conn, parsed.message_id, REGISTERED if usable else NO_USABLE_ATTACHMENT
        )

    # A separate transaction: documents stay committed even if SMTP is down; the row lock
    # makes a concurrent poller wait, then see ack_sent_at and skip.
    with transaction(settings) as conn:
        row = messages.lock_message(conn, parsed.message_id)
        if row is not None and row["ack_sent_at"] is None and should_reply(parsed, settings):
            reply = acknowledge.build_reply(parsed, registered, settings.mail_from)
            refused = mail.send(settings, reply)
            if refused:
                log.warning("acknowledgement for %s refused: %s", parsed.message_id, refused)
            messages.mark_ack_sent(conn, parsed.message_id, str(reply["Message-ID"]))
    return parsed.message_id


def should_reply(parsed: ParsedMessage, settings: Settings) -> bool:
    """No reply to robots, to nobody, or to ourselves: each could start a mail loop."""
    to = (parsed.reply_to or parsed.sender).lower()
    ours = parseaddr(settings.mail_from)[1].lower()
    return bool(to) and not parsed.auto_submitted and to != ours


def has_usable_document(registered: list[tuple[str, RegisteredDocument]]) -> bool:
    return any(not leaf.rejected for _, doc in registered for leaf in doc.leaves())


_IMAP_HINT = "Start the local services with `clearway services up`, or check CLEARWAY_IMAP_*."


def _connect(settings: Settings) -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if settings.imap_ssl else imaplib.IMAP4
    where = f"IMAP mailbox at {settings.imap_host}:{settings.imap_port}"
    try:
        imap = cls(settings.imap_host, settings.imap_port, timeout=30)
    except OSError as exc:
        raise ServiceUnavailable(where, str(exc), _IMAP_HINT) from exc
    try:
        imap.login(settings.imap_user, settings.imap_password.get_secret_value())
    except (imaplib.IMAP4.error, OSError) as exc:
        raise ServiceUnavailable(
            where, f"login as {settings.imap_user} failed: {exc}", _IMAP_HINT
        ) from exc
    return imap


def _fetch(imap: imaplib.IMAP4, uid: int) -> bytes | None:
    typ, data = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
    _ok((typ, data), "fetch")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _ok(response: tuple[str, object], what: str) -> None:
    typ, data = response
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what} failed: {typ} {data!r}")


def _quote(folder: str) -> str:
    return folder if folder.isalnum() else '"' + folder.replace('"', '\\"') + '"'
