"""A table cell's words -> the value its column holds, and the words of a line -> columns.

Each column kind reads its own values (amounts, quantities, weights, HS codes, countries,
units). On OCR'd pages the column also says which characters a confusable must be: an HS code
is digits ("8471.3O.00"), an origin letters ("C0" -> "CO"), an amount digits ("1.2O5,50"); a
repaired value is marked so its confidence can be lowered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearway.models import Word
from extractors import confusables, normalize
from extractors.layout import Line
from extractors.table_header import OTHER, Column
from extractors.table_numbers import ambiguous_to_decimal
from extractors.table_words import table_vocab, text_to_unit_code

AMOUNTS = {"unit_price", "line_total"}
SLACK = 2.0  # points a word may reach past its column's edge
CODE_COLUMNS = {"position", "article", "packages", OTHER}  # columns of codes, not amounts
WEIGHTS = {"net_weight_kg", "gross_weight_kg"}
# A printed HS code: 4 digits then dotted or spaced groups ("0805.10.22", "6110 20"), or 6, 8
# or 10 digits run together; chapters 01-97. Article numbers ("105.686") do not read as one.
HS_SHAPE = re.compile(r"\d{4}(?:[. ]\d{2,4}){1,3}|\d{6}|\d{8}|\d{10}")
AMOUNT_RE = re.compile(r"-?[\d.,' ]*\d[.,]\d{2,4}-?")
QUANTITY_RE = re.compile(r"-?\d{1,3}(?:[ \u202f]\d{3})+(?:,\d+)?(?!\d)|-?\d[\d.,']*")


@dataclass(frozen=True)
class Cell:
    value: str
    repaired: bool = False  # an OCR confusable was swapped to read it


def parse_cell(name: str, words: list[Word], mark: str | None = None) -> str | None:
    cell = read_cell(name, words, mark)
    return cell.value if cell else None


def read_cell(name: str, words: list[Word], mark: str | None = None) -> Cell | None:
    """The column's value as printed, else (OCR'd words only) as its confusables repaired."""
    text = " ".join(w.text for w in words)
    value = text_to_value(name, text, mark)
    if value is not None or not confusables.is_ocr(words):
        return Cell(value) if value is not None else None
    fixed = repair_for(name, text)
    if fixed is None or not fixed.repaired:
        return None
    value = text_to_value(name, fixed.value, mark)
    return Cell(value, repaired=True) if value is not None else None


def text_to_value(name: str, text: str, mark: str | None = None) -> str | None:
    """``mark``: the table's decimal mark, which settles "1.250" (see table_numbers)."""
    if name in AMOUNTS:
        m = AMOUNT_RE.search(text)
        if m is None:
            return None
        return ambiguous_to_decimal(m.group(0), mark) or normalize.text_to_amount(m.group(0))
    if name == "quantity":
        m = QUANTITY_RE.search(text)
        if m is None:
            return None
        decimal = ambiguous_to_decimal(m.group(0), mark)
        return decimal or normalize.text_to_amount(m.group(0), min_decimals=0)
    if name in WEIGHTS:
        if not re.search(r"\d", text):
            return None
        number, _, unit = text.strip().partition(" ")
        decimal = ambiguous_to_decimal(number, mark)
        if decimal and unit.strip("() .").lower() in ("", "kg", "kgs"):
            return decimal
        return normalize.text_to_weight_kg(text)
    if name == "hs_code":
        return text_to_hs_code(text)
    if name == "origin_country":
        return normalize.text_to_country(text)
    if name == "unit":
        return text_to_unit_code(text)
    if name == "description":
        return normalize.text_to_name(text)
    return None


def text_to_hs_code(text: str) -> str | None:
    compact = text.strip().strip(",;")
    if not HS_SHAPE.fullmatch(compact):
        return None
    digits = normalize.text_to_hs_code(compact)
    return digits if digits and 1 <= int(digits[:2]) <= 97 else None


def repair_for(name: str, text: str) -> confusables.Repair | None:
    if name in AMOUNTS or name in WEIGHTS or name == "quantity":
        return confusables.repair_numbers_in(text)
    if name == "hs_code":
        return confusables.repair_hs_code(text)
    if name == "origin_country":
        return repair_country(text)
    if name == "unit":
        return confusables.repair_code(text, table_vocab()["rec20_codes"])
    return None


def repair_country(text: str) -> confusables.Repair | None:
    """An ISO country code is two letters: "C0" -> "CO", "5E" -> "SE", if that is a country."""
    compact = text.strip(" .,;")
    codes = normalize.country_tables()[0]
    return confusables.unique_valid(
        compact.upper(), confusables.readings(compact, "aa"), codes.__contains__
    )


# ---------------------------------------------------------------- words to columns


def words_to_columns(line: Line, columns: list[Column]) -> dict[str, list[Word]]:
    """The words under each named column; what lies under an "other" column is left out."""
    out: dict[str, list[Word]] = {}
    for column, words in words_by_column(line, columns).items():
        if column.name != OTHER:
            out.setdefault(column.name, []).extend(words)
    return out


