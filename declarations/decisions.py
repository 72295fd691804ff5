"""Assessment decisions and the e-mails they send the trader (pure: builds, sends nothing).

    accept             the declaration is accepted as it stands
    request_documents  the trader is asked for the documents listed (e-mail)
    inspect            the goods are selected for physical inspection
    reject             the declaration is rejected

An amendment that raises the amount payable sends the trader a notice of additional duties.
Message-IDs are derived from what the notice is about, so a notice is recognisable as the
same one when it is sent again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from clearway import errors
from clearway.errors import AssessmentRefused
from declarations.field_labels import field_label

DECISIONS = ("accept", "request_documents", "inspect", "reject")
REQUEST_DOCUMENTS, ADDITIONAL_DUTIES = "request_documents", "additional_duties"
DECISION = "decision"  # the notice of any other decision
# Decisions that end the assessor's work on a consignment (their workload drops by one).
FINAL = frozenset({"accept", "reject"})

_FOOTER = (
    "Quote the consignment reference (CWC-...) in your reply. This message was sent by "
    "Clearway on behalf of the customs team; replies are read by an assessor."
)


def check_decision(decision: str, requested: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The decision and the documents requested, cleaned; CW708/CW709 when they do not fit."""
    decision = decision.strip().lower().replace("-", "_")
    if decision not in DECISIONS:
        raise AssessmentRefused(
            errors.UNKNOWN_DECISION.info(decision=decision, decisions=", ".join(DECISIONS))
        )
    docs = tuple(dict.fromkeys(d.strip() for d in requested if d.strip()))
    if decision == REQUEST_DOCUMENTS and not docs:
        raise AssessmentRefused(errors.NOTHING_REQUESTED.info())
    return decision, docs if decision == REQUEST_DOCUMENTS else ()


def notice_message_id(kind: str, key: str, mail_from: str) -> str:
    digest = hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:32]
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "clearway.localhost"
    return f"<{kind}-{digest}@{domain}>"


def _message(
    *,
    ref: str,
    kind: str,
    to: str,
    mail_from: str,
    subject: str,
    body: str,
    message_id: str,
    in_reply_to: str | None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: robots must not answer
    msg.set_content(body)
    msg["X-Clearway-Consignment"] = ref
    msg["X-Clearway-Notice"] = kind
    return msg


def _note_lines(note: str | None) -> list[str]:
    return ["The assessor's note:", "", f"  {note}", ""] if note else []


def request_subject(ref: str) -> str:
    return f"{ref}: documents requested for your customs declaration"


def build_request_documents(
    ref: str,
    requested: Sequence[str],
    note: str | None,
    *,
    to: str,
    mail_from: str,
    message_id: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """The request for documents: what is needed, why (the assessor's note), how to send it."""
    lines = [
        "Hello,",
        "",
        f"To assess the customs declaration of consignment {ref}, the customs team needs "
        "the following documents from you:",
        "",
        *(f"  - {doc.replace('_', ' ')}" for doc in requested),
        "",
        *_note_lines(note),
        "Please reply to this e-mail with the documents attached as PDF files (or scans as "
        f"PNG, JPEG or TIFF), or upload them in the Clearway portal from consignment {ref} "
        "(Consignments, then the reference). The declaration is on hold until they arrive.",
        "",
        _FOOTER,
    ]
    return _message(
        ref=ref,
        kind=REQUEST_DOCUMENTS,
        to=to,
        mail_from=mail_from,
        subject=request_subject(ref),
        body="\n".join(lines),
        message_id=message_id,
        in_reply_to=in_reply_to,
    )


# What each decision means for the trader, in their words.
_OUTCOME = {
    "accept": "has been accepted. The goods can be released once any duties are paid.",
    "inspect": "has been selected for a physical inspection of the goods. The customs team "
    "will contact you to arrange it; the goods stay under customs control until then.",
    "reject": "has been rejected. The goods cannot be released on this declaration.",
}


def decision_subject(ref: str, decision: str) -> str:
    return f"{ref}: customs decision - {decision.replace('_', ' ')}"


def build_decision_notice(
    ref: str,
    decision: str,
    note: str | None,
    *,
    to: str,
    mail_from: str,
    message_id: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """The trader's notice of a decision other than a request for documents."""
    lines = [
        "Hello,",
        "",
        f"The customs declaration of consignment {ref} {_OUTCOME[decision]}",
        "",
        *_note_lines(note),
        _FOOTER,
    ]
    return _message(
        ref=ref,
        kind=DECISION,
        to=to,
        mail_from=mail_from,
        subject=decision_subject(ref, decision),
        body="\n".join(lines),
        message_id=message_id,
        in_reply_to=in_reply_to,
    )


def duties_subject(ref: str) -> str:
    return f"{ref}: additional import duties after assessment"


def build_additional_duties(
    ref: str,
    version: int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]],
    reason: str,
    *,
    to: str,
    mail_from: str,
    message_id: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """The notice that an amendment raised the duty and VAT payable (``duties`` parts)."""
    tb, ta = before["totals"], after["totals"]
    pay_b, pay_a = Decimal(tb["payable_eur"]["value"]), Decimal(ta["payable_eur"]["value"])
    lines = [
        "Hello,",
        "",
        f"The customs team has amended the declaration of consignment {ref} (version {version}).",
        "",
        "What changed:",
        "",
        # In words first: the trader knows "Item 1: Commodity code", not items.0.hs_code.
        *(
            f"  - {field_label(c['field'])} ({c['field']}): {c['old']} -> {c['new']}"
            for c in changes
        ),
        "",
        f"Reason: {reason}",
        "",
        "Estimated import charges (EUR):",
        "",
        f"  customs duty   {tb['duty_eur']:>12} -> {ta['duty_eur']:>12}",
        f"  import VAT     {tb['vat_eur']:>12} -> {ta['vat_eur']:>12}",
        f"  total payable  {pay_b:>12} -> {pay_a:>12}",
        "",
        f"Additional amount: {pay_a - pay_b} EUR. The final amount is set in the customs "
        "decision; reply to this e-mail if you disagree with the change.",
        "",
        _FOOTER,
    ]
    return _message(
        ref=ref,
        kind=ADDITIONAL_DUTIES,
        to=to,
        mail_from=mail_from,
        subject=duties_subject(ref),
        body="\n".join(lines),
        message_id=message_id,
        in_reply_to=in_reply_to,
    )


def duties_raised(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Whether the amount payable (duty + VAT, DE 4/7) went up."""
    if not before or not after:
        return False
    return Decimal(after["totals"]["payable_eur"]["value"]) > Decimal(
        before["totals"]["payable_eur"]["value"]
    )
