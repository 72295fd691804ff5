"""Values OCR split into words: a reference's last figures, a grouped weight after specks."""

from __future__ import annotations

from clearway.models import Word
from extractors.values import READERS, read_reference


def word(text: str, x0: float, x1: float, confidence: float = 0.9) -> Word:
    return Word(text=text, x0=x0, x1=x1, top=100, bottom=120, confidence=confidence)


def test_figures_set_closer_than_a_space_join_the_ocr_read_reference() -> None:
    words = [word("SGE/26/1", 0, 80), word("342", 85, 110)]  # 5 px: a quarter of the height
    assert read_reference(words) == ("SGE/26/1342", 0, 2)


def test_figures_boxed_inside_the_reference_join_it() -> None:
    # The word's box held "12" too, read again alone (ocr_large_lines).
    words = [word("RE-2026-089", 0, 120), word("12", 95, 118)]
    assert read_reference(words) == ("RE-2026-08912", 0, 2)


def test_a_word_space_a_text_layer_or_letters_keep_the_words_apart() -> None:
    assert read_reference([word("SGE/26/1", 0, 80), word("342", 92, 117)])[0] == "SGE/26/1"
    text = [word("SGE/26/1", 0, 80, 1.0), word("342", 85, 110, 1.0)]
    assert read_reference(text)[0] == "SGE/26/1"
    assert read_reference([word("RE-2026-089", 0, 120), word("of", 123, 140)])[0] == "RE-2026-089"
    assert read_reference([word("RE-2026-A", 0, 120), word("12", 123, 140)])[0] == "RE-2026-A"


def test_a_grouped_weight_after_ocr_specks_is_read_whole() -> None:
    # "Peso bruto (kg)  Fe Fo 44 085,6": two specks, then 44 085,6 printed in groups.
    words = [word("Fe", 0, 20, 0.17), word("Fo", 30, 50, 0.4), word("44", 80, 100),
             word("085,6", 108, 160)]  # fmt: skip
    assert READERS["weight"](words) == ("44085.6", 2, 4)
    assert READERS["weight"]([word("A", 0, 12), word("39", 40, 60), word("662,0", 68, 120)]) == (
        "39662.0",
        1,
        3,
    )
