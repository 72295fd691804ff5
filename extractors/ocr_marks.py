"""The ordinal mark of a number label ("N.º", "n°") that OCR read as a figure of its own.

Tesseract reads the small raised "º" of Spanish and Portuguese "Pedido n.º" as "2" (now and then
"9" or "o"), a word apart: "Pedido n 2", and the "2" becomes the order number while the real
one, printed under the label, is never looked at. The mark is told by its place: set close
after an "n"/"no"/"nr", and raised (its foot well above the foot of the "n"), where a figure of
the value would stand on the line. It is joined to the word before it ("nº").
"""

from __future__ import annotations

from collections.abc import Sequence

from clearway.models import Word

MARK_READINGS = {"2", "9", "o", "°", "º", "*"}
NUMBER_WORDS = {"n", "no", "nr", "n.", "no.", "nr."}
MAX_GAP = 1.0  # in heights of the mark: the mark follows the "n" at once
RAISED = 0.25  # its foot stands this share of its height above the "n"'s foot


def ordinal_marks_joined(words: Sequence[Word]) -> list[Word]:
    """The words with each ordinal mark joined to its "n"; the words a cell re-read added come
    last, so the "n" is looked for by place, not by order."""
    joined: dict[int, Word] = {}
    dropped: set[int] = set()
    for i, mark in enumerate(words):
        if mark.text not in MARK_READINGS:
            continue
        for j, word in enumerate(words):
            n = joined.get(j, word)  # an "n" a mark already joined is still the "n"
            if j != i and j not in dropped and is_ordinal_mark(n, mark):
                joined[j] = n.model_copy(
                    update={
                        "text": n.text + "º",
                        "x1": max(n.x1, mark.x1),
                        "top": min(n.top, mark.top),
                        "confidence": min(n.confidence, mark.confidence),
                    }
                )
                dropped.add(i)
                break
    if not dropped:
        return list(words)
    return [joined.get(i, w) for i, w in enumerate(words) if i not in dropped]


def is_ordinal_mark(before: Word, word: Word) -> bool:
    if word.text not in MARK_READINGS or before.text.lower() not in NUMBER_WORDS:
        return False
    height = max(1.0, word.bottom - word.top)
    gap = word.x0 - before.x1
    return (
        0 <= gap <= MAX_GAP * height
        and before.top < word.bottom  # on one line
        and before.bottom - word.bottom >= RAISED * height
    )
