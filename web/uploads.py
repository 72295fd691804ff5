"""A trader's upload: every file checked by its content first, then all stored together or
none at all, then an acknowledgement (a page, and an e-mail when SMTP is up).

Unlike the e-mail and bucket channels, which must keep whatever arrives, the trader is at
the screen: a file that cannot be accepted is refused with its reason and nothing of that
upload is stored, so they fix it and send again. Accepted files go through the one door
(intake.register.register_file), so the same content twice is one document.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from clearway import errors
from clearway.errors import ServiceUnavailable
from clearway.models import ErrorInfo
from clearway.settings import Settings
from intake.acknowledge import attachment_lines
from intake.register import REJECTED, RegisteredDocument, classify, register_file
from storage.db import Connection, execute, fetch_all, fetch_one, transaction
from storage.objects import ObjectStore
from web import access
from web.accounts import User
from web.page_limits import limit_problem
from web.refusals import WebRefused
from web.views import status_words

CHANNEL = "upload"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford, as clearway.ids


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class Upload:
    upload_ref: str
    received: tuple[tuple[str, RegisteredDocument], ...]
    email: str  # sent, refused, not_sent (SMTP unavailable)


def new_upload_ref() -> str:
    """Random, not derived from content: the same files uploaded twice are two uploads."""
    s = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"CWU-{s[:4]}-{s[4:8]}-{s[8:]}"


def check_files(files: Sequence[IncomingFile], settings: Settings) -> None:
    """Refuse the whole upload (WebRefused) if it is empty, has too many files, or any file
    is not acceptable by its content (type, size, archive, pages, image size); each reason
    is a detail."""
    if not files:
        raise WebRefused(400, errors.NO_FILES.info())
    if len(files) > settings.web_max_files:
        raise WebRefused(
            413, errors.TOO_MANY_FILES.info(count=len(files), limit=settings.web_max_files)
        )
    refused = [info for f in files for info in file_problems(f.name or "unnamed", f.data, settings)]
    if refused:
        raise WebRefused(
            422, errors.UPLOAD_REFUSED.info(count=len(refused)), details=tuple(refused)
        )


def file_problems(name: str, data: bytes, settings: Settings) -> list[ErrorInfo]:
    """Why a file (or a file inside an archive) cannot be accepted; [] when it can."""
    verdict, media_type, info, members = classify(data, name, settings)
    if verdict == REJECTED:
        return [info] if info is not None else []
    if (over := limit_problem(data, name, media_type, settings)) is not None:
        return [over]
    return [
        p for m_name, m in members or () for p in file_problems(f"{name}/{m_name}", m, settings)
    ]


def store_upload(
    settings: Settings,
    user: User,
    files: Sequence[IncomingFile],
    consignment_ref: str | None = None,
) -> Upload:
    """Check, then register every file in one transaction, then acknowledge by e-mail."""
    assert user.company, "only a trader (who has a company) uploads"
    check_files(files, settings)
    store = ObjectStore(settings)
    upload_ref = new_upload_ref()
    received: list[tuple[str, RegisteredDocument]] = []
    with transaction(settings) as conn:
        if consignment_ref:
            consignment_ref = access.check_consignment(conn, user, consignment_ref)
        execute(
            conn,
            "INSERT INTO web_uploads (upload_ref, user_id, company, consignment_ref) "
            "VALUES (%s, %s, %s, %s)",
            (upload_ref, user.id, user.company, consignment_ref),
        )
        for position, f in enumerate(files):
            # Raw bytes reach the object store before the rows commit (as on every channel):
            # a row never points at missing bytes, and bytes without a row are harmless
            # (content-addressed, written once).
            doc = register_file(
                conn, store, settings, f.data, f.name, CHANNEL, upload_ref, uploader=user.email
            )
            for d in _with_members(doc):
                execute(
                    conn,
                    "INSERT INTO company_documents (company, sha256) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (user.company, d.sha256),
                )
            execute(
                conn,
                "INSERT INTO web_upload_files (upload_ref, position, name, sha256) "
                "VALUES (%s, %s, %s, %s)",
                (upload_ref, position, doc.original_name, doc.sha256),
            )
            received.append((doc.original_name, doc))
    return Upload(
        upload_ref, tuple(received), send_acknowledgement(settings, user, upload_ref, received)
    )


def _with_members(doc: RegisteredDocument) -> Iterator[RegisteredDocument]:
    yield doc
    for m in doc.members:
        yield from _with_members(m)


def build_acknowledgement(
    user: User, upload_ref: str, received: Sequence[tuple[str, RegisteredDocument]], mail_from: str
) -> EmailMessage:
    """The e-mail receipt of an upload, in the words of the e-mail channel's acknowledgement."""
    n = sum(1 for _, d in received for _leaf in d.leaves())
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = user.email
    msg["Subject"] = f"Clearway received your upload {upload_ref}"
    digest = hashlib.sha256(upload_ref.encode()).hexdigest()[:32]
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "clearway.localhost"
    msg["Message-ID"] = f"<upload-{digest}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(
        "\n".join(
            [
                f"Hello {user.name},",
                "",
                f"Clearway received your upload {upload_ref} and registered {n} "
                f"document{'s' if n != 1 else ''} for processing:",
                "",
                *attachment_lines(received),
                "",
                "Quote the reference (CWD-...) when you ask about a document. This message was "
                "sent automatically by Clearway.",
            ]
        )
    )
    return msg


