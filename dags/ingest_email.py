"""Ingest documents that traders e-mail to the customs mailbox.

Polls the IMAP mailbox, stores each message and its attachments (ZIP members too) at
content-addressed keys, registers one document per content hash and one message per
Message-ID, and acknowledges the sender with a tracking reference per document.
A re-delivered e-mail or a retried task creates nothing twice.
"""

from __future__ import annotations

from airflow.sdk import Asset, CronTriggerTimetable, dag, task

from clearway.dag_config import DAG_DEFAULTS, DOCUMENTS_RECEIVED, POLL_SCHEDULE, TAGS


@dag(
    dag_id="clearway_ingest_email",
    schedule=CronTriggerTimetable(POLL_SCHEDULE, timezone="UTC"),
    tags=[*TAGS, "ingest", "email"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_ingest_email():
    @task(outlets=[Asset(DOCUMENTS_RECEIVED)])
    def poll_mailbox() -> list[str]:
        """Fetch new messages; returns the Message-IDs ingested."""
        from clearway import tasks

        return tasks.poll_mailbox()

    poll_mailbox()


clearway_ingest_email()
