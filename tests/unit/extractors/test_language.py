"""The printed language of a document, for assigning assessors who read it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.language import pages_to_language  # noqa: E402


def page(*lines: str):  # type: ignore[no-untyped-def]
    return [
        page_of(
            *[
                words_at(100 + 14 * n, *[(40 + 50 * i, w) for i, w in enumerate(text.split())])
                for n, text in enumerate(lines)
            ]
        )
    ]


PRINTED = {
    "de": ("Rechnung Nr. 4711 vom 05.03.2026", "Zahlbar innerhalb 30 Tagen ohne Abzug",
           "Gesamtbetrag und Menge"),
    "fr": ("Facture numéro 4711", "Poids brut des marchandises", "Montant total pour les colis"),
    "es": ("Factura número 4711", "Peso bruto de las mercancías",
           "Importe total para los bultos del remitente"),
    "en": ("Commercial invoice for the goods", "Gross weight of the packing list",
           "Shipper and consignee with their country"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(PRINTED))
def test_each_language_is_told_by_its_own_words(language: str) -> None:
    assert pages_to_language(page(*PRINTED[language])) == language


def test_too_few_words_or_two_languages_say_nothing() -> None:
    assert pages_to_language(page("4711 EUR 100,00")) is None
    bilingual = page("Consignee / Empfänger", "Shipper / Absender", "Gross weight / Gewicht",
                     "the goods / die Waren und")  # fmt: skip
    assert pages_to_language(bilingual) is None
