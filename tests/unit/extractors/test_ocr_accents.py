"""Accents OCR lost or misread, restored from the dictionary of the document's language."""

from __future__ import annotations

import shutil

import pytest

from clearway.models import Page, Word
from extractors import ocr_accents
from extractors.ocr_accents import Dictionary, from_words, restored_text, slot_spellings

FRENCH = from_words(
    [
        "chêne",
        "lumière",
        "Lumiere",
        "entre",
        "entré",
        "pêche",
        "péché",
        "a",
        "à",
        "algodón",
        "pécher",
        "pêcher",
    ]
)
DICT = Dictionary(
    words=FRENCH.words,
    accented=FRENCH.accented,
    slots=slot_spellings(FRENCH.words),
    countries={"turkiye": "türkiye", "osterreich": "österreich", "espana": "españa"},
    elsewhere={
        "munchen": frozenset({"münchen"}),
        "zurich": frozenset({"zürich", "zúrich"}),
        "peche": frozenset({"pêche", "péché"}),
    },
)


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("chéne", "chêne"),  # a wrong accent: OCR saw one
        ("chene", "chêne"),  # no accent, and the bare form is no word
        ("Lumiére", "Lumière"),  # case kept
        ("CHENE,", "CHÊNE,"),  # capitals and the comma after it
        ("(chene)", "(chêne)"),
        ("Turkiye", "Türkiye"),  # a country name, whatever the word list says
        ("Tiirkiye", "Türkiye"),  # ü read as ii
        ("Osterreich.", "Österreich."),
        ("Espafia", "España"),  # ñ read as fi, in a country name
        ("Múnchen", "München"),  # an accent seen, spelled by another language's list only
        ("Ziirich", "Zürich"),  # ü read as ii: the spelling with ü
        ("algodén", "algodón"),  # an accent seen on the wrong vowel: the one word it fits
        ("ALGODÉN", "ALGODÓN"),
    ],
)
def test_accents_are_restored(read: str, printed: str) -> None:
    assert restored_text(read, DICT) == printed


@pytest.mark.parametrize(
    "read",
    [
        "Lumiere",  # the word list knows it as read
        "entre",  # a word in its own right beside "entré"
        "peche",  # several spellings: pêche, péché
        "a",  # too short to tell
        "Brunner",  # no dictionary lists it
        "Munchen",  # another language's word, but no sign of an accent on the page
        "4711",
        "RE-2026-08912",
        "algoden",  # no accent seen: no telling which vowel had one
        "pècher",  # its accent fits two words (pécher, pêcher)
    ],
)
def test_words_that_say_nothing_are_left_as_read(read: str) -> None:
    assert restored_text(read, DICT) == read


def test_capitals_in_a_word_list_do_not_count_as_spellings() -> None:
    # Word lists print capitals without accents ("LUMIERE"): that is no lower-case word.
    found = from_words(["lumière", "LUMIERE"])
    assert "lumiere" not in found.words and found.accented == {"lumiere": "lumière"}


def word(text: str, confidence: float) -> Word:
    return Word(text=text, x0=0, top=0, x1=10, bottom=10, confidence=confidence)


def test_only_ocr_words_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_accents, "combined", lambda code: DICT)
    monkeypatch.setattr(ocr_accents.language, "pages_to_language", lambda pages: "fr")
    scan = Page(number=1, width=100, height=100, source="ocr", unit="px",
                words=(word("chéne", 0.8), word("chene", 1.0)))  # fmt: skip
    text = Page(number=2, width=100, height=100, source="text", words=(word("chene", 1.0),))
    out = ocr_accents.pages_with_accents([scan, text])
    assert [w.text for w in out[0].words] == ["chêne", "chene"]
    assert out[1] is text
    assert out[0].words[0].confidence == 0.8 and out[0].words[0].x1 == 10


