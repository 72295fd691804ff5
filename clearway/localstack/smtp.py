"""SMTP for outgoing mail: a local aiosmtpd server that keeps what it receives in an outbox.

Acknowledgements and requests for documents land in ``$CLEARWAY_HOME/smtp/outbox/`` as
one .eml file each, where tests and the demo read them (``sent_messages``).
"""

from __future__ import annotations

import email
import email.policy
import sys
from email.message import EmailMessage
from pathlib import Path

from clearway.errors import ServiceUnavailable
from clearway.localstack import _proc
from clearway.settings import Settings

NAME = "smtp"


def outbox(home: Path) -> Path:
    return home / "smtp" / "outbox"


def start(settings: Settings) -> None:
    home, host, port = settings.home, settings.smtp_host, settings.smtp_port
    if not _proc.is_loopback(host):
        return
    if _proc.read_pid(home, NAME) is not None and _proc.port_open(host, port):
        return
    if _proc.port_open(host, port):
        raise ServiceUnavailable(
            "SMTP",
            f"{host}:{port} is taken by a process we did not start",
            "Stop it, or set CLEARWAY_SMTP_PORT to a free port.",
        )
    box = outbox(home)
    box.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.executable,
        "-m",
        "clearway.localstack.smtp_server",
        "127.0.0.1",
        str(port),
        str(box),
    ]
    pid = _proc.spawn(home, NAME, argv)
    _proc.wait_port(home, NAME, host, port, pid, timeout=15)


def stop(home: Path) -> bool:
    return _proc.stop(home, NAME)


def running(settings: Settings) -> bool:
    return _proc.read_pid(settings.home, NAME) is not None and _proc.port_open(
        settings.smtp_host, settings.smtp_port
    )


def sent_files(settings: Settings) -> list[Path]:
    """The saved messages, oldest first (file names start with the receive time in ns)."""
    box = outbox(settings.home)
    return sorted(box.glob("*.eml")) if box.is_dir() else []


def sent_messages(settings: Settings) -> list[EmailMessage]:
    """Every message the local SMTP server received, oldest first."""
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for p in sent_files(settings)
    ]


def clear_outbox(settings: Settings) -> None:
    for p in sent_files(settings):
        p.unlink(missing_ok=True)
