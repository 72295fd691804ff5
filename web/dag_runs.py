"""The latest runs of Clearway's DAGs, read from Airflow's own database, for the dashboard.

A steward watches the pipeline from the dashboard; its links into the Airflow UI lead
nowhere where the DAGs run with ``dag.test()`` (the local set-up, the demo) or the UI is
not reachable from the steward's desk. Airflow records every run in its metadata database
(``dag_run``) whichever way it ran, so the dashboard reads that: per DAG the last run, its
state and how long it took, and the failed runs of the last 14 days. Read-only; when that
database cannot be reached the dashboard says so instead of failing.
"""

from __future__ import annotations

from typing import Any

import psycopg2
import psycopg2.extras

from clearway.settings import Settings

DAYS = 14


def latest_runs(settings: Settings, dag_ids: list[str]) -> dict[str, Any]:
    """``{"available": bool, "error": str | None, "dags": {dag_id: {...} | None}}``."""
    try:
        conn = psycopg2.connect(
            settings.airflow_database_url,
            cursor_factory=psycopg2.extras.RealDictCursor,
            connect_timeout=3,
        )
    except psycopg2.OperationalError as exc:
        return {"available": False, "error": str(exc).strip().splitlines()[0], "dags": {}}
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                """
                SELECT DISTINCT ON (dag_id) dag_id, state, start_date, end_date,
                       (SELECT count(*) FROM dag_run f WHERE f.dag_id = r.dag_id
                          AND f.state = 'failed'
                          AND f.start_date > now() - make_interval(days => %s)) AS failed
                FROM dag_run r
                WHERE dag_id = ANY(%s) AND start_date IS NOT NULL
                ORDER BY dag_id, start_date DESC
                """,
                (DAYS, dag_ids),
            )
            rows = {r["dag_id"]: dict(r) for r in cur.fetchall()}
    except psycopg2.Error as exc:  # no dag_run table yet: Airflow's database not migrated
        return {"available": False, "error": str(exc).strip().splitlines()[0], "dags": {}}
    finally:
        conn.close()
    for r in rows.values():
        start, end = r["start_date"], r["end_date"]
        r["seconds"] = (end - start).total_seconds() if start and end else None
    return {"available": True, "error": None, "dags": {d: rows.get(d) for d in dag_ids}}
