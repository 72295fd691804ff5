"""The data steward's pages (dashboard, review queue, a document's review, Data Docs), and
the same under /api/steward/. Data stewards only: administrators see no customs documents."""

from __future__ import annotations

import mimetypes
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from storage.db import transaction
from web import charts, steward
from web.access import not_found
from web.accounts import STEWARD
from web.deps import csrf_checked, get_settings, signed_in
from web.routes_pages import render
from web.sessions import Session

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/steward", tags=["steward"])

Steward = Annotated[Session, Depends(signed_in(STEWARD))]

# Data Docs are GX's own pages: they load its styles and scripts from public CDNs and use
# inline scripts. They are shown in a sandbox (no cookies, no forms, no access to this site)
# so that their scripts (Vega compiles its charts with eval) run without reaching the portal.
_DATA_DOCS_CSP = (
    "sandbox allow-scripts allow-popups; default-src 'self' https:; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' https:; "
    "style-src 'self' 'unsafe-inline' https:; "
    "img-src 'self' data: https:; font-src 'self' data: https:; frame-ancestors 'none'"
)


def _charts(d: dict[str, Any]) -> dict[str, Any]:
    per_day = d["documents_per_day"]
    short = {day: day[5:] for day in per_day["days"]}  # MM-DD under each bar
    return {
        "per_day": charts.stacked_bars(
            f"Documents received per day over the last {len(per_day['days'])} days, by status",
            per_day["days"],
            per_day["series"],
            short=short,
        ),  # fmt: skip
        "failures": charts.bars(
            "Documents per error code", [(f["code"], f["documents"]) for f in d["failures"]]
        ),
        "fields": charts.bars(
            f"Share of values below the review threshold {d['threshold']}, per field",
            [(f["field"], round(f["review_rate"] * 100, 1)) for f in d["fields"]],
            unit=" %",
            top_value=100,
        ),  # fmt: skip
    }


@pages.get("/steward")
def dashboard_page(request: Request, session: Steward) -> Response:
    d = steward.dashboard(get_settings(request))
    times = d["handoff_time"]
    words = {"median": steward.duration_words(times["median_s"]),
             "p90": steward.duration_words(times["p90_s"])}  # fmt: skip
    return render(
        request, "steward_dashboard.html", "Steward dashboard", d=d, charts=_charts(d),
        times=words,
    )  # fmt: skip


@pages.get("/steward/review")
def review_queue_page(request: Request, session: Steward) -> Response:
    settings = get_settings(request)
    with transaction(settings) as conn:
        rows = steward.review_queue(conn, settings.confidence_threshold)
    return render(
        request, "steward_review.html", "Review queue", rows=rows,
        threshold=settings.confidence_threshold,
    )  # fmt: skip


@pages.get("/steward/documents/{ref}")
def review_page(request: Request, ref: str, session: Steward, done: str = "") -> Response:
    view = steward.review_view(get_settings(request), session.user, ref)
    return render(
        request, "steward_document.html", f"Review {view['document_ref']}", doc=view, done=done
    )


@pages.post("/steward/documents/{ref}/corrections", dependencies=[Depends(csrf_checked)])
def correction_form(
    request: Request,
    ref: str,
    session: Steward,
    field: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    out = steward.correct(get_settings(request), session.user, ref, field, value, reason)
    return RedirectResponse(
        f"/steward/documents/{quote(out.document_ref)}?done=correction", status_code=303
    )


@pages.post("/steward/documents/{ref}/rerun", dependencies=[Depends(csrf_checked)])
def rerun_form(request: Request, ref: str, session: Steward) -> Response:
    out = steward.rerun(get_settings(request), session.user, ref)
    return RedirectResponse(
        f"/steward/documents/{quote(out['document_ref'])}?done=rerun", status_code=303
    )


@pages.get("/steward/data-docs/{path:path}")
def data_docs(request: Request, path: str, session: Steward) -> Response:
    """A page of the Great Expectations Data Docs, from the reports bucket."""
    from storage.objects import ObjectStore

    if not path:
        return RedirectResponse("/steward/data-docs/index.html", status_code=303)
    settings = get_settings(request)
    key = steward.data_docs_key(path)
    store = ObjectStore(settings)
    if key is None or not store.exists(settings.reports_bucket, key):
        raise not_found("Data Docs page", path)
    data = store.get_object(settings.reports_bucket, key)
    media = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return Response(
        data, media_type=media,
        headers={"Content-Security-Policy": _DATA_DOCS_CSP, "Cache-Control": "private, no-store"},
    )  # fmt: skip


class CorrectionIn(BaseModel):
    field: str = Field(description="a header field (total_amount) or line_items.N.KEY")
    value: str = Field(description="the value as printed on the document")
    reason: str = ""


@api.get("/dashboard")
def dashboard_api(request: Request, session: Steward) -> dict[str, Any]:
    """Documents per day by status, failures by code, review rates per field, hand-off time,
    the outbox, links to Airflow and whether Data Docs are published."""
    return steward.dashboard(get_settings(request))


@api.get("/review")
def review_queue_api(request: Request, session: Steward) -> dict[str, Any]:
    """Documents to review, oldest first, each with its low-confidence required values."""
    settings = get_settings(request)
    with transaction(settings) as conn:
        return {"review": steward.review_queue(conn, settings.confidence_threshold)}


@api.get("/documents/{ref}")
def review_api(request: Request, ref: str, session: Steward) -> dict[str, Any]:
    """A document's values with confidence, page and raw text, and its corrections."""
    return steward.review_view(get_settings(request), session.user, ref)


@api.post("/documents/{ref}/corrections", dependencies=[Depends(csrf_checked)])
def correction_api(request: Request, ref: str, session: Steward, body: CorrectionIn) -> Any:
    out = steward.correct(
        get_settings(request), session.user, ref, body.field, body.value, body.reason
    )
    return {"document_ref": out.document_ref, "field": out.field, "old": out.old,
            "new": out.new, "status": out.status}  # fmt: skip


@api.post("/documents/{ref}/rerun", dependencies=[Depends(csrf_checked)])
def rerun_api(request: Request, ref: str, session: Steward) -> dict[str, Any]:
    return steward.rerun(get_settings(request), session.user, ref)
