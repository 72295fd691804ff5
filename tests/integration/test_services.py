"""The local services, used the way the pipeline uses them (marked integration)."""

from __future__ import annotations

import email
import email.policy
import io
import os
import secrets
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import psycopg2
import pytest

from clearway.errors import ServiceUnavailable
from clearway.localstack import _proc, airflow_env, ensure_up, localenv, s3
from clearway.localstack.airflow_env import migrate_airflow_db, run_airflow, sqlalchemy_url
from clearway.localstack.imap import connect, deliver
from clearway.settings import Settings, load_settings

if TYPE_CHECKING:
    from tests.conftest import Mailbox

pytestmark = pytest.mark.integration
Outbox = Callable[[], list[EmailMessage]]

SERVICES = ("s3", "dovecot", "smtp")


def _message_with_attachment(
    payload: bytes, subject: str = "Invoice INV-2026-0001"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Trader <exports@trader.example>"
    msg["To"] = "customs@customs.localhost"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{secrets.token_hex(8)}@trader.example>"
    msg.set_content("Documents attached.")
    msg.add_attachment(payload, maintype="application", subtype="pdf", filename="invoice.pdf")
    return msg


def test_postgres_round_trip(settings: Settings) -> None:
    assert "clearway_test_" in settings.database_url  # the session's own database
    with psycopg2.connect(settings.database_url) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
        cur.execute("INSERT INTO t VALUES (1, 'ü€') ON CONFLICT (id) DO NOTHING")
        cur.execute("SELECT name FROM t WHERE id = 1")
        assert cur.fetchone() == ("ü€",)
        cur.execute("SELECT current_database()")
        assert settings.database_url.split("?")[0].endswith("/" + cur.fetchone()[0])
    conn.close()


def test_s3_put_get_stat_list_with_metadata(settings: Settings) -> None:
    mc = s3.client(settings)
    body = secrets.token_bytes(70_000)
    key = f"raw/ab/{secrets.token_hex(32)}"
    mc.put_object(
        settings.raw_bucket,
        key,
        io.BytesIO(body),
        len(body),
        content_type="application/pdf",
        metadata={"original-name": "invoice.pdf"},
    )
    got = mc.get_object(settings.raw_bucket, key)
    try:
        assert got.read() == body
    finally:
        got.close()
        got.release_conn()
    stat = mc.stat_object(settings.raw_bucket, key)
    assert stat.size == len(body)
    assert stat.content_type == "application/pdf"
    assert stat.metadata["x-amz-meta-original-name"] == "invoice.pdf"
    listed = [
        o.object_name for o in mc.list_objects(settings.raw_bucket, prefix="raw/", recursive=True)
    ]
    assert key in listed


def test_s3_rejects_wrong_credentials(settings: Settings) -> None:
    from minio.error import S3Error

    wrong = settings.model_copy(update={"s3_secret_key": settings.s3_secret_key.__class__("wrong")})
    with pytest.raises(S3Error):
        s3.client(wrong).list_buckets()


def test_imap_deliver_then_fetch_is_byte_identical(mailbox: Mailbox) -> None:
    payload = b"%PDF-1.7\n" + secrets.token_bytes(50_000) + b"\r\n\x00\xff%%EOF\n"
    mailbox.deliver(_message_with_attachment(payload).as_bytes())

    conn = connect(mailbox.settings)
    try:
        conn.select(mailbox.settings.imap_folder)
        _, data = conn.uid("SEARCH", "ALL")
        uids = data[0].split()
        assert len(uids) == 1
        _, parts = conn.uid("FETCH", uids[0], "(RFC822)")
    finally:
        conn.logout()
    raw = next(p[1] for p in parts if isinstance(p, tuple))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == "invoice.pdf"
    assert att.get_content() == payload
    assert len(mailbox.messages()) == 1


def test_smtp_send_then_read_outbox(settings: Settings, outbox: Outbox) -> None:
    msg = _message_with_attachment(b"%PDF-1.4 ack", subject="Received: INV-2026-0001")
    msg.replace_header("From", settings.mail_from)
    msg.replace_header("To", "exports@trader.example")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(msg, to_addrs=["exports@trader.example", "audit@customs.localhost"])
    sent = outbox()
    assert len(sent) == 1
    assert sent[0]["Subject"] == "Received: INV-2026-0001"
    assert "audit@customs.localhost" in sent[0]["X-RcptTo"]  # envelope kept: Bcc is visible
    (att,) = list(sent[0].iter_attachments())
    assert att.get_content() == b"%PDF-1.4 ack"


def _our_processes(home: Path) -> list[psutil.Process]:
    procs: list[psutil.Process] = []
    for name in SERVICES:
        pid = _proc.read_pid(home, name)
        assert pid is not None, f"{name} is not running"
        root = psutil.Process(pid)
        procs += [root, *root.children(recursive=True)]
    return procs


def test_services_listen_on_loopback_only(stack: Settings) -> None:
    pids = {p.pid for p in _our_processes(stack.home)}
    listening = [
        c
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.pid in pids
    ]
    ports = {c.laddr.port for c in listening}
    assert {8333, stack.imap_port, stack.smtp_port} <= ports
    exposed = [c.laddr for c in listening if c.laddr.ip not in ("127.0.0.1", "::1")]
    assert exposed == [], f"listening beyond loopback: {exposed}"
    # PostgreSQL: the machine's server or the embedded one on a unix socket, never 0.0.0.0.
    pg = [
        c
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == 5432
    ]
    assert all(c.laddr.ip in ("127.0.0.1", "::1") for c in pg)


def test_up_twice_is_idempotent(stack: Settings) -> None:
    before = {name: _proc.read_pid(stack.home, name) for name in SERVICES}
    started = time.monotonic()
    again = ensure_up()
    elapsed = time.monotonic() - started
    after = {name: _proc.read_pid(stack.home, name) for name in SERVICES}
    assert after == before  # nothing restarted
    assert elapsed < 3.0
    # Credentials are generated once and kept.
    assert again.s3_access_key == load_settings().s3_access_key != ""


def test_generated_credentials_are_private(stack: Settings) -> None:
    env = localenv.read(stack.home)
    for key in ("CLEARWAY_S3_ACCESS_KEY", "CLEARWAY_S3_SECRET_KEY", "CLEARWAY_IMAP_PASSWORD"):
        assert len(env[key]) >= 16
    assert os.stat(localenv.path(stack.home)).st_mode & 0o077 == 0


def test_missing_service_raises_with_a_hint(stack: Settings) -> None:
    closed = stack.model_copy(update={"imap_port": 1})
    with pytest.raises(ServiceUnavailable, match="clearway services up"):
        deliver(closed, b"Subject: x\r\n\r\nx\r\n")


def test_airflow_env_and_migration(stack: Settings) -> None:
    env = airflow_env(stack)
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == sqlalchemy_url(stack.airflow_database_url)
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
    assert env["AIRFLOW__CORE__DAGS_FOLDER"].endswith("/dags")
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"
    migrate_airflow_db(stack)  # once per Airflow version and database, then a no-op
    assert migrate_airflow_db(stack) is False
    result = run_airflow(stack, "db", "check")
    assert result.returncode == 0, result.stdout + result.stderr
