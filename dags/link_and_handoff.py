"""Link the documents of one shipment and hand complete declarations to assessment.

Normalises the references each document carries (invoice, transport document, permit,
container numbers), groups documents that cite each other into consignments (a late
document joins its consignment), raises findings, assembles a pre-filled import
declaration whose every value points to its source document, page and box, and puts
complete ones on the assessment queue, each assigned to the qualified assessor with the
least open work and written to the outbox for the assessment system in the same
transaction. Incomplete ones wait, visible with what is missing. The last task delivers
what the outbox holds (clearway_handoff_dispatch retries it while that system is down).
"""

from __future__ import annotations

from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from clearway.dag_config import (
    DAG_DEFAULTS,
    DECLARATIONS_QUEUED,
    DOCUMENTS_EXTRACTED,
    SWEEP_SCHEDULE,
    TAGS,
)


@dag(
    dag_id="clearway_link_and_handoff",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(SWEEP_SCHEDULE, timezone="UTC"),
        assets=[Asset(DOCUMENTS_EXTRACTED)],
    ),
    tags=[*TAGS, "link", "handoff"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_link_and_handoff():
    @task
    def link_documents() -> list[str]:
        """Group extracted documents into consignments; returns the consignments touched."""
        from clearway import tasks

        return tasks.link_documents()

    @task(outlets=[Asset(DECLARATIONS_QUEUED)])
    def hand_off(consignment_refs: list[str]) -> dict[str, int]:
        """Assemble declarations, record findings, queue the complete ones."""
        from clearway import tasks

        return tasks.hand_off(consignment_refs)

    @task
    def dispatch_outbox() -> dict[str, object]:
        """Deliver the queued declarations to the assessment system (outbox, retried later)."""
        from clearway import tasks

        return tasks.dispatch_outbox()

    hand_off(link_documents()) >> dispatch_outbox()


clearway_link_and_handoff()
