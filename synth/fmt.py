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


# Month names as each language writes them in running text.
MONTHS: dict[str, list[str]] = {
    "en": _MONTHS,
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}


@dataclass(frozen=True)
class Style:
    lang: str
    # dmy_text 14 Mar 2026 | dmy_long 14 March 2026, 14. März 2026, 14 mars 2026,
    # 14 de marzo de 2026 | mdy_long March 14, 2026 | mdy_slash 03/14/2026 |
    # dmy_dot 14.03.2026 | dmy_slash 14/03/2026 | dmy_dash 14-03-2026 | iso 2026-03-14
    date_pattern: str
    thousands: str
    decimal: str

    def date(self, d: date) -> str:
        if self.date_pattern == "dmy_text":
            return f"{d.day:02d} {_MONTHS[d.month - 1][:3]} {d.year}"
        if self.date_pattern == "dmy_long":
            return _long_date(d, self.lang)
        if self.date_pattern == "mdy_long":
            return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
        if self.date_pattern == "mdy_slash":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        if self.date_pattern == "dmy_dot":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if self.date_pattern == "dmy_dash":
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        if self.date_pattern == "iso":
            return d.isoformat()
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


def _long_date(d: date, lang: str) -> str:
    month = MONTHS[lang][d.month - 1]
    if lang == "de":
        return f"{d.day}. {month} {d.year}"
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
    if lang == "es":
        return f"{d.day} de {month} de {d.year}"
    return f"{d.day} {month} {d.year}"


# The wider pool the newer layouts draw from (``style_pick``); the lists above stay as
# they are because the bundled samples were printed with them. Swiss issuers group
# thousands with an apostrophe (1'234.56); Belgian French uses the German grouping.
STYLE_POOL: dict[str, list[Style]] = {
    "en": [
        Style("en", "dmy_text", ",", "."),
        Style("en", "dmy_long", ",", "."),
        Style("en", "mdy_long", ",", "."),
        Style("en", "iso", ",", "."),
        Style("en", "dmy_slash", ",", "."),
        Style("en", "dmy_dot", "", "."),
    ],
    "de": [
        Style("de", "dmy_dot", ".", ","),
        Style("de", "dmy_long", ".", ","),
        Style("de", "iso", ".", ","),
        Style("de", "dmy_dot", "", ","),
    ],
    "fr": [
        Style("fr", "dmy_slash", " ", ","),
        Style("fr", "dmy_long", " ", ","),
        Style("fr", "dmy_dot", ".", ","),
        Style("fr", "dmy_slash", "", ","),
    ],
    "es": [
        Style("es", "dmy_slash", ".", ","),
        Style("es", "dmy_long", ".", ","),
        Style("es", "dmy_dash", ".", ","),
        Style("es", "dmy_slash", " ", ","),
    ],
}
SWISS_STYLES: dict[str, Style] = {
    lang: Style(lang, "dmy_dot", "'", ".") for lang in ("en", "de", "fr", "es")
}
US_POOL = [Style("en", "mdy_slash", ",", "."), Style("en", "mdy_long", ",", ".")]


# 03/14/2026 is only written by US issuers: from anyone else 06/01/2026 would be ambiguous
# (June 1 or 6 January), and the ground truth must be recoverable from the document.
US_STYLE = Style("en", "mdy_slash", ",", ".")


def style_for(lang: str, variant: int, issuer_country: str | None = None) -> Style:
    if lang == "en" and issuer_country == "US":
        return US_STYLE
    options = STYLES[lang]
    return options[variant % len(options)]


def style_pick(lang: str, pick: int, issuer_country: str | None = None) -> Style:
    """A style for the newer layouts: ``pick`` is the document's drawn wording index."""
    if lang == "en" and issuer_country == "US":
        return US_POOL[pick % len(US_POOL)]
    if issuer_country == "CH" and pick % 3 == 0:
        return SWISS_STYLES[lang]
    options = STYLE_POOL[lang]
    return options[(pick // 3) % len(options)]


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
