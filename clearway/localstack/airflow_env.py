"""The environment that runs Airflow 3 on this project, on loopback, against our PostgreSQL.

Library code never imports Airflow: this module only builds environment variables and
runs the ``airflow`` command as a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from hashlib import sha256
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from clearway.errors import ServiceUnavailable
from clearway.localstack import localenv
from clearway.settings import REPO_ROOT, Settings

API_HOST, API_PORT = "127.0.0.1", 8080


def sqlalchemy_url(url: str) -> str:
    """``postgresql://…`` (libpq form, as in Settings) -> ``postgresql+psycopg2://…``."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.startswith("postgres"):
        raise ValueError(f"not a PostgreSQL URL: {scheme}://…")
    return "postgresql+psycopg2://" + rest


def airflow_home(settings: Settings) -> Path:
    return settings.home / "airflow"


def airflow_env(settings: Settings) -> dict[str, str]:
    """Environment variables for any ``airflow`` command on this project (merge into os.environ)."""
    generated = localenv.ensure_generated(settings.home)
    base_url = f"http://{API_HOST}:{API_PORT}"
    return {
        "AIRFLOW_HOME": str(airflow_home(settings)),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(settings.airflow_database_url),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # The default (32) starts 32 worker processes, ~5 GB; the machines have 2 cores.
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__API__HOST": API_HOST,
        "AIRFLOW__API__PORT": str(API_PORT),
        "AIRFLOW__API__BASE_URL": base_url,
        # "localhost" may resolve to ::1 first, where nothing listens: name the address.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base_url}/execution/",
        # Scheduler and API server must sign and check task tokens with the same secret.
        "AIRFLOW__API_AUTH__JWT_SECRET": generated["CLEARWAY_AIRFLOW_JWT_SECRET"],
        "AIRFLOW__API__SECRET_KEY": generated["CLEARWAY_AIRFLOW_JWT_SECRET"],
        "AIRFLOW__CORE__FERNET_KEY": generated["CLEARWAY_AIRFLOW_FERNET_KEY"],
        # Local only (loopback): no login screen. A real deployment uses docker-compose.yml.
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        # The DAG tasks read their Settings from the same home.
        "CLEARWAY_HOME": str(settings.home),
    }


def airflow_binary() -> str:
    beside = Path(sys.executable).parent / "airflow"
    if not beside.exists():
        raise ServiceUnavailable(
            "Airflow", "the airflow command is not installed", "Run scripts/setup (uv sync)."
        )
    return str(beside)


def _marker(settings: Settings) -> Path:
    try:
        af_version = version("apache-airflow")
    except PackageNotFoundError as exc:
        raise ServiceUnavailable(
            "Airflow", "apache-airflow is not installed", "Run scripts/setup."
        ) from exc
    # Keyed by version and database: an upgrade or another database needs a migration.
    db = sha256(settings.airflow_database_url.encode()).hexdigest()[:12]
    return airflow_home(settings) / f".migrated-{af_version}-{db}"


def run_airflow(
    settings: Settings, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``airflow ARGS`` with this project's environment; output captured."""
    env = {**os.environ, **airflow_env(settings)}
    airflow_home(settings).mkdir(parents=True, exist_ok=True)
    return subprocess.run(  # noqa: S603
        [airflow_binary(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def migrate_airflow_db(settings: Settings, force: bool = False) -> bool:
    """``airflow db migrate`` once per Airflow version and database. True if it ran."""
    marker = _marker(settings)
    if marker.exists() and not force:
        return False
    from clearway.localstack import postgres

    postgres.create_database(settings.airflow_database_url)
    result = run_airflow(settings, "db", "migrate")
    if result.returncode != 0:
        raise ServiceUnavailable(
            "Airflow metadata database",
            f"`airflow db migrate` failed:\n{(result.stdout + result.stderr)[-2000:]}",
            "Check that PostgreSQL runs (`clearway services up`).",
        )
    marker.write_text("ok\n")
    return True
