"""Columns whose header we could not read, named by the values under them.

A header label the vocabulary lacks ("Nomenclature", a new abbreviation) leaves an "other"
column. When the values under it all read as one kind that no other column holds (HS codes
printed as HS codes are printed, two-letter country codes, and, left to right, prose where the
table has no description column), the column is that kind.
"""

from __future__ import annotations

from dataclasses import replace

from clearway.models import Word
from extractors.layout import Line
from extractors.table_cells import SLACK, read_cell, words_by_column
from extractors.table_header import OTHER, Column

INFERRED_KINDS = ("hs_code", "origin_country", "description")
MIN_PROSE_LETTERS = 0.6  # share of a description cell's characters that are letters
MIN_SHARE = 0.8  # of the non-empty cells under the column that must read as the kind
MIN_UNHEADED_ROWS = 3  # rows with a cell under no header before it is a column
UNHEADED_SHARE = 0.5  # ... and of the body's lines

Body = list[tuple[Line, list[Column]]]


def columns_from_values(body: Body) -> Body:
    """Each header of the table on its own: a page whose repeated header OCR read in full
    does not stop the page whose header it misread from naming the same column."""
    body = with_unheaded_columns(body)
    renamed: dict[Column, Column] = {}
    for part in by_header(body):
        renamed |= part_renamed(part)
    if not renamed:
        return body
    return [(line, [renamed.get(c, c) for c in columns]) for line, columns in body]


def with_unheaded_columns(body: Body) -> Body:
    """A header cell OCR lost altogether ("Warenbezeichnung" struck through by a rule) leaves
    its values under no header: cells that lie wholly between the header's labels on most of
    the rows are a column of their own ("other", for its values to name), rather than spilling
    into the nearest labelled one."""
    added: dict[tuple[Column, ...], list[Column]] = {}
    for part in by_header(body):
        columns = part[0][1]
        extra = unheaded_spans(part, columns)
        if extra:
            added[tuple(columns)] = sorted(
                [*columns, *(Column(OTHER, x0, x1) for x0, x1 in extra)], key=lambda c: c.x0
            )
    if not added:
        return body
    return [(line, added.get(tuple(columns), columns)) for line, columns in body]


def unheaded_spans(part: Body, columns: list[Column]) -> list[tuple[float, float]]:
    spans: list[tuple[float, float, int]] = []  # x0, x1, lines holding such a cell there
    for line, _ in part:
        for start, end in line.cells or ((0, len(line.words)),):
            words = line.words[start:end]
            x0, x1 = words[0].x0, words[-1].x1
            if any(min(x1, c.x1 + SLACK) > max(x0, c.x0 - SLACK) for c in columns):
                continue
            for i, (a, b, n) in enumerate(spans):
                if x0 < b and a < x1:
                    spans[i] = (min(a, x0), max(b, x1), n + 1)
                    break
            else:
                spans.append((x0, x1, 1))
    need = max(MIN_UNHEADED_ROWS, UNHEADED_SHARE * len(part))
    return [(a, b) for a, b, n in spans if n >= need]


def by_header(body: Body) -> list[Body]:
    parts: dict[tuple[Column, ...], Body] = {}
    for line, columns in body:
        parts.setdefault(tuple(columns), []).append((line, columns))
    return list(parts.values())


def part_renamed(body: Body) -> dict[Column, Column]:
    if not any(c.name == OTHER for c in body[0][1]):
        return {}
    renamed: dict[Column, Column] = {}
    taken = {c.name for c in body[0][1]}
    found = other_columns_cells(body)
    for column in sorted(found, key=lambda c: c.x0):
        kind = cells_to_kind(found[column], taken)
        if kind is not None:
            renamed[column] = replace(column, name=kind)
            taken.add(kind)
    return renamed


def other_columns_cells(body: Body) -> dict[Column, list[list[Word]]]:
    out: dict[Column, list[list[Word]]] = {}
    for line, columns in body:
        for column, words in words_by_column(line, columns).items():
            if column.name == OTHER:
                out.setdefault(column, []).append(words)
    return out


def cells_to_kind(cells: list[list[Word]], taken: set[str]) -> str | None:
    for kind in INFERRED_KINDS:
        if kind in taken:
            continue
        read = sum(1 for words in cells if reads_as(kind, words))
        if cells and read >= MIN_SHARE * len(cells):
            return kind
    return None


def reads_as(kind: str, words: list[Word]) -> bool:
    if kind == "description":
        return is_prose(words)
    return read_cell(kind, words) is not None


def is_prose(words: list[Word]) -> bool:
    """Words of goods ("Fresh oranges, Navel"), not codes or figures ("CT 105.686")."""
    text = "".join(w.text for w in words)
    letters = sum(c.isalpha() for c in text)
    return any(
        sum(c.isalpha() for c in w.text) >= 3 and not w.text.isupper() for w in words
    ) and letters >= MIN_PROSE_LETTERS * len(text)
