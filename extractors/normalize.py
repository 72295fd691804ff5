"""Printed values -> the normalised forms of fields.md. Pure functions; None when a value does
not parse.

Each function takes the printed text (possibly with surrounding noise such as currency signs)
and returns the canonical string, so finders can try a kind's parser on candidate text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from pathlib import Path

from extractors.data import read_yaml

_VOCAB = Path(__file__).parent / "vocab"


@functools.cache
def _table(name: str) -> dict:
    return read_yaml(_VOCAB / f"{name}.yaml")


def currency_table() -> dict:
    return _table("currencies")


# ---------------------------------------------------------------- amounts

_AMOUNT_RE = re.compile(r"[-+−–]?\s?\d[\d.,' \u00a0\u202f]*\d|[-+−–]?\d")


def text_to_amount(text: str, min_decimals: int = 2) -> str | None:
    """``1.234,56`` / ``1,234.56`` / ``1 234,56`` / ``1'234.56`` / ``-40`` -> ``"1234.56"`` etc.

    The decimal separator is the last ``.`` or ``,`` followed by 1-2 digits (or 3+ digits when it is
    the only separator and appears once, e.g. unit prices ``0,025``); a trailing or leading minus
    sign (``40,00-``) is kept. At least ``min_decimals`` decimals are written (money: 2).
    """
    cleaned = text.strip().replace("\u2212", "-").replace("–", "-")
    negative = (
        cleaned.startswith("-")
        or cleaned.endswith("-")
        or (cleaned.startswith("(") and cleaned.endswith(")"))
    )
    match = _AMOUNT_RE.search(cleaned)
    if not match:
        return None
    body = re.sub(r"[-+\s\u00a0\u202f]", "", match.group(0))
    integer, decimals = split_decimal(body)
    if integer is None:
        return None
    if len(decimals) < min_decimals:
        decimals = decimals + "0" * (min_decimals - len(decimals))
    sign = "-" if negative and (integer.strip("0") or decimals.strip("0")) else ""
    return f"{sign}{int(integer)}{'.' + decimals if decimals else ''}"


def split_decimal(body: str) -> tuple[str | None, str]:
    """Digits with ``.``/``,``/``'`` separators -> (integer digits, decimal digits);
    (None, "") if malformed.

    Both ``.`` and ``,`` present: the last one is the decimal separator. One kind, once, with
    exactly three digits after it (``1.234``, ``12,500``): a thousands separator, as printed
    totals in both conventions read; otherwise (``4,55``, ``0,025``) decimal. ``'`` is always
    a thousands separator (Swiss).
    """
    body = body.replace("'", "")
    kinds = {c for c in body if c in ".,"}
    if not kinds:
        return body, ""
    if len(kinds) == 2:
        last = max(body.rfind("."), body.rfind(","))
        integer, decimals = body[:last], body[last + 1 :]
        thousands = integer.replace("." if body[last] == "," else ",", "|")
        if "." in thousands or "," in thousands or not thousands_groups_ok(thousands.split("|")):
            return None, ""
        return (integer_digits(thousands.replace("|", "")), decimals) if decimals else (None, "")
    sep = kinds.pop()
    parts = body.split(sep)
    if len(parts) > 2:
        return (integer_digits("".join(parts)), "") if thousands_groups_ok(parts) else (None, "")
    integer, decimals = parts
    if not decimals:
        return None, ""
    if len(decimals) == 3 and integer not in ("", "0") and len(integer) <= 3:
        return integer_digits(integer + decimals), ""
    return integer_digits(integer), decimals


def thousands_groups_ok(parts: list[str]) -> bool:
    return bool(parts[0]) and len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def integer_digits(text: str) -> str:
    return text or "0"


# ---------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {}


def months() -> dict[str, int]:
    if not _MONTHS:
        for lang_months in _table("months").values():
            for name, number in lang_months.items():
                _MONTHS[name.lower()] = int(number)
    return _MONTHS


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})[./\-](\d{1,2})[./\-](\d{2,4})(?!\d)")
_WORD_DATE_DMY = re.compile(
    r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th|\.|º)?\s*(?:de\s+)?([A-Za-zÀ-ÿ]{3,}\.?)\s*(?:de\s+)?,?\s*(\d{4})"
)
_WORD_DATE_MDY = re.compile(r"([A-Za-zÀ-ÿ]{3,}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def text_to_date(text: str, day_first: bool = True) -> str | None:
    """``13/11/2017``, ``2020-11-21``, ``11. Juli 2014``, ``Jan 1, 2022``, ``02 Juillet 2015``
    -> ISO."""
    t = text.strip()
    m = _NUMERIC_DATE.search(t)
    if m:
        a, b, c = m.groups()
        if len(a) == 4:
            return safe_date(int(a), int(b), int(c))
        year = int(c) + (2000 if len(c) == 2 else 0) if len(c) in (2, 4) else None
        if year is None:
            return None
        d, mo = (int(a), int(b)) if day_first else (int(b), int(a))
        if mo > 12 and d <= 12:
            d, mo = mo, d
        return safe_date(year, mo, d)
    m = _WORD_DATE_DMY.search(t)
    if m and (mo := month_number(m.group(2))):
        return safe_date(int(m.group(3)), mo, int(m.group(1)))
    m = _WORD_DATE_MDY.search(t)
    if m and (mo := month_number(m.group(1))):
        return safe_date(int(m.group(3)), mo, int(m.group(2)))
    return None


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    table = months()
    if w in table:
        return table[w]
    if len(w) >= 3:
        for name, number in table.items():
            if name.startswith(w) and len(w) >= 3:
                return number
    return None


def safe_date(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- codes


def text_to_currency(text: str) -> str | None:
    """``€``, ``EUR``, ``Euro``, ``$``, ``US-Dollar``, ``Rs`` -> ISO 4217."""
    table = _table("currencies")
    codes = set(table["codes"])
    for token in re.findall(r"[A-Za-zÀ-ÿ$€£¥₹]+(?:[-\s][A-Za-zÀ-ÿ]+)?|[$€£¥₹]", text):
        up = token.upper()
        if up in codes:
            return up
        key = token.lower()
        if key in table["names"]:
            return table["names"][key]
    for symbol, code in table["symbols"].items():
        if symbol in text:
            return code
    return None


def text_to_country(text: str) -> str | None:
    """``Deutschland``, ``Germany``, ``États-Unis``, ``DE`` -> ISO 3166-1 alpha-2."""
    codes, names = country_tables()
    t = re.sub(r"\s+", " ", text.strip().strip(".,:;")).lower()
    if t.upper() in codes:
        return t.upper()
    return names.get(t) or folded_country_names().get(fold_name(t))


def without_accents(text: str) -> str:
    """ "Guía aérea" -> "Guia aerea": letters without their combining marks."""
    bare = unicodedata.normalize("NFKD", text)
    return "".join(c for c in bare if not unicodedata.combining(c))


def fold_name(text: str) -> str:
    """A country name as OCR may have read it: accents dropped ("Osterreich") and "ü" read as
    "ii" ("Tiirkei"), which no country name spells."""
    return without_accents(text.lower()).replace("ii", "u")


@functools.cache
def folded_country_names() -> dict[str, str]:
    """Folded name -> code, for the names whose folded form names one country only."""
    out: dict[str, set[str]] = {}
    for name, code in country_tables()[1].items():
        out.setdefault(fold_name(name), set()).add(code)
    return {name: codes.pop() for name, codes in out.items() if len(codes) == 1}


# CLDR pseudo-territories and groupings that babel lists among territories.
_NOT_COUNTRIES = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "ZZ",
}
COUNTRY_NAME_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pt")


@functools.cache
def country_tables() -> tuple[frozenset[str], dict[str, str]]:
    """ISO codes and names in the trade languages, from CLDR (babel), plus the aliases of
    vocab/countries.yaml ("Holland", "USA") that CLDR does not list."""
    from babel import Locale

    names: dict[str, str] = {}
    codes: set[str] = set()
    for locale in COUNTRY_NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                codes.add(code)
                names.setdefault(name.lower(), code)
    table = _table("countries")
    names.update({k.lower(): v for k, v in table["names"].items()})
    return frozenset(codes) | frozenset(table["codes"]), names


def month_first_countries() -> frozenset[str]:
    return frozenset(_table("countries").get("month_first", []))


@functools.cache
def locode_table() -> dict[str, str]:
    table = _table("locations")["places"]
    return {
        re.sub(r"\s+", " ", name).lower(): code for code, names in table.items() for name in names
    }


def place_to_locode(text: str) -> str | None:
    """ "Rotterdam", "Hamburg, Germany", "Wien (AT)", "Port of Antwerp" -> the UN/LOCODE of
    vocab/locations.yaml, or None for a place it does not list."""
    table = locode_table()
    t = re.sub(r"\s+", " ", text.strip(" .,;:")).lower()
    candidates = [t, re.sub(r"\s*[,(/].*$", "", t), re.sub(r"^(port|airport) of ", "", t)]
    for candidate in candidates:
        if candidate in table:
            return table[candidate]
    return None


def text_to_weight_kg(text: str) -> str | None:
    """``1.250,5 kg``, ``2 t``, ``550 lbs`` -> kilograms as a decimal string."""
    m = re.search(
        r"([-\d.,' ]*\d)\s*(kgs?|kilos?|kilogram\w*|t|tonnes?|tons?|mt|lbs?|pounds?|g)?\b",
        text,
        re.I,
    )
    if not m:
        return None
    amount = text_to_amount(m.group(1), min_decimals=0)
    if amount is None:
        return None
    unit = (m.group(2) or "kg").lower()
    factor = {
        "t": 1000,
        "tonne": 1000,
        "tonnes": 1000,
        "ton": 1000,
        "tons": 1000,
        "mt": 1000,
        "lb": 0.45359237,
        "lbs": 0.45359237,
        "pound": 0.45359237,
        "pounds": 0.45359237,
        "g": 0.001,
    }.get(unit, 1)
    if factor == 1:
        return amount
    value = float(amount) * factor
    return f"{value:.3f}".rstrip("0").rstrip(".")


def text_to_count(text: str) -> str | None:
    m = re.search(r"(?<![\d.,])(\d{1,7})(?![\d.,]\d)", text)
    return str(int(m.group(1))) if m else None


def text_to_hs_code(text: str) -> str | None:
    digits = re.sub(r"[\s.]", "", text).strip(",;")
    m = re.fullmatch(r"(\d{6,10})", digits)
    return m.group(1) if m else None


# The eleven Incoterms 2020 rules; INCOTERMS_RE is their alternation for patterns.
INCOTERMS = ("EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")
INCOTERMS_RE = "|".join(INCOTERMS)


def text_to_incoterms(text: str) -> str | None:
    m = re.search(rf"\b({INCOTERMS_RE})\b", text.upper())
    return m.group(1) if m else None


def text_to_reference(text: str) -> str | None:
    """Other references: as printed, trimmed, inner whitespace collapsed; must contain a digit
    or be code-like."""
    t = re.sub(r"\s+", " ", text.strip().strip(":;,")).strip()
    if not t or len(t) > 40:
        return None
    if not re.search(r"\d", t) and not re.fullmatch(r"[A-Za-z0-9_\-/.#]{3,}", t):
        return None
    return t


def text_to_name(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip().strip(":;,")).strip()
    if len(t) < 2 or not re.search(r"[A-Za-zÀ-ÿ]", t):
        return None
    return t


def text_to_vat_id(text: str) -> str | None:
    """EU-style VAT ids: two-letter country prefix + 8-12 alphanumerics, spaces removed."""
    t = re.sub(r"[\s.\-]", "", text.upper())
    m = re.search(r"\b(ATU\d{8}|[A-Z]{2}[0-9A-Z]{8,12})\b", t)
    if not m or not re.search(r"\d{6}", m.group(1)):
        return None
    return m.group(1)


def vat_id_fit(value: str) -> int:
    """How well a VAT id fits its country (python-stdnum's formats): 2 valid, 1 right format
    but failing its check digits (sample invoices print such), 0 wrong length or unknown."""
    from stdnum import vatin
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        vatin.validate(value)
    except InvalidChecksum:
        return 1
    except ValidationError:
        return 0
    return 2


def text_to_iban(text: str) -> str | None:
    from extractors.checks import iban_is_valid

    t = re.sub(r"[\s\-]", "", text.upper())
    m = re.match(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", t)
    if not m:
        return None
    candidate = m.group(0)
    return candidate if iban_is_valid(candidate) else None


@functools.cache
def freight_terms_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = _table("freight_terms")
    return tuple(
        (term, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, table[term])) + r")(?!\w)"))
        for term in ("collect", "prepaid")
    )


def text_to_freight_terms(text: str) -> str | None:
    """``FREIGHT PREPAID``, ``frei Haus``, ``port payé`` -> prepaid; ``collect``, ``unfrei``,
    ``port dû`` -> collect (vocab/freight_terms.yaml; collect words are tested first)."""
    t = text.lower()
    for term, pattern in freight_terms_patterns():
        if pattern.search(t):
            return term
    return None
