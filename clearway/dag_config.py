"""Plain values the DAG files share. No Airflow import here: DAG files build Airflow objects."""

from __future__ import annotations

from datetime import datetime, timedelta

START_DATE = datetime(2026, 1, 1)
TAGS = ["clearway"]

# Tasks are transactions (upserts keyed by content hash), so a retry is always safe.
DEFAULT_ARGS = {
    "owner": "clearway",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}

# What every Clearway DAG shares: no backfill (polling the past finds nothing new) and one
# run at a time (a second run would only race the first for the same documents).
DAG_DEFAULTS = {
    "start_date": START_DATE,
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
}

# Asset URIs: ingestion emits "received", processing consumes it and emits "extracted",
# linking consumes that. Data-aware scheduling instead of fixed polling of the database.
DOCUMENTS_RECEIVED = "clearway://documents/received"
DOCUMENTS_EXTRACTED = "clearway://documents/extracted"
DECLARATIONS_QUEUED = "clearway://declarations/queued"

POLL_SCHEDULE = "*/2 * * * *"
SWEEP_SCHEDULE = "*/15 * * * *"  # safety net: picks up anything an asset event missed
DISPATCH_SCHEDULE = "*/2 * * * *"  # the hand-off outbox: deliveries due, retries after backoff
NOTICES_SCHEDULE = "0 6 * * *"  # daily notices: permit reminders, the stewards' summary
