"""The data steward's dashboard and review against the real services: figures from seeded
documents, a correction that becomes a manual value (what was read kept) and lets the
document proceed, a re-run back to ``received``, Data Docs from the reports bucket.

The database is shared by the whole test session, so the dashboard's figures are checked
as the change the seeded documents make to them.
"""

# The web fixtures live in one module shared by the web tests; importing them makes pytest
# see them, and each test's parameter of the same name then shadows the import (F811).
# ruff: noqa: F811
from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest

from clearway.models import ErrorInfo, Extraction, FieldValue
from clearway.tasks import LINKABLE_STATUSES
from storage.db import execute, fetch_all, fetch_one, transaction
from storage.documents import (
    get_extraction,
    list_documents_with_status,
    record_status,
    save_extraction,
    upsert_document,
)
from storage.objects import ObjectStore
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    app,
    csrf,
    form_token,
    person,
    signed_in,
    web_settings,
)
from web import steward

CONFIDENT = {
    "invoice_number": "INV-1",
    "issue_date": "2026-11-20",
    "seller_name": "Kraxi GmbH",
    "buyer_name": "Importer Ltd",
    "currency": "EUR",
}


def fv(value, confidence: float = 0.97, page: int = 1) -> FieldValue:
    return FieldValue(value=value, confidence=confidence, page=page, bbox=(10, 20, 60, 30),
                      raw=str(value), extractor="test.v1")  # fmt: skip


def seed(
    settings,
    *,
    status: str = "extracted",
    doc_type: str = "invoice",
    fields: dict[str, FieldValue] | None = None,
    items: tuple[dict[str, FieldValue], ...] = (),
    errors: tuple[ErrorInfo, ...] = (),
    days_ago: int = 0,
) -> tuple[str, str]:
    """A document received ``days_ago`` and read as given; returns (sha256, CWD-…)."""
    sha = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    with transaction(settings) as conn:
        row, _ = upsert_document(
            conn, sha256=sha, size_bytes=100, raw_key=f"raw/{sha[:2]}/{sha}",
            media_type="application/pdf", original_name=f"{doc_type}.pdf", status="received",
        )  # fmt: skip
        extraction = Extraction(
            file=f"{doc_type}.pdf", sha256=sha, doc_type=doc_type, status=status,  # type: ignore[arg-type]
            errors=errors, fields=fields or {}, line_items=items, pages=1,
        )  # fmt: skip
        save_extraction(conn, extraction)
        if days_ago:
            at = datetime.now(UTC) - timedelta(days=days_ago)
            execute(conn, "UPDATE documents SET created_at = %s WHERE sha256 = %s", (at, sha))
            execute(conn, "UPDATE document_events SET at = %s WHERE sha256 = %s", (at, sha))
    return sha, row["document_ref"]


def queued_after(settings, sha: str, seconds: int) -> None:
    """The document reaches ``queued`` ``seconds`` after it was received."""
    with transaction(settings) as conn:
        record_status(conn, sha, "queued", {"consignment": "CWC-TEST"})
        execute(
            conn,
            """
            UPDATE document_events SET at = (
                SELECT min(at) FROM document_events WHERE sha256 = %s AND status = 'received'
            ) + %s * interval '1 second' WHERE sha256 = %s AND status = 'queued'
            """,
            (sha, seconds, sha),
        )


def invoice(total_confidence: float = 0.97) -> dict[str, FieldValue]:
    return {**{k: fv(v) for k, v in CONFIDENT.items()},
            "total_amount": fv("1200.00", total_confidence, page=2)}  # fmt: skip


LOW = ErrorInfo(code="CW303", name="low_confidence", message="total_amount read with low …")


@pytest.fixture(scope="module")
def steward_client(app, web_settings):
    return signed_in(app, person(web_settings, "steward"))


def by(rows: list[dict], key: str) -> dict:
    return {r[key]: r for r in rows}


