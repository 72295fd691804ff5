"""The HTTP call against a real server on loopback: what is sent, and how answers and
failures come back (classified, never raised)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import ValidationError

from clearway.settings import Settings
from handoff.http import USER_AGENT, AssessmentClient


class Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []
    answer = (202, "")

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, retry_after = Recorder.answer
        if status == 0:  # answer too late
            time.sleep(0.5)
            status = 202
        try:
            self.send_response(status)
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            self.wfile.write(b'{"ok": true}')
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def url() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/declarations"
    server.shutdown()
    server.server_close()


def test_posts_the_json_with_its_key_and_token(url: str) -> None:
    Recorder.answer = (202, "")
    with AssessmentClient(url, timeout_s=5, token="s3cret") as client:
        outcome = client.send(b'{"a":1}', "clearway:CWC-X:v1")
    assert outcome.delivered and outcome.status_code == 202
    [req] = Recorder.seen
    assert req["path"] == "/declarations" and json.loads(req["body"]) == {"a": 1}
    assert req["headers"]["Idempotency-Key"] == "clearway:CWC-X:v1"
    assert req["headers"]["Authorization"] == "Bearer s3cret"
    assert req["headers"]["Content-Type"] == "application/json"
    assert req["headers"]["User-Agent"] == USER_AGENT


def test_busy_refused_late_and_absent_systems(url: str) -> None:
    with AssessmentClient(url, timeout_s=0.2) as client:
        Recorder.answer = (503, "7")
        busy = client.send(b"{}", "k1")
        Recorder.answer = (400, "")
        refused = client.send(b"{}", "k2")
        Recorder.answer = (0, "")
        late = client.send(b"{}", "k3")
    assert (busy.retryable, busy.retry_after_s, busy.detail) == (
        True,
        7.0,
        'HTTP 503: {"ok": true}',
    )
    assert not refused.delivered and not refused.retryable and refused.status_code == 400
    assert late.retryable and late.status_code is None and "timed out" in late.detail
    assert "Authorization" not in Recorder.seen[0]["headers"]
    with AssessmentClient("http://127.0.0.1:9/none", timeout_s=1) as client:
        gone = client.send(b"{}", "k4")
    assert gone.retryable and gone.status_code is None and "Connect" in gone.detail


def test_the_endpoint_must_be_an_http_url_or_empty() -> None:
    assert Settings(assessment_url="").assessment_url == ""
    with pytest.raises(ValidationError):
        Settings(assessment_url="assessment.local/api")
