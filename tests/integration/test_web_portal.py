"""The trader portal against the real PostgreSQL, S3 and SMTP: signing in and out, CSRF,
uploading (checked by content, all or nothing, acknowledged), tracking, downloads, the
consignment page and its requests for documents, and traders kept to their own company."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from clearway.cli import app as cli
from clearway.settings import settings_to_env
from storage.db import execute, fetch_all, fetch_one, transaction

# The web fixtures live in one module shared by the web tests; importing them makes pytest
# see them, and each test's parameter of the same name then shadows the import (F811).
# ruff: noqa: F811
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    PASSWORD,
    app,
    csrf,
    form_token,
    pdf,
    person,
    seed_consignment,
    signed_in,
    upload,
    web_settings,
)
from web.app import serve_app

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4


def count(settings, query: str, params: tuple = ()) -> int:
    with transaction(settings) as conn:
        row = fetch_one(conn, f"SELECT count(*) AS n FROM ({query}) q", params)
    return int(row["n"]) if row else 0


def sessions_of(settings, email: str) -> int:
    return count(
        settings,
        "SELECT 1 FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = %s",
        (email,),
    )


# --- signing in and out ------------------------------------------------------------------


def test_sign_in_sets_a_strict_session_cookie_and_sign_out_ends_it(app, web_settings):
    trader = person(web_settings, "trader")
    client = TestClient(app, follow_redirects=False)
    assert client.get("/documents").headers["location"] == "/sign-in?next=/documents"

    page = client.get("/sign-in?next=/consignments")
    r = client.post(
        "/sign-in",
        data={"email": trader.email.upper(), "password": PASSWORD,
              "csrf_token": form_token(page.text), "next": "/consignments"},
    )  # fmt: skip
    assert (r.status_code, r.headers["location"]) == (303, "/consignments")
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("cw_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    listing = client.get("/consignments")
    assert listing.status_code == 200 and "No consignments yet" in listing.text
    assert "frame-ancestors 'none'" in listing.headers["content-security-policy"]
    assert listing.headers["cache-control"] == "no-store"

    # Signing in again gives a new session and ends the one this browser had.
    again = client.post(
        "/sign-in",
        data={"email": trader.email, "password": PASSWORD,
              "csrf_token": form_token(client.get("/sign-in").text)},
    )  # fmt: skip
    assert again.status_code == 303
    assert sessions_of(web_settings, trader.email) == 1

    # Sign-out is a POST with the session's token; without it nothing happens.
    refused = client.post("/sign-out")
    assert refused.status_code == 403 and "CW804" in refused.text
    assert client.get("/documents").status_code == 200
    token = form_token(client.get("/documents").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert client.get("/documents").status_code == 303  # back to the sign-in page
    assert sessions_of(web_settings, trader.email) == 0


def test_wrong_password_unknown_user_and_missing_form_token_are_refused(app, web_settings):
    trader = person(web_settings, "trader")
    client = TestClient(app, follow_redirects=False)
    for email, password in ((trader.email, "wrong password!"), ("nobody@example.com", PASSWORD)):
        token = form_token(client.get("/sign-in").text)
        r = client.post(
            "/sign-in", data={"email": email, "password": password, "csrf_token": token}
        )
        assert r.status_code == 401 and "CW801" in r.text
        assert "cw_session" not in r.headers.get("set-cookie", "")
    r = client.post("/sign-in", data={"email": trader.email, "password": PASSWORD})
    assert r.status_code == 403 and "CW804" in r.text


def test_disabling_a_user_ends_their_sessions_and_sign_in(app, web_settings):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    env = settings_to_env(web_settings)
    r = CliRunner().invoke(cli, ["users", "disable", trader.email], env=env)
    assert r.exit_code == 0, r.output
    assert client.get("/documents").status_code == 303
    r = TestClient(app).post("/api/session", json={"email": trader.email, "password": PASSWORD})
    assert r.status_code == 401 and r.json()["error"]["code"] == "CW801"


def test_idle_and_old_sessions_expire(app, web_settings):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    assert client.get("/api/session").status_code == 200
    with transaction(web_settings) as conn:
        execute(
            conn,
            "UPDATE user_sessions SET last_seen_at = now() - interval '31 minutes' "
            "WHERE user_id = (SELECT id FROM users WHERE email = %s)",
            (trader.email,),
        )
    assert client.get("/api/session").status_code == 401
    client = signed_in(app, trader)
    with transaction(web_settings) as conn:
        execute(
            conn,
            "UPDATE user_sessions SET created_at = now() - interval '13 hours' "
            "WHERE user_id = (SELECT id FROM users WHERE email = %s)",
            (trader.email,),
        )
    assert client.get("/api/session").status_code == 401


def test_users_cli_adds_lists_and_refuses_bad_accounts(web_settings):
    env = settings_to_env(web_settings)
    runner = CliRunner()
    email = f"new-{hashlib.md5(str(id(env)).encode()).hexdigest()[:6]}@example.com"
    add = ["users", "add", email, "--name", "Nia", "--role", "trader", "--company", "Kraxi GmbH"]
    r = runner.invoke(cli, add, input=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert r.exit_code == 0, r.output
    assert runner.invoke(cli, add, input=f"{PASSWORD}\n{PASSWORD}\n", env=env).exit_code == 2
    no_company = ["users", "add", "x@example.com", "--name", "X", "--role", "trader"]
    r = runner.invoke(cli, [*no_company, "--password", PASSWORD], env=env)
    assert r.exit_code == 2 and "CW810" in r.output and "company" in r.output
    r = runner.invoke(cli, ["users", "list"], env=env)
    assert f"{email}\ttrader\tKraxi GmbH\tactive" in r.output
    with transaction(web_settings) as conn:
        row = fetch_one(conn, "SELECT password_hash FROM users WHERE email = %s", (email,))
    assert row and row["password_hash"].startswith("$argon2id$")


# --- uploading -----------------------------------------------------------------------------


def test_upload_without_javascript_stores_acknowledges_and_tracks(app, web_settings, outbox):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    a, b = pdf("invoice"), pdf("packing list")
    page = client.get("/upload")
    assert page.status_code == 200 and 'name="files" type="file" multiple' in page.text
    r = client.post(
        "/upload",
        files=[("files", ("inv.pdf", a, "application/pdf")), ("files", ("pl.pdf", b, "x/y"))],
        data={"csrf_token": form_token(page.text)},
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert re.fullmatch(r"/uploads/CWU-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\?email=sent", location)
    ack = client.get(location)
    refs = re.findall(r">(CWD-[0-9A-Z-]+)<", ack.text)
    assert ack.status_code == 200 and len(refs) == 2 and "e-mailed to" in ack.text

    with transaction(web_settings) as conn:
        rows = fetch_all(
            conn,
            "SELECT d.document_ref, d.status, s.channel, s.uploader FROM documents d "
            "JOIN document_sources s USING (sha256) WHERE d.sha256 = ANY(%s) ORDER BY 1",
            ([hashlib.sha256(x).hexdigest() for x in (a, b)],),
        )
    assert sorted(refs) == [r["document_ref"] for r in rows]
    assert {(r["status"], r["channel"], r["uploader"]) for r in rows} == {
        ("received", "upload", trader.email)
    }
    mails = [m for m in outbox() if m["To"] == trader.email]
    assert len(mails) == 1 and all(ref in mails[0].get_content() for ref in refs)

    # The document page: status in words, its history, the original bytes back.
    doc = client.get(f"/documents/{refs[0]}")
    assert doc.status_code == 200 and "Received; waiting to be read" in doc.text
    original = client.get(f"/documents/{refs[0]}/original")
    assert original.status_code == 200 and original.content in (a, b)
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.headers["x-content-type-options"] == "nosniff"
    listing = client.get("/documents")
    assert all(ref in listing.text for ref in refs)


def test_the_same_content_twice_is_one_document(app, web_settings, outbox):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    data = pdf("waybill")
    first = upload(client, [("awb.pdf", data)]).json()
    second = upload(client, [("copy of awb.pdf", data)]).json()
    assert first["upload_ref"] != second["upload_ref"]
    assert first["files"][0]["document_ref"] == second["files"][0]["document_ref"]
    # The second receipt says the file was sent before, on the page and in the e-mail.
    assert (first["files"][0]["sent_before"], second["files"][0]["sent_before"]) == (False, True)
    assert "Sent before" not in client.get(f"/uploads/{first['upload_ref']}").text
    assert "Sent before, first received" in client.get(f"/uploads/{second['upload_ref']}").text
    bodies = [m.get_content() for m in outbox() if m["To"] == trader.email]
    assert ["(sent before: same file, same reference)" in b for b in bodies] == [False, True]
    sha = hashlib.sha256(data).hexdigest()
    assert count(web_settings, "SELECT 1 FROM documents WHERE sha256 = %s", (sha,)) == 1
    assert count(web_settings, "SELECT 1 FROM document_sources WHERE sha256 = %s", (sha,)) == 2


def test_a_refused_document_says_it_goes_no_further_and_how_to_go_on(app, web_settings):
    client = signed_in(app, person(web_settings, "trader"))
    data = pdf("refused later")
    ref = upload(client, [("locked.pdf", data)]).json()["files"][0]["document_ref"]
    page = client.get(f"/documents/{ref}").text
    assert "not yet grouped with other documents" in page and "corrected copy" not in page
    # As extraction leaves a file it refuses when read (e-mail and bucket keep such files).
    refusal = {"code": "CW105", "name": "encrypted_pdf", "message": "The PDF is locked."}
    with transaction(web_settings) as conn:
        execute(
            conn,
            "UPDATE documents SET status = 'rejected', doc_type = 'other', errors = %s::jsonb "
            "WHERE document_ref = %s",
            (json.dumps([refusal]), ref),
        )
    page = client.get(f"/documents/{ref}").text
    assert "not known: the file was not read" in page and ">other<" not in page
    assert "none: this file goes no further" in page
    assert "The PDF is locked." in page and "(CW105)" in page
    assert 'To go on, <a href="/upload">upload a corrected copy</a>' in page
    row = client.get("/documents").text.split(f">{ref}<")[1].split("</tr>")[0]
    assert "<td>not read</td>" in row and "other" not in row


def test_clearway_status_resolves_an_upload_reference(app, web_settings):
    # The acknowledgement leads with the CWU-... reference; the steward's command takes it.
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    body = upload(client, [("invoice.pdf", pdf("status by upload"))]).json()
    env, runner = settings_to_env(web_settings), CliRunner()
    r = runner.invoke(cli, ["status", body["upload_ref"].lower()], env=env)
    assert r.exit_code == 0, r.output
    assert body["upload_ref"] in r.output and trader.email in r.output
    assert body["files"][0]["document_ref"] in r.output and "received" in r.output
    r = runner.invoke(cli, ["status", "CWU-0000-0000-00"], env=env)
    assert r.exit_code == 2 and "CW501 unknown_reference" in r.output


def test_a_renamed_program_or_text_refuses_the_whole_upload_and_stores_nothing(app, web_settings):
    client = signed_in(app, person(web_settings, "trader"))
    good = pdf("invoice")
    before = count(web_settings, "SELECT 1 FROM web_uploads")
    r = upload(
        client, [("invoice.pdf", good), ("invoice2.pdf", EXE), ("notes.pdf", b"text only\n" * 30)]
    )
    assert r.status_code == 422
    body = r.json()
    assert body["error"]["code"] == "CW809"
    assert [(d["code"], d["message"].split()[2]) for d in body["details"]] == [
        ("CW102", "invoice2.pdf"),
        ("CW102", "notes.pdf"),
    ]
    sha = hashlib.sha256(good).hexdigest()
    assert count(web_settings, "SELECT 1 FROM documents WHERE sha256 = %s", (sha,)) == 0
    assert count(web_settings, "SELECT 1 FROM web_uploads") == before

    # The same refusal as a page, for the form without JavaScript.
    token = form_token(client.get("/upload").text)
    page = client.post(
        "/upload", files=[("files", ("setup.pdf", EXE, "application/pdf"))],
        data={"csrf_token": token},
    )  # fmt: skip
    assert page.status_code == 422 and "CW102" in page.text and "setup.pdf" in page.text
    assert 'name="files"' in page.text  # the form again, to fix and resend


def test_upload_without_csrf_token_or_files_is_refused(app, web_settings):
    client = signed_in(app, person(web_settings, "trader"))
    before = count(web_settings, "SELECT 1 FROM web_uploads")
    r = client.post("/upload", files=[("files", ("a.pdf", pdf("a"), "application/pdf"))])
    assert r.status_code == 403 and "CW804" in r.text
    r = client.post("/api/uploads", files=[("files", ("a.pdf", pdf("a"), "application/pdf"))],
                    headers={"X-CSRF-Token": "forged"})  # fmt: skip
    assert r.status_code == 403 and r.json()["error"]["code"] == "CW804"
    r = client.post(
        "/api/uploads", data={"consignment": ""}, headers={"X-CSRF-Token": csrf(client)}
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "CW806"
    assert count(web_settings, "SELECT 1 FROM web_uploads") == before


def test_uploads_over_the_limits_are_refused_before_storing(web_settings):
    small = web_settings.model_copy(update={"web_max_upload_bytes": 50_000, "web_max_files": 2})
    served = serve_app(small)
    trader = person(small, "trader")
    client = signed_in(served, trader)
    big = pdf("big") + b"%" + b"x" * 150_000  # over the cap, the form's 64 KiB slack included
    r = upload(client, [("big.pdf", big)])
    assert r.status_code == 413 and r.json()["error"]["code"] == "CW808"
    token = form_token(client.get("/upload").text)
    page = client.post(
        "/upload",
        files=[("files", ("big.pdf", big, "application/pdf"))],
        data={"csrf_token": token},
    )
    assert page.status_code == 413 and "CW808" in page.text
    # A body without Content-Length (chunked) is counted as it streams.
    boundary = "cwtestboundary"

    def chunked():
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '.encode()
        yield b'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        yield big
        yield f"\r\n--{boundary}--\r\n".encode()

    r = client.post(
        "/api/uploads",
        content=chunked(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                 "X-CSRF-Token": csrf(client)},
    )  # fmt: skip
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert r.status_code == 413 and r.json()["error"]["code"] == "CW808"
    r = upload(client, [(f"{i}.pdf", pdf(str(i))) for i in range(3)])
    assert r.status_code == 413 and r.json()["error"]["code"] == "CW807"
    sha = hashlib.sha256(big).hexdigest()
    assert count(small, "SELECT 1 FROM documents WHERE sha256 = %s", (sha,)) == 0


def test_a_zip_upload_registers_its_members_for_the_company(app, web_settings):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inv.pdf", pdf("inv"))
        z.writestr("pl.pdf", pdf("pl"))
    body = upload(client, [("docs.zip", buf.getvalue())]).json()
    members = body["files"][0]["members"]
    assert body["files"][0]["status"] == "unpacked" and len(members) == 2
    assert client.get(f"/api/documents/{members[0]['document_ref']}").status_code == 200
    other = signed_in(app, person(web_settings, "trader"))
    assert other.get(f"/api/documents/{members[0]['document_ref']}").status_code == 404


# --- consignments and requests for documents ----------------------------------------------


def test_consignment_page_shows_findings_and_requests_answered_by_upload(app, web_settings):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    seeded = seed_consignment(web_settings, client)
    page = client.get(f"/consignments/{seeded.consignment_ref}")
    assert page.status_code == 200
    assert "not the sum of its lines" in page.text  # the finding's detail
    # ... under a headline in plain words, with what the trader can do about it.
    assert "<strong>The invoice amounts do not add up.</strong>" in page.text
    assert "Must be resolved before the declaration is assessed" in page.text
    assert "What you can do: If a document is wrong, upload a corrected copy" in page.text
    assert "certificate of origin" in page.text and "Please send the certificate" in page.text
    assert f"/upload?consignment={seeded.consignment_ref}" in page.text
    assert "<strong>Waiting for the documents customs requested (below)</strong>" in page.text

    api = client.get(f"/api/consignments/{seeded.consignment_ref}").json()
    assert api["requests"][0]["requested"] == ["certificate_of_origin"]
    assert api["decision"]["decision"] == "request_documents"
    assert sorted(d["document_ref"] for d in api["documents"]) == sorted(seeded.document_refs)

    form = client.get(f"/upload?consignment={seeded.consignment_ref}")
    assert f'name="consignment" value="{seeded.consignment_ref}"' in form.text
    answer = upload(client, [("coo.pdf", pdf("certificate"))], consignment=seeded.consignment_ref)
    assert answer.status_code == 201 and answer.json()["consignment_ref"] == seeded.consignment_ref
    page = client.get(f"/consignments/{seeded.consignment_ref}")
    assert "Documents sent in answer" in page.text and answer.json()["upload_ref"] in page.text
    assert "<strong>Requested documents sent; with the customs assessors</strong>" in page.text
    listed = client.get("/api/consignments").json()["consignments"]
    assert [c["consignment_ref"] for c in listed] == [seeded.consignment_ref]


def test_a_trader_cannot_reach_another_companys_documents_by_guessing(app, web_settings):
    owner = signed_in(app, person(web_settings, "trader"))
    seeded = seed_consignment(web_settings, owner)
    intruder = signed_in(app, person(web_settings, "trader"))
    doc, cons = seeded.document_refs[0], seeded.consignment_ref
    for path in (
        f"/documents/{doc}",
        f"/documents/{doc}/original",
        f"/consignments/{cons}",
        f"/upload?consignment={cons}",
        f"/uploads/{seeded.upload_ref}",
        f"/api/documents/{doc}",
        f"/api/documents/{doc.lower()}/original",
        f"/api/consignments/{cons}",
        f"/api/uploads/{seeded.upload_ref}",
        "/api/documents/CWD-0000-0000-00",  # unknown: the same answer
    ):
        r = intruder.get(path)
        assert r.status_code == 404, path
        assert "CW805" in r.text, path
    assert doc not in intruder.get("/documents").text
    assert intruder.get("/api/consignments").json()["consignments"] == []
    r = upload(intruder, [("x.pdf", pdf("x"))], consignment=cons)
    assert r.status_code == 404
    # Staff see it.
    steward = signed_in(app, person(web_settings, "steward"))
    assert steward.get(f"/api/documents/{doc}").status_code == 200


def test_api_sign_in_and_openapi(app, web_settings):
    trader = person(web_settings, "trader")
    client = TestClient(app)
    r = client.post("/api/session", json={"email": trader.email, "password": PASSWORD})
    assert r.status_code == 200 and r.json()["user"]["company"] == trader.company
    assert "password_hash" not in r.text
    assert client.get("/api/session").json()["user"]["email"] == trader.email
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/uploads", "/api/documents/{ref}", "/api/consignments/{ref}"} <= set(paths)
    assert "/sign-in" not in paths  # pages are not the API
    r = client.delete("/api/session", headers={"X-CSRF-Token": csrf(client)})
    assert r.status_code == 204 and client.get("/api/session").status_code == 401
