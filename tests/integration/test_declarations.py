"""Declaration versions, amendments, decisions and trader e-mails against the real
PostgreSQL and SMTP server: version 1 never changes, history reads back in order, refusals
write nothing, and each e-mail is sent once."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from shipment_builders import INVOICE, ITEMS, WAYBILL, ex, shipment
from typer.testing import CliRunner

from clearway.cli import app
from clearway.errors import AssessmentRefused
from clearway.ids import consignment_ref
from clearway.settings import settings_to_env
from declarations.assessor import (
    amend_declaration,
    decide,
    declaration_history,
    send_pending_notices,
    show_declaration,
)
from declarations.prepare import prepare_consignment
from intake.register import register_file
from storage import db, messages
from storage import declarations as store
from storage.consignments import save_consignment, save_declaration
from storage.db import transaction
from storage.objects import ObjectStore
from tests.pdf_factory import make_pdf
from validators.consignment import CheckParams

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def objects(stack) -> ObjectStore:
    db.migrate(stack)
    s = ObjectStore(stack)
    s.ensure_buckets()
    return s


def consignment(settings, objects, docs=None, sender="trader@example.com"):
    """A consignment whose documents came by e-mail from ``sender``, its declaration pre-filled
    as the hand-off does it; returns (ref, message id, the pre-filled body)."""
    message_id = f"<{uuid.uuid4()}@example.com>"
    with transaction(settings) as conn:
        messages.upsert_message(
            conn, message_id, sender=sender, subject="docs", received_at=None, raw_key="raw/x"
        )
        regs = [
            register_file(
                conn,
                objects,
                settings,
                make_pdf(f"{name} {uuid.uuid4()}"),
                name,
                "email",
                message_id,
                sender,
            )
            for name in ("inv.pdf", "awb.pdf")
        ]
        ref = consignment_ref(regs[0].sha256)
        save_consignment(conn, ref, [r.sha256 for r in regs], complete=True)
        prepared = prepare_consignment(
            docs or shipment(), CheckParams(), lambda d: store.trader_history(conn, ref, d)
        )
        assert save_declaration(conn, ref, prepared.declaration) == 1
    return ref, message_id, prepared.declaration


def code_of(fn, *args, **kw):
    with pytest.raises(AssessmentRefused) as exc:
        fn(*args, **kw)
    return exc.value.info.code


def test_amendments_add_versions_and_version_1_stays(settings, objects):
    ref, _, original = consignment(settings, objects)
    a = amend_declaration(
        settings,
        ref,
        "items.0.hs_code",
        "6109.10.00",
        by="ana",
        role="assessor",
        reason="the goods are T-shirts",
    )
    b = amend_declaration(
        settings,
        ref.lower(),
        "items.1.origin_country",
        "vn",
        by="bo",
        role="senior_assessor",
        reason="certificate of origin says VN",
    )
    assert (a.version, b.version) == (2, 3)
    assert a.change == {
        "field": "items.0.hs_code",
        "old": "850440",
        "new": "61091000",
        "de": "6/14",
    }

    v1 = show_declaration(settings, ref, 1)
    assert v1["declaration"] == original  # byte for byte the pre-fill
    assert (v1["created_by"], v1["reason"], v1["changes"]) == ("clearway", "pre-filled", [])
    latest = show_declaration(settings, ref)
    assert (latest["version"], latest["latest_version"]) == (3, 3)
    body = latest["declaration"]
    assert body["items"][0]["hs_code"]["value"] == "61091000"  # the earlier amendment kept
    assert body["items"][1]["origin_country"]["value"] == "VN"
    assert body["duties"]["items"][0]["tariff"]["prefix"] == "6109"  # recalculated
    assert body["duties"]["totals"]["duty_eur"] != original["duties"]["totals"]["duty_eur"]

    history = declaration_history(settings, ref)
    assert [(v["version"], v["created_by"], v["role"]) for v in history["versions"]] == [
        (1, "clearway", None),
        (2, "ana", "assessor"),
        (3, "bo", "senior_assessor"),
    ]
    assert history["versions"][2]["reason"] == "certificate of origin says VN"
    assert history["versions"][2]["changes"] == [
        {"field": "items.1.origin_country", "old": "CN", "new": "VN", "de": "5/15"}
    ]
    stamps = [v["created_at"] for v in history["versions"]]
    assert stamps == sorted(stamps)


def test_the_same_value_again_adds_no_version(settings, objects):
    ref, _, _ = consignment(settings, objects)
    first = amend_declaration(
        settings, ref, "incoterms", "CIP", by="a", role="assessor", reason="r"
    )
    again = amend_declaration(
        settings, ref, "incoterms", "cip", by="a", role="assessor", reason="r"
    )
    assert (first.version, again.version, again.change) == (2, 2, None)


REFUSED = [  # (reference, field, value, role, code)
    (None, "importer_name", "X", "assessor", "CW706"),  # a senior assessor's field
    (None, "items.0.hs_code", "61091000", "trader", "CW706"),  # a trader changes nothing
    (None, "items.9.hs_code", "61091000", "assessor", "CW704"),  # no item 9
    (None, "items.0.hs_code", "ABC", "assessor", "CW707"),
    (None, "currency", "EUR", "clerk", "CW705"),
    ("CWC-NONE-NONE-00", "currency", "EUR", "assessor", "CW701"),
]


def test_refusals_are_coded_and_write_nothing(settings, objects):
    ref, _, _ = consignment(settings, objects)
    for other_ref, field, value, role, code in REFUSED:
        got = code_of(
            amend_declaration,
            settings,
            other_ref or ref,
            field,
            value,
            by="a",
            role=role,
            reason="r",
        )
        assert got == code, (field, role)
    assert code_of(show_declaration, settings, ref, 7) == "CW703"
    assert code_of(decide, settings, ref, "approve", by="ana") == "CW708"
    assert [v["version"] for v in declaration_history(settings, ref)["versions"]] == [1]


def test_the_database_refuses_to_change_a_version(settings, objects):
    ref, _, _ = consignment(settings, objects)
    for sql in (
        "UPDATE declarations SET body = '{}'::jsonb WHERE consignment_ref = %s",
        "DELETE FROM declarations WHERE consignment_ref = %s",
    ):
        with (
            pytest.raises(psycopg2.Error, match="cannot be changed"),
            transaction(settings) as conn,
        ):
            db.execute(conn, sql, (ref,))
    assert show_declaration(settings, ref, 1)["declaration"]["currency"]["value"] == "USD"


def test_a_prefill_rerun_does_not_undo_an_amendment(settings, objects):
    ref, _, original = consignment(settings, objects)
    amend_declaration(settings, ref, "currency", "EUR", by="ana", role="assessor", reason="r")
    with transaction(settings) as conn:
        assert save_declaration(conn, ref, original) == 2  # the hand-off ran again
    assert show_declaration(settings, ref)["declaration"]["currency"]["value"] == "EUR"


def test_request_for_documents_emails_the_trader_once(settings, objects, outbox):
    ref, message_id, _ = consignment(settings, objects, sender="imports@kraxi.example")
    docs = ["certificate_of_origin", "freight_invoice"]
    first = decide(
        settings, ref, "request_documents", by="ana", note="Prove origin.", requested=docs
    )
    again = decide(
        settings, ref, "request_documents", by="ana", note="Prove origin.", requested=docs
    )
    assert (first.recorded, first.notice) == (True, "sent")
    assert (again.recorded, again.notice) == (False, "sent")

    sent = outbox()
    assert len(sent) == 1
    msg = sent[0]
    assert msg["To"] == "imports@kraxi.example" and ref in msg["Subject"]
    assert msg["In-Reply-To"] == message_id  # threads with the trader's own e-mail
    body = msg.get_content()
    assert "certificate of origin" in body and "freight invoice" in body and "Prove origin." in body

    shown = show_declaration(settings, ref)["decision"]
    assert (shown["decision"], shown["requested"], shown["decided_by"]) == (
        "request_documents",
        sorted(docs),
        "ana",
    )
    decide(settings, ref, "accept", by="bo", note="documents received")
    assert show_declaration(settings, ref)["decision"]["decision"] == "accept"
    history = declaration_history(settings, ref)
    assert [d["decision"] for d in history["decisions"]] == ["request_documents", "accept"]
    assert [(n["kind"], n["status"]) for n in history["notices"]] == [
        ("request_documents", "sent"),
        ("decision", "sent"),
    ]
    decide(settings, ref, "accept", by="bo", note="documents received")  # the same again
    sent = outbox()
    assert len(sent) == 2  # the acceptance, once
    assert "accepted" in sent[1].get_content() and "documents received" in sent[1].get_content()
    assert sent[1]["In-Reply-To"] == message_id


def test_an_amendment_that_raises_the_duty_emails_the_trader(settings, objects, outbox):
    ref, _, original = consignment(settings, objects, sender="imports@kraxi.example")
    # 850440 power supplies: 0 % duty; 6109 T-shirts: 12 %
    up = amend_declaration(
        settings, ref, "items.0.hs_code", "61091000", by="ana", role="assessor", reason="T-shirts"
    )
    down = amend_declaration(
        settings, ref, "items.0.line_total", "100.00", by="ana", role="assessor", reason="invoice"
    )
    assert (up.notice, down.notice) == ("sent", None)
    sent = outbox()
    assert len(sent) == 1
    body = sent[0].get_content()
    assert sent[0]["X-Clearway-Notice"] == "additional_duties"
    assert "Item 1: Commodity code (items.0.hs_code): 850440 -> 61091000" in body
    before = original["duties"]["totals"]["payable_eur"]["value"]
    assert f"{before} ->" in body and "Additional amount:" in body
    assert send_pending_notices(settings, ref) == {}


def test_no_address_no_email_but_the_decision_stands(settings, objects, outbox):
    ref, _, _ = consignment(settings, objects, sender="")
    got = decide(settings, ref, "request_documents", by="ana", requested=["packing_list"])
    assert (got.recorded, got.notice) == (True, "no_address")
    assert outbox() == []


def test_a_trader_seen_before_is_not_new(settings, objects):
    exporter = f"Exporter {uuid.uuid4().hex[:8]} Ltd"

    def docs():
        inv = ex("inv.pdf", "invoice", {**INVOICE, "seller_name": exporter}, ITEMS)
        return [inv, ex("awb.pdf", "waybill", WAYBILL)]

    _, _, first = consignment(settings, objects, docs())
    _, _, second = consignment(settings, objects, docs())
    codes = lambda body: [r["code"] for r in body["risk"]["reasons"]]  # noqa: E731
    assert "new_exporter" in codes(first)
    assert "new_exporter" not in codes(second)
    assert second["risk"]["trader_history"]["exporter_earlier"] == 1


def test_the_assessor_commands(settings, objects, outbox):
    ref, _, _ = consignment(settings, objects, sender="imports@kraxi.example")
    env = settings_to_env(settings)
    run = lambda *args: CliRunner().invoke(app, ["declaration", *args], env=env)  # noqa: E731

    r = run(
        "amend",
        ref,
        "items.0.hs_code",
        "61091000",
        "--by",
        "ana",
        "--role",
        "assessor",
        "--reason",
        "T-shirts",
    )
    assert r.exit_code == 0, r.output
    assert f"{ref}: v2 items.0.hs_code: '850440' -> '61091000'" in r.output
    r = run(
        "amend", ref, "importer_name", "X", "--by", "ana", "--role", "assessor", "--reason", "x"
    )
    assert r.exit_code == 2 and "CW706" in r.output
    r = run("show", "CWC-NONE-NONE-00")
    assert r.exit_code == 2 and "CW701" in r.output
    r = run("decide", ref, "request_documents", "--by", "ana", "--request", "certificate_of_origin")
    assert r.exit_code == 0 and "e-mail to the trader: sent" in r.output, r.output
    r = run("show", ref, "--version", "1")
    assert r.exit_code == 0 and '"version": 1' in r.output
    r = run("history", ref)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == f"{ref}: 2 version(s)"
    assert "ana (assessor): T-shirts" in r.output and "request_documents on v2 by ana" in r.output


def test_a_final_decision_closes_the_assessors_assignment(settings, objects):
    from storage.assignments import get_assignment, save_assignment

    ref, _, _ = consignment(settings, objects)
    with transaction(settings) as conn:
        save_assignment(
            conn,
            ref,
            declaration_version=1,
            assessor_id="a-test",
            team="t",
            pool=False,
            reason="test",
        )
    decide(settings, ref, "inspect", by="ana")
    with transaction(settings) as conn:
        assert get_assignment(conn, ref)["status"] == "open"  # inspection is not the end
    decide(settings, ref, "accept", by="ana")
    with transaction(settings) as conn:
        assert get_assignment(conn, ref)["status"] == "closed"
