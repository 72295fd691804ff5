"""The assessor workbench: pages, and the same under /api/."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from storage.db import transaction
from web import access, page_images, workbench
from web.accounts import ASSESSOR, STEWARD
from web.deps import csrf_checked, get_settings, signed_in
from web.refusals import WebRefused
from web.routes_pages import render
from web.sessions import Session

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["workbench"])

Assessor = Annotated[Session, Depends(signed_in(ASSESSOR))]
Reader = Annotated[Session, Depends(signed_in(ASSESSOR, STEWARD))]
DocumentReader = Annotated[Session, Depends(signed_in(*access.READERS))]


def _split(requested: str) -> list[str]:
    """The form's "documents requested" field: one per line or comma-separated."""
    return [p.strip() for p in requested.replace(",", "\n").splitlines() if p.strip()]


@pages.get("/inbox")
def inbox_page(request: Request, session: Assessor) -> Response:
    with transaction(get_settings(request)) as conn:
        rows = workbench.inbox(conn, session.user)
    return render(request, "inbox.html", "Inbox", rows=rows)


@pages.get("/declarations/{ref}")
def declaration_page(request: Request, ref: str, session: Reader, done: str = "") -> Response:
    view = workbench.declaration_view(get_settings(request), session.user, ref)
    return render(
        request, "declaration.html", f"Declaration {view['consignment_ref']}", d=view, done=done
    )


@pages.get("/documents/{ref}/pages/{page}.png")
def page_image(
    request: Request,
    ref: str,
    page: Annotated[int, Path(ge=1, le=10_000)],
    session: DocumentReader,
    box: str = "",
    label: str = "",
) -> Response:
    """A page of a document the user may see, as PNG; with ``box=x0,top,x1,bottom`` (PDF
    points or image pixels) that box drawn and named ``label`` (the link without JavaScript)."""
    png = page_images.page_png(
        get_settings(request), session.user, ref, page, page_images.parse_box(box), label
    )
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})


def _refused_at_form(
    request: Request,
    session: Session,
    ref: str,
    exc: WebRefused,
    form: str,
    typed: dict[str, str],
) -> Response:
    """A refused decision or amendment (a field the role may not change, a bad value, no
    reason) is shown at its form on the declaration page, with what was typed kept: the
    assessor corrects it there instead of starting again from an error page. A refusal
    about the declaration itself (unknown, not in this inbox) keeps the error page."""
    if exc.status != 422:
        raise exc
    view = workbench.declaration_view(get_settings(request), session.user, ref)
    return render(
        request,
        "declaration.html",
        f"Declaration {view['consignment_ref']}",
        status=exc.status,
        d=view,
        done="",
        refusal={"form": form, "error": exc.info, "typed": typed},
    )


@pages.post("/declarations/{ref}/decision", dependencies=[Depends(csrf_checked)])
def decision_form(
    request: Request,
    ref: str,
    session: Assessor,
    decision: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    requested: Annotated[str, Form()] = "",
) -> Response:
    try:
        out = workbench.record_decision(
            get_settings(request), session.user, ref, decision, note, _split(requested)
        )
    except WebRefused as exc:
        typed = {"decision": decision, "note": note, "requested": requested}
        return _refused_at_form(request, session, ref, exc, "decision", typed)
    return RedirectResponse(f"/declarations/{quote(out.ref)}?done=decision", status_code=303)


@pages.post("/declarations/{ref}/amendment", dependencies=[Depends(csrf_checked)])
def amendment_form(
    request: Request,
    ref: str,
    session: Assessor,
    field: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        out = workbench.amend(get_settings(request), session.user, ref, field, value, reason)
    except WebRefused as exc:
        typed = {"field": field, "value": value, "reason": reason}
        return _refused_at_form(request, session, ref, exc, "amendment", typed)
    return RedirectResponse(f"/declarations/{quote(out.ref)}?done=amendment", status_code=303)


class DecisionIn(BaseModel):
    decision: str = Field(description="accept, request_documents, inspect or reject")
    note: str | None = None
    requested: list[str] = Field(default_factory=list, description="documents requested")


class AmendmentIn(BaseModel):
    field: str = Field(description="a top-level key (currency) or items.N.KEY")
    value: str
    reason: str


@api.get("/inbox")
def inbox_api(request: Request, session: Assessor) -> dict[str, Any]:
    """Open assignments for the signed-in assessor, riskiest first, then oldest."""
    with transaction(get_settings(request)) as conn:
        return {"inbox": workbench.inbox(conn, session.user)}


@api.get("/declarations/{ref}")
def declaration_api(request: Request, ref: str, session: Reader) -> dict[str, Any]:
    """The latest declaration version, each value with its document, page and confidence."""
    return workbench.declaration_view(get_settings(request), session.user, ref)


@api.post("/declarations/{ref}/decision", dependencies=[Depends(csrf_checked)])
def decision_api(request: Request, ref: str, session: Assessor, body: DecisionIn) -> Any:
    out = workbench.record_decision(
        get_settings(request), session.user, ref, body.decision, body.note, body.requested
    )
    return {"consignment_ref": out.ref, "decision": out.decision, "recorded": out.recorded,
            "notice": out.notice}  # fmt: skip


@api.post("/declarations/{ref}/amendment", dependencies=[Depends(csrf_checked)])
def amendment_api(request: Request, ref: str, session: Assessor, body: AmendmentIn) -> Any:
    out = workbench.amend(
        get_settings(request), session.user, ref, body.field, body.value, body.reason
    )
    return {"consignment_ref": out.ref, "version": out.version, "change": out.change,
            "payable_eur": out.payable_eur, "notice": out.notice}  # fmt: skip
