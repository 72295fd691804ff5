"""Which permits are due a reminder, and the reminder e-mail to their holder (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

PERMIT_EXPIRY = "permit_expiry"


@dataclass(frozen=True)
class Permit:
    sha256: str
    document_ref: str
    expiry_date: date
    permit_number: str | None = None
    permit_type: str | None = None
    holder_name: str | None = None


def parse_date(value: Any) -> date | None:
    """An ISO ``YYYY-MM-DD`` (the normalised form of a date field); anything else: None."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def row_to_permit(row: Mapping[str, Any]) -> Permit | None:
    """A permit from a row of its header fields; None when its expiry date is unreadable."""
    expiry = parse_date(row.get("expiry_date"))
    if expiry is None:
        return None
    return Permit(
        sha256=str(row["sha256"]),
        document_ref=str(row["document_ref"]),
        expiry_date=expiry,
        permit_number=_text(row.get("permit_number")),
        permit_type=_text(row.get("permit_type")),
        holder_name=_text(row.get("holder_name")),
    )


def _text(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def is_due(permit: Permit, today: date, within_days: int) -> bool:
    """Expires today or within the next ``within_days`` days (an expired permit is not due)."""
    return today <= permit.expiry_date <= today + timedelta(days=within_days)


def due_permits(rows: Iterable[Mapping[str, Any]], today: date, within_days: int) -> list[Permit]:
    """The permits among ``rows`` due a reminder, soonest expiry first."""
    permits = (row_to_permit(r) for r in rows)
    due = [p for p in permits if p is not None and is_due(p, today, within_days)]
    return sorted(due, key=lambda p: (p.expiry_date, p.document_ref))


def notice_key(kind: str, subject: str, on: date) -> str:
    return f"{kind}:{subject}:{on.isoformat()}"


def message_id(key: str, mail_from: str) -> str:
    """A Message-ID derived from the notice key: the same notice always has the same id."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "clearway.localhost"
    kind = key.partition(":")[0].replace("_", "-")
    return f"<{kind}-{digest}@{domain}>"


def reminder_subject(permit: Permit) -> str:
    number = permit.permit_number or permit.document_ref
    return f"Permit {number} expires on {permit.expiry_date.isoformat()}"


def reminder_body(permit: Permit, today: date) -> str:
    days = (permit.expiry_date - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return "\n".join(
        [
            "Hello,",
            "",
            f"a permit you sent us expires {when}:",
            "",
            f"  Permit number: {permit.permit_number or 'not read'}",
            f"  Type:          {permit.permit_type or 'not read'}",
            f"  Holder:        {permit.holder_name or 'not read'}",
            f"  Expiry date:   {permit.expiry_date.isoformat()}",
            f"  Document:      {permit.document_ref}",
            "",
            "Goods declared after that date need a renewed permit. Please send the new one",
            "to this address when you have it.",
            "",
            "This is an automatic reminder; it is sent once per permit and expiry date.",
        ]
    )


def build_reminder(
    permit: Permit, today: date, *, to: str, mail_from: str, message_id: str
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = to
    msg["Subject"] = reminder_subject(permit)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: robots must not answer
    msg.set_content(reminder_body(permit, today))
    return msg