def test_pages_without_ocr_are_not_looked_at(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(code: str) -> Dictionary:
        raise AssertionError("no dictionary needed")

    monkeypatch.setattr(ocr_accents, "combined", fail)
    text = Page(number=1, width=100, height=100, source="text", words=(word("chéne", 1.0),))
    assert ocr_accents.pages_with_accents([text]) == [text]


@pytest.mark.skipif(shutil.which("dawg2wordlist") is None, reason="Tesseract tools missing")
def test_tesseract_word_lists_and_cldr_country_names() -> None:
    french = ocr_accents.combined("fr")
    assert restored_text("Lumiére", french) == "Lumière"
    assert restored_text("algodön", ocr_accents.combined("es")) == "algodón"
    german = ocr_accents.combined("de")
    assert restored_text("Osterreich", german) == "Österreich"
    assert restored_text("Turquia", ocr_accents.combined("es")) == "Turquía"
    assert restored_text("Peru", german) == "Peru"  # CLDR's English name, left as read


PLACES = Dictionary(
    words=frozenset({"zúrich", "strafe"}),
    accented={"zurich": "zúrich"},
    places={"zurich": frozenset({"zurich", "zürich"}), "malmo": frozenset({"malmö"})},
    german=frozenset({"große"}),
)


def test_a_place_keeps_the_spelling_of_the_place_lists_not_the_pages_language() -> None:
    assert restored_text("Zúrich", PLACES) == "Zürich"  # OCR saw an accent: the place's one
    assert restored_text("Zurich", PLACES) == "Zurich"  # a spelling of the place as read
    assert restored_text("Malmo", PLACES) == "Malmö"  # no plain spelling of the place


def test_eszett_read_as_b_between_small_letters() -> None:
    assert restored_text("StraBe", PLACES) == "Straße"
    assert restored_text("Hafenstraße", PLACES) == "Hafenstraße"
    assert restored_text("GroBe", PLACES) == "Große"
    assert restored_text("McBride", PLACES) == "McBride"
    assert restored_text("Strafe", PLACES) == "Strafe"


def test_place_words_come_from_the_locations_vocabulary() -> None:
    places = ocr_accents.place_spellings()
    assert "zürich" in places["zurich"] and "zurich" in places["zurich"]
    assert "münchen" in places["munchen"]


SPANISH_LISTS = from_words(["bateria", "batería", "categoria", "categoría", "camion", "camión"])
SPANISH_SPELLED = from_words(["batería", "categoría", "camión", "de", "iones"])
SPANISH = Dictionary(
    words=SPANISH_LISTS.words | {"precision"},
    accented=SPANISH_LISTS.accented,
    spelled=SPANISH_SPELLED.words | {"precisión"},
    spelled_accented={**SPANISH_SPELLED.accented, "precision": "precisión"},
    english=frozenset({"precision"}),
)


def test_a_word_the_spelling_list_knows_only_with_its_accent_takes_it() -> None:
    # Tesseract's Spanish list has "bateria" beside "batería"; the spelling list only the latter.
    assert restored_text("Bateria", SPANISH) == "Batería"
    assert restored_text("categoria,", SPANISH) == "categoría,"
    assert restored_text("iones", SPANISH) == "iones"
    assert restored_text("Navel", SPANISH) == "Navel"  # no accented spelling: a name, as read
    assert restored_text("Precision", SPANISH) == "Precision"  # English: "Pennine Precision Ltd"


def test_french_a_read_with_an_umlaut_is_the_preposition() -> None:
    french = Dictionary(words=frozenset(), accented={}, letters={"ä": "à"})
    assert restored_text("ä", french) == "à"
    assert restored_text("ä", SPANISH) == "ä"


def test_the_installed_spelling_lists_spell_with_accents() -> None:
    spanish = ocr_accents.spelling_list("es")
    assert "batería" in spanish.words and "bateria" not in spanish.words
    assert ocr_accents.spelling_list("fr").accented["electrique"] == "électrique"


def test_i_and_l_swapped_by_ocr_spell_the_one_known_word() -> None:
    known = frozenset({"seedless", "pullover", "filling", "coils"})
    assert ocr_accents.i_and_l_swapped("seediess", known) == "seedless"
    assert (
        ocr_accents.i_and_l_swapped("puiioveI".lower(), known) is None
    )  # no swap of one or two spells it
    assert ocr_accents.i_and_l_swapped("fiiiing", known) == "filling"
    assert ocr_accents.i_and_l_swapped("pullover", known) is None  # known as read
    english = Dictionary(words=frozenset(), accented={}, english=known)
    assert restored_text("Puliover", english) == "Pullover"


def test_a_word_of_another_language_read_is_not_swapped_into_english() -> None:
    # "Nombre de colis" on a bilingual form: French's lists know "colis" (not "coils").
    assert ocr_accents.i_and_l_swapped("colis", frozenset({"coils"})) is None
