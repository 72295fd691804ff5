"""PostgreSQL: the machine's server on 127.0.0.1:5432 when there is one, else an embedded one.

The embedded server (``pgserver``, PostgreSQL 16) listens on a unix socket only, in
``$CLEARWAY_HOME/pgdata``; its URLs are written to local.env so every process finds it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import errors as pg_errors
from psycopg2 import sql

from clearway.errors import ServiceUnavailable
from clearway.settings import Settings

SYSTEM_HOST, SYSTEM_PORT = "127.0.0.1", 5432
HINT = "Install PostgreSQL or run scripts/setup (uv sync installs the embedded pgserver)."


def pgdata(home: Path) -> Path:
    return home / "pgdata"


def embedded_urls(home: Path) -> dict[str, str]:
    sock = pgdata(home)
    return {
        "CLEARWAY_DATABASE_URL": f"postgresql://postgres@/clearway?host={sock}",
        "CLEARWAY_AIRFLOW_DATABASE_URL": f"postgresql://postgres@/clearway_airflow?host={sock}",
    }


def is_embedded(settings: Settings) -> bool:
    return settings.database_url == embedded_urls(settings.home)["CLEARWAY_DATABASE_URL"]


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def answers(url: str, timeout: int = 2) -> bool:
    """True if the server accepts a connection (to its ``postgres`` database)."""
    try:
        psycopg2.connect(url, dbname="postgres", connect_timeout=timeout).close()
        return True
    except psycopg2.OperationalError:
        return False


def start(settings: Settings) -> dict[str, str]:
    """Make the server answer; returns the local.env entries it needs (empty for the system one)."""
    if is_embedded(settings):
        _start_embedded(settings.home)
        return embedded_urls(settings.home)
    host = urlsplit(settings.database_url).hostname
    if host not in (SYSTEM_HOST, "localhost"):
        # Configured to an outside server: not ours to start, only to check.
        if not answers(settings.database_url):
            raise ServiceUnavailable(
                "PostgreSQL", f"{host} does not answer", "Check CLEARWAY_DATABASE_URL."
            )
        return {}
    system_url = f"postgresql://postgres@{SYSTEM_HOST}:{SYSTEM_PORT}/postgres"
    if answers(system_url) or (_start_system_cluster() and answers(system_url)):
        return {}
    _start_embedded(settings.home)
    return embedded_urls(settings.home)


def _start_system_cluster() -> bool:
    """Start Debian's installed-but-stopped cluster; True if we tried."""
    conf = Path("/etc/postgresql")
    if not (shutil.which("pg_ctlcluster") and conf.is_dir()):
        return False
    for version in sorted(p.name for p in conf.iterdir()):
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    for _ in range(20):
        if answers(f"postgresql://postgres@{SYSTEM_HOST}:{SYSTEM_PORT}/postgres", timeout=1):
            break
        time.sleep(0.25)
    return True


def _start_embedded(home: Path) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
            import pgserver
    except ImportError as exc:
        raise ServiceUnavailable(
            "PostgreSQL", "no server on 127.0.0.1:5432 and pgserver is missing", HINT
        ) from exc
    home.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server must outlive this process; down() stops it explicitly.
    pgserver.get_server(pgdata(home), cleanup_mode=None)


def stop_embedded(home: Path) -> bool:
    """Stop the embedded server if it runs. True if it was running."""
    data = pgdata(home)
    if not (data / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl
    # pgserver runs the server as the system user 'pgserver' when we are root.
    user = "pgserver" if _is_root() else None
    # CalledProcessError: already stopped, postmaster.pid was stale.
    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, user=user, timeout=30)
    # A handle list left behind by a killed process would keep pgserver from stopping it later.
    (data / ".handle_pids.json").unlink(missing_ok=True)
    return True


def embedded_running(home: Path) -> bool:
    return (pgdata(home) / "postmaster.pid").exists() and answers(
        embedded_urls(home)["CLEARWAY_DATABASE_URL"], 1
    )


def _is_root() -> bool:
    return os.geteuid() == 0


def create_database(url: str, dbname: str | None = None) -> None:
    """Create the database (``url``'s own, or ``dbname`` on that server) if it is missing."""
    name = dbname or database_name(url)
    try:
        conn = psycopg2.connect(url, dbname="postgres", connect_timeout=5)
    except psycopg2.OperationalError as exc:
        raise ServiceUnavailable(
            "PostgreSQL", str(exc).strip(), "Run `clearway services up`."
        ) from exc
    conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                # DuplicateDatabase: created concurrently by another process.
                with contextlib.suppress(pg_errors.DuplicateDatabase):
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def drop_database(url: str, dbname: str) -> None:
    """Drop ``dbname`` on ``url``'s server, closing its connections (PostgreSQL 13+)."""
    conn = psycopg2.connect(url, dbname="postgres", connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )
    finally:
        conn.close()
