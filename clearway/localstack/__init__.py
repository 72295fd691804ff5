"""Local services on 127.0.0.1: PostgreSQL, an S3 store, an IMAP mailbox and SMTP.

``up`` starts what is missing (idempotent), ``down`` stops what this project started,
``ensure_up`` is what tests and the demo call. State lives under ``Settings.home``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from clearway.localstack import _proc, imap, localenv, postgres, s3, smtp
from clearway.localstack.airflow_env import airflow_env, migrate_airflow_db
from clearway.localstack.imap import deliver
from clearway.localstack.smtp import sent_messages
from clearway.settings import Settings, default_home, load_settings

__all__ = [
    "ServiceStatus",
    "airflow_env",
    "deliver",
    "down",
    "ensure_up",
    "migrate_airflow_db",
    "print_status",
    "sent_messages",
    "status",
    "up",
]


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    running: bool
    address: str
    detail: str = ""


def ensure_up(settings: Settings | None = None) -> Settings:
    """Start whatever is not running yet; return Settings freshly loaded (with the credentials)."""
    home = settings.home if settings is not None else default_home()
    with _proc.locked(home):
        localenv.ensure_generated(home)
        current = load_settings(home=home)
        urls = postgres.start(current)
        if urls:
            localenv.update(home, urls)
            current = load_settings(home=home)
        for url in (current.database_url, current.airflow_database_url):
            postgres.create_database(url)
        # The three servers are independent: start them side by side (cold start ~1 s, not ~2).
        with ThreadPoolExecutor(max_workers=3) as pool:
            for fut in [
                pool.submit(start, current) for start in (s3.start, imap.start, smtp.start)
            ]:
                fut.result()
        s3.ensure_buckets(current)
    return load_settings(home=home)


def up() -> None:
    """``clearway services up``."""
    ensure_up()
    print_status()


def down() -> None:
    """``clearway services down``: stop what this project started (not the machine's PostgreSQL)."""
    home = default_home()
    with _proc.locked(home):
        stopped = [
            name
            for name, stop in (
                ("smtp", smtp.stop),
                ("imap", imap.stop),
                ("s3", s3.stop),
                ("postgres (embedded)", postgres.stop_embedded),
            )
            if stop(home)
        ]
    print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))


def status(settings: Settings | None = None) -> list[ServiceStatus]:
    s = settings or load_settings()
    if postgres.is_embedded(s):
        pg = ServiceStatus(
            "postgres", postgres.embedded_running(s.home), s.database_url, "embedded (pgserver)"
        )
    else:
        pg = ServiceStatus(
            "postgres",
            postgres.answers(s.database_url, timeout=1),
            s.database_url,
            "machine server",
        )
    return [
        pg,
        ServiceStatus("s3", s3.running(s), s.s3_endpoint, "seaweedfs weed mini"),
        ServiceStatus(
            "imap", imap.running(s), f"{s.imap_host}:{s.imap_port}", f"dovecot, user {s.imap_user}"
        ),
        ServiceStatus(
            "smtp", smtp.running(s), f"{s.smtp_host}:{s.smtp_port}", f"outbox {smtp.outbox(s.home)}"
        ),
    ]


def print_status() -> None:
    """``clearway services status``."""
    s = load_settings()
    print(f"home: {s.home}")
    for st in status(s):
        state = "running" if st.running else "stopped"
        print(f"  {st.name:<9} {state:<8} {st.address:<60} {st.detail}")
