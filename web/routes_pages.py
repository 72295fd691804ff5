"""HTML pages. Each route checks who may call it, calls one function, renders a template."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from clearway import errors
from storage.db import transaction
from web import access, accounts, tokens, uploads, views
from web.accounts import ADMIN, ASSESSOR, STEWARD, TRADER
from web.deps import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    csrf_checked,
    current_session,
    get_settings,
    signed_in,
)
from web.downloads import original_response
from web.refusals import WebRefused
from web.sessions import close_session, open_session

router = APIRouter(include_in_schema=False)

LANDING = {TRADER: "/documents", ASSESSOR: "/inbox", STEWARD: "/steward", ADMIN: "/users"}
Readers = Annotated[Any, Depends(signed_in(*access.READERS))]
Trader = Annotated[Any, Depends(signed_in(TRADER))]


def page_context(request: Request, title: str, **values: Any) -> dict[str, Any]:
    session = getattr(request.state, "session", None)
    return {"title": title, "session": session, "user": session.user if session else None,
            "role_names": accounts.ROLE_NAMES, **values}  # fmt: skip


def render(request: Request, template: str, title: str, status: int = 200, **values: Any) -> Any:
    return request.app.state.templates.TemplateResponse(
        request, template, page_context(request, title, **values), status_code=status
    )


def safe_next(value: str | None) -> str | None:
    """Only a path on this site: an open redirect would lend our name to phishing."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return None


@router.get("/")
def home(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(LANDING[session.user.role], status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return _sign_in_form(request, next)


def _sign_in_form(
    request: Request, next: str | None, error: Any = None, email: str = "", status: int = 200
) -> Response:
    token = tokens.new_token()
    response = render(
        request, "sign_in.html", "Sign in", status=status, signin_token=token,
        next=safe_next(next) or "", error=error, email=email,
    )  # fmt: skip
    settings = get_settings(request)
    response.set_cookie(
        SIGN_IN_COOKIE, token, max_age=3600, httponly=True, samesite="lax",
        secure=settings.web_cookie_secure, path="/sign-in",
    )  # fmt: skip
    return response


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    # Login CSRF: the form's token must match the cookie set with the form (double submit).
    if not tokens.tokens_match(request.cookies.get(SIGN_IN_COOKIE), csrf_token):
        raise WebRefused(403, errors.CSRF_REFUSED.info())
    settings = get_settings(request)
    try:
        with transaction(settings) as conn:
            user = accounts.authenticate(conn, email, password)
            # A fresh token at every sign-in; the session this browser had before ends.
            if old := request.cookies.get(SESSION_COOKIE):
                close_session(conn, old)
            token, _ = open_session(conn, settings, user)
    except WebRefused as exc:
        return _sign_in_form(request, next, error=exc.info, email=email, status=exc.status)
    response = RedirectResponse(safe_next(next) or LANDING[user.role], status_code=303)
    set_session_cookie(response, token, settings)
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


def set_session_cookie(response: Response, token: str, settings: Any) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, max_age=settings.web_session_max_s, httponly=True,
        samesite="lax", secure=settings.web_cookie_secure, path="/",
    )  # fmt: skip


@router.post("/sign-out", dependencies=[Depends(signed_in()), Depends(csrf_checked)])
def sign_out(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with transaction(get_settings(request)) as conn:
            close_session(conn, token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/documents")
def documents_page(request: Request, session: Readers) -> Response:
    with transaction(get_settings(request)) as conn:
        rows = access.list_documents(conn, session.user)
    for r in rows:
        r["status_words"] = views.status_words(r["status"])
    return render(request, "documents.html", "Documents", documents=rows)


@router.get("/documents/{ref}")
def document_page(request: Request, ref: str, session: Readers) -> Response:
    with transaction(get_settings(request)) as conn:
        doc = views.document_view(conn, session.user, ref)
    return render(request, "document.html", f"Document {doc['document_ref']}", doc=doc)


@router.get("/documents/{ref}/original")
def document_original(request: Request, ref: str, session: Readers) -> Response:
    return original_response(get_settings(request), session.user, ref)


@router.get("/consignments")
def consignments_page(request: Request, session: Readers) -> Response:
    with transaction(get_settings(request)) as conn:
        rows = access.list_consignments(conn, session.user)
    for r in rows:
        r["status_words"] = views.CONSIGNMENT_WORDS.get(r["status"], r["status"])
        r["decision_words"] = views.DECISION_WORDS.get(r["decision"] or "", "")
    return render(request, "consignments.html", "Consignments", consignments=rows)


@router.get("/consignments/{ref}")
def consignment_page(request: Request, ref: str, session: Readers) -> Response:
    with transaction(get_settings(request)) as conn:
        cons = views.consignment_view(conn, session.user, ref)
    return render(request, "consignment.html", f"Consignment {cons['consignment_ref']}", c=cons)


@router.get("/upload")
def upload_page(request: Request, session: Trader, consignment: str | None = None) -> Response:
    if consignment:
        with transaction(get_settings(request)) as conn:
            consignment = access.check_consignment(conn, session.user, consignment)
    return _upload_form(request, consignment)


def _upload_form(
    request: Request, consignment: str | None, refusal: WebRefused | None = None
) -> Response:
    settings = get_settings(request)
    return render(
        request, "upload.html", "Upload documents", status=refusal.status if refusal else 200,
        consignment=consignment, max_files=settings.web_max_files,
        max_file_bytes=settings.max_file_bytes, max_upload_bytes=settings.web_max_upload_bytes,
        max_pages=settings.max_pages,
        error=refusal.info if refusal else None, details=refusal.details if refusal else (),
    )  # fmt: skip


@router.post("/upload", dependencies=[Depends(csrf_checked)])
async def upload(
    request: Request,
    session: Trader,
    files: Annotated[list[UploadFile] | None, File()] = None,
    consignment: Annotated[str, Form()] = "",
) -> Response:
    incoming = await uploads.read_uploads(files or [])
    settings = get_settings(request)
    try:
        done = await uploads.store_upload_async(
            settings, session.user, incoming, consignment or None
        )
    except WebRefused as exc:
        if exc.status == 404:  # a consignment they may not see: no form to show again
            raise
        # The form again, with what was wrong, so the trader can fix it and resend.
        return _upload_form(request, consignment or None, exc)
    # Post/redirect/get: reloading the acknowledgement does not upload again.
    return RedirectResponse(
        f"/uploads/{quote(done.upload_ref)}?email={done.email}", status_code=303
    )


@router.get("/uploads/{ref}")
def upload_page_done(request: Request, ref: str, session: Trader, email: str = "") -> Response:
    with transaction(get_settings(request)) as conn:
        up = uploads.upload_view(conn, session.user, ref)
    return render(request, "upload_done.html", f"Upload {up['upload_ref']}", up=up, email=email)
