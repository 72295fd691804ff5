"""Onboarding and offboarding from the administrator's page and API: an account added there
can sign in; disabled, its sessions end at once; only administrators may do either."""

# The web fixtures live in one module shared by the web tests; importing them makes pytest
# see them, and each test's parameter of the same name then shadows the import (F811).
# ruff: noqa: F811
from __future__ import annotations

import re
import uuid

import pytest

from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    PASSWORD,
    Person,
    app,
    csrf,
    form_token,
    person,
    signed_in,
    web_settings,
)
from web.accounts import list_users


@pytest.fixture(scope="module")
def admin(app, web_settings):
    return signed_in(app, person(web_settings, "admin"))


def new_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}@example.com"


def sign_in(app, email: str, password: str):
    client = signed_in(app, None)
    page = client.get("/sign-in")
    r = client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": form_token(page.text)},
    )
    return client, r


def test_admin_adds_a_trader_who_signs_in_then_disables_them(app, admin):
    email = new_email("Onboarded")
    page = admin.get("/users")
    assert page.status_code == 200 and 'id="add-user"' in page.text
    r = admin.post(
        "/users",
        data={
            "csrf_token": form_token(page.text),
            "email": email,
            "name": "Ada Trader",
            "role": "trader",
            "company": "Acme Textiles",
        },  # fmt: skip
    )
    assert r.status_code == 200, r.text
    generated = re.search(r'<code id="new-password">([^<]+)</code>', r.text)
    assert generated, "the generated password is shown once"
    password = generated.group(1)
    assert len(password) >= 12
    assert email.lower() in r.text and "Acme Textiles" in r.text

    trader, signed = sign_in(app, email, password)
    assert signed.status_code == 303 and signed.headers["location"] == "/documents"
    me = trader.get("/api/session").json()["user"]
    assert me["email"] == email.lower() and me["role"] == "trader"
    assert me["company"] == "Acme Textiles"
    assert trader.get("/documents").status_code == 200

    # Offboarding: the same page, one button per account; the session ends at once.
    page = admin.get("/users")
    r = admin.post(f"/users/{email.lower()}/disable", data={"csrf_token": form_token(page.text)})
    assert r.status_code == 303 and r.headers["location"].startswith("/users?disabled=")
    assert "is disabled" in admin.get(r.headers["location"]).text
    assert trader.get("/api/session").status_code == 401
    gone = trader.get("/documents")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/sign-in")
    _, again = sign_in(app, email, password)
    assert again.status_code == 401 and "CW801" in again.text


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(app, admin, web_settings):
    token = form_token(admin.get("/users").text)
    email = new_email("nocompany")
    r = admin.post(
        "/users",
        data={
            "csrf_token": token,
            "email": email,
            "name": "No Company",
            "role": "trader",
            "password": PASSWORD,
        },  # fmt: skip
    )
    assert r.status_code == 400
    assert "CW810" in r.text and "A trader needs a company." in r.text
    assert f'value="{email}"' in r.text and 'value="No Company"' in r.text
    assert PASSWORD not in r.text  # the password is not sent back

    r = admin.post(
        "/users",
        data={
            "csrf_token": token,
            "email": email,
            "role": "assessor",
            "team": "textiles",
            "password": "short",
        },  # fmt: skip
    )
    assert r.status_code == 400 and "at least 12 characters" in r.text

    taken = person(web_settings, "steward").email
    r = admin.post(
        "/users",
        data={"csrf_token": token, "email": taken, "role": "steward", "password": PASSWORD},
    )
    assert r.status_code == 400 and "There is already a user" in r.text
    assert email not in {u.email for u in list_users(web_settings)}

    r = admin.post("/users", data={"email": new_email("nocsrf"), "role": "steward"})
    assert r.status_code == 403 and "CW804" in r.text


def test_admin_adds_and_disables_over_the_api(app, admin):
    headers = {"X-CSRF-Token": csrf(admin)}
    email = new_email("api-assessor")
    r = admin.post(
        "/api/users",
        json={
            "email": email,
            "name": "Api Assessor",
            "role": "assessor",
            "team": "textiles",
            "assessor_id": "as-api",
            "password": PASSWORD,
        },  # fmt: skip
        headers=headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["password"] is None  # given, so not echoed
    assert body["user"]["team"] == "textiles" and body["user"]["assessor_id"] == "as-api"
    assert "password_hash" not in body["user"]
    assessor = signed_in(app, Person(email, "assessor", None))
    assert assessor.get("/inbox").status_code == 200

    r = admin.post("/api/users", json={"email": email, "role": "assessor", "team": "t"},
                   headers=headers)  # fmt: skip
    assert r.status_code == 400 and r.json()["error"]["code"] == "CW810"
    r = admin.post("/api/users", json={"email": "not-an-address", "role": "steward"},
                   headers=headers)  # fmt: skip
    assert r.status_code == 400 and "not an e-mail address" in r.json()["error"]["message"]

    generated = admin.post(
        "/api/users", json={"email": new_email("api-steward"), "role": "steward"}, headers=headers
    ).json()
    assert len(generated["password"]) >= 12
    steward, signed = sign_in(app, generated["user"]["email"], generated["password"])
    assert signed.status_code == 303

    listed = {u["email"]: u for u in admin.get("/api/users").json()["users"]}
    assert listed[email.lower()]["active"] is True

    r = admin.post(f"/api/users/{email}/disable", headers=headers)
    assert r.status_code == 200 and r.json()["user"]["active"] is False
    assert assessor.get("/api/session").status_code == 401
    r = admin.post(f"/api/users/{new_email('nobody')}/disable", headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "CW810"


@pytest.mark.parametrize("role", ["trader", "assessor", "steward"])
def test_non_admins_are_refused(app, web_settings, role):
    client = signed_in(app, person(web_settings, role))
    headers = {"X-CSRF-Token": csrf(client)}
    email = new_email(f"by-{role}")
    target = person(web_settings, "trader").email
    answers = [
        client.get("/users"),
        client.post(
            "/users",
            data={
                "csrf_token": headers["X-CSRF-Token"],
                "email": email,
                "role": "admin",
                "password": PASSWORD,
            },
        ),  # fmt: skip
        client.post(f"/users/{target}/disable", data={"csrf_token": headers["X-CSRF-Token"]}),
        client.get("/api/users"),
        client.post(
            "/api/users",
            json={"email": email, "role": "admin", "password": PASSWORD},
            headers=headers,
        ),  # fmt: skip
        client.post(f"/api/users/{target}/disable", headers=headers),
    ]
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert all("CW803" in r.text for r in answers)
    by_email = {u.email: u for u in list_users(web_settings)}
    assert email not in by_email and by_email[target].active
