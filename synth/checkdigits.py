"""Check digits for the identifiers the validators verify.

Kept here (not imported from validators/) so that the generator is an independent
oracle: if both sides shared one implementation, a bug would pass its own test.
"""

from __future__ import annotations

import string


def awb_check_digit(serial7: str) -> int:
    """IATA air waybill: the 7-digit serial number modulo 7."""
    if len(serial7) != 7 or not serial7.isdigit():
        raise ValueError(f"AWB serial must be 7 digits: {serial7!r}")
    return int(serial7) % 7


def awb_number(prefix3: str, serial7: str) -> str:
    """11-digit AWB number: airline prefix + serial + check digit."""
    return f"{prefix3}{serial7}{awb_check_digit(serial7)}"


def awb_is_valid(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and int(number[3:10]) % 7 == int(number[10])


def _iso6346_letter_values() -> dict[str, int]:
    # Letters count from 10 upwards, skipping multiples of 11 (11, 22, 33).
    values: dict[str, int] = {}
    v = 10
    for letter in string.ascii_uppercase:
        if v % 11 == 0:
            v += 1
        values[letter] = v
        v += 1
    return values


_LETTERS = _iso6346_letter_values()


def container_check_digit(first10: str) -> int:
    """ISO 6346: weighted sum (weights 2**i) of the first 10 characters, mod 11, 10 -> 0."""
    if len(first10) != 10:
        raise ValueError(f"need owner code + category + serial (10 chars): {first10!r}")
    total = 0
    for i, ch in enumerate(first10.upper()):
        value = int(ch) if ch.isdigit() else _LETTERS[ch]
        total += value * (2**i)
    return total % 11 % 10


def container_number(owner3: str, serial6: str, category: str = "U") -> str:
    first10 = f"{owner3}{category}{serial6}"
    return f"{first10}{container_check_digit(first10)}"


def container_is_valid(number: str) -> bool:
    n = number.upper()
    return (
        len(n) == 11
        and n[:4].isalpha()
        and n[4:].isdigit()
        and container_check_digit(n[:10]) == int(n[10])
    )


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 mod-97 check digits, so printed IBANs pass a real validator."""
    rearranged = f"{bban}{country}00"
    numeric = "".join(str(int(c, 36)) for c in rearranged.upper())
    return f"{98 - int(numeric) % 97:02d}"


def iban(country: str, bban: str) -> str:
    return f"{country}{iban_check_digits(country, bban)}{bban}"
