"""The outbound hand-off against a real HTTP server on loopback and the real PostgreSQL.

Declarations are queued by the real task (clearway.tasks.hand_off) from stored extractions,
so the outbox rows are the ones the pipeline writes. The assessment system is a small
http.server in a thread that processes each Idempotency-Key once, as a real one must. Time
moves through dispatch's ``now`` instead of sleeping through the backoff.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from shipment_builders import INVOICE, ITEMS, WAYBILL, ex

from clearway.settings import Settings, settings_to_env

# --- a stand-in for the assessment system --------------------------------------------------


class AssessmentSystem:
    """Records every request; takes each Idempotency-Key once and answers a repeat as one.

    mode: "up" (202, or 200 for a repeat), "down" (503), "slow" (takes the declaration, then
    answers after the client has given up), "refuse" (422).
    """

    def __init__(self, port: int = 0) -> None:
        self.mode = "up"
        self.slow_s = 1.0
        self.retry_after: str | None = None  # sent with 503 when set
        self.requests: list[tuple[str, int]] = []  # (Idempotency-Key, status answered)
        self.taken: dict[str, dict[str, Any]] = {}  # key -> declaration payload, once
        self.repeats = 0
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/api/declarations"

    def start(self) -> AssessmentSystem:
        system = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get("Idempotency-Key", "")
                status, answer = system._answer(key, body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    if status == 503 and system.retry_after:
                        self.send_header("Retry-After", system.retry_after)
                    self.end_headers()
                    self.wfile.write(json.dumps(answer).encode())
                except OSError:
                    pass  # "slow": the client hung up before the answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _answer(self, key: str, body: bytes) -> tuple[int, dict[str, Any]]:
        import time

        with self._lock:
            mode = self.mode
            if mode == "down":
                status, answer = 503, {"error": "maintenance"}
            elif mode == "refuse":
                status, answer = 422, {"error": "declaration_version missing"}
            elif key in self.taken:
                self.repeats += 1
                status, answer = 200, {"duplicate": True}
            else:
                self.taken[key] = json.loads(body)
                status, answer = 202, {"accepted": key}
            self.requests.append((key, status))
        if mode == "slow":
            time.sleep(self.slow_s)
        return status, answer

    def acknowledged(self) -> dict[str, int]:
        """2xx answers per key."""
        out: dict[str, int] = {}
        for key, status in self.requests:
            if 200 <= status < 300:
                out[key] = out.get(key, 0) + 1
        return out


@pytest.fixture
def system() -> Iterator[AssessmentSystem]:
    s = AssessmentSystem().start()
    yield s
    s.stop()


# --- a database of its own per test, queued by the real tasks -----------------------------


@pytest.fixture
def fresh(stack: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings on a database of this test's own (workload counts must start at zero);
    the environment points clearway.tasks at it."""
    from clearway.localstack import postgres
    from storage.db import migrate

    name = f"clearway_test_handoff_{secrets.token_hex(4)}"
    postgres.create_database(stack.database_url, name)
    settings = stack.model_copy(
        update={"database_url": postgres.with_database(stack.database_url, name)}
    )
    migrate(settings)
    use(monkeypatch, settings)
    try:
        yield settings
    finally:
        postgres.drop_database(stack.database_url, name)


