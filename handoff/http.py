"""The one HTTP call of the hand-off: POST a declaration to the assessment system.

The outcome is classified, never raised: 2xx is delivered; a timeout, a connection failure,
408, 425, 429 and 5xx are worth retrying (the system is down or busy); any other status is
a refusal that retrying will not change. The Idempotency-Key header lets the system
recognise a declaration it already has: a delivery whose answer was lost is retried, and the
system must answer it as a repeat rather than take it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

USER_AGENT = "clearway-handoff/1"
RETRYABLE_STATUS = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retryable: bool
    status_code: int | None
    detail: str
    retry_after_s: float | None = None  # what the system asked for (Retry-After), if anything


class AssessmentClient:
    """A keep-alive client for one dispatch run; use as a context manager."""

    def __init__(self, url: str, timeout_s: float, token: str = "") -> None:
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.url = url
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s), headers=headers, follow_redirects=False
        )

    def __enter__(self) -> AssessmentClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def send(self, body: bytes, idempotency_key: str) -> Outcome:
        try:
            response = self._client.post(
                self.url, content=body, headers={"Idempotency-Key": idempotency_key}
            )
        except httpx.TimeoutException as exc:
            return Outcome(False, True, None, f"timed out ({type(exc).__name__})")
        except httpx.HTTPError as exc:  # connection refused, reset, DNS, protocol errors
            return Outcome(False, True, None, f"{type(exc).__name__}: {exc}")
        return classify(response.status_code, response.text, response.headers.get("Retry-After"))


def classify(status: int, text: str = "", retry_after: str | None = None) -> Outcome:
    """The outcome of an HTTP answer."""
    detail = f"HTTP {status}" + (f": {_snippet(text)}" if text.strip() else "")
    if 200 <= status < 300:
        return Outcome(True, False, status, detail)
    retryable = status >= 500 or status in RETRYABLE_STATUS
    return Outcome(False, retryable, status, detail, parse_retry_after(retry_after))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _snippet(text: str, limit: int = 200) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
