"""Pure per-value rules: check digits, code lists, value forms, dates and invoice arithmetic.

Every function takes normalised values (the forms of shared/spec/fields.md) and returns a
bool or a number; none raises on bad input, because a bad value is a finding, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from validators import codes

# --- check digits -------------------------------------------------------------------------

_AWB = re.compile(r"^\d{11}$")
_CONTAINER = re.compile(r"^[A-Z]{3}[UJZR]\d{7}$")
# ISO 6346 letter values skip multiples of 11 (11, 22, 33) so that no letter weighs like 0.
_LETTER_VALUES = dict(
    zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [v for v in range(10, 39) if v % 11], strict=True)
)


def awb_check_digit(serial: str) -> int:
    """The IATA check digit of a 7-digit air waybill serial: serial mod 7."""
    return int(serial) % 7


def awb_valid(number: str) -> bool:
    """An 11-digit AWB number (3-digit airline prefix + 7-digit serial + check digit)."""
    return bool(_AWB.match(number)) and awb_check_digit(number[3:10]) == int(number[10])


def container_check_digit(first10: str) -> int:
    """The ISO 6346 check digit of owner code + category + serial (10 characters)."""
    total = 0
    for i, ch in enumerate(first10):
        value = _LETTER_VALUES[ch] if ch.isalpha() else int(ch)
        total += value << i  # weight 2**position
    return total % 11 % 10  # remainder 10 is written as 0


def container_valid(number: str) -> bool:
    """An ISO 6346 container number such as ``CSQU3054383`` with a correct check digit."""
    return bool(_CONTAINER.match(number)) and container_check_digit(number[:10]) == int(number[10])


# --- code lists and forms ------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def currency_valid(code: str) -> bool:
    return code in codes.currencies()


def country_valid(code: str) -> bool:
    return code in codes.countries()


def incoterms_valid(code: str) -> bool:
    return code in codes.incoterms()


def incoterms_sea_only(code: str) -> bool:
    """FAS, FOB, CFR and CIF are for sea and inland waterway transport only (Incoterms 2020)."""
    return codes.incoterms().get(code, False)


def hs_code_valid(code: str, min_digits: int = 6) -> bool:
    """Digits only, 6 (HS subheading) to 10 (TARIC) digits, with a real chapter (01-97).

    Permits and transport documents often cite a 4-digit heading: pass ``min_digits=4``.
    """
    return (
        code.isascii()
        and code.isdigit()
        and min_digits <= len(code) <= 10
        and 1 <= int(code[:2]) <= 97
    )


# --- dates -------------------------------------------------------------------------------


def parse_date(value: str) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or None when the value is not one."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_plausible(value: date, today: date, past_years: int = 20, future_days: int = 400) -> bool:
    """A document date neither decades old nor far in the future (likely a misread)."""
    return today - timedelta(days=365 * past_years) <= value <= today + timedelta(days=future_days)


def valid_on(issue: date | None, expiry: date | None, on: date) -> bool:
    """Whether a permit issued/expiring on these dates is valid on ``on`` (bounds inclusive)."""
    return (issue is None or issue <= on) and (expiry is None or on <= expiry)


# --- arithmetic --------------------------------------------------------------------------

CENT = Decimal("0.01")


def to_decimal(value: object) -> Decimal | None:
    """A normalised amount, weight or quantity string as a Decimal; None when it is not one."""
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def close(a: Decimal, b: Decimal, tolerance: Decimal = CENT) -> bool:
    return abs(a - b) <= tolerance


def line_total_ok(quantity: Decimal, unit_price: Decimal, line_total: Decimal) -> bool:
    """quantity × unit price ≈ line total; a unit price printed to the cent may be off by half a
    cent per unit, so the tolerance grows with the quantity."""
    tolerance = max(CENT, abs(quantity) * Decimal("0.005"))
    return close(quantity * unit_price, line_total, tolerance)


def sum_ok(parts: Iterable[Decimal], total: Decimal) -> bool:
    """Sum of parts ≈ total, allowing one cent of rounding per part."""
    items = list(parts)
    return close(sum(items, Decimal(0)), total, CENT * max(1, len(items)))


def net_tax_total_ok(net: Decimal, tax: Decimal, total: Decimal) -> bool:
    return close(net + tax, total, CENT * 2)


def gross_not_below_net(gross: Decimal, net: Decimal) -> bool:
    return gross >= net


def weights_agree(a: Decimal, b: Decimal, relative_tolerance: float = 0.02) -> bool:
    """Two weights of the same goods agree within a relative tolerance (scales, rounding)."""
    bound = max(abs(a), abs(b)) * Decimal(str(relative_tolerance))
    return abs(a - b) <= max(bound, Decimal("0.5"))
