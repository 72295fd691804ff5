"""The JSON API under /api/: the same functions as the pages, for programs.

Authentication is the same server-side session as the pages (cookie ``cw_session``, from
POST /api/session); every unsafe request carries the session's CSRF token in the
X-CSRF-Token header (GET /api/session returns it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from storage.db import transaction
from web import access, accounts, uploads, views
from web.accounts import TRADER
from web.deps import SESSION_COOKIE, csrf_checked, get_settings, signed_in
from web.downloads import original_response
from web.routes_pages import set_session_cookie
from web.sessions import Session, close_session, open_session

router = APIRouter(prefix="/api")

Anyone = Annotated[Session, Depends(signed_in())]
Readers = Annotated[Session, Depends(signed_in(*access.READERS))]
Trader = Annotated[Session, Depends(signed_in(TRADER))]


class Credentials(BaseModel):
    email: str
    password: str


def _session_out(session: Session) -> dict[str, Any]:
    return {"user": session.user.public(), "csrf_token": session.csrf_token}


@router.get("/session", tags=["session"])
def get_session(session: Anyone) -> dict[str, Any]:
    """Who is signed in, and the CSRF token to send as X-CSRF-Token."""
    return _session_out(session)


@router.post("/session", tags=["session"])
def create_session(request: Request, body: Credentials) -> Response:
    """Sign in. JSON only: a cross-site HTML form cannot send it without CORS, which this
    API does not allow, so sign-in needs no CSRF token here."""
    settings = get_settings(request)
    with transaction(settings) as conn:
        user = accounts.authenticate(conn, body.email, body.password)
        token, session = open_session(conn, settings, user)
    response = JSONResponse(_session_out(session))
    set_session_cookie(response, token, settings)
    return response


@router.delete("/session", tags=["session"], dependencies=[Depends(csrf_checked)])
def delete_session(request: Request, session: Anyone) -> Response:
    """Sign out."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with transaction(get_settings(request)) as conn:
            close_session(conn, token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/documents", tags=["documents"])
def list_documents(request: Request, session: Readers) -> dict[str, Any]:
    """The documents the user may see, newest first."""
    with transaction(get_settings(request)) as conn:
        rows = access.list_documents(conn, session.user)
    return {
        "documents": [
            {k: v for k, v in r.items() if k != "parent_sha256"}
            | {"status_words": views.status_words(r["status"])}
            for r in rows
        ]
    }


@router.get("/documents/{ref}", tags=["documents"])
def get_document(request: Request, ref: str, session: Readers) -> dict[str, Any]:
    """A document: status in words, its history, errors, consignment, archive members."""
    with transaction(get_settings(request)) as conn:
        return views.document_view(conn, session.user, ref)


@router.get("/documents/{ref}/original", tags=["documents"])
def get_original(request: Request, ref: str, session: Readers) -> Response:
    """The original bytes, exactly as received."""
    return original_response(get_settings(request), session.user, ref)


@router.get("/consignments", tags=["consignments"])
def list_consignments(request: Request, session: Readers) -> dict[str, Any]:
    with transaction(get_settings(request)) as conn:
        return {"consignments": access.list_consignments(conn, session.user)}


@router.get("/consignments/{ref}", tags=["consignments"])
def get_consignment(request: Request, ref: str, session: Readers) -> dict[str, Any]:
    """A consignment: its documents, findings, the latest decision, requests for documents."""
    with transaction(get_settings(request)) as conn:
        return views.consignment_view(conn, session.user, ref)


@router.post("/uploads", tags=["uploads"], status_code=201, dependencies=[Depends(csrf_checked)])
async def create_upload(
    request: Request,
    session: Trader,
    files: Annotated[list[UploadFile] | None, File()] = None,
    consignment: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    """Upload documents (multipart, field ``files``, repeated). All are checked by content
    first; if any is refused nothing is stored (422 with one detail per file). With
    ``consignment`` the upload answers that consignment's request for documents."""
    incoming = await uploads.read_uploads(files or [])
    settings = get_settings(request)
    done = await uploads.store_upload_async(settings, session.user, incoming, consignment or None)
    with transaction(settings) as conn:
        out = uploads.upload_view(conn, session.user, done.upload_ref)
    return out | {"email": done.email}


@router.get("/uploads/{ref}", tags=["uploads"])
def get_upload(request: Request, ref: str, session: Trader) -> dict[str, Any]:
    """The acknowledgement of an upload, with each document's status now."""
    with transaction(get_settings(request)) as conn:
        return uploads.upload_view(conn, session.user, ref)
