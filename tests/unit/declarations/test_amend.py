"""Amendments (pure): role checks, field paths, value checks, the new body, recalculation."""

from __future__ import annotations

import copy

import pytest
from shipment_builders import shipment

from clearway.errors import AssessmentRefused
from declarations.amend import (
    FieldPath,
    allowed_fields,
    amend,
    check_role,
    may_amend,
    normalise_value,
    parse_field,
    roles,
)
from declarations.prepare import prepare_consignment
from declarations.risk import TraderHistory
from validators.consignment import CheckParams


@pytest.fixture
def body():
    return prepare_consignment(shipment(), CheckParams()).declaration


def refused(code, fn, *args, **kw):
    with pytest.raises(AssessmentRefused) as exc:
        fn(*args, **kw)
    assert exc.value.info.code == code, exc.value
    return exc.value.info.message


def test_roles_from_the_data_file():
    table = roles()
    assert table["trader"] == ()
    assert "items.*.hs_code" in table["assessor"]
    assert set(table["assessor"]) < set(table["senior_assessor"])  # inherits and adds
    assert may_amend("assessor", FieldPath("hs_code", 0))
    assert not may_amend("assessor", FieldPath("importer_name"))
    assert may_amend("senior_assessor", FieldPath("importer_name"))


def test_a_field_the_role_may_not_change_is_refused_naming_who_may():
    msg = refused("CW706", check_role, "assessor", FieldPath("importer_name"))
    assert "importer_name" in msg and "senior_assessor" in msg
    msg = refused("CW706", check_role, "trader", FieldPath("hs_code", 0))
    assert "may change: nothing" in msg


def test_unknown_role_and_fields(body):
    assert "assessor" in refused("CW705", allowed_fields, "clerk")
    assert parse_field("items.1.hs_code", body) == FieldPath("hs_code", 1)
    assert parse_field("currency", body) == FieldPath("currency")
    refused("CW704", parse_field, "items.2.hs_code", body)  # two items: 0 and 1
    refused("CW704", parse_field, "items.0.colour", body)
    refused("CW704", parse_field, "duties", body)  # computed, not amendable
    msg = refused("CW704", parse_field, "invoice_numbers", body)
    assert "items.N.KEY" in msg and "0 to 1" in msg


def test_values_are_checked_and_normalised():
    assert normalise_value(FieldPath("hs_code", 0), "6109.10 00") == "61091000"
    assert normalise_value(FieldPath("origin_country", 0), " vn ") == "VN"
    assert normalise_value(FieldPath("line_total", 0), "1,250.50") == "1250.50"
    assert normalise_value(FieldPath("packages_count"), "12") == "12"
    refused("CW707", normalise_value, FieldPath("hs_code", 0), "12AB")
    refused("CW707", normalise_value, FieldPath("origin_country", 0), "XX")
    refused("CW707", normalise_value, FieldPath("currency"), "EURO")
    refused("CW707", normalise_value, FieldPath("line_total", 0), "-5")
    refused("CW707", normalise_value, FieldPath("packages_count"), "2.5")


def test_amend_leaves_the_original_alone_and_recalculates(body):
    original = copy.deepcopy(body)
    new, change = amend(
        body, "items.0.hs_code", "61091000", by="ana", role="assessor", reason="T-shirts, not PSUs"
    )
    assert body == original  # the input is never mutated
    assert change == {"field": "items.0.hs_code", "old": "850440", "new": "61091000", "de": "6/14"}
    item = new["items"][0]["hs_code"]
    assert item["value"] == "61091000" and item["de"] == "6/14" and item["source"] is None
    assert item["amended"] == {"by": "ana", "role": "assessor", "reason": "T-shirts, not PSUs"}
    assert new["duties"]["items"][0]["tariff"]["prefix"] == "6109"  # 12 % instead of 0 %
    assert new["duties"]["totals"]["duty_eur"] != body["duties"]["totals"]["duty_eur"]
    assert new["risk"] is not None


def test_the_same_value_is_no_change(body):
    new, change = amend(body, "currency", "usd", by="ana", role="assessor", reason="check")
    assert change is None and new == body


def test_a_reason_is_required(body):
    refused("CW710", amend, body, "currency", "EUR", by="ana", role="assessor", reason=" ")


def test_refusal_comes_before_anything_else(body):
    # a trader may change nothing, even with a valid value and a reason
    refused("CW706", amend, body, "currency", "EUR", by="t", role="trader", reason="cheaper")


def test_history_is_looked_up_for_the_amended_body(body):
    seen = []

    def history_of(b):
        seen.append(b["exporter_name"]["value"])
        return TraderHistory(exporter_earlier=0, importer_earlier=1)

    new, _ = amend(
        body,
        "exporter_name",
        "Other Exporter Ltd",
        by="bo",
        role="senior_assessor",
        reason="seller per contract",
        history_of=history_of,
    )
    assert seen == ["Other Exporter Ltd"]
    assert [r["code"] for r in new["risk"]["reasons"]] == ["new_exporter"]
