"""The raised "º" of "Pedido n.º" that OCR read as a figure of its own."""

from __future__ import annotations

from clearway.models import Word
from extractors.ocr_marks import ordinal_marks_joined


def word(text: str, x0: float, x1: float, top: float, bottom: float) -> Word:
    return Word(text=text, x0=x0, x1=x1, top=top, bottom=bottom, confidence=0.7)


def test_a_raised_figure_after_n_is_the_ordinal_mark() -> None:
    # "Pedido n 2" as OCR boxed it (pixels of a 300 dpi scan): the "2" stands 5 px high.
    words = [
        word("Pedido", 836, 891, 364, 385),
        word("n", 897, 906, 376, 384),
        word("2", 913, 926, 364, 379),
    ]
    out = ordinal_marks_joined(words)
    assert [w.text for w in out] == ["Pedido", "nº"]
    assert out[1].x1 == 926 and out[1].top == 364


def test_a_figure_on_the_line_after_n_stays_a_figure() -> None:
    words = [word("n", 897, 906, 376, 384), word("2", 913, 926, 369, 384)]
    assert [w.text for w in ordinal_marks_joined(words)] == ["n", "2"]


def test_a_raised_figure_after_another_word_stays() -> None:
    words = [word("m", 897, 906, 376, 384), word("2", 908, 914, 368, 376)]  # "m²" read apart
    assert [w.text for w in ordinal_marks_joined(words)] == ["m", "2"]


def test_the_n_is_found_by_place_when_a_reread_put_it_first() -> None:
    words = [
        word("n", 897, 906, 376, 384),
        word("Vendedor", 103, 179, 177, 190),
        word("Pedido", 836, 891, 364, 385),
        word("2", 913, 926, 364, 379),
    ]
    assert [w.text for w in ordinal_marks_joined(words)] == ["nº", "Vendedor", "Pedido"]
