"""Check digits and reference normalisation (the linking stage relies on these names)."""

from __future__ import annotations

import pytest

from extractors.checks import awb_is_valid, container_is_valid, iban_is_valid
from extractors.references import normalize_reference, reference_key


def test_check_digits() -> None:
    assert awb_is_valid("17612345675")
    assert not awb_is_valid("17612345676")
    assert container_is_valid("CSQU3054383")
    assert not container_is_valid("CSQU3054384")
    assert iban_is_valid("DE88200800000970375700")


@pytest.mark.parametrize(
    ("kind", "printed", "normalised"),
    [
        ("invoice", "No. INV-2026/0042", "INV-2026/0042"),
        ("invoice", "Nr.  rE  4711", "RE 4711"),
        ("invoice", "N° 562044387", "562044387"),
        ("transport_document", "176-1234 5675", "17612345675"),
        ("container", "csqu 305438-3", "CSQU3054383"),
        ("order", "#PO-445", "PO-445"),
    ],
)
def test_normalize_reference(kind: str, printed: str, normalised: str) -> None:
    assert normalize_reference(kind, printed) == normalised


def test_reference_key_ignores_separators() -> None:
    assert reference_key("INV-2026/0042") == reference_key("inv 2026 0042") == "INV20260042"
