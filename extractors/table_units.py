"""Units a table does not print: from the description, else "one" (C62) for counted items.

A declaration needs every line's unit. Many invoices print none: the unit is in the article
name ("Design (hours)", "Heiße Luft pro Liter") or the goods are simply counted ("Storch  10").
E-invoice standards (EN 16931) use C62, "one", for such counts. Both readings are inferences,
not print: they come with a confidence below the review threshold, the box of the words they
were inferred from, and their own extractor name, so an assessor sees where they came from.
Only a table where no row has a unit is completed; a row that lost its unit to OCR beside rows
that kept theirs is left for review rather than guessed.
"""

from __future__ import annotations

import re

from clearway.models import FieldValue
from extractors.confusables import to_decimal
from extractors.table_words import text_to_unit_code

VERSION = "tables.units_implied.v1"
FROM_DESCRIPTION_CONFIDENCE = 0.75
COUNTED_CONFIDENCE = 0.7
COUNTED = "C62"
# "(hours)", "(Stunde)", "pro Liter", "per h", "je Stück", "par heure", "por hora", "/Std".
# A single letter in parentheses or after a slash is a size or a variant ("T-shirt (M)",
# "A/B"), not a unit; after "per" it is one ("per h").
_IN_PARENTHESES = re.compile(r"\(\s*([^\W\d_][\w.²³]+)\s*\)")
_PER_UNIT = re.compile(r"\b(?:per|pro|je|par|por)\s+([^\W\d_][\w.²³]*)", re.IGNORECASE)
_SLASH_UNIT = re.compile(r"/\s*([^\W\d_][\w.²³]+)")


def with_implied_units(items: list[dict[str, FieldValue]]) -> list[dict[str, FieldValue]]:
    """One table's items, each with a unit where the table prints none."""
    if any("unit_code" in item for item in items):
        return items
    return [with_unit(item) for item in items]


def with_unit(item: dict[str, FieldValue]) -> dict[str, FieldValue]:
    quantity = item.get("quantity")
    if quantity is None:
        return item
    description = item.get("description")
    named = description_unit(str(description.value)) if description is not None else None
    if named is not None:
        code, raw = named
        return {**item, "unit_code": inferred(code, description, raw, FROM_DESCRIPTION_CONFIDENCE)}
    if is_whole(quantity.value):
        return {**item, "unit_code": inferred(COUNTED, quantity, None, COUNTED_CONFIDENCE)}
    return item


def description_unit(text: str) -> tuple[str, str] | None:
    """The unit an article name states: the last "(unit)" or "per unit" in it."""
    found = [
        (m.start(), m.group(0), text_to_unit_code(m.group(1)))
        for pattern in (_IN_PARENTHESES, _PER_UNIT, _SLASH_UNIT)
        for m in pattern.finditer(text)
    ]
    named = [(start, raw, code) for start, raw, code in found if code is not None]
    if not named:
        return None
    _, raw, code = max(named)
    return code, raw


def is_whole(value: object) -> bool:
    number = to_decimal(str(value))
    return number is not None and number > 0 and number == number.to_integral_value()


def inferred(code: str, basis: FieldValue, raw: str | None, confidence: float) -> FieldValue:
    return FieldValue(
        value=code,
        confidence=round(min(confidence, basis.confidence), 4),
        page=basis.page,
        bbox=basis.bbox,
        source=basis.source,
        raw=raw,
        extractor=VERSION,
    )
