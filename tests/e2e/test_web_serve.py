"""`clearway serve` as an operator starts it: a real uvicorn process over the session's
isolated services, reached over HTTP."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.e2e.serving import serving

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def test_clearway_serve_answers_over_http(stack):
    with serving(stack) as (base, port):
        page = httpx.get(f"{base}/sign-in", timeout=5)
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
