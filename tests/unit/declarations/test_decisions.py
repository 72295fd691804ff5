"""Decisions (pure): what may be decided and the e-mails to the trader."""

from __future__ import annotations

import pytest

from clearway.errors import AssessmentRefused
from declarations.decisions import (
    build_additional_duties,
    build_request_documents,
    check_decision,
    duties_raised,
    notice_message_id,
)


def test_decisions_are_checked():
    assert check_decision("Accept", ["x"]) == ("accept", ())  # nothing requested on accept
    assert check_decision("request-documents", ["a", " b ", "a"]) == (
        "request_documents",
        ("a", "b"),
    )
    for bad, code in (("approve", "CW708"), ("request_documents", "CW709")):
        with pytest.raises(AssessmentRefused) as exc:
            check_decision(bad, [])
        assert exc.value.info.code == code


def test_notice_ids_are_deterministic_and_in_our_domain():
    a = notice_message_id("request_documents", "k1", "Clearway <cw@customs.example>")
    assert a == notice_message_id("request_documents", "k1", "cw@customs.example")
    assert a != notice_message_id("request_documents", "k2", "cw@customs.example")
    assert a.startswith("<request_documents-") and a.endswith("@customs.example>")


def test_request_for_documents_lists_what_is_requested():
    msg = build_request_documents(
        "CWC-AAAA-BBBB-CC",
        ["certificate_of_origin", "freight invoice"],
        "Origin VN claimed; preference needs proof.",
        to="trader@example.com",
        mail_from="cw@customs.example",
        message_id="<m@x>",
        in_reply_to="<orig@example.com>",
    )
    body = msg.get_content()
    assert msg["To"] == "trader@example.com" and "CWC-AAAA-BBBB-CC" in msg["Subject"]
    assert "  - certificate of origin" in body and "  - freight invoice" in body
    assert "Origin VN claimed" in body
    # Answerable either way: by reply, or by upload from the consignment in the portal.
    assert "upload them in the Clearway portal from consignment CWC-AAAA-BBBB-CC" in body
    assert msg["In-Reply-To"] == "<orig@example.com>"
    assert msg["Auto-Submitted"] == "auto-generated"


def _duties(duty, vat):
    payable = f"{float(duty) + float(vat):.2f}"
    return {"totals": {"duty_eur": duty, "vat_eur": vat, "payable_eur": {"value": payable}}}


def test_additional_duties_notice_shows_before_and_after():
    before, after = _duties("0.00", "175.08"), _duties("110.58", "196.09")
    assert duties_raised(before, after) and not duties_raised(after, before)
    assert not duties_raised(None, after)
    msg = build_additional_duties(
        "CWC-X",
        2,
        before,
        after,
        [{"field": "items.0.hs_code", "old": "850440", "new": "61091000"}],
        "goods are T-shirts",
        to="t@example.com",
        mail_from="cw@customs.example",
        message_id="<d@x>",
    )
    body = msg.get_content()
    assert "Item 1: Commodity code (items.0.hs_code): 850440 -> 61091000" in body
    assert "Additional amount: 131.59 EUR" in body
    assert "goods are T-shirts" in body


def test_every_other_decision_has_its_own_notice() -> None:
    from declarations.decisions import build_decision_notice

    for decision, says in (
        ("accept", "accepted"),
        ("inspect", "inspection"),
        ("reject", "rejected"),
    ):
        msg = build_decision_notice(
            "CWC-1", decision, "see note", to="t@x", mail_from="c@y", message_id="<m@y>"
        )
        body = msg.get_content()
        assert says in body and "see note" in body and "CWC-1" in msg["Subject"]
        assert msg["X-Clearway-Notice"] == "decision"
