"""The dashboard's DAG runs: an unreachable Airflow database is said, not a failure."""

from __future__ import annotations

from clearway.settings import Settings
from web.dag_runs import latest_runs


def test_an_unreachable_airflow_database_is_reported_not_raised() -> None:
    settings = Settings(airflow_database_url="postgresql://nobody@127.0.0.1:1/none")  # type: ignore[call-arg]
    runs = latest_runs(settings, ["clearway_process_documents"])
    assert runs["available"] is False and runs["dags"] == {}
    assert runs["error"]  # the driver's first line, shown to the steward
