"""Read, classify and extract new documents, then check them with Great Expectations.

Documents waiting in status ``received`` are split into batches (so per-task overhead
does not dominate); each batch is one mapped task instance: read the text layer with
pdfplumber or OCR the page with Tesseract, classify, extract the canonical fields with
confidence and page/box provenance, store everything. A second mapped task runs the
expectation suite of each document type over the batch, stores the results and publishes
the Great Expectations Data Docs (HTML) to the reports bucket (``data-docs/index.html``).
A bad document ends ``rejected`` or ``failed`` with a coded error; the batch goes on.
"""

from __future__ import annotations

from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from clearway.dag_config import (
    DAG_DEFAULTS,
    DOCUMENTS_EXTRACTED,
    DOCUMENTS_RECEIVED,
    SWEEP_SCHEDULE,
    TAGS,
)


@dag(
    dag_id="clearway_process_documents",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(SWEEP_SCHEDULE, timezone="UTC"),
        assets=[Asset(DOCUMENTS_RECEIVED)],
    ),
    tags=[*TAGS, "process"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_process_documents():
    @task
    def plan_batches() -> list[list[str]]:
        """Split the documents waiting in status 'received' into batches of content hashes."""
        from clearway import tasks

        return tasks.plan_batches()

    @task(max_active_tis_per_dag=2)
    def extract_batch(shas: list[str]) -> list[str]:
        """Read, classify and extract one batch; returns the hashes that yielded fields."""
        from clearway import tasks

        return tasks.extract_batch(shas)

    @task(outlets=[Asset(DOCUMENTS_EXTRACTED)])
    def validate_batch(shas: list[str]) -> dict[str, int]:
        """Run the expectation suites over one batch, store the results, publish Data Docs."""
        from clearway import tasks

        return tasks.validate_batch(shas)

    extracted = extract_batch.expand(shas=plan_batches())
    validate_batch.expand(shas=extracted)


clearway_process_documents()
