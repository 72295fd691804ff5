"""Words -> lines on OCR'd pages: the unsure specks a box rule leaves between a label and its
value are not words of the line; unsure figures and text-layer words are kept."""

from __future__ import annotations

from clearway.models import Page, Word
from extractors.layout import page_to_lines


def word(text: str, x0: float, confidence: float) -> Word:
    return Word(text=text, x0=x0, top=100, x1=x0 + 9 * len(text), bottom=118, confidence=confidence)


def line_texts(source: str, *words: Word) -> list[str]:
    page = Page(number=1, width=2000, height=2800, source=source, words=words)  # type: ignore[arg-type]
    return [line.text for line in page_to_lines(page)]


def test_a_lone_unsure_speck_between_label_and_value_is_dropped() -> None:
    words = (word("Incoterm", 40, 0.93), word("san", 300, 0.44), word("DAP", 500, 0.91))
    assert line_texts("ocr", *words) == ["Incoterm DAP"]


def test_an_unsure_figure_a_sure_word_and_a_text_layer_word_are_kept() -> None:
    words = (word("Packages", 40, 0.93), word("84", 300, 0.3), word("NA", 500, 0.95))
    assert line_texts("ocr", *words) == ["Packages 84 NA"]
    assert line_texts("text", word("Incoterm", 40, 1.0), word("san", 300, 0.2)) == ["Incoterm san"]


def test_an_unsure_word_inside_a_phrase_is_kept() -> None:
    # Only a word standing alone in its cell is a speck; "de" in "N.° de bultos" is text.
    words = (word("N.°", 40, 0.9), word("de", 80, 0.3), word("bultos", 110, 0.9))
    assert line_texts("ocr", *words) == ["N.° de bultos"]
