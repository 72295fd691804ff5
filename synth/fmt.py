"""How each language prints dates and numbers.

A style is chosen per document (language + variant) and used for every value on it,
as a real document would: a German invoice writes 14.03.2026 and 1.234,56 throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Style:
    lang: str
    date_pattern: str  # "dmy_text" | "dmy_long" | "mdy_slash" | "dmy_dot" | "dmy_slash"
    thousands: str
    decimal: str

    def date(self, d: date) -> str:
        if self.date_pattern == "dmy_text":
            return f"{d.day:02d} {_MONTHS[d.month - 1][:3]} {d.year}"
        if self.date_pattern == "dmy_long":
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if self.date_pattern == "mdy_slash":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        if self.date_pattern == "dmy_dot":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        return f"{d.day:02d}/{d.month:02d}/{d.year}"

    def number(self, value: Decimal, decimals: int) -> str:
        text = f"{value:,.{decimals}f}"  # 1,234.56
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)


# Per language, the styles a layout variant cycles through. French groups thousands with
# a space (a plain one: a narrow no-break space would not survive every text extractor).
STYLES: dict[str, list[Style]] = {
    "en": [Style("en", "dmy_text", ",", "."), Style("en", "dmy_long", ",", ".")],
    "de": [Style("de", "dmy_dot", ".", ",")],
    "fr": [Style("fr", "dmy_slash", " ", ",")],
    "es": [Style("es", "dmy_slash", ".", ",")],
}


# 03/14/2026 is only written by US issuers: from anyone else 06/01/2026 would be ambiguous
# (June 1 or 6 January), and the ground truth must be recoverable from the document.
US_STYLE = Style("en", "mdy_slash", ",", ".")


def style_for(lang: str, variant: int, issuer_country: str | None = None) -> Style:
    if lang == "en" and issuer_country == "US":
        return US_STYLE
    options = STYLES[lang]
    return options[variant % len(options)]


def plain_decimal(value: Decimal, decimals: int) -> str:
    """The normalised form: '.' separator, no grouping, fixed decimals."""
    return f"{value:.{decimals}f}"


def hs_printed(code: str, dotted: bool) -> str:
    """8517.13.00 style (tariff books) or the bare digits."""
    if not dotted:
        return code
    groups = [code[:4]] + [code[i : i + 2] for i in range(4, len(code), 2)]
    return ".".join(groups)


def awb_printed(number: str, variant: int) -> str:
    """176-12345675 or 176 1234 5675, both seen on AWB forms."""
    if variant % 2 == 0:
        return f"{number[:3]}-{number[3:]}"
    return f"{number[:3]} {number[3:7]} {number[7:]}"


def container_printed(number: str, variant: int) -> str:
    return number if variant % 2 == 0 else f"{number[:4]} {number[4:10]}-{number[10]}"
