"""Ingest documents that traders upload to the object store's ``incoming/`` prefix.

Polls the prefix (bucket notifications do not work on every S3 store), keeps the
uploader and original file name, stores the bytes at a content-addressed key and
registers one document per content hash. The uploaded object is never deleted.
"""

from __future__ import annotations

from airflow.sdk import Asset, CronTriggerTimetable, dag, task

from clearway.dag_config import DAG_DEFAULTS, DOCUMENTS_RECEIVED, POLL_SCHEDULE, TAGS


@dag(
    dag_id="clearway_ingest_bucket",
    schedule=CronTriggerTimetable(POLL_SCHEDULE, timezone="UTC"),
    tags=[*TAGS, "ingest", "bucket"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_ingest_bucket():
    @task(outlets=[Asset(DOCUMENTS_RECEIVED)])
    def poll_bucket() -> list[str]:
        """Register new uploads; returns their tracking references."""
        from clearway import tasks

        return tasks.poll_bucket()

    poll_bucket()


clearway_ingest_bucket()
