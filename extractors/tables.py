"""Line items: the table reader for invoices and packing lists.

header (table_header: column labels -> column x-extents; table_header_band: a header printed
over several lines) -> the lines below, until an end word ("Total", "Summe") or a wide gap,
following the table over page breaks, with or without the header repeated -> columns whose
header we could not read named by their values (table_columns) -> rows (table_rows: words to
columns, a row per printed amount or quantity, wrapped descriptions joined) -> checks
(table_checks: quantity x unit price = line total confirms or questions the cells) -> units
the table does not print (table_units).
Merged cells are out of scope.
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher

from clearway.models import FieldValue, Word
from extractors import matching
from extractors.layout import Line
from extractors.table_cells import words_to_columns
from extractors.table_checks import items_checked
from extractors.table_columns import columns_from_values
from extractors.table_header import MIN_COLUMNS, NUMERIC, Column, line_to_columns
from extractors.table_header_band import header_at
from extractors.table_numbers import words_to_decimal_mark
from extractors.table_rows import rows_to_items
from extractors.table_units import with_implied_units
from extractors.table_words import (
    carry_matcher,
    end_matcher,
    first_keys,
    table_vocab,
    word_key,
)

VERSION = "tables.v3"
CONTINUATION_SEARCH_LINES = 15  # page header lines before a repeated table header
END_GAP = 5  # line heights of white space that end a table
MAX_FOOTER_LINES = 3  # lines below a table's last row on a page it runs off
MIN_ROW_CELLS = 3  # cells of a row that resumes a table on the next page

__all__ = ["VERSION", "lines_to_line_items", "table_vocab"]


def lines_to_line_items(lines: list[Line]) -> list[dict[str, FieldValue]]:
    items: list[dict[str, FieldValue]] = []
    index = 0
    while index < len(lines):
        found = header_at(lines, index)
        if found is None:
            index += 1
            continue
        columns, last = found
        body, index = table_body(lines, last, columns)
        body = columns_from_values(body)
        mark = words_to_decimal_mark(figures(body))
        items.extend(with_implied_units(items_checked(rows_to_items(body, VERSION, mark))))
    return items


def figures(body: list[tuple[Line, list[Column]]]) -> list[Word]:
    """The words printed under the table's numeric columns."""
    return [
        word
        for line, columns in body
        for name, words in words_to_columns(line, columns).items()
        if name in NUMERIC
        for word in words
    ]


def table_body(
    lines: list[Line], header_index: int, columns: list[Column]
) -> tuple[list[tuple[Line, list[Column]]], int]:
    """The lines under a header, each with the columns that apply to it, following the table
    over page breaks, whether the next page repeats the header or just goes on with rows.
    Running totals carried between pages are left out. Returns (body, index to go on at)."""
    body: list[tuple[Line, list[Column]]] = []
    start, reference = header_index + 1, lines[header_index]
    while True:
        part = rows_from(lines, start, reference)
        body.extend((line, columns) for line in part if not is_carry_line(line))
        index = start + len(part)  # the first line after this part
        repeat = repeated_header(lines, index, columns)
        if repeat is not None:
            last, columns = repeat
            start, reference = last + 1, lines[last]
            continue
        resumed = resumed_rows(lines, index, columns)
        if resumed is None:
            return body, index
        start, reference = resumed, lines[resumed]


def repeated_header(
    lines: list[Line], index: int, columns: list[Column]
) -> tuple[int, list[Column]] | None:
    """On the page after the table's last line, the same header again (a continuation page).
    Returns the index of the header's last line and its columns."""
    if index < 1 or index > len(lines):
        return None
    page = lines[index - 1].page + 1
    names = {c.name for c in columns}
    seen = 0
    for k in range(index, len(lines)):
        if lines[k].page < page:
            continue
        if lines[k].page > page or seen >= CONTINUATION_SEARCH_LINES:
            return None
        seen += 1
        found = header_at(lines, k)
        if found is not None and len(names & {c.name for c in found[0]}) >= MIN_COLUMNS:
            return found[1], found[0]
    return None


def rows_from(lines: list[Line], start: int, reference: Line) -> list[Line]:
    """Lines from ``start`` on the reference line's page, until an end word, another header
    or a gap wider than END_GAP line heights."""
    height = max(1.0, reference.bottom - reference.top)
    body: list[Line] = []
    previous = reference
    for line in lines[start:]:
        if (
            line.page != reference.page
            or line.top - previous.bottom > height * END_GAP
            or is_end_line(line)
            or line_to_columns(line) is not None
        ):
            break
        body.append(line)
        previous = line
    return body


def resumed_rows(lines: list[Line], index: int, columns: list[Column]) -> int | None:
    """Where a table that ran to the foot of a page goes on at the top of the next without
    repeating its header: the first line there that reads as an item row under the same
    columns, before any end word. A few footer lines ("Page 1 of 2") may come between."""
    if index < 1 or index >= len(lines):
        return None
    page = lines[index - 1].page
    footer = [line for line in lines[index:] if line.page == page]
    if len(footer) > MAX_FOOTER_LINES or any(is_end_line(line) for line in footer):
        return None
    first = index + len(footer)
    for k in range(first, min(len(lines), first + CONTINUATION_SEARCH_LINES)):
        line = lines[k]
        if line.page > page + 1 or is_end_line(line):
            return None
        if is_item_row(line, columns):
            return k
    return None


def is_item_row(line: Line, columns: list[Column]) -> bool:
    found = rows_to_items([(line, columns)], VERSION)
    return len(found) == 1 and "description" in found[0] and len(found[0]) >= MIN_ROW_CELLS


def is_end_line(line: Line) -> bool:
    return starts_with(line, "end_words", end_matcher()) and not is_carry_line(line)


def is_carry_line(line: Line) -> bool:
    """ "Carried forward 12,400.00" / "Übertrag": a running total between pages, not an item."""
    return starts_with(line, "carry_words", carry_matcher())


def starts_with(line: Line, kind: str, matcher: PhraseMatcher) -> bool:
    """One of the phrases among the line's first words (a margin mark may come first)."""
    keys = [word_key(w.text) for w in line.words[:4]]
    if not first_keys(kind) & set(keys):
        return False
    return bool(matcher(matching.keys_to_doc(keys)))
