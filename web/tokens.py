"""Session and CSRF tokens, and when a session is still alive. Pure: no I/O."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta


def new_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe (a cookie or a hidden form field)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a session token: a leaked table is no usable session."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token never matches."""
    if not expected or not given:
        return False
    return secrets.compare_digest(expected.encode(), given.encode())


def session_alive(
    created_at: datetime,
    last_seen_at: datetime,
    now: datetime,
    *,
    idle_s: int,
    max_s: int,
) -> bool:
    """A session lives until it has been idle too long or is too old, whichever comes first."""
    return now - last_seen_at < timedelta(seconds=idle_s) and now - created_at < timedelta(
        seconds=max_s
    )
