"""The type by its fields when no title names it (classify_fields): a certificate of origin whose
heading OCR lost cites its invoice, yet its labels are a certificate's."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors import classify_fields  # noqa: E402
from extractors.classify import pages_to_classification  # noqa: E402
from extractors.layout import page_to_lines  # noqa: E402


def page(*rows: str, title: str | None = None):  # type: ignore[no-untyped-def]
    lines = []
    if title:
        lines.append(words_at(30, *[(40 + 70 * i, w) for i, w in enumerate(title.split())]))
    for n, text in enumerate(rows):
        cells = text.split(" | ")
        x = 40
        words = []
        for cell in cells:
            for w in cell.split():
                words.append((x, w))
                x += 5 * len(w) + 4
            x += 60
        lines.append(words_at(120 + 16 * n, *words))
    return [page_of(*lines)]


CERTIFICATE_BODY = (
    "Certificate Number VN26CO619668 dated 30 Apr 2026",
    "Exporter:",
    "Saigon Garment Export JSC",
    "45 Nguyen Van Linh, District 7",
    "Country of issue: | Vietnam | Country of Origin: | Vietnam",
    "Destination country: | France | Related invoice: | SGE/26/1986",
    "Issuing authority: | Vietnam Chamber of Commerce",
    "Commodity codes: | 611020, 62034231",
)


def classified(pages):  # type: ignore[no-untyped-def]
    page_lines = [page_to_lines(page) for page in pages]
    return classify_fields.classified(pages, page_lines, pages_to_classification(pages))


def test_an_untitled_certificate_that_mentions_its_invoice_is_a_permit() -> None:
    pages = page(*CERTIFICATE_BODY)
    assert pages_to_classification(pages).doc_type == "invoice"  # the mention alone
    kind, found = classified(pages)
    assert kind.doc_type == "permit"
    assert kind.confidence <= classify_fields.MAX_CONFIDENCE
    assert found["permit_number"].value == "VN26CO619668"
    assert found["issuing_country"].value == "VN"


def test_a_title_keeps_the_keyword_decision() -> None:
    pages = page(*CERTIFICATE_BODY, title="Commercial Invoice")
    kind, _ = classified(pages)
    assert kind.doc_type == "invoice"


def test_too_little_layout_stays_as_classified() -> None:
    pages = page("Meeting notes", "lunch at noon")
    kind, found = classified(pages)
    assert kind.doc_type == "other"
    assert found == {}


def test_keywords_that_barely_decide_give_the_fields_a_say() -> None:
    from extractors.classify import Classification

    pages = page(*CERTIFICATE_BODY)
    page_lines = [page_to_lines(p) for p in pages]
    weak = Classification(doc_type="invoice", confidence=0.6)
    assert classify_fields.classified(pages, page_lines, weak)[0].doc_type == "permit"
    sure = Classification(doc_type="invoice", confidence=0.9)
    assert classify_fields.classified(pages, page_lines, sure)[0].doc_type == "invoice"
