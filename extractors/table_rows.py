"""The body lines of a table -> line items.

A row starts where a line total, or a quantity with a price or a weight, is printed; a line
that only adds a column the previous row lacks (a total set a little lower) completes that
row; a line with text only under the description continues the previous row's description.
"""

from __future__ import annotations

import re

from clearway.models import FieldValue, Word
from extractors import confusables
from extractors.layout import Line, union_box
from extractors.table_cells import (
    quantity_beside_unit,
    read_cell,
    unit_after_quantity,
    without_position,
    words_to_columns,
)
from extractors.table_checks import read_with_lost_mark
from extractors.table_header import NUMERIC, Column

# What begins an item row: a line total, or a quantity with a price or a weight (packing lists).
ROW_STARTS = (
    {"line_total"},
    {"quantity", "unit_price"},
    {"quantity", "net_weight_kg"},
    {"quantity", "gross_weight_kg"},
)
# ... and names what it is: a totals line ("Net amount  33,017.52") under the amounts is not a row.
ROW_ANCHORS = {"description", "hs_code"}
WRAP_GAP = 0.9  # line heights between the lines of one row
# Columns we do not extract whose values may sit on a description's wrapped line.
BESIDE_DESCRIPTION = {"article", "packages"}
# Starting confidences: a value read under its column's header; a unit read beside the
# quantity (no unit column); a description, whose extent is less certain.
CELL_CONFIDENCE = 0.85
UNIT_BESIDE_CONFIDENCE = 0.75
DESCRIPTION_CONFIDENCE = 0.8
REPAIRED_FACTOR = confusables.REPAIRED_FACTOR  # an OCR'd cell that needed a swap


def rows_to_items(
    body: list[tuple[Line, list[Column]]], extractor: str, mark: str | None = None
) -> list[dict[str, FieldValue]]:
    """``mark``: the table's decimal mark (table_numbers)."""
    items: list[dict[str, FieldValue]] = []
    last_line: Line | None = None
    opening: tuple[list[Word], Line] | None = None  # a numbered row's text, figures to come
    for line, columns in body:
        cells = quantity_beside_unit(words_to_columns(line, columns))
        numeric = {name for name in cells if name in NUMERIC and read_cell(name, cells[name], mark)}
        if not numeric:
            if opening is not None and continues_description(line, opening[1], cells):
                opening = ([*opening[0], *cells["description"]], line)
            elif opens_row(cells):
                opening = (cells["description"], line)
            elif items and last_line is not None and continues_description(line, last_line, cells):
                items[-1] = with_more_description(items[-1], cells["description"], line)
                last_line = line
            continue
        if opening is not None and "position" not in cells and is_close(line, opening[1]):
            cells = {**cells, "description": [*opening[0], *cells.get("description", [])]}
        opening = None
        has_position = any(c.name == "position" for c in columns)
        item = cells_to_item(cells, line, has_position, extractor, mark)
        if items and "description" not in item and not (set(item) & set(items[-1])):
            items[-1] = {**items[-1], **item}
            last_line = line
        elif any(start <= numeric for start in ROW_STARTS) and set(item) & ROW_ANCHORS:
            items.append(item)
            last_line = line
    return items


def opens_row(cells: dict[str, list[Word]]) -> bool:
    """A row number and text but no figures: the row's figures are printed lower down (a
    cell centred on or set at the foot of a wrapped description)."""
    position = cells.get("position", [])
    return (
        "description" in cells
        and len(position) == 1
        and re.fullmatch(r"\d{1,3}\.?", position[0].text) is not None
    )


def is_close(line: Line, previous: Line) -> bool:
    height = max(1.0, previous.bottom - previous.top)
    return line.page == previous.page and line.top - previous.bottom < height * WRAP_GAP


def continues_description(line: Line, previous: Line, cells: dict[str, list[Word]]) -> bool:
    """Text under the description set close below the row; an article number or package
    code beside it (printed on the same wrapped line) does not stop it."""
    return (
        "description" in cells
        and set(cells) <= {"description", *BESIDE_DESCRIPTION}
        and is_close(line, previous)
        and not _ATTRIBUTE.fullmatch(" ".join(w.text for w in cells["description"]))
    )


# "GTIN: 4012345001235", "EAN: 40 12345 00123 5": a code of the article printed under its name
# is not part of the description.
_ATTRIBUTE = re.compile(r"[^\W\d][\w.\-/ ]{0,15}:\s*(?=[\w\-./ ]*\d)[\dA-Z][\dA-Z\-./ ]*")


def with_more_description(
    item: dict[str, FieldValue], words: list[Word], line: Line
) -> dict[str, FieldValue]:
    before = item.get("description")
    # A wrapped line may be only a figure ("- 2,00 Euro je" broken after "- 2,00").
    more = " ".join(" ".join(w.text for w in words).split())
    if before is None or not more:
        return item
    box = before.bbox or union_box(words)
    extra = union_box(words)
    merged = before.model_copy(
        update={
            "value": f"{before.value} {more}",
            "raw": f"{before.raw} {' '.join(w.text for w in words)}",
            "bbox": (
                min(box[0], extra[0]),
                min(box[1], extra[1]),
                max(box[2], extra[2]),
                max(box[3], extra[3]),
            ),
        }
    )
    return {**item, "description": merged}


def cells_to_item(
    cells: dict[str, list[Word]],
    line: Line,
    has_position: bool,
    extractor: str,
    mark: str | None = None,
) -> dict[str, FieldValue]:
    item: dict[str, FieldValue] = {}
    unread: dict[str, list[Word]] = {}
    if not has_position and "description" in cells:
        cells = {**cells, "description": without_position(cells["description"], line)}
    for name, words in cells.items():
        if not words:
            continue
        if name == "quantity" and "unit" not in cells:
            unit = unit_after_quantity(words)
            if unit:
                item["unit_code"] = field_value(
                    unit, words, line, UNIT_BESIDE_CONFIDENCE, extractor
                )
        cell = read_cell(name, words, mark) if name != "position" else None
        if cell is None:
            unread[name] = words
            continue
        confidence = DESCRIPTION_CONFIDENCE if name == "description" else CELL_CONFIDENCE
        if cell.repaired:
            confidence *= REPAIRED_FACTOR
        key = "unit_code" if name == "unit" else name
        item[key] = field_value(cell.value, words, line, confidence, extractor)
    return with_lost_marks(item, unread, line, extractor)


def with_lost_marks(
    item: dict[str, FieldValue], unread: dict[str, list[Word]], line: Line, extractor: str
) -> dict[str, FieldValue]:
    """An OCR'd price or line total left unread for a decimal mark OCR lost, read from its
    digits where the row's product puts the mark (table_checks.read_with_lost_mark)."""
    if line.source != "ocr":
        return item
    for name, words in unread.items():
        value = read_with_lost_mark(name, " ".join(w.text for w in words), item)
        if value is not None:
            confidence = CELL_CONFIDENCE * REPAIRED_FACTOR
            item = {**item, name: field_value(value, words, line, confidence, extractor)}
    return item


def field_value(
    value: str, words: list[Word], line: Line, confidence: float, extractor: str
) -> FieldValue:
    ocr = min((w.confidence for w in words), default=1.0)
    return FieldValue(
        value=value,
        confidence=round(confidence * (0.55 + 0.45 * ocr if line.source == "ocr" else 1.0), 4),
        page=line.page,
        bbox=union_box(words),
        source=line.source,  # type: ignore[arg-type]
        raw=" ".join(w.text for w in words),
        extractor=extractor,
    )
