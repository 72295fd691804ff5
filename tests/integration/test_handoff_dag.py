"""The dispatch DAG end to end: Airflow runs clearway_handoff_dispatch with dag.test() in a
child process, against this test's database and a real HTTP server on loopback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from clearway.settings import REPO_ROOT, Settings, settings_to_env
from tests.integration import test_handoff_outbox as base

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

fresh = base.fresh  # the fixture: a database of this test's own
system = base.system  # the fixture: the stand-in assessment system


def run_dag(settings: Settings, dag_id: str) -> subprocess.CompletedProcess[str]:
    from clearway.localstack.airflow_env import airflow_env, migrate_airflow_db

    migrate_airflow_db(settings)
    env = {**os.environ, **airflow_env(settings), **settings_to_env(settings)}
    return subprocess.run(  # noqa: S603
        [sys.executable, str(REPO_ROOT / "scripts" / "run_dags.py"), dag_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=480,
    )


def test_the_dispatch_dag_delivers_what_the_outbox_holds(
    fresh: Settings, system: base.AssessmentSystem
) -> None:
    refs = base.queue(fresh, 91, 92)
    settings = fresh.model_copy(update={"assessment_url": system.url})
    done = run_dag(settings, "clearway_handoff_dispatch")
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "RUN clearway_handoff_dispatch: " in done.stdout
    rows = base.outbox_rows(fresh)
    assert [(r["consignment_ref"], r["status"]) for r in rows] == [(r, "delivered") for r in refs]
    assert system.acknowledged() == {r["idempotency_key"]: 1 for r in rows}
