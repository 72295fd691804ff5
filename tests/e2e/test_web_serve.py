"""`clearway serve` as an operator starts it: a real uvicorn process over the session's
isolated services, reached over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from clearway.settings import settings_to_env

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_clearway_serve_answers_over_http(stack):
    port = free_port()
    env = {**os.environ, **settings_to_env(stack)}
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
                page = httpx.get(f"{base}/sign-in", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "clearway serve did not start in 60 s"
                time.sleep(0.5)
        assert page.status_code == 200 and "Sign in to Clearway" in page.text
        api = httpx.get(f"{base}/api/documents", timeout=5)
        assert api.status_code == 401 and api.json()["error"]["code"] == "CW802"
        # A declared 10 GB body is refused before a byte of it is read.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(
                b"POST /api/uploads HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\n"
                b"Content-Length: 10000000000\r\n\r\n"
            )
            assert conn.recv(64).startswith(b"HTTP/1.1 413")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
