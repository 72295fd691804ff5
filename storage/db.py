"""PostgreSQL access: connections, the idempotent migration, and transactions.

Plain psycopg2 with dict rows. Repositories (documents.py, messages.py, ...) take an open
connection so that a task can make several writes in one transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras
from psycopg2 import sql

from clearway.errors import ServiceUnavailable
from clearway.settings import Settings

SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
# Any constant works; it only has to be the same in every process that migrates.
_MIGRATE_LOCK = 0x436C_6561_7277
_HINT = (
    "Start the local services with `clearway services up`, "
    "or point CLEARWAY_DATABASE_URL at a reachable PostgreSQL."
)

Connection = psycopg2.extensions.connection


def connect(settings: Settings) -> Connection:
    """Open a connection whose cursors return dict rows; ServiceUnavailable if unreachable."""
    try:
        conn = psycopg2.connect(
            settings.database_url,
            cursor_factory=psycopg2.extras.RealDictCursor,
            connect_timeout=10,
        )
    except psycopg2.OperationalError as exc:
        raise ServiceUnavailable("PostgreSQL", _first_line(exc), _HINT) from exc
    return conn


@contextmanager
def transaction(settings: Settings) -> Iterator[Connection]:
    """One connection, one transaction: committed on success, rolled back on any error."""
    conn = connect(settings)
    try:
        with conn:  # psycopg2: commit on exit, rollback on exception
            yield conn
    except psycopg2.OperationalError as exc:
        # A connection dropped mid-task is an infrastructure failure: let Airflow retry.
        raise ServiceUnavailable("PostgreSQL", _first_line(exc), _HINT) from exc
    finally:
        conn.close()


def ensure_database(settings: Settings) -> None:
    """Create the database named in database_url if it does not exist (local setups)."""
    dsn = psycopg2.extensions.parse_dsn(settings.database_url)
    name = dsn.get("dbname")
    if not name:
        return
    admin = dict(dsn, dbname="postgres")
    try:
        conn = psycopg2.connect(**admin, connect_timeout=10)
    except psycopg2.OperationalError as exc:
        raise ServiceUnavailable("PostgreSQL", _first_line(exc), _HINT) from exc
    try:
        conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                # Another process may create it between our check and create.
                with contextlib.suppress(psycopg2.errors.DuplicateDatabase):
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def migrate(settings: Settings) -> int:
    """Apply schema.sql (idempotent) and record the schema version; returns the version.

    Concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type when several tasks
    start at once, so migrations take a transaction-scoped advisory lock.
    """
    ddl = SCHEMA_FILE.read_text(encoding="utf-8")
    with transaction(settings) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
        cur.execute(ddl)
        cur.execute(
            "INSERT INTO schema_version (version) VALUES (%s) ON CONFLICT (version) DO NOTHING",
            (SCHEMA_VERSION,),
        )
    return SCHEMA_VERSION


def fetch_one(conn: Connection, query: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    with conn.cursor() as cur:
        cur.execute(query, params)
        row = cur.fetchone()
    return dict(row) if row is not None else None


def fetch_all(conn: Connection, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with conn.cursor() as cur:
        cur.execute(query, params)
        return [dict(r) for r in cur.fetchall()]


def execute(conn: Connection, query: str, params: tuple[Any, ...] = ()) -> int:
    """Run one statement; returns the affected row count."""
    with conn.cursor() as cur:
        cur.execute(query, params)
        return cur.rowcount


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
