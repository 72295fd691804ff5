"""Is a predicted value the ground truth's value? The comparison rules of fields.md.

Names and free text compare loosely (case, whitespace and spacing around punctuation do not
matter), amounts and quantities as numbers, lists as sets; everything else as printed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMERIC = {
    "net_amount",
    "tax_amount",
    "total_amount",
    "amount_due",
    "gross_weight_kg",
    "net_weight_kg",
    "packages_count",
    "quantity_limit",
    "quantity",
    "unit_price",
    "line_total",
}
LOOSE_SUFFIXES = ("_name", "_address", "description", "_authority")
NO_SPACE = {"iban", "seller_vat_id", "buyer_vat_id", "seller_eori", "buyer_eori"}


def same_value(field: str, predicted: object, expected: object) -> bool:
    if isinstance(expected, list) or isinstance(predicted, list):
        return as_set(field, predicted) == as_set(field, expected)
    if field in NUMERIC:
        a, b = as_number(predicted), as_number(expected)
        return a is not None and a == b
    if field.endswith(LOOSE_SUFFIXES):
        return loose(predicted) == loose(expected)
    if field in NO_SPACE:
        return squeeze(predicted) == squeeze(expected)
    return str(predicted).strip() == str(expected).strip()


def as_set(field: str, value: object) -> frozenset[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return frozenset(squeeze(v) for v in items if str(v).strip())


def as_number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def loose(value: object) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip().casefold()
    return re.sub(r"\s*([,.;:/])\s*", r"\1", text)


def squeeze(value: object) -> str:
    return re.sub(r"\s+", "", str(value)).upper()