def use(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    for key, value in settings_to_env(settings).items():
        monkeypatch.setenv(key, value)


def awb(serial: int) -> str:
    """A valid IATA air waybill number (check digit: serial mod 7)."""
    return f"176{serial:07d}{serial % 7}"


def store_shipment(
    settings: Settings, n: int, hs_codes: tuple[str, ...] = ("850440", "850440"), **extra: str
) -> None:
    """An invoice and its air waybill, complete and consistent, stored as extracted."""
    from storage.db import transaction
    from storage.documents import save_extraction, upsert_document

    number, transport = f"INV-{n:04d}", awb(1_000_000 + n)
    items = [dict(item, hs_code=hs) for item, hs in zip(ITEMS, hs_codes, strict=True)]
    docs = [
        ex(
            f"invoice-{n}.pdf",
            "invoice",
            {**INVOICE, "invoice_number": number, "transport_document_refs": [transport], **extra},
            items,
            refs=[
                ("invoice", number, "invoice_number"),
                ("transport_document", transport, "transport_document_refs"),
            ],
        ),
        ex(
            f"awb-{n}.pdf",
            "waybill",
            {**WAYBILL, "transport_document_number": transport, "invoice_refs": [number]},
            refs=[
                ("transport_document", transport, "transport_document_number"),
                ("invoice", number, "invoice_refs"),
            ],
        ),
    ]
    with transaction(settings) as conn:
        for d in docs:
            upsert_document(
                conn, sha256=d.sha256, size_bytes=1, raw_key=f"raw/{d.sha256}", original_name=d.file
            )
            save_extraction(conn, d)


def queue(settings: Settings, *shipments: int, **kw: Any) -> list[str]:
    """Store the shipments, then link and hand off with the real tasks; the refs queued."""
    from clearway import tasks

    for n in shipments:
        store_shipment(settings, n, **kw)
    refs = tasks.link_documents()
    summary = tasks.hand_off(refs)
    assert summary["waiting"] == 0, summary
    return refs


def outbox_rows(settings: Settings) -> list[dict[str, Any]]:
    from storage.db import fetch_all, transaction

    with transaction(settings) as conn:
        return fetch_all(
            conn, "SELECT * FROM handoff_outbox ORDER BY consignment_ref, declaration_version"
        )


def soon() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=1)


# --- the tests ------------------------------------------------------------------------------


