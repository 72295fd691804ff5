"""A table's header line -> its columns, each with the x-extent of its label.

A header is column labels and little else: at least three known columns, a description and a
numeric one among them, no digits, and most of its words labels. A cell of the header that no
label explains becomes an "other" column: the values under it (an article number, a column we
do not extract) stay there instead of leaking into the description or a number beside it.
(Headers printed over several lines: table_header_band.)
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from clearway.models import Word
from extractors import matching
from extractors.layout import Line
from extractors.table_words import (
    column_order,
    header_key,
    header_matcher,
    table_vocab,
    word_key,
)

NUMERIC = {"quantity", "unit_price", "line_total", "net_weight_kg", "gross_weight_kg"}
MIN_COLUMNS = 3
MIN_COLUMNS_UNNAMED_GOODS = 4  # known columns a header needs when its description label is new
HEADER_COVERAGE = 0.6  # share of a header line's words that are column labels
POSITION_SYMBOLS = {"#", "№", "n°", "nº", "no.", "no"}
# "N.°" heading a position column as OCR reads its degree sign: "N.2", "N0", "Nº".
OCR_POSITION = re.compile(r"^[Nn][.,]?[°º20]\.?$")
OTHER = "other"  # a header cell no label explains
PREFIX_LETTERS = 2  # an abbreviation this short before a label qualifies it
QUALIFIER_LETTERS = 4  # a word this short after a label qualifies it
WIDE_SPACE = 2.5  # a space this many times the usual one parts two labels in one cell
MIN_SPACE = 1.0  # points: the usual space is taken as at least this


@dataclass(frozen=True)
class Column:
    name: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Label:
    names: tuple[str, ...]  # the columns it may head, in vocabulary order
    start: int
    end: int


def line_to_columns(line: Line) -> list[Column] | None:
    if has_digits(line):  # most lines: values, not labels
        return None
    labels = line_to_labels(line)
    columns = labels_to_columns(line, labels)
    known = {c.name for c in columns} - {OTHER}
    if (
        len(known) < MIN_COLUMNS
        or not (NUMERIC & known)
        or not names_the_goods(known, columns)
        or not looks_like_header(line, covered(labels))
    ):
        return None
    return columns


def names_the_goods(known: set[str], columns: list[Column]) -> bool:
    """A description column, or (with more known columns to go by) one we could not read, or
    a gap where OCR lost its label, that the values under it may show to be the description
    (table_columns)."""
    return "description" in known or len(known) >= MIN_COLUMNS_UNNAMED_GOODS


def header_score(line: Line) -> tuple[int, int]:
    """How well a line reads as a header: known columns, then label words less other words."""
    labels = line_to_labels(line)
    known = {c.name for c in labels_to_columns(line, labels)} - {OTHER}
    words = sum(word_key(w.text) != matching.PUNCT for w in line.words)
    return len(known), 2 * covered(labels) - words


def covered(labels: list[Label]) -> int:
    return sum(label.end - label.start for label in labels)


def line_to_labels(line: Line) -> list[Label]:
    doc = matching.keys_to_doc([header_key(w.text) for w in line.words])
    breaks = wide_spaces(line)

    # A header phrase never spans two columns ("Unit | Price" are two headers, "Unit Price"
    # one), nor a space much wider than the others ("Commodity code  Article").
    def within_one_cell(start: int, end: int) -> bool:
        return line.cell_of(start) == line.cell_of(end - 1) and not any(
            start < i < end for i in breaks
        )

    order = column_order()
    return [
        Label(tuple(sorted(set(names), key=order.index)), start, end)
        for names, start, end in matching.longest_matches(
            header_matcher(), doc, keep=within_one_cell
        )
    ]


def wide_spaces(line: Line) -> set[int]:
    """Indices of words set after a space WIDE_SPACE times the line's usual one, within a
    cell and on one printed line (a stacked header's cells hold several)."""
    words = line.words
    gaps = {
        i: words[i].x0 - words[i - 1].x1
        for start, end in line.cells or ((0, len(words)),)
        for i in range(start + 1, end)
        if abs(words[i].top - words[i - 1].top) < 1.0
    }
    if len(gaps) < 2:
        return set()
    usual = max(statistics.median_low(gaps.values()), MIN_SPACE)
    return {i for i, gap in gaps.items() if gap > usual * WIDE_SPACE}


def labels_to_columns(line: Line, labels: list[Label]) -> list[Column]:
    """Labels that can head one column only claim it first; then a position symbol ("#",
    "N°"); then labels that can head several take the first of theirs still free, left to
    right. A label for a column already claimed ("Price | Ext. price") heads something else.
    Words no label covers qualify the label before them in their cell ("N.W. kg", "Total
    HT"); at the start of a cell they head an "other" column."""
    spans: dict[int, tuple[int, str]] = {}  # start -> (end, column name)
    named: set[str] = set()

    def claim(start: int, end: int, name: str) -> None:
        spans[start] = (end, name)
        named.add(name)

    for label in labels:
        if len(label.names) == 1 and label.names[0] not in named:
            claim(label.start, label.end, label.names[0])
    if "position" not in named and line.words[0].text.strip().lower() in POSITION_SYMBOLS:
        claim(0, 1, "position")
    for label in labels:
        if label.start not in spans:
            free = [n for n in label.names if n not in named]
            claim(label.start, label.end, free[0] if free else second_of(label, named))
    spans = with_qualifiers(line, spans)
    columns = [
        Column(
            name,
            min(w.x0 for w in line.words[start:end]),
            max(w.x1 for w in line.words[start:end]),
        )
        for start, (end, name) in spans.items()
    ]
    return amounts_in_order(line, sorted(columns, key=lambda c: c.x0))


def second_of(label: Label, named: set[str]) -> str:
    """A second label for a column already claimed: the column such a second one heads
    ("Price | Ext. price": the second price is the line's total), else "other"."""
    seconds = table_vocab()["second_columns"]
    found = [seconds[n] for n in label.names if n in seconds and seconds[n] not in named]
    return found[0] if found else OTHER


def with_qualifiers(line: Line, spans: dict[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
    """Labels widened by the words that qualify them: a short word just before a label
    ("P. neto", "N.º bultos") and any words after it ("N.W. kg", "Total HT"). Other words
    not in a label head "other" columns."""
    out = dict(spans)
    for start, end in line.cells or ((0, len(line.words)),):
        i, owner = start, None
        while i < end:
            if i in out and not is_prefix(line, out, i, end):
                owner, i = i, out[i][0]
                continue
            if is_prefix(line, out, i, end):
                follower_end, name = out.pop(i + 1)
                out[i] = (follower_end, name)
                owner, i = i, follower_end
                continue
            if word_key(line.words[i].text) == matching.PUNCT or is_speck(line.words[i]):
                i += 1
                continue
            if owner is not None and is_qualifier(line.words[i].text):
                out[owner] = (i + 1, out[owner][1])
            elif owner is not None and out[owner][1] == OTHER:
                out[owner] = (i + 1, OTHER)
            else:
                out[i] = (i + 1, OTHER)
                owner = i
            i += 1
    return out


def is_qualifier(text: str) -> bool:
    """A unit, currency or short note after a label ("kg", "(kg)", "HT", "EUR", "ohne"); a
    longer word after a label ("Tariff No. Country") heads a column of its own."""
    return text.startswith("(") or len(word_key(text)) <= QUALIFIER_LETTERS


def is_prefix(line: Line, spans: dict[int, tuple[int, str]], i: int, cell_end: int) -> bool:
    """A one- or two-letter word ("P.", "N.º", "Nb") that no column claimed, just before a
    label of the same cell."""
    own = spans.get(i)
    return (
        (own is None or own == (i + 1, OTHER))
        and len(word_key(line.words[i].text)) <= PREFIX_LETTERS
        and i + 1 < cell_end
        and i + 1 in spans
        and spans[i + 1][1] != OTHER
    )


def amounts_in_order(line: Line, columns: list[Column]) -> list[Column]:
    """ "Amount" heads quantities in some tables and totals in others: of the two, the
    quantity is the left one."""
    keys = {word_key(w.text) for w in line.words}
    names = [c.name for c in columns]
    if "amount" in keys and "quantity" in names and "line_total" in names:
        q, t = names.index("quantity"), names.index("line_total")
        if q > t:
            columns = list(columns)
            columns[q] = replace(columns[q], name="line_total")
            columns[t] = replace(columns[t], name="quantity")
    return columns


def looks_like_header(line: Line, covered: int) -> bool:
    """Column labels and little else: a details line ("Packages: 12  Gross weight (kg): 85,1")
    also names columns, but carries values."""
    words = sum(word_key(w.text) != matching.PUNCT and not is_speck(w) for w in line.words)
    return not has_digits(line) and covered >= HEADER_COVERAGE * words


def has_digits(line: Line) -> bool:
    """Digits anywhere but in a position column's "N.°" that OCR read as "N.2" or "N0", or in
    a speck of scan noise OCR read as one unsure figure ("5," amid 'Artículo  SA  Cant.')."""
    words = line.words
    if words and OCR_POSITION.match(words[0].text):
        words = words[1:]
    return any(re.search(r"\d", w.text) and not is_speck(w) for w in words)


SPECK_CONFIDENCE = 0.6  # OCR'd figures this unsure, and alone, are mostly noise


def is_speck(word: Word) -> bool:
    return word.confidence < SPECK_CONFIDENCE and sum(ch.isalnum() for ch in word.text) == 1
