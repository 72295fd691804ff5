"""Lines of large print (document titles), lines of body text, and cells of read lines, that
Tesseract's page pass left out or split apart.

Tesseract's "one uniform block" mode (psm 6, which keeps table rows together) drops a line whose
letters are much taller than the body text around it: "CERTIFICATE OF ORIGIN", "PACKING LIST"
and "CONNAISSEMENT MARITIME" came back as nothing on generated scans, and the document type is
told from those titles. A band of inked rows at least LARGE_LINE_RATIO times the page's median
word height, where the page pass read (almost) nothing, is read again alone as one line
(psm 7; words overlapping ones already read are dropped): a strip of a few hundred thousand
pixels, ~0.03 s, on the few pages that have one.

Tesseract also takes the letter spacing of a large bold title for word spaces
("EIN FU HR G ENEH M IG U NG"): capitals of large print closer than JOIN_GAP times their height
are joined back into one word (spaces between title words measured >= 0.45 of the height,
the split pieces <= 0.16).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import numpy as np

from clearway.models import Word

LARGE_LINE_RATIO = 1.6  # band height / median word height: titles ~2-3x, body text ~1-1.3x
MAX_LINE_SHARE = 0.08  # taller bands (logos, photos, stamps) are not lines of text
MIN_ASPECT = 4.0  # a line of text is several times wider than high; a stamp's box is not
MIN_ROW_INK = 3  # pixels: a row with less ink is a gap (specks left by the cleaning)
MIN_CONFIDENCE = 0.5  # words read from a re-read band below this are speckle or a stamp
MAX_READ_SHARE = 0.3  # of a band's inked width covered by words already read: not missed
PAD_PX = 12
# Tesseract's page pass also drops a line of body text now and then, clean print and all: the
# last line of two address blocks side by side ("China ... Austria") came back as nothing. A
# band of body-text height with ink enough to be print, no word read in it, is read again too.
MISSED_LINE_RATIO = 0.7
MIN_PLAIN_ASPECT = 2.0  # inked columns / band height: "China" is ~3 times as wide as high
MIN_INK_DENSITY = 0.15  # of the inked columns' pixels: print ~25-40 %, scattered specks far less
# It drops a cell of a line it read, too: the header "Poids net kg" between "Nb colis" and
# "Poids brut kg" (its column then went unread on every row), a figure at a row's end. A run of
# print holding no word, a cell's gap from the words around it, is read again alone.
CELL_GAP = 0.6  # band heights of white between two cells of a line (word spaces ~0.3)
MIN_CELL_ASPECT = 0.8  # inked columns / band height: "20" or "kg" at least
MIN_CELL_ROWS = 0.5  # of the band's height the run's ink spans: letters, not a rule's stub
WEAK_WORD = 0.4  # a word read with less confidence than this may be read again in its cell
MIN_COLUMN_INK = 3  # pixels of a column inside a line's band: less is a rule or a speck
MAX_CELL_LINE_RATIO = 3.0  # word height / median word height of the lines looked at
MIN_LINE_WORDS = 2  # words of a line whose dropped cells are looked for
JOIN_GAP = 0.2  # gap / letter height below which two pieces of a large capitals word are one

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
ReadStrip = Callable[[Box], list[Word]]  # reads the page's pixels in the box, words in page px


def large_line_words(ink: np.ndarray, words: Sequence[Word], read_strip: ReadStrip) -> list[Word]:
    """Words of the large lines ``words`` (the page pass) missed, in page pixels."""
    found: list[Word] = []
    for box in unread_large_lines(ink, words):
        found += [
            w
            for w in read_strip(box)
            if w.confidence >= MIN_CONFIDENCE and not overlaps_any(w, words)
        ]
    return found


def reread_cells(ink: np.ndarray, words: Sequence[Word], read_strip: ReadStrip) -> list[Word]:
    """``words`` (the page pass) with the cells of read lines that it dropped, or read as
    garbage, read again alone: a re-read cell replaces the weak words it covered where it is
    read with more confidence than they were."""
    out = list(words)
    for box, weak in unread_cells(ink, words):
        strong = [w for w in out if w not in weak]
        found = [
            w
            for w in read_strip(box)
            if w.confidence >= MIN_CONFIDENCE and not overlaps_any(w, strong)
        ]
        if not found:
            continue
        if weak and min(w.confidence for w in found) <= max(w.confidence for w in weak):
            continue
        out = [*strong, *found]
    return out


def unread_large_lines(ink: np.ndarray, words: Sequence[Word]) -> list[Box]:
    heights = sorted(w.bottom - w.top for w in words if any(ch.isalnum() for ch in w.text))
    if not heights:
        return []
    body = heights[len(heights) // 2]
    height, width = ink.shape
    boxes = []
    for top, bottom in ink_bands(ink):
        tall = bottom - top
        large = LARGE_LINE_RATIO * body <= tall <= MAX_LINE_SHARE * height
        plain = MISSED_LINE_RATIO * body <= tall < LARGE_LINE_RATIO * body
        if not (large or plain):
            continue
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        x0, x1 = int(cols[0]), int(cols[-1]) + 1
        share = read_share(words, top, bottom, x1 - x0)
        if large and (x1 - x0 < MIN_ASPECT * tall or share > MAX_READ_SHARE):
            continue
        if plain and (share > 0 or not looks_like_print(ink[top:bottom], len(cols))):
            continue
        boxes.append(
            (
                max(0, x0 - PAD_PX),
                max(0, top - PAD_PX),
                min(width, x1 + PAD_PX),
                min(height, bottom + PAD_PX),
            )
        )
    return boxes


def unread_cells(ink: np.ndarray, words: Sequence[Word]) -> list[tuple[Box, list[Word]]]:
    """Runs of print on a line the page pass read, apart from its words by a cell's gap and
    holding no word, or only words read with little confidence: a table header cell ("Poids
    net kg") or a figure Tesseract dropped, or read as "BN", while reading the rest of the row;
    with the weak words each covers. The line's band is its words' (the ink bands of a dirty
    scan run rows together)."""
    height, width = ink.shape
    boxes = []
    for line in word_lines(words):
        top = int(statistics.median(w.top for w in line))
        bottom = int(statistics.median(w.bottom for w in line)) + 1
        tall = bottom - top
        if tall <= 0:
            continue
        band = ink[top:bottom]
        for x0, x1 in ink_runs(band, CELL_GAP * tall):
            covered = [w for w in line if w.x0 < x1 and x0 < w.x1]
            if any(w.confidence >= WEAK_WORD for w in covered) or not looks_like_cell(
                band[:, x0:x1], tall
            ):
                continue
            box = (
                max(0, x0 - PAD_PX),
                max(0, top - PAD_PX),
                min(width, x1 + PAD_PX),
                min(height, bottom + PAD_PX),
            )
            boxes.append((box, covered))
    return boxes


def word_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words of body print grouped into lines by their vertical centres."""
    heights = sorted(w.bottom - w.top for w in words if any(ch.isalnum() for ch in w.text))
    if not heights:
        return []
    body = heights[len(heights) // 2]
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        # Up to a title's height: a header on a grey band comes back in boxes twice as tall.
        if not MISSED_LINE_RATIO * body <= word.bottom - word.top < MAX_CELL_LINE_RATIO * body:
            continue
        centre = (word.top + word.bottom) / 2
        if lines and abs(centre - line_centre(lines[-1])) < body / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [line for line in lines if len(line) >= MIN_LINE_WORDS]


def line_centre(line: list[Word]) -> float:
    return statistics.median((w.top + w.bottom) / 2 for w in line)


def ink_runs(band: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """(x0, x1) of the runs of inked columns, runs closer than ``gap`` joined. A column holding
    less ink than MIN_COLUMN_INK is white: a rule left under a header (skewed through its
    letters) would otherwise join the whole line into one run."""
    cols = np.flatnonzero(np.count_nonzero(band, axis=0) >= MIN_COLUMN_INK)
    if cols.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(cols) > gap)
    starts = np.concatenate(([cols[0]], cols[breaks + 1]))
    ends = np.concatenate((cols[breaks], [cols[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def looks_like_cell(run: np.ndarray, tall: int) -> bool:
    inked = int(np.count_nonzero(run.any(axis=0)))
    rows = int(np.count_nonzero(run.any(axis=1)))
    return (
        inked >= MIN_CELL_ASPECT * tall
        and rows >= MIN_CELL_ROWS * tall
        and np.count_nonzero(run) >= MIN_INK_DENSITY * tall * inked
    )


def ink_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """(top, bottom) of each run of rows with ink, bottom exclusive."""
    on = np.concatenate(([False], np.count_nonzero(ink, axis=1) >= MIN_ROW_INK, [False]))
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def looks_like_print(band: np.ndarray, inked_columns: int) -> bool:
    """Enough inked columns for a word or two, each holding as much ink as letters do (specks
    of noise scattered along a band hold a pixel or two a column)."""
    tall = band.shape[0]
    return (
        inked_columns >= MIN_PLAIN_ASPECT * tall
        and np.count_nonzero(band) >= MIN_INK_DENSITY * tall * inked_columns
    )


def read_share(words: Sequence[Word], top: int, bottom: int, ink_width: int) -> float:
    """How much of the band's inked width the page pass read words in (words centred in the
    band): several lines of body text run together into one band are read, a missed title is
    not."""
    inside = [w.x1 - w.x0 for w in words if top <= (w.top + w.bottom) / 2 < bottom]
    return sum(inside) / max(1, ink_width)


def overlaps_any(word: Word, words: Sequence[Word]) -> bool:
    return any(
        word.x0 < w.x1 and w.x0 < word.x1 and word.top < w.bottom and w.top < word.bottom
        for w in words
    )


def join_split_capitals(words: Sequence[Word]) -> list[Word]:
    """Neighbouring words of large capitals on one line, closer than JOIN_GAP times their
    height, as one word (its confidence the lowest of its pieces)."""
    heights = sorted(w.bottom - w.top for w in words if any(ch.isalnum() for ch in w.text))
    if not heights:
        return list(words)
    large = LARGE_LINE_RATIO * heights[len(heights) // 2]
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and large_capitals(last, large) and large_capitals(word, large):
            tall = max(last.bottom - last.top, word.bottom - word.top)
            same_line = min(last.bottom, word.bottom) - max(last.top, word.top) >= 0.7 * tall
            if same_line and 0 <= word.x0 - last.x1 < JOIN_GAP * tall:
                out[-1] = Word(
                    text=last.text + word.text,
                    x0=last.x0,
                    top=min(last.top, word.top),
                    x1=word.x1,
                    bottom=max(last.bottom, word.bottom),
                    confidence=min(last.confidence, word.confidence),
                )
                continue
        out.append(word)
    return out


def large_capitals(word: Word, large: float) -> bool:
    return word.text.isalpha() and word.text.isupper() and word.bottom - word.top >= large
