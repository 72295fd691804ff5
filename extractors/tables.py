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

VERSION = "tables.v2"
_FILE = Path(__file__).parent / "labels" / "table.yaml"
NUMERIC = {"quantity", "unit_price", "line_total", "net_weight_kg", "gross_weight_kg"}
MIN_COLUMNS = 3
# What begins an item row: a line total, or a quantity with a price or a weight (packing lists).
ROW_STARTS = (
    {"line_total"},
    {"quantity", "unit_price"},
    {"quantity", "net_weight_kg"},
    {"quantity", "gross_weight_kg"},
)
HEADER_COVERAGE = 0.6  # share of a header line's words that are column labels
# ... and names what it is: a totals line ("Net amount  33,017.52") under the amounts is not a row.
ROW_ANCHORS = {"description", "hs_code"}
CONTINUATION_SEARCH_LINES = 15  # page header lines before a repeated table header
POSITION_SYMBOLS = {"#", "№", "n°", "nº", "no.", "no"}


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


@functools.cache
def carry_matcher() -> PhraseMatcher:
    return matching.build_matcher({"carry": table_vocab()["carry_words"]})


def lines_to_line_items(lines: list[Line]) -> list[dict[str, FieldValue]]:
    items: list[dict[str, FieldValue]] = []
    index = 0
    while index < len(lines):
        columns = line_to_columns(lines[index])
        if columns is None:
            index += 1
            continue
        body, index = table_body(lines, index, columns)
        items.extend(rows_to_items(body))
    return items


def table_body(
    lines: list[Line], header_index: int, columns: list[Column]
) -> tuple[list[tuple[Line, list[Column]]], int]:
    """The lines under a header, each with the columns that apply to it, following the table
    over page breaks where the next page repeats the header. Returns (body, index to go on at)."""
    body: list[tuple[Line, list[Column]]] = []
    index = header_index
    while True:
        part = rows_below(lines, index)
        body.extend((line, columns) for line in part)
        index += len(part) + 1
        repeat = repeated_header(lines, index, columns)
        if repeat is None:
            return body, index
        index, columns = repeat


def repeated_header(
    lines: list[Line], index: int, columns: list[Column]
) -> tuple[int, list[Column]] | None:
    """On the page after the table's last line, the same header again (a continuation page)."""
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
        found = line_to_columns(lines[k])
        if found is not None and len(names & {c.name for c in found}) >= MIN_COLUMNS:
            return k, found
    return None


def line_to_columns(line: Line) -> list[Column] | None:
    doc = matching.keys_to_doc([matching.word_key(w.text) for w in line.words])
    columns: dict[str, Column] = {}

    # A header phrase never spans two columns ("Unit | Price" are two headers, "Unit Price" one).
    def within_one_cell(start: int, end: int) -> bool:
        return line.cell_of(start) == line.cell_of(end - 1)

    covered = 0
    for labels, start, end in matching.longest_matches(header_matcher(), doc, keep=within_one_cell):
        words = line.words[start:end]
        covered += end - start
        # "Amount" heads quantities in some tables and totals in others: the right-most wins totals.
        name = next((n for n in labels if n not in columns), None)
        if name is None:
            continue
        columns[name] = Column(name, words[0].x0, words[-1].x1)
    first = line.words[0]
    if "position" not in columns and first.text.strip() in POSITION_SYMBOLS:
        columns["position"] = Column("position", first.x0, first.x1)
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
    if (
        len(columns) < MIN_COLUMNS
        or not (NUMERIC & set(columns))
        or "description" not in columns
        or not looks_like_header(line, covered)
    ):
        return None
    return sorted(columns.values(), key=lambda c: c.x0)


def looks_like_header(line: Line, covered: int) -> bool:
    """Column labels and little else: a details line ("Packages: 12  Gross weight (kg): 85,1")
    also names columns, but carries values."""
    if any(re.search(r"\d", w.text) for w in line.words if w.text.strip("()") != "kg"):
        return False
    return covered >= HEADER_COVERAGE * len(line.words)


def rows_below(lines: list[Line], header_index: int) -> list[Line]:
    header = lines[header_index]
    height = max(1.0, header.bottom - header.top)
    body: list[Line] = []
    previous = header
    for line in lines[header_index + 1 :]:
        if (
            line.page != header.page
            or line.top - previous.bottom > height * 5
            or is_end_line(line)
            or line_to_columns(line) is not None
        ):
            break
        body.append(line)
        previous = line
    return body


def is_end_line(line: Line) -> bool:
    return starts_with(line, end_matcher()) and not is_carry_line(line)


def is_carry_line(line: Line) -> bool:
    """ "Carried forward 12,400.00" / "Übertrag": a running total between pages, not an item."""
    return starts_with(line, carry_matcher())


def starts_with(line: Line, matcher: PhraseMatcher) -> bool:
    doc = matching.keys_to_doc([matching.word_key(w.text) for w in line.words[:4]])
    return bool(matcher(doc))


