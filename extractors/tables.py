"""Line items: a basic table reader for invoices and packing lists.

header row (>= 3 column labels from labels/table.yaml) -> column anchors (x-extent of each header)
-> the lines below, until an end word ("Total", "Summe") or a wide gap -> each word to the nearest
column -> a row starts where a numeric column has a value; other lines continue the description.
Good for simple ruled or aligned tables; merged cells and multi-line headers are out of scope.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher

from clearway.models import FieldValue, Word
from extractors import matching, normalize
from extractors.data import read_yaml
from extractors.layout import Line, union_box

VERSION = "tables.v1"
_FILE = Path(__file__).parent / "labels" / "table.yaml"
NUMERIC = {"quantity", "unit_price", "line_total", "net_weight_kg", "gross_weight_kg"}
MIN_COLUMNS = 3


@dataclass(frozen=True)
class Column:
    name: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@functools.cache
def table_vocab() -> dict:
    return read_yaml(_FILE)


@functools.cache
def header_matcher() -> PhraseMatcher:
    return matching.build_matcher(table_vocab()["columns"])


@functools.cache
def end_matcher() -> PhraseMatcher:
    return matching.build_matcher({"end": table_vocab()["end_words"]})


def lines_to_line_items(lines: list[Line]) -> list[dict[str, FieldValue]]:
    items: list[dict[str, FieldValue]] = []
    index = 0
    while index < len(lines):
        columns = line_to_columns(lines[index])
        if columns is None:
            index += 1
            continue
        body = rows_below(lines, index)
        items.extend(rows_to_items(body, columns))
        index += len(body) + 1
    return items


def line_to_columns(line: Line) -> list[Column] | None:
    doc = matching.keys_to_doc([matching.word_key(w.text) for w in line.words])
    columns: dict[str, Column] = {}

    # A header phrase never spans two columns ("Unit | Price" are two headers, "Unit Price" one).
    def within_one_cell(start: int, end: int) -> bool:
        return line.cell_of(start) == line.cell_of(end - 1)

    for labels, start, end in matching.longest_matches(header_matcher(), doc, keep=within_one_cell):
        words = line.words[start:end]
        # "Amount" heads quantities in some tables and totals in others: the right-most wins totals.
        name = next((n for n in labels if n not in columns), None)
        if name is None:
            continue
        columns[name] = Column(name, words[0].x0, words[-1].x1)
    if (
        "amount" in [matching.word_key(w.text) for w in line.words]
        and "quantity" in columns
        and "line_total" in columns
    ):
        q, t = columns["quantity"], columns["line_total"]
        if q.x0 > t.x0:  # both came from labels that can mean either; order them left to right
            columns["quantity"], columns["line_total"] = (
                Column("quantity", t.x0, t.x1),
                Column("line_total", q.x0, q.x1),
            )
    if len(columns) < MIN_COLUMNS or not (NUMERIC & set(columns)):
        return None
    return sorted(columns.values(), key=lambda c: c.x0)


def rows_below(lines: list[Line], header_index: int) -> list[Line]:
    header = lines[header_index]
    height = max(1.0, header.bottom - header.top)
    body: list[Line] = []
    previous = header
    for line in lines[header_index + 1 :]:
        if line.page != header.page or line.top - previous.bottom > height * 5 or is_end_line(line):
            break
        body.append(line)
        previous = line
    return body


def is_end_line(line: Line) -> bool:
    doc = matching.keys_to_doc([matching.word_key(w.text) for w in line.words[:4]])
    return bool(end_matcher()(doc))


def rows_to_items(body: list[Line], columns: list[Column]) -> list[dict[str, FieldValue]]:
    """A row starts where a line total, or a quantity with a price, is printed; a line that only
    adds a column the previous row lacks (a total set a little lower) completes that row."""
    items: list[dict[str, FieldValue]] = []
    for line in body:
        cells = words_to_columns(line.words, columns)
        numeric = {
            name for name in cells if name in NUMERIC and parse_cell(name, cells[name]) is not None
        }
        if not numeric:
            continue
        item = cells_to_item(cells, line)
        if items and "description" not in item and not (set(item) & set(items[-1])):
            items[-1] = {**items[-1], **item}
        elif "line_total" in numeric or {"quantity", "unit_price"} <= numeric:
            items.append(item)
    return items


def words_to_columns(words: tuple[Word, ...], columns: list[Column]) -> dict[str, list[Word]]:
    """Each word to the column it overlaps most, else the nearest by centre (numbers align
    right)."""
    out: dict[str, list[Word]] = {}
    for word in words:
        best = max(
            columns, key=lambda c: (overlap(word, c), -abs((word.x0 + word.x1) / 2 - c.centre))
        )
        out.setdefault(best.name, []).append(word)
    return out


def overlap(word: Word, column: Column) -> float:
    return max(0.0, min(word.x1, column.x1) - max(word.x0, column.x0))


def parse_cell(name: str, words: list[Word]) -> str | None:
    text = " ".join(w.text for w in words)
    if name in ("unit_price", "line_total"):
        m = re.search(r"-?[\d.,' ]*\d[.,]\d{2,4}-?", text)
        return normalize.text_to_amount(m.group(0)) if m else None
    if name == "quantity":
        m = re.search(r"-?\d[\d.,]*", text)
        return normalize.text_to_amount(m.group(0), min_decimals=0) if m else None
    if name in ("net_weight_kg", "gross_weight_kg"):
        return normalize.text_to_weight_kg(text)
    if name == "hs_code":
        return normalize.text_to_hs_code(text)
    if name == "origin_country":
        return normalize.text_to_country(text)
    if name == "unit":
        return table_vocab()["units"].get(text.strip(" .").lower())
    if name == "description":
        return normalize.text_to_name(text)
    return None


def cells_to_item(cells: dict[str, list[Word]], line: Line) -> dict[str, FieldValue]:
    item: dict[str, FieldValue] = {}
    for name, words in cells.items():
        value = parse_cell(name, words)
        if name == "quantity" and "unit" not in cells:
            unit = unit_after_quantity(words)
            if unit:
                item["unit_code"] = field_value(unit, words, line, 0.75)
        if value is None or name == "position":
            continue
        key = "unit_code" if name == "unit" else name
        item[key] = field_value(value, words, line, 0.85 if name != "description" else 0.8)
    return item


def unit_after_quantity(words: list[Word]) -> str | None:
    """ "20 Stk" in one column: the unit rides along with the quantity."""
    units = table_vocab()["units"]
    for word in words[1:]:
        code = units.get(word.text.strip(" .").lower())
        if code:
            return code
    return None


def field_value(value: str, words: list[Word], line: Line, confidence: float) -> FieldValue:
    ocr = min((w.confidence for w in words), default=1.0)
    return FieldValue(
        value=value,
        confidence=round(confidence * (0.55 + 0.45 * ocr if line.source == "ocr" else 1.0), 4),
        page=line.page,
        bbox=union_box(words),
        source=line.source,  # type: ignore[arg-type]
        raw=" ".join(w.text for w in words),
        extractor=VERSION,
    )
