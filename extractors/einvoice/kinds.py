"""XML element text -> the normalised forms of fields.md, one small parser per kind of value.

XML values are already structured (ISO dates as ``20180305`` or ``2018-03-05``, amounts with a
``.``), so these parsers are strict: a value that does not have the form its element promises is
dropped (None), never guessed at. The mapping files name a kind for each field; ``KINDS`` is the
registry they are checked against on load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from extractors import normalize

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")  # 102 (CCYYMMDD) or xs:date, maybe with a zone


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def to_text(text: str) -> str | None:
    """Names, descriptions, references: as written, one line, inner whitespace collapsed."""
    return collapse(text) or None


def to_reference(text: str) -> str | None:
    value = collapse(text)
    return value if 0 < len(value) <= 200 else None


def to_date(text: str) -> str | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def to_amount(text: str) -> str | None:
    """``"9.9000"`` -> ``"9.90"``, ``"0.0250"`` -> ``"0.025"``, ``"13"`` -> ``"13.00"``: at least
    two decimals, trailing zeros beyond them dropped, sign kept."""
    t = text.strip()
    if not _PLAIN_NUMBER.fullmatch(t):
        return None
    try:
        number = Decimal(t)
    except InvalidOperation:
        return None
    decimals = max(2, -number.normalize().as_tuple().exponent)
    return f"{number:.{decimals}f}"


def to_currency(text: str) -> str | None:
    t = text.strip().upper()
    return t if re.fullmatch(r"[A-Z]{3}", t) else None


def to_country(text: str) -> str | None:
    t = text.strip().upper()
    return t if re.fullmatch(r"[A-Z]{2}", t) else None


def to_vat_id(text: str) -> str | None:
    """Country prefix + number, spaces removed (``DE 123 456 789`` -> ``DE123456789``)."""
    t = re.sub(r"\s+", "", text).upper()
    return t if re.fullmatch(r"[A-Z]{2}[0-9A-Z+*.\-]{2,13}", t) else None


def to_iban(text: str) -> str | None:
    """An IBAN without spaces. The check digits are not tested here: a wrong one in the XML is a
    finding for the validators, not a reason to hide the value."""
    t = re.sub(r"\s+", "", text).upper()
    return t if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", t) else None


def to_unit_code(text: str) -> str | None:
    t = text.strip().upper()
    return t if re.fullmatch(r"[A-Z0-9]{1,3}", t) else None


def to_hs_code(text: str) -> str | None:
    return normalize.text_to_hs_code(text)


def to_incoterms(text: str) -> str | None:
    t = text.strip().upper()
    return t if normalize.text_to_incoterms(t) == t else None


KINDS: dict[str, Callable[[str], str | None]] = {
    "text": to_text,
    "name": to_text,
    "reference": to_reference,
    "date": to_date,
    "amount": to_amount,
    "quantity": to_amount,
    "currency": to_currency,
    "country": to_country,
    "vat_id": to_vat_id,
    "iban": to_iban,
    "unit_code": to_unit_code,
    "hs_code": to_hs_code,
    "incoterms": to_incoterms,
}
# Read from an element's children (address) or through a code table (type_code), not from text.
STRUCTURED_KINDS = frozenset({"address", "type_code"})
