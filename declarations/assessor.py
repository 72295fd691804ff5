"""What an assessor does to a declaration: read it, read its history, amend it, decide.

The I/O shell over declarations.amend / decisions (pure) and storage.declarations: one
transaction per command, the consignment row locked while a version or decision is written;
a trader notice is written in that transaction and sent after it commits, so a notice is
never sent for something that was rolled back, and a retry sends it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from clearway import errors
from clearway.errors import AssessmentRefused, ServiceUnavailable
from clearway.settings import Settings
from declarations import decisions
from declarations.amend import amend
from declarations.duties import estimate_duties
from storage import declarations as store
from storage.assignments import close_assignment
from storage.db import Connection, fetch_one, transaction


@dataclass(frozen=True)
class Amended:
    ref: str
    version: int  # the new version, or the latest when nothing changed
    change: dict[str, Any] | None  # {"field", "old", "new", "de"}; None: same value as before
    risk: dict[str, Any] | None
    payable_eur: str | None
    notice: str | None  # status of the additional-duties e-mail, if one was due


@dataclass(frozen=True)
class Decided:
    ref: str
    decision: dict[str, Any]  # the declaration_decisions row
    recorded: bool  # False: the same decision was already recorded (nothing new was sent)
    notice: str | None  # status of the request-for-documents e-mail, if one was due


def normalise_ref(ref: str) -> str:
    return ref.strip().upper()


def _consignment(conn: Connection, ref: str, lock: bool = False) -> str:
    ref = normalise_ref(ref)
    row = store.lock_consignment(conn, ref) if lock else _exists(conn, ref)
    if row is None:
        raise AssessmentRefused(errors.UNKNOWN_CONSIGNMENT.info(ref=ref))
    return ref


def _exists(conn: Connection, ref: str) -> dict[str, Any] | None:
    return fetch_one(conn, "SELECT 1 AS x FROM consignments WHERE consignment_ref = %s", (ref,))


def _latest(conn: Connection, ref: str) -> dict[str, Any]:
    row = store.get_version(conn, ref)
    if row is None:
        raise AssessmentRefused(errors.NO_DECLARATION.info(ref=ref))
    return row


def show_declaration(settings: Settings, ref: str, version: int | None = None) -> dict[str, Any]:
    """A declaration version (the latest by default) with who made it and the latest decision."""
    with transaction(settings) as conn:
        ref = _consignment(conn, ref)
        latest = _latest(conn, ref)
        row = latest if version is None else store.get_version(conn, ref, version)
        if row is None:
            raise AssessmentRefused(
                errors.UNKNOWN_VERSION.info(ref=ref, version=version, latest=latest["version"])
            )
        decision = store.latest_decision(conn, ref)
    return {
        "consignment_ref": ref,
        "version": row["version"],
        "latest_version": latest["version"],
        "created_at": row["created_at"].isoformat(),
        "created_by": row["created_by"],
        "role": row.get("role"),
        "reason": row["reason"],
        "changes": row.get("changes") or [],
        "decision": _decision_out(decision),
        "declaration": row["body"],
    }


def declaration_history(settings: Settings, ref: str) -> dict[str, Any]:
    """Every version oldest first (who, when, why, what changed), decisions and notices."""
    with transaction(settings) as conn:
        ref = _consignment(conn, ref)
        versions = store.list_versions(conn, ref)
        if not versions:
            raise AssessmentRefused(errors.NO_DECLARATION.info(ref=ref))
        decided = store.list_decisions(conn, ref)
        notices = store.list_notices(conn, ref)
    return {
        "consignment_ref": ref,
        "versions": [
            {**v, "created_at": v["created_at"].isoformat(), "changes": v["changes"] or []}
            for v in versions
        ],
        "decisions": [_decision_out(d) for d in decided],
        "notices": [
            {**n, **{k: n[k].isoformat() for k in ("sent_at", "created_at") if n[k]}}
            for n in notices
        ],
    }


def _decision_out(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "decision": row["decision"],
        "declaration_version": row["declaration_version"],
        "decided_by": row["decided_by"],
        "decided_at": row["decided_at"].isoformat(),
        "note": row["note"],
        "requested": row["requested"],
    }


def amend_declaration(
    settings: Settings, ref: str, field: str, value: str, *, by: str, role: str, reason: str
) -> Amended:
    """Amend one field as ``by`` in ``role``: a new version with duties and risk recalculated;
    the trader is e-mailed when the amount payable rises. Refused (CW7xx) with nothing
    written for an unknown reference or field, a field the role may not change, a bad value."""
    notice_id = None
    with transaction(settings) as conn:
        ref = _consignment(conn, ref, lock=True)
        latest = _latest(conn, ref)
        body = latest["body"]
        new_body, change = amend(
            body,
            field,
            value,
            by=by,
            role=role,
            reason=reason,
            findings=store.findings_of(conn, ref),
            history_of=lambda b: store.trader_history(conn, ref, b),
        )
        if change is None:
            return Amended(ref, latest["version"], None, body.get("risk"), _payable(body), None)
        version = store.add_version(
            conn, ref, new_body, created_by=by, role=role, reason=reason.strip(), changes=[change]
        )
        before = body.get("duties") or estimate_duties(body)
        if decisions.duties_raised(before, new_body["duties"]):
            notice_id = _duties_notice(
                conn, settings, ref, version, before, new_body["duties"], [change], reason
            )
    status = deliver_notice(settings, notice_id) if notice_id else None
    return Amended(ref, version, change, new_body["risk"], _payable(new_body), status)


def _payable(body: dict[str, Any]) -> str | None:
    duties = body.get("duties")
    return duties["totals"]["payable_eur"]["value"] if duties else None


def _duties_notice(
    conn: Connection,
    settings: Settings,
    ref: str,
    version: int,
    before: dict[str, Any],
    after: dict[str, Any],
    changes: list[dict[str, Any]],
    reason: str,
) -> str:
    to, in_reply_to = store.trader_contact(conn, ref) or ("", None)
    message_id = decisions.notice_message_id(
        decisions.ADDITIONAL_DUTIES, f"{ref}:{version}", settings.mail_from
    )
    msg = decisions.build_additional_duties(
        ref,
        version,
        before,
        after,
        changes,
        reason,
        to=to,
        mail_from=settings.mail_from,
        message_id=message_id,
        in_reply_to=in_reply_to,
    )
    return _add_notice(conn, ref, decisions.ADDITIONAL_DUTIES, version, to, msg)


def _add_notice(
    conn: Connection, ref: str, kind: str, version: int, to: str, msg: EmailMessage
) -> str:
    row = store.add_notice(
        conn,
        str(msg["Message-ID"]),
        ref,
        kind,
        version,
        to or None,
        str(msg["Subject"]),
        msg.as_string(),
    )
    return str(row["message_id"])


def decide(
    settings: Settings,
    ref: str,
    decision: str,
    *,
    by: str,
    note: str | None = None,
    requested: Sequence[str] = (),
) -> Decided:
    """Record a decision on the latest version; a request for documents e-mails the trader
    the list. The same decision recorded twice is one row and one e-mail."""
    decision, docs = decisions.check_decision(decision, requested)
    notice_id = None
    with transaction(settings) as conn:
        ref = _consignment(conn, ref, lock=True)
        latest = _latest(conn, ref)
        row, recorded = store.record_decision(
            conn, ref, latest["version"], decision, decided_by=by, note=note, requested=docs
        )
        if decision in decisions.FINAL:
            close_assignment(conn, ref)
        # Every decision reaches the trader; the same decision twice is one e-mail.
        kind = decision if decision == decisions.REQUEST_DOCUMENTS else decisions.DECISION
        to, in_reply_to = store.trader_contact(conn, ref) or ("", None)
        message_id = decisions.notice_message_id(kind, row["decision_key"], settings.mail_from)
        if decision == decisions.REQUEST_DOCUMENTS:
            msg = decisions.build_request_documents(
                ref,
                row["requested"],
                row["note"],
                to=to,
                mail_from=settings.mail_from,
                message_id=message_id,
                in_reply_to=in_reply_to,
            )
        else:
            msg = decisions.build_decision_notice(
                ref,
                decision,
                row["note"],
                to=to,
                mail_from=settings.mail_from,
                message_id=message_id,
                in_reply_to=in_reply_to,
            )
        notice_id = _add_notice(conn, ref, kind, latest["version"], to, msg)
    status = deliver_notice(settings, notice_id) if notice_id else None
    return Decided(ref, _decision_out(row) or {}, recorded, status)


def deliver_notice(settings: Settings, message_id: str) -> str:
    """Send a pending notice once; returns its status (sent, refused, no_address, pending).

    SMTP unavailable: the notice stays pending (status ``pending``) and the next call
    (the same decision recorded again, or send_pending_notices) sends it.
    """
    from intake import mail

    try:
        with transaction(settings) as conn:
            row = store.lock_notice(conn, message_id)
            if row is None or row["status"] != "pending":
                return str(row["status"]) if row else "missing"
            msg = message_from_string(row["raw"], policy=policy.default)
            assert isinstance(msg, EmailMessage)
            refused = mail.send(settings, msg)
            status = "refused" if refused else "sent"
            store.mark_notice(conn, message_id, status)
            return status
    except ServiceUnavailable:
        return "pending"


def send_pending_notices(settings: Settings, ref: str | None = None) -> dict[str, str]:
    """Send every notice still pending (of one consignment, or all): message id -> status."""
    with transaction(settings) as conn:
        pending = store.pending_notices(conn, normalise_ref(ref) if ref else None)
    return {mid: deliver_notice(settings, mid) for mid in pending}