def test_dashboard_figures_change_with_the_documents_seeded(app, web_settings, steward_client):
    before = steward_client.get("/api/steward/dashboard").json()
    today = seed(web_settings, fields=invoice())[0]
    low = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,), days_ago=2)[0]
    no_text = ErrorInfo(code="CW201", name="no_text", message="No text could be read from x.")
    seed(web_settings, status="failed", doc_type="other", errors=(no_text,))
    queued_after(web_settings, today, 60)
    queued_after(web_settings, low, 600)

    r = steward_client.get("/api/steward/dashboard")
    assert r.status_code == 200
    after = r.json()

    per_day = after["documents_per_day"]
    assert len(per_day["days"]) == 14 and per_day["days"][-1] == after["today"]

    def count(d, status, i):
        return d["documents_per_day"]["series"].get(status, [0] * 14)[i]

    # Both seeded invoices are queued now: one today, one two days ago; the failed one today.
    assert count(after, "queued", -1) - count(before, "queued", -1) == 1
    assert count(after, "queued", -3) - count(before, "queued", -3) == 1
    assert count(after, "failed", -1) - count(before, "failed", -1) == 1
    assert per_day["total"] - before["documents_per_day"]["total"] == 3

    failures, earlier = by(after["failures"], "code"), by(before["failures"], "code")
    for code in ("CW201", "CW303"):
        assert failures[code]["documents"] - earlier.get(code, {"documents": 0})["documents"] == 1
    assert failures["CW201"]["sentence"].startswith("No text could be read from …, neither")

    fields, old = by(after["fields"], "field"), by(before["fields"], "field")
    prior = old.get("total_amount", {"values": 0, "below_threshold": 0})
    assert fields["total_amount"]["values"] - prior["values"] == 2
    assert fields["total_amount"]["below_threshold"] - prior["below_threshold"] == 1

    times = after["handoff_time"]
    assert times["documents"] - before["handoff_time"]["documents"] == 2
    assert times["median_s"] is not None and times["p90_s"] >= times["median_s"]
    assert set(after["outbox"]) >= {"pending", "delivered", "dead"}
    dags = by(after["airflow"], "dag_id")
    assert dags["clearway_process_documents"]["runs_url"].endswith(
        "/dags/clearway_process_documents/runs"
    )

    page = steward_client.get("/steward")
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "<title>Documents received per day" in html
    assert "CW201" in html and "No text could be read from …" in html  # table alternative
    assert "total_amount" in html and "Median" in html
    assert "/dags/clearway_link_and_handoff/runs" in html
    # The runs themselves, read from Airflow's database (the UI may not be reachable).
    runs = after["dag_runs"]
    assert runs["available"] is True, runs["error"]
    assert set(runs["dags"]) == set(dags)
    for run in filter(None, runs["dags"].values()):
        assert run["state"] and run["failed"] >= 0 and (run["took"] or run["end_date"] is None)
    assert "The latest run of each DAG" in html


def test_empty_states_say_so(app, web_settings, steward_client, monkeypatch):
    """The page renders every section's empty state from an empty dashboard."""
    empty = {
        "today": "2026-11-22", "threshold": 0.8,
        "documents_per_day": {"days": ["2026-11-22"], "series": {}, "total": 0},
        "failures": [], "fields": [], "handoff_time": {"documents": 0, "median_s": None,
        "p90_s": None}, "outbox": {"pending": 0}, "review_waiting": 0, "airflow": [],
        "data_docs": False,
        "dag_runs": {"available": False, "error": "connection refused", "dags": {}},
    }  # fmt: skip
    monkeypatch.setattr(steward, "dashboard", lambda settings: empty)
    html = steward_client.get("/steward").text
    for words in ("No documents arrived", "No document carries an error code",
                  "No values have been extracted", "No document has been handed",
                  "The outbox is empty", "none published yet",
                  "cannot be read from Airflow's database now (connection refused)"):  # fmt: skip
        assert words in html