def send_acknowledgement(
    settings: Settings,
    user: User,
    upload_ref: str,
    received: Sequence[tuple[str, RegisteredDocument]],
) -> str:
    """Best effort, after commit: the page is the receipt; the e-mail is a copy of it."""
    from intake import mail

    msg = build_acknowledgement(user, upload_ref, received, settings.mail_from)
    try:
        refused = mail.send(settings, msg)
    except ServiceUnavailable:
        return "not_sent"
    return "refused" if refused else "sent"


def upload_view(conn: Connection, user: User, upload_ref: str) -> dict[str, Any]:
    """The acknowledgement of an upload, as it stands now (statuses move on)."""
    upload_ref = upload_ref.strip().upper()
    up = fetch_one(
        conn,
        "SELECT * FROM web_uploads WHERE upload_ref = %s AND company = %s",
        (upload_ref, user.company),
    )
    if up is None:
        raise access.not_found("upload", upload_ref)
    rows = fetch_all(
        conn,
        """
        SELECT f.position, f.name, d.sha256, d.document_ref, d.status, d.errors,
               d.created_at AS first_received_at
        FROM web_upload_files f JOIN documents d USING (sha256)
        WHERE f.upload_ref = %s ORDER BY f.position
        """,
        (upload_ref,),
    )
    return {
        "upload_ref": upload_ref,
        "created_at": up["created_at"],
        "consignment_ref": up["consignment_ref"],
        "files": [_file_out(conn, r, up["created_at"]) for r in rows],
    }


def _file_out(conn: Connection, row: dict[str, Any], upload_at: Any) -> dict[str, Any]:
    members = fetch_all(
        conn,
        "SELECT document_ref, original_name, status FROM documents WHERE parent_sha256 = %s "
        "ORDER BY original_name",
        (row["sha256"],),
    )
    return {
        "name": row["name"],
        "document_ref": row["document_ref"],
        "status": row["status"],
        "status_words": status_words(row["status"]),
        "errors": row["errors"] or [],
        # Documents are keyed by content: a file sent again keeps its first reference and
        # is not read twice. Say so, or the trader wonders why nothing new appears.
        # (The upload's row and a new document's row share one transaction time.)
        "sent_before": row["first_received_at"] < upload_at,
        "first_received_at": row["first_received_at"],
        "members": [{**m, "status_words": status_words(m["status"])} for m in members],
    }


async def read_uploads(files: Sequence[Any]) -> list[IncomingFile]:
    """Starlette UploadFiles -> IncomingFiles; a browser sends an empty, unnamed part when
    no file was chosen, which is no file."""
    out: list[IncomingFile] = []
    for f in files:
        data = await f.read()
        if not f.filename and not data:
            continue
        out.append(IncomingFile(name=f.filename or "unnamed", data=data))
    return out


async def store_upload_async(
    settings: Settings, user: User, files: Sequence[IncomingFile], consignment_ref: str | None
) -> Upload:
    """store_upload off the event loop (psycopg2, minio and smtplib block)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(store_upload, settings, user, files, consignment_ref)
