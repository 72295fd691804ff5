"""Letter O or figure 0 beside a letter in a code, told by the hole of the glyph printed."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from clearway.models import Word
from extractors import ocr_glyphs


def printed(text: str, bold: bool = True) -> tuple[np.ndarray, Word]:
    """The ink of ``text`` printed at ~300 dpi, and its word box (as Tesseract gives it)."""
    font = ImageFont.load_default(size=40)
    page = Image.new("L", (900, 120), 255)
    draw = ImageDraw.Draw(page)
    draw.text((30, 30), text, fill=0, font=font, stroke_width=1 if bold else 0, stroke_fill=0)
    ink = np.asarray(page) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    box = Word(text="?", x0=cols[0], top=rows[0], x1=cols[-1] + 1, bottom=rows[-1] + 1)
    return ink, box


@pytest.mark.parametrize(
    ("code", "bold"), [("VN26CO377500", True), ("US26CO654412", True), ("VN26CO977500", False)]
)
def test_a_letter_o_read_as_zero_is_set_back(code: str, bold: bool) -> None:
    ink, box = printed(code, bold)
    word = box.model_copy(update={"text": code.replace("CO", "C0"), "confidence": 0.92})
    assert ocr_glyphs.settle_o_and_zero([word], ink)[0].text == code


def test_a_zero_read_as_letter_o_is_set_back() -> None:
    ink, box = printed("BE0371404101")
    word = box.model_copy(update={"text": "BEO371404101", "confidence": 0.9})
    assert ocr_glyphs.settle_o_and_zero([word], ink)[0].text == "BE0371404101"


def test_a_zero_read_right_stays() -> None:
    ink, box = printed("IN26C0257934")
    word = box.model_copy(update={"text": "IN26C0257934"})
    assert ocr_glyphs.settled(word, ink) == "IN26C0257934"


def test_holes_that_do_not_match_the_characters_leave_the_word_as_read() -> None:
    # Bold print closes the tail of this face's 9 into a second hole: six holes for five.
    ink, box = printed("VN26CO977500")
    word = box.model_copy(update={"text": "VN26C0977500"})
    assert len(ocr_glyphs.word_holes(ink, box)) == 6
    assert ocr_glyphs.settled(word, ink) == "VN26C0977500"


def test_only_o_and_zero_beside_letters_in_codes_are_doubted() -> None:
    assert ocr_glyphs.candidates("VN26C0977500") == [5]
    assert ocr_glyphs.candidates("PO-4558957004") == [1]  # "PO": O beside P
    assert ocr_glyphs.candidates("4711-0815") == []
    assert ocr_glyphs.known_zeros("VN26C0977500", [5]) == [10]  # 0 between figures, not the last
    assert ocr_glyphs.known_zeros("VN26C0058026", [5]) == [9]  # its neighbour is in doubt
    ink, box = printed("COMPANY")
    assert ocr_glyphs.settled(box.model_copy(update={"text": "C0MPANY"}), ink) == "C0MPANY"


@pytest.mark.parametrize("read", ["PO-4555032458", "P0-4555032458"])
def test_a_zero_of_the_same_word_is_the_measure(read: str) -> None:
    # "5550324" holds a zero between figures: the O's hole is clearly wider than that zero's.
    ink, box = printed("PO-4555032458")
    word = box.model_copy(update={"text": read})
    assert ocr_glyphs.settled(word, ink) == "PO-4555032458"


def test_without_a_zero_to_compare_a_slot_shaped_hole_is_left_as_read() -> None:
    hole = ocr_glyphs.Hole(x=0, width=12, height=24)  # a bold serif O, or a 0
    assert ocr_glyphs.glyph(hole, None) is None
    assert ocr_glyphs.glyph(hole, 4) == "O" and ocr_glyphs.glyph(hole, 11) == "0"
    assert ocr_glyphs.glyph(ocr_glyphs.Hole(x=0, width=16, height=20), None) == "O"
