"""The I/O shell of notifications: read the database, record each notice, send it once.

Each notice is claimed (a sent_notices row keyed by kind, subject and date, locked) and
sent in one transaction: a notice already sent, refused or without an address is skipped,
so the DAG can run any number of times a day. SMTP unavailable raises ServiceUnavailable
and rolls the claim back, so that Airflow retries the task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

from clearway.settings import Settings
from notices import permits, summary
from storage import notices as store
from storage.db import Connection, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    kind: str
    subject: str
    on_date: date
    status: str  # sent, refused, no_address; or already_<status> when nothing was done now


def utc_today() -> date:
    return datetime.now(UTC).date()


def _send_once(
    conn: Connection,
    settings: Settings,
    kind: str,
    subject: str,
    on_date: date,
    to: str | None,
    build: Callable[[str, str], EmailMessage],  # (recipient, Message-ID) -> the message
) -> Outcome:
    from intake import mail

    key = permits.notice_key(kind, subject, on_date)
    message_id = permits.message_id(key, settings.mail_from)
    row, new = store.claim_notice(conn, kind, subject, on_date, message_id, to)
    if row["status"] != "pending":
        status = row["status"] if new else f"already_{row['status']}"
        return Outcome(kind, subject, on_date, status)
    refused = mail.send(settings, build(row["recipient"], row["message_id"]))
    status = "refused" if refused else "sent"
    store.mark_notice(conn, row["message_id"], status)
    return Outcome(kind, subject, on_date, status)


def send_permit_reminders(
    settings: Settings, today: date | None = None, within_days: int = 30
) -> list[Outcome]:
    """One reminder per permit expiring within ``within_days`` days, to whoever sent it."""
    today = today or utc_today()
    with transaction(settings) as conn:
        due = permits.due_permits(store.permit_rows(conn), today, within_days)
    outcomes = []
    for permit in due:
        with transaction(settings) as conn:
            to = store.document_contact(conn, permit.sha256)
            outcome = _send_once(
                conn,
                settings,
                permits.PERMIT_EXPIRY,
                permit.sha256,
                permit.expiry_date,
                to,
                lambda rcpt, mid, p=permit: permits.build_reminder(
                    p, today, to=rcpt, mail_from=settings.mail_from, message_id=mid
                ),
            )
        log.info("permit %s expiring %s: %s", permit.document_ref, permit.expiry_date, outcome)
        outcomes.append(outcome)
    return outcomes


def day_figures(conn: Connection, day: date) -> summary.DayFigures:
    return summary.DayFigures(
        day=day,
        received_by_status=summary.counts(store.received_by_status(conn, day), "status"),
        documents_by_error=summary.counts(store.documents_by_error(conn, day), "code"),
        consignments_queued=store.consignments_queued(conn, day),
        handoff_seconds=store.handoff_seconds(conn, day),
        outbox=summary.counts(store.outbox_counts(conn, day), "status"),
    )


def send_steward_summary(settings: Settings, day: date | None = None) -> Outcome:
    """The stewards' summary of ``day`` (yesterday, UTC, by default), sent once."""
    day = day or utc_today() - timedelta(days=1)
    to = settings.steward_email
    with transaction(settings) as conn:
        figures = day_figures(conn, day)
        return _send_once(
            conn,
            settings,
            summary.STEWARD_SUMMARY,
            to,
            day,
            to,
            lambda rcpt, mid: summary.build_summary(
                figures, to=rcpt, mail_from=settings.mail_from, message_id=mid
            ),
        )
