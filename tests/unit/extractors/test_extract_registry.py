"""Every canonical field of fields.md has a producer (label vocabulary, pattern, or classifier)."""

from __future__ import annotations

import pytest

from extractors import values
from extractors.fields import FIELDS
from extractors.labels import label_set

# Produced outside the label vocabularies: subtype by the classifier, values by pattern finders.
OTHER_PRODUCERS = {"invoice_type", "transport_document_type", "permit_type"}


@pytest.mark.parametrize("doc_type", ["invoice", "packing_list", "waybill", "permit"])
def test_every_field_has_a_producer(doc_type: str) -> None:
    labelled = set(label_set(doc_type).fields)
    missing = set(FIELDS[doc_type]) - labelled - OTHER_PRODUCERS
    assert not missing, f"{doc_type}: no producer for {sorted(missing)}"


@pytest.mark.parametrize("doc_type", ["invoice", "packing_list", "waybill", "permit"])
def test_label_vocabularies_only_name_canonical_fields(doc_type: str) -> None:
    """Besides canonical fields, a vocabulary may only read helpers that stand in for one
    (a certificate's exporter address becomes its holder's address)."""
    labels = label_set(doc_type)
    helpers = {source for by_field in labels.stand_ins.values() for source in by_field.values()}
    assert set(labels.fields) - helpers <= set(FIELDS[doc_type])
    for by_field in labels.stand_ins.values():
        assert set(by_field) <= set(FIELDS[doc_type])


@pytest.mark.parametrize("doc_type", ["invoice", "packing_list", "waybill", "permit"])
def test_letterhead_roles_name_canonical_fields(doc_type: str) -> None:
    roles = label_set(doc_type).letterhead
    assert roles.get("name") and set(roles.values()) <= set(FIELDS[doc_type])


def test_every_kind_has_a_reader_and_a_trust() -> None:
    for doc_type in ("invoice", "packing_list", "waybill", "permit"):
        for spec in label_set(doc_type).fields.values():
            assert spec.kind in values.READERS and spec.kind in values.KIND_TRUST
