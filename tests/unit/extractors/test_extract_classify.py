"""Document type and subtype from keyword vocabularies, weighted by position."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.classify import pages_to_classification  # noqa: E402


def title_page(title: str, *body: str):  # type: ignore[no-untyped-def]
    lines = [words_at(40, *[(40 + 60 * i, w) for i, w in enumerate(title.split())])]
    for n, text in enumerate(body):
        lines.append(
            words_at(400 + 15 * n, *[(40 + 60 * i, w) for i, w in enumerate(text.split())])
        )
    return [page_of(*lines)]


@pytest.mark.parametrize(
    ("title", "doc_type", "subtype"),
    [
        ("Commercial Invoice", "invoice", "commercial"),
        ("Proforma-Rechnung", "invoice", "proforma"),
        ("Gutschrift", "invoice", "credit_note"),
        ("Facture", "invoice", "commercial"),
        ("Packing List", "packing_list", None),
        ("Liste de colisage", "packing_list", None),
        ("Air Waybill", "waybill", "AWB"),
        ("Bill of Lading", "waybill", "BL"),
        ("CMR-Frachtbrief", "waybill", "CMR"),
        ("Certificate of Origin", "permit", "certificate_of_origin"),
        ("Einfuhrlizenz", "permit", "import_licence"),
        ("Genehmigung", "permit", "other"),
        ("GUIA AEREA", "waybill", "AWB"),  # accents lost to OCR or capitals
        ("Guía aérea", "waybill", "AWB"),
        ("Certificado fitosanitario", "permit", "phytosanitary_certificate"),
    ],
)
def test_titles(title: str, doc_type: str, subtype: str | None) -> None:
    c = pages_to_classification(title_page(title))
    assert c.doc_type == doc_type
    assert c.subtype == subtype
    assert 0 < c.confidence <= 1


def test_title_outweighs_mentions_below() -> None:
    pages = title_page("Packing List", "Invoice No. 4711", "Invoice date 01.02.2026")
    assert pages_to_classification(pages).doc_type == "packing_list"


def test_unrelated_text_is_other() -> None:
    assert pages_to_classification(title_page("Meeting notes", "lunch at noon")).doc_type == "other"
