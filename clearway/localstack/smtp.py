"""SMTP for outgoing mail: a local aiosmtpd server that keeps what it receives in an outbox.

Acknowledgements and requests for documents land in ``$CLEARWAY_HOME/smtp/outbox/`` as
one .eml file each, where tests and the demo read them (``sent_messages``).
"""

from __future__ import annotations

import email
import email.policy
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from clearway.localstack import _proc
from clearway.settings import Settings

NAME = "smtp"


def outbox(home: Path) -> Path:
    return home / "smtp" / "outbox"


def start(settings: Settings) -> None:
    home, host, port = settings.home, settings.smtp_host, settings.smtp_port
    if not _proc.needs_start(home, NAME, host, port, "SMTP", "CLEARWAY_SMTP_PORT"):
        return
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


def _received_ns(path: Path) -> int:
    return int(path.name.split("-", 1)[0])


def sent_files(settings: Settings, since_ns: int = 0) -> list[Path]:
    """The saved messages, oldest first (file names start with the receive time in ns)."""
    box = outbox(settings.home)
    files = sorted(box.glob("*.eml"), key=_received_ns) if box.is_dir() else []
    return [p for p in files if _received_ns(p) >= since_ns]


def sent_messages(settings: Settings, since_ns: int = 0) -> list[EmailMessage]:
    """Messages the local SMTP server received (since ``since_ns``, time.time_ns()), oldest
    first. The server adds the envelope as ``X-MailFrom`` and ``X-RcptTo`` headers."""
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for p in sent_files(settings, since_ns)
    ]


def clear_outbox(settings: Settings) -> None:
    for p in sent_files(settings):
        p.unlink(missing_ok=True)


def prune_outbox(settings: Settings, older_than_s: float) -> None:
    """Delete saved messages older than ``older_than_s`` seconds."""
    cutoff = time.time_ns() - int(older_than_s * 1e9)
    for p in sent_files(settings):
        if _received_ns(p) < cutoff:
            p.unlink(missing_ok=True)
