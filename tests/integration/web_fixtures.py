"""Helpers for the web tests: an app over the session's isolated services, users of every
role, signing in through the real form, and a consignment built from a trader's upload."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from shipment_builders import shipment

from clearway.ids import consignment_ref
from declarations.assessor import decide
from declarations.prepare import prepare_consignment
from storage import db
from storage import declarations as decl_store
from storage.assignments import save_assignment
from storage.consignments import save_consignment, save_declaration
from storage.db import fetch_all, transaction
from storage.objects import ObjectStore
from tests.pdf_factory import make_pdf
from validators.consignment import CheckParams
from web.accounts import add_user
from web.app import create_app

PASSWORD = "a long enough password"
ROLES = ("trader", "assessor", "steward", "admin")


@dataclass(frozen=True)
class Person:
    email: str
    role: str
    company: str | None


@pytest.fixture(scope="module")
def web_settings(stack):
    db.migrate(stack)
    ObjectStore(stack).ensure_buckets()
    return stack


@pytest.fixture(scope="module")
def app(web_settings):
    return create_app(web_settings)


def person(
    settings, role: str, company: str | None = None, assessor_id: str | None = None
) -> Person:
    """A new user of ``role``; traders in ``company`` (a fresh one if not given)."""
    tag = uuid.uuid4().hex[:8]
    email = f"{role}-{tag}@example.com"
    if role == "trader":
        company = company or f"Company {tag}"
    add_user(
        settings,
        email,
        name=f"{role.title()} {tag}",
        role=role,
        password=PASSWORD,
        company=company if role == "trader" else None,
        team="textiles" if role == "assessor" else None,
        assessor_id=assessor_id,
    )
    return Person(email, role, company if role == "trader" else None)


def form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token field in the page"
    return match.group(1)


def signed_in(app, who: Person | None) -> TestClient:
    """A client signed in through the sign-in form (None: an anonymous client)."""
    client = TestClient(app, follow_redirects=False)
    if who is not None:
        page = client.get("/sign-in")
        r = client.post(
            "/sign-in",
            data={"email": who.email, "password": PASSWORD, "csrf_token": form_token(page.text)},
        )
        assert r.status_code == 303, r.text
    return client


def csrf(client: TestClient) -> str:
    return client.get("/api/session").json()["csrf_token"]


def upload(client: TestClient, files: list[tuple[str, bytes]], **form: str):
    return client.post(
        "/api/uploads",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data=form,
        headers={"X-CSRF-Token": csrf(client)},
    )


def pdf(label: str) -> bytes:
    return make_pdf(f"{label} {uuid.uuid4()}")


@dataclass(frozen=True)
class Seeded:
    upload_ref: str
    document_refs: list[str]
    consignment_ref: str


def seed_consignment(settings, client: TestClient) -> Seeded:
    """The trader behind ``client`` uploads two documents; they are linked into a consignment
    with a finding and a pre-filled declaration, and an assessor requests a document."""
    r = upload(client, [("invoice.pdf", pdf("invoice")), ("waybill.pdf", pdf("waybill"))])
    assert r.status_code == 201, r.text
    body = r.json()
    refs = [f["document_ref"] for f in body["files"]]
    with transaction(settings) as conn:
        shas = [
            row["sha256"]
            for row in fetch_all(
                conn, "SELECT sha256 FROM documents WHERE document_ref = ANY(%s)", (refs,)
            )
        ]
        ref = consignment_ref(sorted(shas)[0])
        finding = {
            "code": "total_mismatch",
            "severity": "error",
            "documents": shas[:1],
            "fields": ["total_amount"],
            "message": "The invoice total 1,200.00 is not the sum of its lines 1,100.00.",
        }
        save_consignment(conn, ref, shas, findings=[finding], complete=True)
        prepared = prepare_consignment(
            shipment(), CheckParams(), lambda d: decl_store.trader_history(conn, ref, d)
        )
        save_declaration(conn, ref, prepared.declaration)
    decide(
        settings,
        ref,
        "request_documents",
        by="as-keller",
        note="Please send the certificate of origin.",
        requested=["certificate_of_origin"],
    )
    return Seeded(body["upload_ref"], refs, ref)


def assign(settings, ref: str, assessor_id: str, team: str = "textiles", pool: bool = False):
    """Put the consignment in an assessor's inbox, as the hand-off does."""
    with transaction(settings) as conn:
        save_assignment(
            conn, ref, declaration_version=1, assessor_id=assessor_id, team=team, pool=pool,
            reason="assigned by the test",
        )  # fmt: skip
