"""The dispatcher: deliver due outbox rows to the assessment system, retry, give up loudly.

One row at a time, each in its own transaction: claim it (``FOR UPDATE SKIP LOCKED``),
POST its payload with its Idempotency-Key, record the outcome, commit. A delivered row is
never sent again. A failed attempt waits ``backoff_s`` (doubling, capped, or longer if the
system asked with Retry-After); after ``handoff_max_attempts`` attempts, or at once on a
refusal (a 4xx other than 408/425/429), the row is ``dead`` with a coded error that a
steward sees in ``clearway handoff status`` and re-queues with ``clearway handoff retry``.

While the system is down nothing is lost: rows stay pending with their attempts recorded,
and a run stops after ``handoff_stop_after_failures`` failures in a row instead of trying
every row against a dead endpoint. A crash between the system's answer and the commit
leaves the row pending, so it is sent again with the same key: delivery is at least once,
and the key lets the system make it exactly once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from clearway.errors import HANDOFF_REFUSED, HANDOFF_UNDELIVERED
from clearway.settings import Settings
from handoff.http import AssessmentClient, Outcome
from storage import outbox
from storage.db import Connection, fetch_all, transaction

log = logging.getLogger(__name__)
MAX_RETRY_AFTER_S = 86_400.0


@dataclass
class DispatchReport:
    configured: bool
    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    stopped_early: bool = False
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def backoff_s(attempts: int, base_s: float, cap_s: float) -> float:
    """Wait after the ``attempts``-th failed attempt: base, 2 base, 4 base, ... up to cap."""
    return min(cap_s, base_s * 2 ** max(0, attempts - 1))


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def dispatch(
    settings: Settings, now: datetime | None = None, limit: int | None = None
) -> DispatchReport:
    """Deliver the rows due at ``now`` (default: the clock, read per attempt)."""
    if not settings.assessment_url:
        with transaction(settings) as conn:
            waiting = outbox.counts(conn)["pending"]
        note = (
            f"CLEARWAY_ASSESSMENT_URL is not set: nothing sent, {waiting} declaration(s) "
            "wait in the outbox"
        )
        log.info(note)  # not a failure: the hand-off is not configured (yet)
        return DispatchReport(configured=False, note=note)

    clock: Callable[[], datetime] = (lambda: now) if now is not None else _utcnow
    limit = limit or settings.handoff_batch_size
    report = DispatchReport(configured=True)
    tried: list[int] = []
    failures_in_row = 0
    with AssessmentClient(
        settings.assessment_url,
        settings.assessment_timeout_s,
        settings.assessment_token.get_secret_value(),
    ) as client:
        while report.attempted < limit:
            with transaction(settings) as conn:
                row = outbox.claim_due(conn, clock(), tried)
                if row is None:
                    break
                tried.append(row["id"])
                outcome = client.send(encode(row["payload"]), row["idempotency_key"])
                _record(conn, row, outcome, clock(), settings, report)
            if outcome.delivered or not outcome.retryable:
                failures_in_row = 0
                continue
            failures_in_row += 1
            if failures_in_row >= settings.handoff_stop_after_failures:
                report.stopped_early = True
                report.note = (
                    f"stopped after {failures_in_row} failures in a row ({outcome.detail}); "
                    "the rest wait for the next run"
                )
                log.warning("hand-off: %s", report.note)
                break
    return report


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _record(
    conn: Connection,
    row: dict[str, Any],
    outcome: Outcome,
    at: datetime,
    settings: Settings,
    report: DispatchReport,
) -> None:
    report.attempted += 1
    ref, version, attempts = row["consignment_ref"], row["declaration_version"], row["attempts"] + 1
    if outcome.delivered:
        outbox.mark_delivered(conn, row["id"], at, outcome.status_code or 0)
        report.delivered += 1
        log.info("hand-off: %s v%s delivered (%s)", ref, version, outcome.detail)
        return
    if not outcome.retryable:
        info = HANDOFF_REFUSED.info(
            ref=ref, version=version, status=outcome.status_code, detail=outcome.detail
        )
    elif attempts >= settings.handoff_max_attempts:
        info = HANDOFF_UNDELIVERED.info(
            ref=ref, version=version, attempts=attempts, detail=outcome.detail
        )
    else:
        info = None
    wait = backoff_s(attempts, settings.handoff_backoff_s, settings.handoff_backoff_max_s)
    if outcome.retry_after_s:  # the system's own wish, honoured up to a day
        wait = max(wait, min(outcome.retry_after_s, MAX_RETRY_AFTER_S))
    outbox.mark_failed(
        conn,
        row["id"],
        at,
        error=f"{info.code} {info.name}: {info.message}" if info else outcome.detail,
        status_code=outcome.status_code,
        next_attempt_at=at + timedelta(seconds=wait),
        dead=info is not None,
    )
    if info is not None:
        report.dead += 1
        log.error("hand-off: %s v%s dead: %s", ref, version, info.message)
    else:
        report.retrying += 1
        log.warning(
            "hand-off: %s v%s attempt %d failed (%s); next in %.0f s",
            ref,
            version,
            attempts,
            outcome.detail,
            wait,
        )


def status(settings: Settings, limit: int = 50) -> dict[str, Any]:
    """Counts per status, the dead rows with their last error, the pending rows."""
    with transaction(settings) as conn:
        return {
            "endpoint": settings.assessment_url or None,
            "counts": outbox.counts(conn),
            "dead": outbox.list_rows(conn, "dead", limit),
            "pending": outbox.list_rows(conn, "pending", limit),
        }


def why_nothing_to_retry(settings: Settings, ref: str) -> str | None:
    """Why ``ref`` has no dead delivery to re-queue, in words (None when it has one): a
    mistyped reference and a declaration still pending must not both read "0 re-queued"."""
    with transaction(settings) as conn:
        rows = fetch_all(
            conn,
            "SELECT status, count(*) AS n FROM handoff_outbox WHERE consignment_ref = %s "
            "GROUP BY status ORDER BY status",
            (ref.strip().upper(),),
        )
    found = {r["status"]: int(r["n"]) for r in rows}
    if found.get("dead"):
        return None
    if not found:
        ref = ref.strip().upper()
        return f"it has no delivery in the outbox (check the reference: `clearway status {ref}`)"
    return "its deliveries are " + ", ".join(f"{s} ({n})" for s, n in found.items())


def retry_dead(settings: Settings, ref: str | None = None, now: datetime | None = None) -> int:
    """Dead rows (of one consignment, or all) back to pending, due now; returns how many."""
    with transaction(settings) as conn:
        return outbox.requeue(conn, now or _utcnow(), ref.strip().upper() if ref else None)