def words_by_column(line: Line, columns: list[Column]) -> dict[Column, list[Word]]:
    """Each cell (a run of words without a wide gap) to its home column (``cell_home``). A
    word of the cell goes to another column only if it lies under that column's header and
    reads as its kind of value: "1.703,35 RS" printed close together splits into a total and
    an origin, while a long description reaching towards the next header ("... 2.5 mm") stays
    a description. A code printed before the description ("3 CT", "WU-06842") under the
    column to its left is that column's."""
    out: dict[Column, list[Word]] = {}
    for start, end in line.cells or ((0, len(line.words)),):
        words = line.words[start:end]
        owns = [best_column(w.x0, w.x1, columns) for w in words]
        home = cell_home(words, owns, columns)
        leading = True
        for word, own in zip(words, owns, strict=True):
            before_home = leading and own.x1 <= home.x0 and word.x1 <= home.x0 + SLACK
            under = min(word.x1, own.x1 + SLACK) - max(word.x0, own.x0 - SLACK) > 0
            column = (
                own
                if own != home
                and (
                    (under and fits(own.name, word))
                    or (before_home and (is_code(word) or is_short_under(word, own)))
                )
                else home
            )
            leading = leading and column != home
            out.setdefault(column, []).append(word)
    return out


def cell_home(words: tuple[Word, ...], owns: list[Column], columns: list[Column]) -> Column:
    """Text starts under its header: the column of the cell's first word, passing over codes
    printed before it under a column of codes ("3 CT Fresh oranges"); where that word lies
    under no header, the column the whole cell overlaps most."""
    lead = next(
        (i for i, (w, own) in enumerate(zip(words, owns, strict=True))
         if not (own.name in CODE_COLUMNS and (is_code(w) or is_short_under(w, own)))),
        0,
    )  # fmt: skip
    word, own = words[lead], owns[lead]
    if min(word.x1, own.x1) - max(word.x0, own.x0) > 0:
        return own
    home = best_column(words[0].x0, words[-1].x1, columns)
    # "20 Stk 19 %" reaching under a tax column we do not read is still a quantity.
    return owns[0] if home.name == OTHER else home


def best_column(x0: float, x1: float, columns: list[Column]) -> Column:
    """The column overlapping [x0, x1] most; with no overlap, the one whose centre is nearest."""
    centre = (x0 + x1) / 2
    best, best_key = columns[0], (-1.0, 0.0)
    for column in columns:
        key = (max(0.0, min(x1, column.x1) - max(x0, column.x0)), -abs(centre - column.centre))
        if key > best_key:
            best, best_key = column, key
    return best


def fits(name: str, word: Word) -> bool:
    """The whole word reads as a value of the column (not merely contains one: "(B2063-48)"
    is no quantity, "mm" no country)."""
    text = word.text.strip()
    if name in ("description", "packages", "article", OTHER):
        return False
    if name == "position":
        return bool(re.fullmatch(r"\d{1,3}\.?", text))
    if name == "origin_country":
        return bool(re.fullmatch(r"[A-Z]{2}", text)) and parse_cell(name, [word]) is not None
    if name in AMOUNTS:
        return bool(AMOUNT_RE.fullmatch(text)) and parse_cell(name, [word]) is not None
    if name in WEIGHTS or name == "quantity":
        return bool(QUANTITY_RE.fullmatch(text)) and parse_cell(name, [word]) is not None
    return parse_cell(name, [word]) is not None


def is_code(word: Word) -> bool:
    """A count, a package or article code ("3", "CT", "WU-06842"), not a word of prose."""
    text = word.text.strip(".,;:()")
    return bool(text) and (any(c.isdigit() for c in text) or (text.isupper() and len(text) <= 4))


def is_short_under(word: Word, column: Column) -> bool:
    """A word of three letters or fewer set wholly under its column's header: a package code
    OCR read in lower case ("co" for "CO")."""
    return len(word.text.strip(".,;:")) <= 3 and column.x0 - SLACK <= word.x0 <= word.x1 <= (
        column.x1 + SLACK
    )


def without_position(words: list[Word], line: Line) -> list[Word]:
    """A table without a position header still numbers its rows ("1  Cotton pullover"): a small
    integer set apart from the text that follows is the row number, not the description."""
    if len(words) < 2 or not re.fullmatch(r"\d{1,3}\.?", words[0].text):
        return words
    index = line.words.index(words[0])
    if line.cell_of(index) == (index, index + 1):
        return words[1:]
    return words


def quantity_beside_unit(cells: dict[str, list[Word]]) -> dict[str, list[Word]]:
    """ "20 C62" under the unit header where no quantity is: a combined "Qty/Unit" column, or
    a quantity header OCR lost ("Qty" read as "ty", no label) whose figures fell to the unit."""
    words = cells.get("unit", [])
    if "quantity" in cells or len(words) != 2:
        return cells
    count, unit = words
    if not re.fullmatch(r"\d[\d.,']*", count.text) or text_to_unit_code(unit.text) is None:
        return cells
    return {**cells, "quantity": [count], "unit": [unit]}


def unit_after_quantity(words: list[Word]) -> str | None:
    """ "20 Stk" in one column: the unit rides along with the quantity."""
    for word in words[1:]:
        code = text_to_unit_code(word.text)
        if code:
            return code
    return None
