"""Configuration: environment -> one typed Settings object, built when a task runs.

Embedded defaults need no configuration: the local services write their generated
credentials to ``$CLEARWAY_HOME/local.env``, which is read after the real environment
(the environment always wins). No secret lives in code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    return Path(os.environ.get("CLEARWAY_HOME", REPO_ROOT / ".clearway")).resolve()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLEARWAY_", extra="ignore", frozen=True)

    home: Path = Field(default_factory=default_home)

    # PostgreSQL: the project's own database (Airflow's metadata lives in its own database).
    database_url: str = "postgresql://postgres@127.0.0.1:5432/clearway"
    airflow_database_url: str = "postgresql://postgres@127.0.0.1:5432/clearway_airflow"

    # S3 API object store, used through the minio SDK.
    s3_endpoint: str = "127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: SecretStr = SecretStr("")
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    raw_bucket: str = "clearway-raw"  # content-addressed originals; never changed or deleted
    inbox_bucket: str = "clearway-inbox"  # where traders upload
    inbox_prefix: str = "incoming/"
    reports_bucket: str = "clearway-reports"

    # IMAP mailbox the traders write to.
    imap_host: str = "127.0.0.1"
    imap_port: int = 1143
    imap_user: str = "customs"
    imap_password: SecretStr = SecretStr("")
    imap_folder: str = "INBOX"
    imap_ssl: bool = False

    # SMTP for outgoing mail (acknowledgements, requests).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    mail_from: str = "Clearway <clearway@customs.localhost>"
    # The daily notices DAG: the stewards' summary goes here; permits are reminded of this
    # many days before they expire.
    steward_email: str = "stewards@customs.localhost"
    permit_reminder_days: int = 30

    # Limits on what a document may be; past them it is rejected with a code.
    max_file_bytes: int = 25 * 1024 * 1024
    max_pages: int = 50
    max_archive_members: int = 50
    max_archive_bytes: int = 200 * 1024 * 1024
    document_timeout_s: float = 120.0

    # Reading. pdfplumber reads the text layer; "pdfium" gives the same words faster.
    pdf_backend: Literal["pdfplumber", "pdfium"] = "pdfplumber"
    ocr_dpi: int = 300
    ocr_languages: str = "eng+deu+fra+spa"
    min_text_chars_per_page: int = 20  # below this a page counts as having no usable text layer

    # Processing.
    confidence_threshold: float = 0.8
    batch_size: int = 8

    # Hand-off to the assessment system: an outbox row per queued declaration, POSTed as JSON
    # to assessment_url with an Idempotency-Key. Unset: declarations wait in the outbox.
    assessment_url: str = ""
    assessment_token: SecretStr = SecretStr("")  # sent as "Authorization: Bearer ..." if set
    assessment_timeout_s: float = 10.0
    handoff_max_attempts: int = 16  # then the row is 'dead' until a steward re-queues it
    handoff_backoff_s: float = 30.0  # wait before the first retry; doubles per attempt
    handoff_backoff_max_s: float = 3600.0
    handoff_batch_size: int = 100  # deliveries per dispatch run at most
    handoff_stop_after_failures: int = 5  # consecutive failures that end a run (system down)
    assessors_file: str = ""  # YAML roster of assessors; empty: handoff/data/assessors.yaml

    # The web portal (`clearway serve`). A session ends web_session_idle_s after its last
    # request, and web_session_max_s after sign-in whatever happens.
    web_session_idle_s: int = 30 * 60
    web_session_max_s: int = 12 * 3600
    web_cookie_secure: bool = False  # set true behind HTTPS: the cookie then never goes in clear
    web_max_files: int = 20  # files in one upload
    web_max_upload_bytes: int = 100 * 1024 * 1024  # one upload in all; a file: max_file_bytes
    # Airflow's web UI, for the steward dashboard's links to DAG runs (/dags/<dag_id>/runs).
    airflow_url: str = "http://127.0.0.1:8080"

    @field_validator("inbox_prefix")
    @classmethod
    def _prefix_ends_with_slash(cls, v: str) -> str:
        return v if v.endswith("/") else v + "/"

    @field_validator("assessment_url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        v = v.strip()
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL (or empty: nothing is sent)")
        return v

    @field_validator(
        "batch_size",
        "max_pages",
        "max_file_bytes",
        "handoff_max_attempts",
        "handoff_batch_size",
        "web_session_idle_s",
        "web_session_max_s",
        "web_max_files",
        "web_max_upload_bytes",
    )
    @classmethod
    def _positive(cls, v: int) -> int:
        if v <= 0:
            raise ValueError("must be positive")
        return v


def load_settings(**overrides: object) -> Settings:
    """Build Settings from the environment, then the local services' env file, then defaults."""
    home = Path(str(overrides.get("home") or default_home()))
    env_file = home / "local.env"
    return Settings(_env_file=env_file if env_file.exists() else None, **overrides)  # type: ignore[call-arg]


def settings_to_env(settings: Settings) -> dict[str, str]:
    """The CLEARWAY_* variables that rebuild ``settings`` in another process (Airflow tasks,
    the DAG runner). Secrets travel through the environment, never through code."""
    env: dict[str, str] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        env[f"CLEARWAY_{name.upper()}"] = str(value)
    return env
