"""`clearway serve` started as an operator starts it: a real uvicorn process on a free
loopback port, over the given (isolated) settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from clearway.settings import Settings, settings_to_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: Settings) -> Iterator[tuple[str, int]]:
    """(base URL, port) of a started `clearway serve`; stopped on exit."""
    port = free_port()
    env = {**os.environ, **settings_to_env(settings)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "clearway.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/sign-in", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "clearway serve did not start in 60 s"
                time.sleep(0.3)
        yield base, port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
