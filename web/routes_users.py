"""Onboarding and offboarding from the administrator's pages, and the same under /api/users.

The same rules and functions as `clearway users add|disable` (web.accounts): a user is added
with a password given or generated (shown once, never stored in clear), and disabled, never
deleted; disabling ends their sessions at once. Administrators only.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from web import accounts
from web.accounts import ADMIN
from web.deps import csrf_checked, get_settings, signed_in
from web.refusals import WebRefused
from web.routes_pages import render
from web.sessions import Session

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/users", tags=["users"])

Admin = Annotated[Session, Depends(signed_in(ADMIN))]

_BLANK_FORM = {"email": "", "name": "", "role": accounts.TRADER, "company": "", "team": "",
               "assessor_id": ""}  # fmt: skip


def _users_page(request: Request, status: int = 200, **values: Any) -> Response:
    return render(
        request, "users.html", "Users", status=status, roles=accounts.ROLES,
        users=accounts.list_users(get_settings(request)),
        **{"form": _BLANK_FORM, "error": None, "added": None, "password": None,
           "disabled": None} | values,
    )  # fmt: skip


@pages.get("/users")
def users_page(request: Request, session: Admin, disabled: str = "") -> Response:
    return _users_page(request, disabled=disabled or None)


@pages.post("/users", dependencies=[Depends(csrf_checked)])
def add_user_form(
    request: Request,
    session: Admin,
    email: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    company: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    assessor_id: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    form = {"email": email, "name": name, "role": role, "company": company, "team": team,
            "assessor_id": assessor_id}  # fmt: skip
    try:
        user, generated = accounts.onboard_user(
            get_settings(request), email, name=name, role=role, password=password,
            company=company, team=team, assessor_id=assessor_id,
        )  # fmt: skip
    except WebRefused as exc:
        # The form again, as filled in (but the password), with what is wrong.
        return _users_page(request, status=exc.status, form=form, error=exc.info)
    # Rendered, not redirected: a generated password is shown this once and kept nowhere.
    return _users_page(request, added=user, password=generated)


@pages.post("/users/{email}/disable", dependencies=[Depends(csrf_checked)])
def disable_user_form(request: Request, email: str, session: Admin) -> Response:
    user = accounts.disable_user(get_settings(request), email)
    return RedirectResponse(f"/users?disabled={quote(user.email)}", status_code=303)


class UserIn(BaseModel):
    email: str
    name: str = ""
    role: str = Field(description="trader, assessor, steward or admin")
    company: str | None = Field(None, description="a trader's company (required for traders)")
    team: str | None = Field(None, description="an assessor's team (required for assessors)")
    assessor_id: str | None = Field(None, description="an assessor's id in the roster")
    password: str = Field("", description="at least 12 characters; left out: one is generated")


@api.get("")
def list_users_api(request: Request, session: Admin) -> dict[str, Any]:
    """Every account with its role, company or team, and whether it is active."""
    return {"users": [u.public() for u in accounts.list_users(get_settings(request))]}


@api.post("", status_code=201, dependencies=[Depends(csrf_checked)])
def add_user_api(request: Request, session: Admin, body: UserIn) -> Response:
    """Add an account (CW810 if invalid or the e-mail is taken). ``password`` in the answer
    is the generated one, shown this once (null when one was given)."""
    user, generated = accounts.onboard_user(
        get_settings(request), body.email, name=body.name, role=body.role,
        password=body.password, company=body.company, team=body.team,
        assessor_id=body.assessor_id,
    )  # fmt: skip
    return JSONResponse({"user": user.public(), "password": generated}, status_code=201)


@api.post("/{email}/disable", dependencies=[Depends(csrf_checked)])
def disable_user_api(request: Request, email: str, session: Admin) -> dict[str, Any]:
    """Disable an account and end its sessions at once; nothing is deleted."""
    return {"user": accounts.disable_user(get_settings(request), email).public()}