def rows_to_items(body: list[tuple[Line, list[Column]]]) -> list[dict[str, FieldValue]]:
    """A row starts where a line total, or a quantity with a price or weight, is printed; a line
    that only adds a column the previous row lacks (a total set a little lower) completes that
    row; a line with text only under the description continues the previous row's description."""
    items: list[dict[str, FieldValue]] = []
    last_line: Line | None = None
    for line, columns in body:
        if is_carry_line(line):
            continue
        cells = words_to_columns(line, columns)
        numeric = {
            name for name in cells if name in NUMERIC and parse_cell(name, cells[name]) is not None
        }
        if not numeric:
            if items and last_line is not None and continues_description(line, last_line, cells):
                items[-1] = with_more_description(items[-1], cells["description"], line)
                last_line = line
            continue
        item = cells_to_item(cells, line, has_position=any(c.name == "position" for c in columns))
        if items and "description" not in item and not (set(item) & set(items[-1])):
            items[-1] = {**items[-1], **item}
            last_line = line
        elif any(start <= numeric for start in ROW_STARTS) and set(item) & ROW_ANCHORS:
            items.append(item)
            last_line = line
    return items


def continues_description(line: Line, previous: Line, cells: dict[str, list[Word]]) -> bool:
    height = max(1.0, previous.bottom - previous.top)
    return (
        set(cells) == {"description"}
        and line.page == previous.page
        and line.top - previous.bottom < height * 0.9
    )


def with_more_description(
    item: dict[str, FieldValue], words: list[Word], line: Line
) -> dict[str, FieldValue]:
    before = item.get("description")
    more = normalize.text_to_name(" ".join(w.text for w in words))
    if before is None or not more:
        return item
    value = f"{before.value} {more}"
    box = before.bbox or union_box(words)
    extra = union_box(words)
    merged = before.model_copy(
        update={
            "value": value,
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


def words_to_columns(line: Line, columns: list[Column]) -> dict[str, list[Word]]:
    """Each cell (a run of words without a wide gap) to the column it overlaps most. A word of
    the cell goes to another column only if it reads as that column's kind of value: a long
    description reaching under the next header stays a description, while "1.703,35 RS" printed
    close together still splits into a total and an origin."""
    out: dict[str, list[Word]] = {}
    for start, end in line.cells or ((0, len(line.words)),):
        words = line.words[start:end]
        home = best_column(words[0].x0, words[-1].x1, columns)
        for word in words:
            own = best_column(word.x0, word.x1, columns)
            name = own if own != home and fits(own, word) else home
            out.setdefault(name, []).append(word)
    return out


def best_column(x0: float, x1: float, columns: list[Column]) -> str:
    centre = (x0 + x1) / 2
    return max(
        columns,
        key=lambda c: (max(0.0, min(x1, c.x1) - max(x0, c.x0)), -abs(centre - c.centre)),
    ).name


def fits(name: str, word: Word) -> bool:
    if name in ("description", "packages"):
        return False
    if name == "position":
        return bool(re.fullmatch(r"\d{1,3}\.?", word.text))
    return parse_cell(name, [word]) is not None


def parse_cell(name: str, words: list[Word]) -> str | None:
    text = " ".join(w.text for w in words)
    if name in ("unit_price", "line_total"):
        m = re.search(r"-?[\d.,' ]*\d[.,]\d{2,4}-?", text)
        return normalize.text_to_amount(m.group(0)) if m else None
    if name == "quantity":
        m = re.search(r"-?\d{1,3}(?:[ \u202f]\d{3})+(?:,\d+)?(?!\d)|-?\d[\d.,']*", text)
        return normalize.text_to_amount(m.group(0), min_decimals=0) if m else None
    if name in ("net_weight_kg", "gross_weight_kg"):
        return normalize.text_to_weight_kg(text)
    if name == "hs_code":
        return normalize.text_to_hs_code(text)
    if name == "origin_country":
        return normalize.text_to_country(text)
    if name == "unit":
        return text_to_unit_code(text)
    if name == "description":
        return normalize.text_to_name(text)
    return None


def cells_to_item(
    cells: dict[str, list[Word]], line: Line, has_position: bool
) -> dict[str, FieldValue]:
    item: dict[str, FieldValue] = {}
    if not has_position and "description" in cells:
        cells = {**cells, "description": without_position(cells["description"], line)}
    for name, words in cells.items():
        if not words:
            continue
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


def without_position(words: list[Word], line: Line) -> list[Word]:
    """A table without a position header still numbers its rows ("1  Cotton pullover"): a small
    integer set apart from the text that follows is the row number, not the description."""
    if len(words) < 2 or not re.fullmatch(r"\d{1,3}\.?", words[0].text):
        return words
    index = line.words.index(words[0])
    if line.cell_of(index) == (index, index + 1):
        return words[1:]
    return words


def unit_after_quantity(words: list[Word]) -> str | None:
    """ "20 Stk" in one column: the unit rides along with the quantity."""
    for word in words[1:]:
        code = text_to_unit_code(word.text)
        if code:
            return code
    return None


def text_to_unit_code(text: str) -> str | None:
    """A printed unit ("Stk", "kgs") or a UN/CEFACT Rec 20 code printed as is ("C62")."""
    key = text.strip(" .").lower()
    vocab = table_vocab()
    if key.upper() in vocab["rec20_codes"]:
        return key.upper()
    return vocab["units"].get(key)


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