def test_review_queue_lists_documents_to_check_oldest_first(app, web_settings, steward_client):
    _, newer = seed(web_settings, status="partial", fields=invoice(0.4), errors=(LOW,))
    _, older = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,),
                    days_ago=3)  # fmt: skip
    # Extracted, but a required line-item value is weak: reviewed too.
    item = {"hs_code": fv("6109", 0.3), "description": fv("T-shirts")}
    _, weak_item = seed(web_settings, fields=invoice(), items=(item,), days_ago=1)
    _, fine = seed(web_settings, fields=invoice())

    rows = steward_client.get("/api/steward/review").json()["review"]
    refs = [r["document_ref"] for r in rows]
    assert fine not in refs
    assert refs.index(older) < refs.index(weak_item) < refs.index(newer)
    assert by(rows, "document_ref")[weak_item]["low_fields"] == [
        {"field": "line_items.0.hs_code", "value": "6109", "confidence": 0.3}
    ]
    assert [f["field"] for f in by(rows, "document_ref")[newer]["low_fields"]] == ["total_amount"]
    page = steward_client.get("/steward/review").text
    assert f"/steward/documents/{older}" in page and "total_amount = 1200.00 (0.5)" in page
    # Each error with its sentence, not a bare code.
    assert '<span class="code">CW303</span> total_amount read with low' in page


def test_a_correction_is_manual_keeps_what_was_read_and_lets_the_document_proceed(
    app, web_settings, steward_client
):
    sha, ref = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,))
    page = steward_client.get(f"/steward/documents/{ref}")
    assert page.status_code == 200 and "(review)" in page.text
    # The value to review comes first, and its page number opens the page with its box.
    rows = page.text.split("<caption>Values read")[1].split("</table>")[0].split('<th scope="row">')
    assert rows[1].startswith("total_amount</th>") and "(review)" in rows[1]
    assert f'href="/documents/{ref}/pages/2.png?box=10,20,60,30&amp;label=total_amount"' in rows[1]
    r = steward_client.post(
        f"/steward/documents/{ref}/corrections",
        data={
            "csrf_token": form_token(page.text),
            "field": "total_amount",
            "value": " 1210.00 ",
            "reason": "printed total, smudged",
        },  # fmt: skip
    )
    assert r.status_code == 303 and r.headers["location"].endswith("?done=correction")

    with transaction(web_settings) as conn:
        doc = fetch_one(conn, "SELECT status, errors FROM documents WHERE sha256 = %s", (sha,))
        extraction = get_extraction(conn, sha)
        corrections = fetch_all(conn, "SELECT * FROM field_corrections WHERE sha256 = %s", (sha,))
        flat = fetch_one(
            conn,
            "SELECT value, confidence, source FROM extracted_fields "
            "WHERE sha256 = %s AND name = 'total_amount'",
            (sha,),
        )
        last = fetch_all(
            conn, "SELECT status, detail FROM document_events WHERE sha256 = %s ORDER BY id",
            (sha,),
        )[-1]  # fmt: skip
    # The document proceeds: every required value is now confident, and linking takes it.
    assert doc["status"] == "extracted" and doc["errors"] == []
    assert doc["status"] in LINKABLE_STATUSES
    assert last["status"] == "extracted" and last["detail"]["corrected"] == "total_amount"
    manual = extraction.fields["total_amount"]
    assert (manual.value, manual.confidence, manual.source) == ("1210.00", 1.0, "manual")
    assert manual.page == 2 and manual.bbox == (10, 20, 60, 30)  # where it is printed
    assert flat == {"value": "1210.00", "confidence": 1.0, "source": "manual"}
    (c,) = corrections
    assert c["old"]["value"] == "1200.00" and c["old"]["confidence"] == 0.5
    assert c["old"]["source"] == "text" and c["old"]["extractor"] == "test.v1"
    assert c["new_value"] == "1210.00" and c["reason"] == "printed total, smudged"
    assert c["corrected_by"].startswith("steward-") and c["corrected_at"] is not None

    with (
        pytest.raises(psycopg2.Error, match="cannot be changed"),
        transaction(web_settings) as conn,
    ):
        execute(conn, "UPDATE field_corrections SET new_value = '\"1\"' WHERE id = %s", (c["id"],))

    shown = steward_client.get(f"/steward/documents/{ref}?done=correction").text
    assert "The correction was saved" in shown and "printed total, smudged" in shown
    queue = steward_client.get("/api/steward/review").json()["review"]
    assert ref not in [q["document_ref"] for q in queue]


