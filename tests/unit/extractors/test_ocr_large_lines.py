"""Large lines the page pass missed (extractors/ocr_large_lines.py), on drawn ink: no Tesseract."""

from __future__ import annotations

import numpy as np

from clearway.models import Word
from extractors import ocr_large_lines


def word(text: str, x0: float, top: float, x1: float, bottom: float, conf: float = 0.9) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x1, bottom=bottom, confidence=conf)


def page_with_title() -> tuple[np.ndarray, list[Word]]:
    """Body lines 30 px high that the page pass read, and a 75 px title it did not."""
    ink = np.zeros((1200, 1000), dtype=bool)
    ink[100:175, 200:800] = True  # the title band
    body = []
    for i, top in enumerate(range(300, 900, 60)):
        ink[top : top + 30, 100:900] = True
        body.append(word(f"line{i}", 100, top, 900, top + 30))
    return ink, body


def test_a_missed_title_is_read_again_alone() -> None:
    ink, body = page_with_title()
    asked = []

    def read(box):
        asked.append(box)
        return [word("PACKING", 210, 100, 480, 175), word("LIST", 520, 100, 790, 175)]

    found = ocr_large_lines.large_line_words(ink, body, read)
    assert [w.text for w in found] == ["PACKING", "LIST"]
    ((x0, top, x1, bottom),) = asked
    assert x0 <= 200 and x1 >= 800 and top <= 100 and bottom >= 175


def test_bands_already_read_are_not_read_again() -> None:
    ink, body = page_with_title()
    body.append(word("Certificate", 200, 100, 800, 175))
    assert ocr_large_lines.unread_large_lines(ink, body) == []


def test_merged_body_lines_that_were_read_are_left_alone() -> None:
    ink = np.zeros((600, 1000), dtype=bool)
    ink[100:190, 100:900] = True  # three 30 px lines without gaps between them
    words = [word(f"w{i}", 100, 100 + 30 * i, 900, 130 + 30 * i) for i in range(3)]
    words += [word("x", 100, 400, 300, 430)]
    assert ocr_large_lines.unread_large_lines(ink, words) == []


def test_reread_words_over_words_already_read_or_unsure_are_dropped() -> None:
    ink, body = page_with_title()
    body.append(word("tiny", 205, 150, 230, 160))  # a speck read inside the title band

    def read(box):
        return [word("TITLE", 210, 100, 480, 175), word("~", 500, 100, 520, 175, conf=0.2)]

    assert ocr_large_lines.large_line_words(ink, body, read) == []


def test_a_large_title_split_at_its_letter_spacing_is_one_word_again() -> None:
    body = [word(f"b{i}", 100, 300 + 40 * i, 200, 320 + 40 * i) for i in range(9)]
    pieces = [("EIN", 100, 180), ("FU", 188, 240), ("HR", 247, 300), ("NG", 307, 360)]
    title = [word(t, x0, 100, x1, 150, conf=0.8 + i / 100) for i, (t, x0, x1) in enumerate(pieces)]
    joined = ocr_large_lines.join_split_capitals(title + body)
    assert joined[0].text == "EINFUHRNG"
    assert (joined[0].x0, joined[0].x1, joined[0].confidence) == (100, 360, 0.8)
    assert joined[1:] == body


def test_title_words_at_word_spacing_and_body_capitals_stay_apart() -> None:
    body = [word(f"b{i}", 100, 300 + 40 * i, 200, 320 + 40 * i) for i in range(9)]
    title = [word("PACKING", 100, 100, 300, 150), word("LIST", 325, 100, 420, 150)]
    caps = [word("CN", 100, 700, 130, 720), word("USD", 132, 700, 170, 720)]  # body height
    words = title + body + caps
    assert ocr_large_lines.join_split_capitals(words) == words


def body_page() -> tuple[np.ndarray, list[Word]]:
    """Ten body lines 30 px high that the page pass read."""
    ink = np.zeros((1200, 1000), dtype=bool)
    body = []
    for i, top in enumerate(range(100, 700, 60)):
        ink[top : top + 30, 100:900:3] = True  # print: strokes a few pixels apart
        body.append(word(f"line{i}", 100, top, 900, top + 30))
    return ink, body


def test_a_body_line_the_page_pass_dropped_is_read_again() -> None:
    # The last lines of two address blocks side by side ("China ... Austria") came back empty.
    ink, body = body_page()
    ink[800:830, 100:190:3] = True
    ink[800:830, 600:720:3] = True
    ((x0, top, x1, bottom),) = ocr_large_lines.unread_large_lines(ink, body)
    assert x0 <= 100 and x1 >= 720 and top <= 800 and bottom >= 830


def test_specks_along_a_band_are_not_a_dropped_line() -> None:
    ink, body = body_page()
    ink[800:830, 100:900:40] = True  # a column of noise every 40 px: no print
    for x in range(100, 900):  # and a pixel in each column of another band
        ink[1000 + (x * 7) % 30, x] = True
    ink[900:903, 100:400] = True  # a thin rule left by the cleaning: too low for a line
    assert ocr_large_lines.unread_large_lines(ink, body) == []


def table_row(ink: np.ndarray, top: int, cells: list[tuple[int, int]]) -> None:
    """Cells of print 30 px high: letters (ink columns with gaps), not solid bars."""
    for x0, x1 in cells:
        for x in range(x0, x1, 6):
            ink[top : top + 30, x : x + 4] = True


def test_a_cell_the_page_pass_dropped_from_a_line_it_read_is_read_again() -> None:
    ink = np.zeros((400, 1200), dtype=bool)
    table_row(ink, 100, [(100, 300), (400, 600), (700, 900)])
    words = [word("Description", 100, 100, 300, 130), word("Poids", 700, 100, 900, 130)]
    asked = []

    def read(box):
        asked.append(box)
        return [word("Quantité", 402, 101, 598, 129)]

    out = ocr_large_lines.reread_cells(ink, words, read)
    assert [w.text for w in out] == ["Description", "Poids", "Quantité"]
    ((x0, top, x1, bottom),) = asked
    assert x0 <= 400 and x1 >= 600 and top <= 100 and bottom >= 130


def test_a_cell_read_as_garbage_is_replaced_only_by_a_surer_reading() -> None:
    ink = np.zeros((400, 1200), dtype=bool)
    table_row(ink, 100, [(100, 300), (400, 600)])
    words = [word("Tube", 100, 100, 300, 130), word("BN", 400, 100, 600, 130, conf=0.22)]

    def read_well(box):
        return [word("5.324,0", 402, 101, 598, 129, conf=0.9)]

    def read_badly(box):
        return [word("5.3", 402, 101, 598, 129, conf=0.2)]

    assert [w.text for w in ocr_large_lines.reread_cells(ink, words, read_well)] == [
        "Tube",
        "5.324,0",
    ]
    assert [w.text for w in ocr_large_lines.reread_cells(ink, words, read_badly)] == ["Tube", "BN"]


def test_cells_read_with_confidence_and_specks_are_not_read_again() -> None:
    ink = np.zeros((400, 1200), dtype=bool)
    table_row(ink, 100, [(100, 300), (400, 600)])
    ink[110:112, 700:760] = True  # a speck of a rule, no letter's height
    words = [word("Tube", 100, 100, 300, 130), word("5.324,0", 400, 100, 600, 130)]
    assert ocr_large_lines.unread_cells(ink, words) == []
