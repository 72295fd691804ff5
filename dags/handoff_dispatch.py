"""Deliver queued declarations to the assessment system, retrying while it is down.

Every complete declaration is written to the hand-off outbox in the transaction that
queues it, and clearway_link_and_handoff delivers right after; this DAG is the retry loop.
It delivers the rows that are due: one POST per declaration version with an
Idempotency-Key; a delivered row is never sent again; a failed one waits with doubling
backoff, and after CLEARWAY_HANDOFF_MAX_ATTEMPTS (or a refusal) it is 'dead' with a coded
error for a steward (`clearway handoff status`, `clearway handoff retry`). Nothing is sent
while CLEARWAY_ASSESSMENT_URL is unset; the declarations wait in the outbox.
"""

from __future__ import annotations

from airflow.sdk import CronTriggerTimetable, dag, task

from clearway.dag_config import DAG_DEFAULTS, DISPATCH_SCHEDULE, TAGS


@dag(
    dag_id="clearway_handoff_dispatch",
    schedule=CronTriggerTimetable(DISPATCH_SCHEDULE, timezone="UTC"),
    tags=[*TAGS, "handoff"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_handoff_dispatch():
    @task
    def dispatch_outbox() -> dict[str, object]:
        """Deliver the outbox rows that are due; failures wait with backoff."""
        from clearway import tasks

        return tasks.dispatch_outbox()

    dispatch_outbox()


clearway_handoff_dispatch()
