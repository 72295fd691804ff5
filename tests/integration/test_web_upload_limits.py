"""Extraction's page and pixel limits at upload, against the real PostgreSQL and S3: a PDF
with more pages than CLEARWAY_MAX_PAGES, or an image page over the pixel limit, refuses the
whole upload with its code and the file's name, through the JSON API and the form alike,
and nothing of that upload is stored: no object in the raw bucket, no row."""

from __future__ import annotations

import hashlib
import io
import uuid

from PIL import Image

from extractors.ocr import MAX_PAGE_PIXELS
from storage.db import fetch_one, transaction
from storage.objects import ObjectStore, raw_key

# ruff: noqa: F811
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    app,
    form_token,
    pdf,
    person,
    signed_in,
    upload,
    web_settings,
)
from tests.pdf_factory import make_pdf
from web.app import serve_app

LIMIT = 3


def pages_pdf(n: int) -> bytes:
    """``n`` pages, with content new to this run (the same bytes would be one document)."""
    return make_pdf(*(f"page {i + 1} of {n}, {uuid.uuid4()}" for i in range(n)))


def stored_anything(settings, company: str, blobs: list[bytes]) -> list[str]:
    """What an upload left behind, named: objects, document rows, the upload's own rows."""
    store = ObjectStore(settings)
    left: list[str] = []
    with transaction(settings) as conn:
        for data in blobs:
            sha = hashlib.sha256(data).hexdigest()
            if store.exists(settings.raw_bucket, raw_key(sha)):
                left.append(f"object {raw_key(sha)}")
            for table in ("documents", "document_sources", "company_documents"):
                query = f"SELECT count(*) AS n FROM {table} WHERE sha256 = %s"
                row = fetch_one(conn, query, (sha,))
                if row and row["n"]:
                    left.append(f"{table} row for {sha[:12]}")
        row = fetch_one(
            conn, "SELECT count(*) AS n FROM web_uploads WHERE company = %s", (company,)
        )
        if row and row["n"]:
            left.append(f"{row['n']} web_uploads rows")
    return left


def test_a_pdf_over_the_page_limit_refuses_the_upload_and_stores_nothing(web_settings):
    limited = web_settings.model_copy(update={"max_pages": LIMIT})
    served = serve_app(limited)
    trader = person(limited, "trader")
    client = signed_in(served, trader)
    good, long = pdf("invoice"), pages_pdf(LIMIT + 1)

    r = upload(client, [("invoice.pdf", good), ("catalogue.pdf", long)])
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"]["code"] == "CW809"
    assert [d["code"] for d in body["details"]] == ["CW106"]
    message = body["details"][0]["message"]
    assert message.startswith(f"The file catalogue.pdf has {LIMIT + 1} pages, over the limit")
    assert stored_anything(limited, trader.company, [good, long]) == []

    # The form without JavaScript: the same refusal on the upload page, the form again.
    token = form_token(client.get("/upload").text)
    page = client.post(
        "/upload",
        files=[
            ("files", ("invoice.pdf", good, "application/pdf")),
            ("files", ("catalogue.pdf", long, "application/pdf")),
        ],
        data={"csrf_token": token},
    )
    assert page.status_code == 422
    assert "(CW106)" in page.text and "catalogue.pdf has 4 pages" in page.text
    assert 'name="files"' in page.text
    assert f"at most {LIMIT} pages" in page.text  # the limit is stated before uploading
    assert stored_anything(limited, trader.company, [good, long]) == []

    # At the limit it is taken, and stored.
    at_limit = pages_pdf(LIMIT)
    r = upload(client, [("invoice.pdf", good), ("catalogue.pdf", at_limit)])
    assert r.status_code == 201, r.text
    assert len(stored_anything(limited, trader.company, [good, at_limit])) > 0


def test_an_image_over_the_pixel_limit_refuses_the_upload_and_stores_nothing(app, web_settings):
    trader = person(web_settings, "trader")
    client = signed_in(app, trader)
    side = int(MAX_PAGE_PIXELS**0.5) + 100  # a few kB as PNG, over the limit once decoded
    buf = io.BytesIO()
    Image.new("1", (side, side), 1).save(buf, "PNG")
    huge = buf.getvalue() + uuid.uuid4().bytes  # after IEND: new content, same image
    good = pdf("waybill")

    r = upload(client, [("waybill.pdf", good), ("poster.png", huge)])
    assert r.status_code == 422, r.text
    details = r.json()["details"]
    assert [d["code"] for d in details] == ["CW108"]
    assert f"poster.png has a page of {side} x {side} pixels" in details[0]["message"]
    assert stored_anything(web_settings, trader.company, [good, huge]) == []

    token = form_token(client.get("/upload").text)
    page = client.post(
        "/upload",
        files=[("files", ("poster.png", huge, "image/png"))],
        data={"csrf_token": token},
    )
    assert page.status_code == 422 and "(CW108)" in page.text and "poster.png" in page.text
    assert stored_anything(web_settings, trader.company, [good, huge]) == []
