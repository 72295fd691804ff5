"""FastAPI dependencies: the settings, the signed-in session, role checks and CSRF.

Routes declare who may call them with ``Depends(signed_in(ROLE, ...))``; unsafe methods
add ``Depends(csrf_checked)``. Refusals are WebRefused, answered by web.app's handler as an
HTML page or JSON under /api/.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from clearway import errors
from clearway.settings import Settings
from storage.db import transaction
from web import tokens
from web.accounts import ROLE_NAMES
from web.refusals import WebRefused
from web.sessions import Session, find_session

SESSION_COOKIE = "cw_session"
SIGN_IN_COOKIE = "cw_signin"  # double-submit token of the sign-in form (no session yet)
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def current_session(request: Request) -> Session | None:
    """The live session of this request's cookie, looked up once per request."""
    if not hasattr(request.state, "session"):
        token = request.cookies.get(SESSION_COOKIE)
        session = None
        if token:
            settings = get_settings(request)
            with transaction(settings) as conn:
                session = find_session(conn, settings, token)
        request.state.session = session
    return request.state.session  # type: ignore[no-any-return]


def signed_in(*roles: str) -> Callable[[Request], Session]:
    """A dependency: the session, if signed in (else 401) with one of ``roles`` (else 403).
    No roles: any signed-in user."""

    def dependency(request: Request) -> Session:
        session = current_session(request)
        if session is None:
            raise WebRefused(401, errors.SIGN_IN_REQUIRED.info())
        if roles and session.user.role not in roles:
            raise WebRefused(403, errors.FORBIDDEN.info(role=ROLE_NAMES[session.user.role]))
        return session

    dependency.__name__ = f"signed_in_{'_'.join(roles) or 'any'}"
    return dependency


async def csrf_checked(request: Request) -> None:
    """Unsafe methods need the session's CSRF token, in the X-CSRF-Token header (API) or
    the csrf_token form field (HTML forms). SameSite=Lax already keeps the cookie off most
    cross-site POSTs; the token covers the rest (old browsers, same-site subdomains)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    session = current_session(request)
    if session is None:
        # Not signed in is the first thing to say, whatever the token (401, not 403).
        raise WebRefused(401, errors.SIGN_IN_REQUIRED.info())
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not tokens.tokens_match(session.csrf_token, given):
        raise WebRefused(403, errors.CSRF_REFUSED.info())
