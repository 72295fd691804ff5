"""Quantity x unit price = line total, and net weight <= gross weight, as checks on a row.

Where the product holds, three independent readings agree and the cells can be trusted more;
where it fails, one of them is misread or misplaced (a discount, a price per 100, a value from
the next column) and all three are trusted less. On an OCR'd row a single confusable digit
that breaks it (``confusables.odd_one_out``) is set to what the other two imply, and only an
exact product confirms: within the half cent a unit that a rounded unit price allows, a
misread last digit of a large total ("2374.86" for 2374.56) would pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from clearway.models import FieldValue
from extractors import confusables

PRODUCT = ("quantity", "unit_price", "line_total")
WEIGHTS = ("net_weight_kg", "gross_weight_kg")
CONFIRMED = 0.97  # text layer: the three readings agree
CONFIRMED_OCR = 0.93  # OCR'd: agreement is strong, but a pair of misreads could still agree
CONTRADICTED_FACTOR = 0.7
REPAIRED_FACTOR = confusables.REPAIRED_FACTOR


def items_checked(items: list[dict[str, FieldValue]]) -> list[dict[str, FieldValue]]:
    return [weights_checked(item_checked(item)) for item in items]


def weights_checked(item: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """A net weight above the gross weight: one of them is misread or in the wrong column."""
    net, gross = item.get("net_weight_kg"), item.get("gross_weight_kg")
    if net is None or gross is None:
        return item
    a, b = confusables.to_decimal(net.value), confusables.to_decimal(gross.value)
    if a is None or b is None or a <= b:
        return item
    return with_confidence(item, contradicted_confidence, WEIGHTS)


def item_checked(item: dict[str, FieldValue]) -> dict[str, FieldValue]:
    cells = [item.get(name) for name in PRODUCT]
    if any(c is None for c in cells):
        return item
    values = tuple(confusables.to_decimal(c.value) for c in cells)  # type: ignore[union-attr]
    if any(v is None for v in values):
        return item
    ocr = all(c.source == "ocr" for c in cells)  # type: ignore[union-attr]
    if product_holds(*values, exact=ocr):  # type: ignore[arg-type, misc]
        return with_confidence(item, confirmed_confidence, PRODUCT)
    if not ocr:
        return with_confidence(item, contradicted_confidence, PRODUCT)
    # OCR'd: agreement within a rounded price's reach confirms nothing (a misread last digit
    # of a large line total stays within it), while one slip that makes it exact is repaired.
    for exact in (True, False):
        repaired = with_odd_one_repaired(item, values, exact)  # type: ignore[arg-type]
        if repaired is not None:
            return repaired
        if exact and product_holds(*values):  # type: ignore[arg-type, misc]
            return item
    return with_confidence(item, contradicted_confidence, PRODUCT)


def product_holds(quantity: Decimal, price: Decimal, total: Decimal, exact: bool = False) -> bool:
    slack = confusables.CENT if exact else confusables.tolerance(quantity, "product")
    return abs(quantity * price - total) <= slack


def confirmed_confidence(fv: FieldValue) -> float:
    ceiling = CONFIRMED_OCR if fv.source == "ocr" else CONFIRMED
    return max(fv.confidence, ceiling)


def contradicted_confidence(fv: FieldValue) -> float:
    return round(fv.confidence * CONTRADICTED_FACTOR, 4)


def with_confidence(
    item: dict[str, FieldValue], rule: Callable[[FieldValue], float], names: tuple[str, ...]
) -> dict[str, FieldValue]:
    return {
        name: fv.model_copy(update={"confidence": rule(fv)}) if name in names else fv
        for name, fv in item.items()
    }


def with_odd_one_repaired(
    item: dict[str, FieldValue], values: tuple[Decimal, Decimal, Decimal], exact: bool = False
) -> dict[str, FieldValue] | None:
    """The one cell a single OCR slip away from what the other two imply, set to that and
    trusted a little less; the other two keep their confidence."""
    confidences = tuple(item[name].confidence for name in PRODUCT)
    suggestion = confusables.odd_one_out(values, "product", confidences, exact)
    if suggestion is None:
        return None
    return confusables.with_suggestion(item, PRODUCT, suggestion)


# Figures OCR read without their decimal mark ("092" for 0.92, "1749 15" for 1749.15): digits,
# with at most the spaces, stray marks and apostrophes a lost mark leaves behind.
_LOST_MARK = re.compile(r"\d[\d .,']*\d")
LOST_MARK_DECIMALS = {"unit_price": (2, 3, 4), "line_total": (2,)}
_DIGIT_LOOKALIKES = str.maketrans("OoDIl|", "000111")  # "O86" for 0.86


def read_with_lost_mark(name: str, text: str, item: dict[str, FieldValue]) -> str | None:
    """An OCR'd price or line total that could not be read as printed, read as its digits with
    the decimal mark put back where quantity x unit price = line total holds to the cent: the
    one place that makes the row's other two figures agree. None without both of those, or
    where no place (or more than one) does."""
    text = text.strip().translate(_DIGIT_LOOKALIKES)
    if name not in LOST_MARK_DECIMALS or _LOST_MARK.fullmatch(text) is None:
        return None
    others = {n: item.get(n) for n in PRODUCT if n != name}
    values = {n: confusables.to_decimal(fv.value) if fv else None for n, fv in others.items()}
    if any(v is None for v in values.values()):
        return None
    digits = int(re.sub(r"\D", "", text))
    found = []
    for places in LOST_MARK_DECIMALS[name]:
        candidate = Decimal(digits).scaleb(-places)
        row = {**values, name: candidate}
        if product_holds(row["quantity"], row["unit_price"], row["line_total"], exact=True):
            found.append(f"{candidate:.{places}f}")
    return found[0] if len(found) == 1 else None
