"""Places to UN/LOCODE, and the Incoterms named place read after the rule."""

from __future__ import annotations

import pytest

from extractors.normalize import place_to_locode
from extractors.values import text_to_incoterms_place, text_to_location


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Rotterdam", "NLRTM"),
        ("Hamburg, Germany", "DEHAM"),
        ("Wien (AT)", "ATVIE"),
        ("Port of Antwerp", "BEANR"),
        ("Anvers", "BEANR"),
        ("Nueva York", "USNYC"),
        ("Atlantis", None),
    ],
)
def test_place_names_in_four_languages_give_their_locode(text: str, code: str | None) -> None:
    assert place_to_locode(text) == code


def test_a_printed_locode_wins_and_an_unknown_place_stays_as_printed() -> None:
    assert text_to_location("Basel (CHBSL)") == "CHBSL"
    assert text_to_location("Kleinkleckersdorf") == "Kleinkleckersdorf"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("FCA New York", "USNYC"),
        ("CIF Rotterdam Incoterms 2020", "NLRTM"),
        ("DAP Wien, Incoterms® 2020", "ATVIE"),
        ("Hamburg", "DEHAM"),
        ("FOB", None),
        ("EXW (Incoterms 2020)", None),
    ],
)
def test_incoterms_place_is_what_follows_the_rule(text: str, place: str | None) -> None:
    assert text_to_incoterms_place(text) == place
