"""Daily notices: permit-expiry reminders to traders and the stewards' daily summary.

Permits (documents of type permit with an expiry date) that expire within the next
CLEARWAY_PERMIT_REMINDER_DAYS days (30) get one reminder e-mail to whoever sent them,
listing permit number, type, holder and expiry date; a permit with no known sender is
recorded as no_address and not retried. The stewards (CLEARWAY_STEWARD_EMAIL) get
yesterday's figures: documents received by status, failure rate by error code,
consignments queued, median and p90 time from arrival to hand-off, and the hand-off
outbox, as text with a CSV attachment. Each notice is sent once (table sent_notices),
however often this DAG runs.
"""

from __future__ import annotations

from airflow.sdk import CronTriggerTimetable, dag, task

from clearway.dag_config import DAG_DEFAULTS, NOTICES_SCHEDULE, TAGS


@dag(
    dag_id="clearway_daily_notices",
    schedule=CronTriggerTimetable(NOTICES_SCHEDULE, timezone="UTC"),
    tags=[*TAGS, "notices"],
    doc_md=__doc__,
    **DAG_DEFAULTS,
)
def clearway_daily_notices():
    @task
    def permit_reminders() -> dict[str, int]:
        """Remind traders, once per permit and expiry date, of permits about to expire."""
        from clearway import tasks

        return tasks.send_permit_reminders()

    @task
    def steward_summary() -> str:
        """E-mail the stewards yesterday's figures with a CSV attachment, once per day."""
        from clearway import tasks

        return tasks.send_steward_summary()

    permit_reminders()
    steward_summary()


clearway_daily_notices()
