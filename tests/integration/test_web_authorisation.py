"""Every route × every role → the status it must answer, against the real services.

Traders use the portal, assessors and data stewards read documents and consignments,
administrators manage users and read no customs documents. Anonymous pages redirect to
sign-in; anonymous API calls and form posts are 401. The trader owns the seeded records;
other companies' traders are covered by test_web_portal's isolation test.
"""

from __future__ import annotations

import uuid

import pytest

# The web fixtures live in one module shared by the web tests; importing them makes pytest
# see them, and each test's parameter of the same name then shadows the import (F811).
# ruff: noqa: F811
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    app,
    assign,
    csrf,
    pdf,
    person,
    seed_consignment,
    signed_in,
    web_settings,
)

ANON = "anonymous"
WHO = (ANON, "trader", "assessor", "steward", "admin")


def expect(trader, assessor, steward, admin, anonymous):
    return {"trader": trader, "assessor": assessor, "steward": steward, "admin": admin,
            ANON: anonymous}  # fmt: skip


READ_PAGE = expect(200, 200, 200, 403, 303)
READ_API = expect(200, 200, 200, 403, 401)
TRADER_PAGE = expect(200, 403, 403, 403, 303)
TRADER_API = expect(200, 403, 403, 403, 401)
ANY_API = expect(200, 200, 200, 200, 401)

# (method, path, expected by role, ends the session)
TABLE = [
    ("GET", "/", expect(303, 303, 303, 303, 303), False),
    ("GET", "/sign-in", expect(200, 200, 200, 200, 200), False),
    ("GET", "/openapi.json", expect(200, 200, 200, 200, 200), False),
    ("GET", "/documents", READ_PAGE, False),
    ("GET", "/documents/{doc}", READ_PAGE, False),
    ("GET", "/documents/{doc}/original", READ_PAGE, False),
    ("GET", "/documents/{doc}/pages/{page}.png", READ_PAGE, False),
    ("GET", "/documents/{doc}/pages/{page}.png?box=10,20,110,30&label=x", READ_PAGE, False),
    ("GET", "/consignments", READ_PAGE, False),
    ("GET", "/consignments/{cons}", READ_PAGE, False),
    ("GET", "/upload", TRADER_PAGE, False),
    ("GET", "/upload?consignment={cons}", TRADER_PAGE, False),
    ("GET", "/uploads/{upload}", TRADER_PAGE, False),
    ("GET", "/users", expect(403, 403, 403, 200, 303), False),
    # Public, but a sign-in without its form's token (or without credentials) is refused.
    ("POST", "/sign-in", expect(403, 403, 403, 403, 403), False),
    ("POST", "/api/session", expect(422, 422, 422, 422, 422), False),
    ("POST", "/upload", expect(303, 403, 403, 403, 401), False),
    ("POST", "/sign-out", expect(303, 303, 303, 303, 401), True),
    ("GET", "/api/session", ANY_API, False),
    ("DELETE", "/api/session", expect(204, 204, 204, 204, 401), True),
    ("GET", "/api/documents", READ_API, False),
    ("GET", "/api/documents/{doc}", READ_API, False),
    ("GET", "/api/documents/{doc}/original", READ_API, False),
    ("GET", "/api/consignments", READ_API, False),
    ("GET", "/api/consignments/{cons}", READ_API, False),
    ("GET", "/api/uploads/{upload}", TRADER_API, False),
    ("POST", "/api/uploads", expect(201, 403, 403, 403, 401), False),
    ("GET", "/inbox", expect(403, 200, 403, 403, 303), False),
    ("GET", "/api/inbox", expect(403, 200, 403, 403, 401), False),
    ("GET", "/declarations/{cons}", expect(403, 200, 200, 403, 303), False),
    ("GET", "/api/declarations/{cons}", expect(403, 200, 200, 403, 401), False),
    ("POST", "/declarations/{cons}/decision", expect(403, 303, 403, 403, 401), False),
    ("POST", "/declarations/{cons}/amendment", expect(403, 303, 403, 403, 401), False),
    ("POST", "/api/declarations/{cons}/decision", expect(403, 200, 403, 403, 401), False),
    ("POST", "/api/declarations/{cons}/amendment", expect(403, 200, 403, 403, 401), False),
]

# What each POST sends when its caller is allowed: (kind, body).
BODIES = {
    "/upload": ("files", {}),
    "/api/uploads": ("files", {}),
    "/sign-in": ("form", {}),
    "/sign-out": ("form", {}),
    "/api/session": ("json", {}),
    "/declarations/{cons}/decision": ("form", {"decision": "inspect", "note": "x-ray"}),
    "/declarations/{cons}/amendment": (
        "form",
        {"field": "currency", "value": "EUR", "reason": "invoice says EUR"},
    ),
    "/api/declarations/{cons}/decision": ("json", {"decision": "inspect", "note": "x-ray"}),
    "/api/declarations/{cons}/amendment": (
        "json",
        {"field": "currency", "value": "EUR", "reason": "invoice says EUR"},
    ),
}


class _PathPattern(str):
    """A route with a {name:path} parameter: listed as the route's pattern, requested as
    ``example`` (str.format cannot fill a parameter that carries a converter)."""

    example = ""

    def __new__(cls, pattern: str, example: str) -> _PathPattern:
        made = super().__new__(cls, pattern)
        made.example = example
        return made

    def format(self, *args: object, **kwargs: object) -> str:
        return self.example


