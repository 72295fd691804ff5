"""load_vocabularies builds every document type's labels up front (benchmarks and long-lived
workers call it so that no document pays for them)."""

from __future__ import annotations

from extractors import labels
from extractors.vocabularies import load_vocabularies


def test_every_document_types_labels_are_built() -> None:
    labels.label_set.cache_clear()
    load_vocabularies()
    assert (
        labels.label_set.cache_info().currsize == 5
    )  # invoice, receipt, packing list, waybill, permit