def test_corrections_of_line_items_and_list_fields_over_the_api(app, web_settings, steward_client):
    item = {"hs_code": fv("6109", 0.3), "description": fv("T-shirts")}
    sha, ref = seed(web_settings, fields=invoice(), items=(item,))
    token = csrf(steward_client)
    r = steward_client.post(
        f"/api/steward/documents/{ref}/corrections",
        json={"field": "line_items.0.hs_code", "value": "61091000"},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["field"] == "line_items.0.hs_code" and body["status"] == "extracted"
    assert body["old"]["value"] == "6109" and body["new"]["source"] == "manual"
    r = steward_client.post(
        f"/api/steward/documents/{ref}/corrections",
        json={"field": "transport_document_refs", "value": "AWB 020-12345675, CMR 77"},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 200, r.text
    assert r.json()["old"] is None  # entered where nothing was read
    with transaction(web_settings) as conn:
        extraction = get_extraction(conn, sha)
    assert extraction.line_items[0]["hs_code"].value == "61091000"
    assert extraction.fields["transport_document_refs"].value == ["AWB 020-12345675", "CMR 77"]
    assert any(r.field == "transport_document_refs" for r in extraction.references)
    page = steward_client.get(f"/steward/documents/{ref}").text
    assert "AWB 020-12345675, CMR 77" in page and "61091000" in page
    view = steward_client.get(f"/api/steward/documents/{ref}").json()
    assert [c["field"] for c in view["corrections"]] == [
        "line_items.0.hs_code",
        "transport_document_refs",
    ]


def test_bad_corrections_are_refused_and_change_nothing(app, web_settings, steward_client):
    sha, ref = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,))
    token = csrf(steward_client)

    def post(body, headers=None):
        headers = {"X-CSRF-Token": token} if headers is None else headers
        return steward_client.post(
            f"/api/steward/documents/{ref}/corrections", json=body, headers=headers
        )

    r = post({"field": "colour_of_the_sky", "value": "blue"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "CW813"
    assert post({"field": "line_items.4.hs_code", "value": "1"}).status_code == 422
    r = post({"field": "total_amount", "value": "  "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "CW814"
    r = post({"field": "total_amount", "value": "1"}, headers={})
    assert r.status_code == 403 and r.json()["error"]["code"] == "CW804"
    r = steward_client.post(
        "/api/steward/documents/CWD-NONE-NONE-00/corrections",
        json={"field": "total_amount", "value": "1"}, headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert r.status_code == 404
    with transaction(web_settings) as conn:
        assert fetch_all(conn, "SELECT 1 FROM field_corrections WHERE sha256 = %s", (sha,)) == []
        assert get_extraction(conn, sha).fields["total_amount"].confidence == 0.5


def test_a_stopped_document_is_named_on_the_dashboard_and_says_why(
    app, web_settings, steward_client
):
    # Rejected documents are not in the review queue: the dashboard's failure table must
    # lead to them, and their page must say why they stopped in words.
    locked = ErrorInfo(code="CW105", name="encrypted_pdf", message="The PDF x is locked.")
    _, ref = seed(web_settings, status="rejected", doc_type="other", errors=(locked,))
    failures = by(steward_client.get("/api/steward/dashboard").json()["failures"], "code")
    assert failures["CW105"]["refs"][0] == ref
    assert f'<a href="/steward/documents/{ref}">{ref}</a>' in steward_client.get("/steward").text
    page = steward_client.get(f"/steward/documents/{ref}").text
    assert "Why it stopped" in page and "The PDF x is locked." in page
    assert "Refused: the file cannot be accepted" in page and "(rejected)" in page
    assert "not known (not read)" in page and "the sender must send a new file" in page
    assert "Values read" not in page and "Nothing has been read" in page
    assert "Not validated yet" in page


def test_a_documents_page_lists_its_unmet_expectations(app, web_settings, steward_client):
    sha, ref = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,))
    with transaction(web_settings) as conn:
        for expectation, ok, observed in (
            ("expect_column_values_to_be_between(total_amount__confidence)", False, "0.5"),
            ("expect_column_values_to_not_be_null(invoice_number)", True, None),
        ):
            execute(
                conn,
                "INSERT INTO dq_results (sha256, suite, expectation, success, observed) "
                "VALUES (%s, 'clearway.invoice.v1@0.8', %s, %s, %s::jsonb)",
                (sha, expectation, ok, observed),
            )
    page = steward_client.get(f"/steward/documents/{ref}").text
    assert "1 of 2 expectations met at the last validation" in page
    unmet = page.split("<caption>Expectations not met</caption>")[1].split("</table>")[0]
    assert "total_amount__confidence" in unmet and "<td>0.5</td>" in unmet
    assert "invoice_number" not in unmet


def test_rerun_puts_the_document_back_to_received(app, web_settings, steward_client):
    sha, ref = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,))
    page = steward_client.get(f"/steward/documents/{ref}")
    r = steward_client.post(
        f"/steward/documents/{ref}/rerun", data={"csrf_token": form_token(page.text)}
    )
    assert r.status_code == 303 and r.headers["location"].endswith("?done=rerun")
    with transaction(web_settings) as conn:
        waiting = list_documents_with_status(conn, ["received"], limit=100_000)
        events = fetch_all(
            conn, "SELECT status, detail FROM document_events WHERE sha256 = %s ORDER BY id",
            (sha,),
        )  # fmt: skip
    assert sha in [w["sha256"] for w in waiting]  # what clearway.tasks.plan_batches reads
    assert events[-1]["status"] == "received"
    assert events[-1]["detail"]["previous_status"] == "partial"
    assert events[-1]["detail"]["rerun_requested_by"].startswith("steward-")
    r = steward_client.post(
        f"/api/steward/documents/{ref}/rerun", headers={"X-CSRF-Token": csrf(steward_client)}
    )
    assert r.json() == {"document_ref": ref, "status": "received", "previous_status": "received"}
    # Not read yet: nothing to correct until it is.
    r = steward_client.post(
        f"/api/steward/documents/{ref}/corrections", json={"field": "total_amount", "value": "1"},
        headers={"X-CSRF-Token": csrf(steward_client)},
    )  # fmt: skip
    assert r.status_code == 409 and r.json()["error"]["code"] == "CW815"

    archive, archive_ref = seed(web_settings, status="partial")
    with transaction(web_settings) as conn:
        record_status(conn, archive, "unpacked", {"members": 2})
    r = steward_client.post(
        f"/api/steward/documents/{archive_ref}/rerun",
        headers={"X-CSRF-Token": csrf(steward_client)},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "CW816"


def test_data_docs_are_served_from_the_reports_bucket_to_stewards(app, web_settings,
                                                                   steward_client):  # fmt: skip
    store = ObjectStore(web_settings)
    store.put_report("data-docs/index.html", b"<html><body>GX index</body></html>", "text/html")
    store.put_report("data-docs/static/styles/x.css", b"body{}", "text/css")
    r = steward_client.get("/steward/data-docs/index.html")
    assert r.status_code == 200 and "GX index" in r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"].startswith("sandbox")
    assert steward_client.get("/steward/data-docs/static/styles/x.css").text == "body{}"
    assert steward_client.get("/steward/data-docs/nothing.html").status_code == 404
    r = steward_client.get("/steward/data-docs/")
    assert r.status_code == 303 and r.headers["location"] == "/steward/data-docs/index.html"
    assert steward.dashboard(web_settings)["data_docs"] is True
    assert "/steward/data-docs/index.html" in steward_client.get("/steward").text
    for bad in ("", "../x", "a/../../b", "a//b", "./index.html"):
        assert steward.data_docs_key(bad) is None
    trader = signed_in(app, person(web_settings, "trader"))
    assert trader.get("/steward/data-docs/index.html").status_code == 403
