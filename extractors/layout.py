"""Words -> lines -> cells: the reading structure the finders work on.

A line is the words whose vertical centres lie within half a line height of each other; a
cell is a run of words on a line with no gap wider than about two character widths, which
separates "Label:   Value" columns and table columns while keeping "Kunden AG Mitte" together.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from clearway.models import Page, Word


@dataclass(frozen=True)
class Line:
    page: int
    words: tuple[Word, ...]
    source: str = "text"
    cells: tuple[tuple[int, int], ...] = field(default=())  # [start, end) word index ranges

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def cell_of(self, index: int) -> tuple[int, int]:
        for start, end in self.cells:
            if start <= index < end:
                return start, end
        return index, index + 1


def page_to_lines(page: Page) -> list[Line]:
    words = sorted(page.words, key=lambda w: (w.top + w.bottom) / 2)
    if not words:
        return []
    height = statistics.median(w.bottom - w.top for w in words) or 1.0
    groups: list[list[Word]] = []
    centre = None
    mids: list[float] = []  # the current group's word centres, kept rather than recomputed
    for word in words:
        mid = (word.top + word.bottom) / 2
        if centre is not None and abs(mid - centre) <= height * 0.5:
            groups[-1].append(word)
            mids.append(mid)
        else:
            groups.append([word])
            mids = [mid]
        centre = statistics.fmean(mids)
    lines = []
    for group in groups:
        ordered = tuple(sorted(group, key=lambda w: w.x0))
        cells = words_to_cells(ordered)
        if page.source == "ocr":
            kept = without_rule_noise(ordered, cells)
            if not kept:
                continue
            if len(kept) < len(ordered):
                ordered, cells = kept, words_to_cells(kept)
        lines.append(Line(page=page.number, words=ordered, source=page.source, cells=cells))
    return sorted(lines, key=lambda line: line.top)


# Box rules and shading between a label and its value come out of Tesseract as short, unsure
# "words" standing alone ("Incoterm | san | DAP", "Peso bruto kg | onen | 1.028,2"). A lone
# unsure figure is kept: it may be a quantity or a count that matters.
NOISE_CONFIDENCE = 0.5
NOISE_MAX_CHARS = 4


def without_rule_noise(
    words: tuple[Word, ...], cells: tuple[tuple[int, int], ...]
) -> tuple[Word, ...]:
    noise = {
        start
        for start, end in cells
        if end - start == 1
        and words[start].confidence < NOISE_CONFIDENCE
        and len(words[start].text) <= NOISE_MAX_CHARS
        and not any(c.isdigit() for c in words[start].text)
    }
    return tuple(w for i, w in enumerate(words) if i not in noise)


def words_to_cells(words: tuple[Word, ...]) -> tuple[tuple[int, int], ...]:
    if not words:
        return ()
    char_width = statistics.median((w.x1 - w.x0) / max(1, len(w.text)) for w in words)
    gap_limit = max(char_width * 2.2, (words[0].bottom - words[0].top) * 0.9)
    cells = []
    start = 0
    for i in range(1, len(words)):
        if words[i].x0 - words[i - 1].x1 > gap_limit:
            cells.append((start, i))
            start = i
    cells.append((start, len(words)))
    return tuple(cells)


def union_box(words: list[Word] | tuple[Word, ...]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


_STRIP = re.compile(r"^[\W_]+|[\W_]+$")


def token_key(text: str) -> str:
    """A word as label vocabularies compare it: lower case, outer punctuation removed."""
    return _STRIP.sub("", text.lower())
