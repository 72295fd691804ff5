"""Check digits of self-identifying references.

A passing check is strong evidence that a value was read right.
"""

from __future__ import annotations

import re


def awb_is_valid(digits: str) -> bool:
    """IATA air waybill: 3-digit airline prefix + 7-digit serial + check digit = serial mod 7."""
    return bool(re.fullmatch(r"\d{11}", digits)) and int(digits[3:10]) % 7 == int(digits[10])


_ISO6346_VALUES = {
    c: v
    for c, v in zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [*range(10), 10, *range(12, 22), *range(23, 33), *range(34, 39)],
        strict=True,
    )
}


def container_is_valid(code: str) -> bool:
    """ISO 6346: owner (3 letters) + category (U/J/Z) + 6 digits + check digit
    (weighted sum mod 11 mod 10)."""
    if not re.fullmatch(r"[A-Z]{3}[UJZ]\d{7}", code):
        return False
    total = sum(_ISO6346_VALUES[c] * (2**i) for i, c in enumerate(code[:10]))
    return total % 11 % 10 == int(code[10])


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1
