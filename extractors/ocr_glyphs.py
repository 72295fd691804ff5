"""Letter O or figure 0 beside a letter in a code, told by the hole of the glyph printed.

Tesseract reads a certificate number "VN26CO977500" as "VN26C0977500" with high confidence, and
no check digit says which is right. The print does: the counter (the hole) of a capital O is
nearly round, that of a figure 0 a tall narrow slot, in sans, serif and typewriter faces alike.
Letters of scanned bold print touch, so the glyphs cannot be cut apart by the gaps between them;
their holes stay apart. The holes in the word's box (background not connected to the box's edge)
are matched to the characters read, in order, by how many holes each character has (0 O D A P
R Q 4 6 9: one; 8 B: two); where the count agrees, the O/0 beside a letter takes the shape of
its hole. Where the word has a figure 0 between figures, that zero is the measure: a hole
WIDER times as wide is O, about as wide (SAME) is 0. Without one only a round hole (height /
width up to ROUND) says O: the counter of a bold serif O is a slot as well, only a wider one.
Words whose holes do not match (broken strokes, specks) are left as read, as are O/0 between
figures (confusables.py repairs those by the kind of value).

Measured on the eight such numbers of generated scans seen (150-300 dpi, JPEG, 1-bit TIFF): the
O holes had height/width 1.1-1.25, the zeros 2-3.2; seven of eight words had exactly the
expected holes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from clearway.models import Word

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9./-]*[A-Z0-9]$")
HOLES = {**dict.fromkeys("0ODAPRQ469", 1), "8": 2, "B": 2}
MIN_FIGURES = 2  # a code has figures; a word of capitals has no 0 to doubt
MIN_HOLE_PX = 4  # smaller background islands are specks in the ink
ROUND = 1.4  # hole height / width: a sans or typewriter O's is ~1.1-1.25, a 0's ~2-3
WIDER = 1.4  # an O's hole against a known 0 in the same word: 1.5-3 times as wide
SAME = 1.2  # a 0's hole against a known 0


@dataclass(frozen=True)
class Hole:
    x: int  # left edge in the word's box, for reading order
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.height / max(1, self.width)


def settle_o_and_zero(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """``words`` with each O/0 beside a letter in a code set by its hole; ``ink`` is the read
    page's ink mask, in the words' pixels."""
    out = list(words)
    for i, word in enumerate(words):
        text = settled(word, ink)
        if text != word.text:
            out[i] = word.model_copy(update={"text": text})
    return out


def settled(word: Word, ink: np.ndarray) -> str:
    text = word.text
    doubtful = candidates(text) if _CODE.match(text) else []
    if not doubtful or sum(c.isdigit() for c in text) < MIN_FIGURES:
        return text
    holes = word_holes(ink, word)
    if len(holes) != sum(HOLES.get(c, 0) for c in text):
        return text
    own = holes_of_characters(text, holes)
    zeros = [own[i].width for i in known_zeros(text, doubtful)]
    chars = list(text)
    for i in doubtful:
        chars[i] = glyph(own[i], min(zeros) if zeros else None) or chars[i]
    return "".join(chars)


def glyph(hole: Hole, zero_width: int | None) -> str | None:
    """ "O", "0", or None when the hole does not say. Against a known 0 of the same word by
    width (a bold serif O's counter is a slot too, only wider); without one, only a round hole
    says anything (O)."""
    if zero_width is not None:
        if hole.width >= WIDER * zero_width:
            return "O"
        return "0" if hole.width <= SAME * zero_width else None
    return "O" if hole.aspect <= ROUND else None


def candidates(text: str) -> list[int]:
    """Positions of O/0 with a letter (other than O) on at least one side."""

    def letter(j: int) -> bool:
        return 0 <= j < len(text) and text[j].isalpha() and text[j] != "O"

    return [i for i, c in enumerate(text) if c in "O0" and (letter(i - 1) or letter(i + 1))]


def known_zeros(text: str, doubtful: Sequence[int]) -> list[int]:
    """Positions of 0 between figures (not themselves in doubt): zeros whatever the face."""
    sure = [c.isdigit() and i not in doubtful for i, c in enumerate(text)]
    return [
        i
        for i, c in enumerate(text)
        if c == "0" and i not in doubtful and 0 < i < len(text) - 1 and sure[i - 1] and sure[i + 1]
    ]


def holes_of_characters(text: str, holes: Sequence[Hole]) -> dict[int, Hole]:
    """Position of each one-hole character -> its hole (holes in reading order)."""
    out: dict[int, Hole] = {}
    k = 0
    for i, c in enumerate(text):
        n = HOLES.get(c, 0)
        if n == 1:
            out[i] = holes[k]
        k += n
    return out


def word_holes(ink: np.ndarray, word: Word) -> list[Hole]:
    """Islands of background inside the word's box (not touching its edge), left to right."""
    top, bottom = max(0, round(word.top)), min(ink.shape[0], round(word.bottom))
    left, right = max(0, round(word.x0)), min(ink.shape[1], round(word.x1))
    if bottom - top < 3 or right - left < 3:
        return []
    labels, _ = ndimage.label(~ink[top:bottom, left:right])
    edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])))
    holes = []
    for number, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None or number in edge:
            continue
        if np.count_nonzero(labels[box] == number) < MIN_HOLE_PX:
            continue
        holes.append(
            Hole(
                x=box[1].start, width=box[1].stop - box[1].start, height=box[0].stop - box[0].start
            )
        )
    return sorted(holes, key=lambda h: h.x)