# The data steward's dashboard and review. The seeded document is only received (not read
# yet), so a steward's correction of it is refused with CW815 (409); no Data Docs are
# published in this module, so the steward's Data Docs page is 404.
STEWARD_PAGE = expect(403, 403, 200, 403, 303)
STEWARD_API = expect(403, 403, 200, 403, 401)
TABLE += [
    ("GET", "/steward", STEWARD_PAGE, False),
    ("GET", "/steward/review", STEWARD_PAGE, False),
    ("GET", "/steward/documents/{doc}", STEWARD_PAGE, False),
    ("POST", "/steward/documents/{doc}/corrections", expect(403, 403, 409, 403, 401), False),
    ("POST", "/steward/documents/{doc}/rerun", expect(403, 403, 303, 403, 401), False),
    (
        "GET",
        _PathPattern("/steward/data-docs/{path:path}", "/steward/data-docs/never-published.html"),
        expect(403, 403, 404, 403, 303),
        False,
    ),
    ("GET", "/api/steward/dashboard", STEWARD_API, False),
    ("GET", "/api/steward/review", STEWARD_API, False),
    ("GET", "/api/steward/documents/{doc}", STEWARD_API, False),
    ("POST", "/api/steward/documents/{doc}/corrections", expect(403, 403, 409, 403, 401), False),
    ("POST", "/api/steward/documents/{doc}/rerun", expect(403, 403, 200, 403, 401), False),
]
BODIES.update(
    {
        "/steward/documents/{doc}/corrections": (
            "form",
            {"field": "total_amount", "value": "1200.00"},
        ),
        "/steward/documents/{doc}/rerun": ("form", {}),
        "/api/steward/documents/{doc}/corrections": (
            "json",
            {"field": "total_amount", "value": "1200.00"},
        ),
        "/api/steward/documents/{doc}/rerun": ("json", {}),
    }
)


# Onboarding and offboarding: administrators only. Each allowed add uses a new address;
# the account disabled is one made for the purpose ({email}), disabled again harmlessly.
ADMIN_PAGE_POST = expect(403, 403, 403, 303, 401)
ADMIN_API = expect(403, 403, 403, 200, 401)
TABLE += [
    ("POST", "/users", expect(403, 403, 403, 200, 401), False),
    ("POST", "/users/{email}/disable", ADMIN_PAGE_POST, False),
    ("GET", "/api/users", ADMIN_API, False),
    ("POST", "/api/users", expect(403, 403, 403, 201, 401), False),
    ("POST", "/api/users/{email}/disable", ADMIN_API, False),
]
_TAG = uuid.uuid4().hex[:8]
BODIES.update(
    {
        "/users": ("form", {"email": f"page-{_TAG}@example.com", "role": "steward"}),
        "/users/{email}/disable": ("form", {}),
        "/api/users": ("json", {"email": f"api-{_TAG}@example.com", "role": "steward"}),
        "/api/users/{email}/disable": ("json", {}),
    }
)


@pytest.fixture(scope="module")
def world(app, web_settings):
    people = {
        role: person(web_settings, role, assessor_id="as-authz" if role == "assessor" else None)
        for role in WHO
        if role != ANON
    }
    clients = {role: signed_in(app, p) for role, p in people.items()}
    clients[ANON] = signed_in(app, None)
    seeded = seed_consignment(web_settings, clients["trader"])
    assign(web_settings, seeded.consignment_ref, "as-authz")
    refs = {"doc": seeded.document_refs[0], "cons": seeded.consignment_ref,
            "upload": seeded.upload_ref, "page": 1,
            "email": person(web_settings, "trader").email}  # fmt: skip
    return people, clients, refs


def test_every_route_is_in_the_table(app):
    """A new route must be given its row here, so nobody forgets to decide who may use it."""
    routes = {
        (method, route.path)
        for route in app.routes
        for method in getattr(route, "methods", ()) or ()
        if method != "HEAD" and not route.path.startswith(("/static", "/docs", "/redoc"))
    }
    listed = {(m, p.split("?")[0].replace("{doc}", "{ref}").replace("{cons}", "{ref}")
               .replace("{upload}", "{ref}")) for m, p, _, _ in TABLE}  # fmt: skip
    assert routes - listed == set()


@pytest.mark.parametrize("role", WHO)
@pytest.mark.parametrize(("method", "path", "expected", "ends_session"), TABLE)
def test_route_answers_each_role(app, world, role, method, path, expected, ends_session):
    people, clients, refs = world
    client = clients[role]
    if ends_session and role != ANON:
        client = signed_in(app, people[role])  # a session of its own to end
    url = path.format(**refs)
    token = csrf(client) if role != ANON else "none"
    kwargs: dict = {"headers": {"X-CSRF-Token": token}}
    if method == "POST":
        kind, body = BODIES[path]
        if kind == "files":
            kwargs["files"] = [("files", ("doc.pdf", pdf("authz"), "application/pdf"))]
        if kind == "json":
            kwargs["json"] = body
        else:  # forms carry the token as a field, as a browser sends it
            kwargs = {k: v for k, v in kwargs.items() if k != "headers"}
            kwargs["data"] = {"csrf_token": token, **body}
    r = client.request(method, url, **kwargs)
    assert r.status_code == expected[role], f"{method} {url} as {role}: {r.text[:300]}"
    if r.status_code == 403:
        assert ("CW804" if path == "/sign-in" else "CW803") in r.text
    if r.status_code == 303 and role == ANON and path != "/":
        assert r.headers["location"].startswith("/sign-in?next=")
