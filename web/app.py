"""The FastAPI application: pages for people, the same under /api/ as JSON.

``create_app(settings)`` wires routes, templates, static files, the body cap and the
answers to refusals; everything else lives in the modules the routes call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from clearway import errors
from clearway.models import ErrorInfo
from clearway.settings import Settings
from declarations.field_labels import field_label
from web import limits
from web.refusals import WebRefused

HERE = Path(__file__).resolve().parent

# Statuses Starlette raises itself (unknown path, wrong method), in the portal's words.
_GENERIC = {
    404: ErrorInfo(
        code="CW805",
        name="not_found",
        message="There is no such page. Check the address, or go back to the start page.",
    ),
    405: ErrorInfo(
        code="CW805", name="method_not_allowed", message="This page cannot be used that way."
    ),
}


def create_app(settings: Settings) -> FastAPI:
    from web import routes_api, routes_pages, routes_steward, routes_users, routes_workbench

    app = FastAPI(
        title="Clearway",
        summary="Trader portal and assessor workbench over Clearway's documents and declarations.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.filters["field_label"] = field_label
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes_pages.router)
    app.include_router(routes_api.router)
    app.include_router(routes_workbench.pages)
    app.include_router(routes_workbench.api)
    app.include_router(routes_steward.pages)
    app.include_router(routes_steward.api)
    app.include_router(routes_users.pages)
    app.include_router(routes_users.api)
    app.middleware("http")(_security_headers)
    app.add_exception_handler(WebRefused, _on_refused)  # type: ignore[arg-type]
    app.add_exception_handler(limits.BodyTooLarge, _on_too_large)
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_invalid)  # type: ignore[arg-type]
    return app


# Pages load only this site's own script and styles; nothing may frame them (clickjacking).
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    # FastAPI's /docs and /redoc load their viewers from a CDN with inline scripts.
    if not request.url.path.startswith(("/docs", "/redoc")):
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
    if request.url.path.startswith("/api/") or "text/html" in response.headers.get(
        "content-type", ""
    ):
        # Personal data: never kept by a shared cache or the browser's back/forward cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def serve_app(settings: Settings) -> Any:
    """The application behind the body cap: what `clearway serve` runs."""
    app = create_app(settings)
    limit = settings.web_max_upload_bytes + 64 * 1024  # room for the form's other fields

    def refuse(scope: Scope) -> Any:
        async def respond(scope: Scope, receive: Receive, send: Send) -> None:
            # Refused before the app ran: give the request the app its error page needs.
            scope = {**scope, "app": app}
            request = Request(scope, receive)
            await (await _on_refused(request, too_large(settings)))(scope, receive, send)

        return respond

    return limits.BodyLimit(app, limit, refuse)


def too_large(settings: Settings) -> WebRefused:
    return WebRefused(
        413,
        errors.UPLOAD_TOO_LARGE.info(
            limit=settings.web_max_upload_bytes, file_limit=settings.max_file_bytes
        ),
    )


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _on_refused(request: Request, exc: WebRefused) -> Response:
    if wants_json(request):
        return JSONResponse(
            {
                "error": exc.info.model_dump(),
                "details": [d.model_dump() for d in exc.details],
            },
            status_code=exc.status,
        )
    if exc.status == 401 and request.method == "GET":
        return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)
    return render_error(request, exc.status, exc.info, exc.details)


# The error page's heading, also its <title> (what a screen reader and the browser's tab say
# first); the coded reason is in the box below it.
ERROR_HEADINGS = {401: "Please sign in", 403: "Not allowed", 404: "Not found", 413: "Too large"}


def render_error(
    request: Request, status: int, info: ErrorInfo, details: tuple[ErrorInfo, ...] = ()
) -> Response:
    from web.routes_pages import page_context

    heading = ERROR_HEADINGS.get(status, "Cannot do that")
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        page_context(
            request,
            f"{heading} (error {status})",
            heading=heading,
            status=status,
            error=info,
            details=details,
        ),  # fmt: skip
        status_code=status,
    )


async def _on_too_large(request: Request, exc: Exception) -> Response:
    return await _on_refused(request, too_large(request.app.state.settings))


async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
    if limits.OVER_LIMIT in request.scope.get("state", {}):
        return await _on_too_large(request, exc)
    info = _GENERIC.get(exc.status_code) or ErrorInfo(
        code=f"HTTP{exc.status_code}", name="http_error", message=str(exc.detail)
    )
    return await _on_refused(request, WebRefused(exc.status_code, info))


async def _on_invalid(request: Request, exc: RequestValidationError) -> Response:
    detail = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
    )
    info = errors.INVALID_REQUEST.info(detail=detail or "no detail")
    return await _on_refused(request, WebRefused(422, info))
