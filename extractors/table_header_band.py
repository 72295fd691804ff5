"""A table header printed over several lines: labels wrapped ("Partida / arancelaria") or
stacked ("Positions- / betrag / ohne USt.") above or below the main header line.

The header line's cells are stacks; a word of a line set close above or below joins the stack
it lies under, or starts a stack of its own in a gap of the header line (a column whose label
is printed higher or lower). A line joins the header only if it makes the header read better:
another known column, or more of its words labels. A word broken at a hyphen ("Positions-" /
"betrag") is joined again.
"""

from __future__ import annotations

import itertools
import re

from clearway.models import Word
from extractors.layout import Line
from extractors.table_header import Column, header_score, line_to_columns, wide_spaces

BAND_GAP = 0.8  # line heights between the lines of one header
MAX_BAND_LINES = 2  # on each side of the header line
TOUCH = 0.5  # points of horizontal overlap that put a word under a stack


def header_at(lines: list[Line], index: int) -> tuple[list[Column], int] | None:
    """The columns of the header whose main line is ``lines[index]``, and the index of the
    header's last line (the body starts after it)."""
    main = lines[index]
    if line_to_columns(main) is None:
        return None
    band, last = [main], index
    for step in (1, -1):
        k = index + step
        while 0 <= k < len(lines) and abs(k - index) <= MAX_BAND_LINES:
            trial = band_with(band, lines[k], main)
            if trial is None or header_score(stacked(trial, main)) <= header_score(
                stacked(band, main)
            ):
                break
            band, last = trial, max(last, k)
            k += step
    if len(band) == 1:
        return line_to_columns(main), index
    columns = line_to_columns(stacked(band, main))
    return (columns, last) if columns is not None else (line_to_columns(main), index)


def band_with(band: list[Line], line: Line, main: Line) -> list[Line] | None:
    height = max(1.0, main.bottom - main.top)
    gap = max(line.top - max(b.bottom for b in band), min(b.top for b in band) - line.bottom)
    if (
        line.page != main.page
        or gap > height * BAND_GAP
        or any(re.search(r"\d", w.text) for w in within(line, main))
    ):
        return None
    return sorted([*band, line], key=lambda b: b.top)


def stacked(band: list[Line], main: Line) -> Line:
    """The band as one line: a cell per stack, its words line by line. The header line's cells
    are parted at its wide spaces first ("Commodity code  Country of" over "origin": the
    second line's word joins "Country of", not the code's label)."""
    breaks = wide_spaces(main)
    stacks: list[list[Word]] = []
    for start, end in main.cells:
        cuts = [i for i in range(start + 1, end) if i in breaks]
        stacks.extend(list(main.words[a:b]) for a, b in itertools.pairwise([start, *cuts, end]))
    seeded = len(stacks)
    line_top = {id(w): main.top for w in main.words}  # words of one line, a little uneven
    for line in band:
        if line is main:
            continue
        for word in within(line, main):
            line_top[id(word)] = line.top
            under = [i for i, stack in enumerate(stacks) if overlaps(word, stack)]
            if len([i for i in under if i < seeded]) > 1:
                under = under[:1]  # a word spanning two header cells: the left one
            if under:
                stacks[under[0]].append(word)
            else:
                stacks.append([word])
    stacks.sort(key=lambda st: min(w.x0 for w in st))
    cells: list[list[Word]] = [
        joined_hyphens(sorted(st, key=lambda w: (line_top[id(w)], w.x0))) for st in stacks
    ]
    words = tuple(w for cell in cells for w in cell)
    ranges, start = [], 0
    for cell in cells:
        ranges.append((start, start + len(cell)))
        start += len(cell)
    return Line(page=main.page, words=words, source=main.source, cells=tuple(ranges))


def within(line: Line, main: Line) -> list[Word]:
    """The line's words from where the header line starts; what lies in the margin before it
    (a form number, text set sideways) is not part of the header. To the right a column's
    label may well be printed only above or below the header line."""
    return [w for w in line.words if w.x1 > main.words[0].x0]


def overlaps(word: Word, stack: list[Word]) -> bool:
    x0, x1 = min(w.x0 for w in stack), max(w.x1 for w in stack)
    return min(word.x1, x1) - max(word.x0, x0) > TOUCH


def joined_hyphens(words: list[Word]) -> list[Word]:
    """ "Positions-" over "betrag" -> "Positionsbetrag" (not "Meng.-" over "einheit", an
    abbreviation printed before a word)."""
    out: list[Word] = []
    for word in words:
        if out and re.search(r"[^\W\d_]-$", out[-1].text) and word.text[:1].islower():
            head = out.pop()
            word = head.model_copy(
                update={
                    "text": head.text[:-1] + word.text,
                    "x0": min(head.x0, word.x0),
                    "x1": max(head.x1, word.x1),
                    "bottom": max(head.bottom, word.bottom),
                }
            )
        out.append(word)
    return out