def test_outage_then_recovery_delivers_every_declaration_exactly_once(
    fresh: Settings, system: AssessmentSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearway import tasks
    from handoff.outbox import dispatch

    refs = queue(fresh, 1, 2, 3, 4)
    assert len(refs) == 4

    tasks.hand_off(refs)  # a retried hand-off adds nothing
    rows = outbox_rows(fresh)
    assert [(r["consignment_ref"], r["status"], r["attempts"]) for r in rows] == [
        (ref, "pending", 0) for ref in refs
    ]
    keys = {r["idempotency_key"] for r in rows}

    settings = fresh.model_copy(update={"assessment_url": system.url})
    t0 = soon()
    system.mode = "down"
    report = dispatch(settings, now=t0)
    assert (report.attempted, report.delivered, report.retrying) == (4, 0, 4)
    rows = outbox_rows(fresh)
    assert {r["status"] for r in rows} == {"pending"}
    assert all(r["attempts"] == 1 and r["last_status_code"] == 503 for r in rows)
    assert all("HTTP 503" in r["last_error"] for r in rows)
    assert all(r["next_attempt_at"] == t0 + timedelta(seconds=30) for r in rows)

    # Still down and not yet due: nothing is tried.
    assert dispatch(settings, now=t0 + timedelta(seconds=10)).attempted == 0
    assert len(system.requests) == 4

    system.mode = "up"
    report = dispatch(settings, now=t0 + timedelta(seconds=31))
    assert (report.attempted, report.delivered) == (4, 4)
    assert system.acknowledged() == dict.fromkeys(keys, 1)
    assert system.repeats == 0
    for key, payload in system.taken.items():
        assert payload["idempotency_key"] == key
        assert payload["consignment_ref"] in refs
        assert payload["declaration"]["items"][0]["hs_code"]["value"] == "850440"
        assert payload["assessor"]["id"]
        assert sorted(d["doc_type"] for d in payload["documents"]) == ["invoice", "waybill"]
        refs_of_docs = {d["document_ref"] for d in payload["documents"]}
        assert payload["links"] and all(lk["from"] in refs_of_docs for lk in payload["links"])

    rows = outbox_rows(fresh)
    assert {r["status"] for r in rows} == {"delivered"}
    assert all(r["attempts"] == 2 and r["last_error"] is None for r in rows)

    # Running again, later, or through the task with the real clock sends nothing more.
    assert dispatch(settings, now=t0 + timedelta(days=1)).attempted == 0
    monkeypatch.setenv("CLEARWAY_ASSESSMENT_URL", system.url)
    assert tasks.dispatch_outbox()["attempted"] == 0
    assert len(system.requests) == 8 and len(system.taken) == 4


def test_stopped_endpoint_and_lost_answers_still_deliver_once(fresh: Settings) -> None:
    """Connection refused while the system is stopped; then answers lost to a timeout after
    the system took the declaration: the retry is recognised by its key, never taken twice."""
    from handoff.outbox import dispatch

    refs = queue(fresh, 11, 12, 13)
    system = AssessmentSystem().start()
    port_url = system.url
    system.stop()  # nothing listens on that port now
    settings = fresh.model_copy(update={"assessment_url": port_url, "assessment_timeout_s": 0.3})
    t0 = soon()
    report = dispatch(settings, now=t0)
    assert (report.attempted, report.retrying) == (3, 3)
    rows = outbox_rows(fresh)
    assert all(r["status"] == "pending" and r["last_status_code"] is None for r in rows)
    assert all("Connect" in r["last_error"] for r in rows), [r["last_error"] for r in rows]

    system = AssessmentSystem(port=int(port_url.split(":")[2].split("/")[0])).start()
    try:
        system.mode = "slow"  # takes each declaration, answers after the client gave up
        report = dispatch(settings, now=t0 + timedelta(seconds=31))
        assert (report.attempted, report.delivered, report.retrying) == (3, 0, 3)
        assert len(system.taken) == 3
        rows = outbox_rows(fresh)
        assert all(r["attempts"] == 2 and "timed out" in r["last_error"] for r in rows)
        assert all(r["next_attempt_at"] == t0 + timedelta(seconds=31 + 60) for r in rows)

        system.mode = "up"
        report = dispatch(settings, now=t0 + timedelta(seconds=92))
        assert report.delivered == 3
        assert {r["status"] for r in outbox_rows(fresh)} == {"delivered"}
        assert sorted(p["consignment_ref"] for p in system.taken.values()) == sorted(refs)
        assert system.repeats == 3  # each recognised by its key, none taken twice
        assert dispatch(settings, now=t0 + timedelta(days=1)).attempted == 0
    finally:
        system.stop()


def test_a_run_stops_early_while_the_system_is_down(
    fresh: Settings, system: AssessmentSystem
) -> None:
    from handoff.outbox import dispatch

    queue(fresh, 21, 22, 23, 24, 25)
    system.mode, system.retry_after = "down", "300"
    settings = fresh.model_copy(
        update={"assessment_url": system.url, "handoff_stop_after_failures": 2}
    )
    now = soon()
    report = dispatch(settings, now=now)
    assert (report.attempted, report.stopped_early) == (2, True)
    rows = sorted(outbox_rows(fresh), key=lambda r: r["attempts"])
    assert [r["attempts"] for r in rows] == [0, 0, 0, 1, 1]
    # The system asked for five minutes, more than the first backoff (30 s): honoured.
    assert {r["next_attempt_at"] for r in rows[3:]} == {now + timedelta(seconds=300)}


def test_dead_after_max_attempts_or_a_refusal_then_requeued_by_a_steward(
    fresh: Settings, system: AssessmentSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from clearway.cli import app
    from handoff.outbox import dispatch

    refs = queue(fresh, 31, 32)
    settings = fresh.model_copy(update={"assessment_url": system.url, "handoff_max_attempts": 2})
    system.mode = "down"
    t0 = soon()
    assert dispatch(settings, now=t0).retrying == 2
    report = dispatch(settings, now=t0 + timedelta(seconds=31))
    assert (report.dead, report.retrying) == (2, 0)
    rows = outbox_rows(fresh)
    assert {r["status"] for r in rows} == {"dead"}
    assert all(r["last_error"].startswith("CW601 handoff_undelivered") for r in rows)
    assert dispatch(settings, now=t0 + timedelta(days=1)).attempted == 0  # dead stays dead

    use(monkeypatch, settings)
    runner = CliRunner()
    out = runner.invoke(app, ["handoff", "status", "--json"])
    assert out.exit_code == 0, out.output
    state = json.loads(out.output)
    assert state["counts"] == {"pending": 0, "delivered": 0, "dead": 2, "superseded": 0}
    assert {r["consignment_ref"] for r in state["dead"]} == set(refs)
    assert "clearway handoff retry" in state["dead"][0]["last_error"]

    out = runner.invoke(app, ["handoff", "retry", refs[0]])
    assert out.exit_code == 0 and out.output.startswith("1 "), out.output
    # Nothing dead to re-queue is a coded refusal, not "0 re-queued": a mistyped reference
    # and one still pending each say what they are.
    out = runner.invoke(app, ["handoff", "retry", refs[0]])
    assert out.exit_code == 2 and "CW502 nothing_to_retry" in out.output, out.output
    assert "its deliveries are pending (1)" in out.output
    out = runner.invoke(app, ["handoff", "retry", "CWC-NOPE-NOPE-00"])
    assert out.exit_code == 2 and "it has no delivery in the outbox" in out.output, out.output
    system.mode = "refuse"
    out = runner.invoke(app, ["handoff", "dispatch"])
    assert out.exit_code == 0 and "1 dead" in out.output, out.output
    refused = next(r for r in outbox_rows(fresh) if r["consignment_ref"] == refs[0])
    assert refused["attempts"] == 1 and refused["last_status_code"] == 422
    assert refused["last_error"].startswith("CW602 handoff_refused")

    out = runner.invoke(app, ["handoff", "retry"])
    assert out.output.startswith("2 "), out.output
    system.mode = "up"
    out = runner.invoke(app, ["handoff", "dispatch"])
    assert out.exit_code == 0 and "2 delivered" in out.output, out.output
    assert system.acknowledged() == {r["idempotency_key"]: 1 for r in outbox_rows(fresh)}


def test_without_an_endpoint_dispatch_sends_nothing_and_says_so(fresh: Settings) -> None:
    from clearway import tasks

    queue(fresh, 41)
    report = tasks.dispatch_outbox()
    assert report["configured"] is False and report["attempted"] == 0
    assert "CLEARWAY_ASSESSMENT_URL is not set" in report["note"]
    assert "1 declaration(s) wait" in report["note"]
    assert [r["status"] for r in outbox_rows(fresh)] == ["pending"]


def test_a_new_version_supersedes_an_undelivered_one(
    fresh: Settings, system: AssessmentSystem
) -> None:
    from handoff.outbox import dispatch

    [ref] = queue(fresh, 81)
    # The invoice is read again with another Incoterms place: the declaration gets version 2.
    store_shipment(fresh, 81, incoterms_place="Hong Kong")
    assert queue(fresh) == [ref]
    rows = outbox_rows(fresh)
    assert [(r["declaration_version"], r["status"]) for r in rows] == [
        (1, "superseded"),
        (2, "pending"),
    ]
    settings = fresh.model_copy(update={"assessment_url": system.url})
    assert dispatch(settings, now=soon()).delivered == 1
    [(key, payload)] = system.taken.items()
    assert key == f"clearway:{ref}:v2" and payload["declaration_version"] == 2
    assert payload["declaration"]["incoterms_place"]["value"] == "Hong Kong"


def test_dispatchers_running_at_once_never_send_a_row_twice(
    fresh: Settings, system: AssessmentSystem
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from handoff.outbox import dispatch

    queue(fresh, 101, 102, 103, 104, 105, 106)
    system.mode, system.slow_s = "slow", 0.2  # each delivery takes a while, answered in time
    settings = fresh.model_copy(update={"assessment_url": system.url})
    now = soon()
    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda _: dispatch(settings, now=now), range(3)))
    assert sum(r.delivered for r in reports) == 6
    assert sum(r.attempted for r in reports) == 6
    assert len(system.requests) == 6 and system.repeats == 0
    assert {r["status"] for r in outbox_rows(fresh)} == {"delivered"}
