"""The local SMTP server process: every message received is saved as one .eml file.

Run as ``python -m clearway.localstack.smtp_server HOST PORT OUTBOX``; started detached by
clearway.localstack.smtp, stopped with SIGTERM. Nothing is relayed anywhere.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

MAX_MESSAGE_BYTES = (
    100 * 1024 * 1024
)  # base64 inflates a 25 MB attachment past aiosmtpd's 32 MiB default


class SaveToOutbox:
    """aiosmtpd handler: write the message, envelope first as X-MailFrom / X-RcptTo headers
    (aiosmtpd's own convention), so that Bcc recipients stay visible to tests."""

    def __init__(self, outbox: Path):
        self.outbox = outbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        head = (
            f"X-MailFrom: {envelope.mail_from}\r\nX-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode()
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.outbox / f".{name}.tmp"
        tmp.write_bytes(head + envelope.original_content)
        tmp.replace(self.outbox / name)  # readers never see half a message
        return "250 Message accepted"


def serve(host: str, port: int, outbox: Path) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    controller = Controller(
        SaveToOutbox(outbox),
        hostname=host,
        port=port,
        data_size_limit=MAX_MESSAGE_BYTES,
        enable_SMTPUTF8=True,
        decode_data=False,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    controller.start()
    print(f"smtp listening on {host}:{port}, saving to {outbox} (pid {os.getpid()})", flush=True)
    stopping.wait()
    controller.stop()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
