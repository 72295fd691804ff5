"""Server-side sessions: opened at sign-in, looked up per request, closed at sign-out.

The cookie holds a random token; the database holds its hash, the user, a CSRF token for
the session's forms, and the times that decide expiry (tokens.session_alive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from clearway.settings import Settings
from storage.db import Connection, execute, fetch_one
from web import tokens
from web.accounts import User


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


def open_session(conn: Connection, settings: Settings, user: User) -> tuple[str, Session]:
    """A new session for ``user``; returns (the cookie token, the session)."""
    token, csrf = tokens.new_token(), tokens.new_token()
    execute(
        conn,
        "INSERT INTO user_sessions (token_hash, user_id, csrf_token, expires_at) "
        "VALUES (%s, %s, %s, now() + %s)",
        (tokens.token_hash(token), user.id, csrf, timedelta(seconds=settings.web_session_max_s)),
    )
    # Old sessions of anyone are swept here rather than by a job: sign-ins are frequent enough.
    execute(
        conn,
        "DELETE FROM user_sessions WHERE expires_at < now() OR last_seen_at < now() - %s",
        (timedelta(seconds=settings.web_session_idle_s),),
    )
    return token, Session(user, csrf)


def find_session(conn: Connection, settings: Settings, token: str | None) -> Session | None:
    """The live session of this cookie token (its idle clock restarted), or None."""
    if not token:
        return None
    row = fetch_one(
        conn,
        # Aliased: users has a created_at of its own, and the later column would win.
        "SELECT u.*, s.csrf_token, s.created_at AS session_created_at, "
        "s.last_seen_at AS session_seen_at, s.expires_at AS session_expires_at "
        "FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = %s",
        (tokens.token_hash(token),),
    )
    if row is None:
        return None
    now = datetime.now(UTC)
    alive = now < row["session_expires_at"] and tokens.session_alive(
        row["session_created_at"],
        row["session_seen_at"],
        now,
        idle_s=settings.web_session_idle_s,
        max_s=settings.web_session_max_s,
    )
    if not alive or not row["active"]:
        close_session(conn, token)
        return None
    execute(
        conn,
        "UPDATE user_sessions SET last_seen_at = now() WHERE token_hash = %s",
        (tokens.token_hash(token),),
    )
    return Session(User.from_row(row), row["csrf_token"])


def close_session(conn: Connection, token: str) -> None:
    execute(conn, "DELETE FROM user_sessions WHERE token_hash = %s", (tokens.token_hash(token),))
