"""Repair of OCR'd values: characters Tesseract confuses (O/0, I/1/l, S/5, B/8, Z/2, G/6) swapped
where the value's own rules say which reading is right. Pure functions.

A value kind fixes, position by position, whether a character must be a digit or a letter
(an air waybill number is all digits; ISO 6346 is four letters then seven digits; an IBAN's
country is letters, its check digits digits, its BBAN as the country's format says): a confusable
character in the wrong class is swapped. Where the class is open (alphanumeric BBAN positions,
unit codes such as "C62") both readings are tried. A repair counts only when the result passes
the kind's check (mod 7, ISO 6346, mod 97, a valid date, a code list) and is the only candidate
that does; otherwise the value is left as read.

Every function returns a Repair (value, repaired) or None: ``repaired`` tells callers to lower
the confidence a little (the reading needed help). ``odd_one_out`` applies the same idea to
arithmetic: of qty x price = total or net + tax = total, which single printed value disagrees,
and what it should read.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from clearway.models import FieldValue, Word
from extractors import checks, normalize

if TYPE_CHECKING:
    from extractors.find_labels import Candidate

TO_DIGIT = {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1", "|": "1",
            "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6"}  # fmt: skip
TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
MAX_OPEN_POSITIONS = 8  # 2**8 readings at most for positions that may be either class
SEPARATORS = re.compile(r"[\s\-]")

# BBAN formats (ISO 13616 registry): n digits, a letters, c either.
IBAN_BBAN = {
    "AT": "16n", "BE": "12n", "BG": "4a6n8c", "CH": "5n12c", "CY": "8n16c", "CZ": "20n",
    "DE": "18n", "DK": "14n", "EE": "16n", "ES": "20n", "FI": "14n", "FR": "10n11c2n",
    "GB": "4a14n", "GR": "7n16c", "HR": "17n", "HU": "24n", "IE": "4a14n", "IS": "22n",
    "IT": "1a10n12c", "LI": "5n12c", "LT": "16n", "LU": "3n13c", "LV": "4a13c", "MC": "10n11c2n",
    "MT": "4a5n18c", "NL": "4a10n", "NO": "11n", "PL": "24n", "PT": "21n", "RO": "4a16c",
    "SE": "20n", "SI": "15n", "SK": "20n", "SM": "1a10n12c", "TR": "5n17c",
}  # fmt: skip
# EU VAT ids (VIES formats) after the two-letter prefix; ATU is written as the prefix "AT" + "U".
VAT_FORMATS = {
    "AT": "1a8n", "BE": "10n", "BG": "9n", "CY": "8n1a", "CZ": "8n", "DE": "9n", "DK": "8n",
    "EE": "9n", "EL": "9n", "ES": "1c7n1c", "FI": "8n", "FR": "2c9n", "HR": "11n", "HU": "8n",
    "IE": "7n1a", "IT": "11n", "LT": "9n", "LU": "8n", "LV": "11n", "MT": "8n", "NL": "9n1a2n",
    "PL": "10n", "PT": "9n", "RO": "10n", "SE": "12n", "SI": "8n", "SK": "10n", "GB": "9n",
    "XI": "9n", "CH": "1a9n",
}  # fmt: skip
INCOTERMS = frozenset(normalize.INCOTERMS)


@dataclass(frozen=True)
class Repair:
    value: str
    repaired: bool


# ---------------------------------------------------------------- hooks for the value readers

REPAIRED = "~"  # prefix a reader puts on a repaired value; fields.settle_repairs takes it off
REPAIRED_FACTOR = 0.9  # a repaired value's candidate score is lowered by this


def is_ocr(words: Iterable[Word]) -> bool:
    """OCR'd words carry confidences below 1.0 (ocr.py caps them at 0.99); text-layer words 1.0.
    Only OCR'd values are repaired: a text layer prints what it means."""
    confidences = [w.confidence for w in words]
    return bool(confidences) and max(confidences) < 1.0


def repaired_value(
    parse: Callable[[str], str | None],
    repair: Callable[[str], Repair | None],
    text: str,
    words: Iterable[Word],
) -> str | None:
    """``parse`` of the repaired text, marked REPAIRED, when the words are OCR'd and the repair
    changed something; None otherwise."""
    if not is_ocr(words):
        return None
    fixed = repair(text)
    if fixed is None or not fixed.repaired:
        return None
    value = parse(fixed.value)
    return REPAIRED + value if value else None


def repair_numbers_in(text: str) -> Repair | None:
    """Each whitespace-separated token of ``text`` that is a number with confusables repaired
    ("1O5 kg" -> "105 kg")."""
    tokens = text.split(" ")
    fixed = [repair_number(t) for t in tokens]
    if not any(f and f.repaired for f in fixed):
        return None
    return Repair(" ".join(f.value if f else t for f, t in zip(fixed, tokens, strict=True)), True)


def settle_repairs(candidates: list[Candidate]) -> list[Candidate]:
    """Marks off, scores lowered: a repaired reading is right far more often than not, but it
    needed help. OCR'd VAT ids found by pattern (no reader saw them) are repaired here."""
    return [settle(c) for c in candidates]


def settle(candidate: Candidate) -> Candidate:
    value = candidate.value
    if value.startswith(REPAIRED):
        value = value[len(REPAIRED) :]
    elif candidate.source == "ocr" and candidate.field.endswith("_vat_id"):
        fixed = repair_vat_id(value)
        if fixed is None or not fixed.repaired:
            return candidate
        value = fixed.value
    else:
        return candidate
    return dataclasses.replace(
        candidate, value=value, score=round(candidate.score * REPAIRED_FACTOR, 4)
    )


TOTALS = ("net_amount", "tax_amount", "total_amount")


def repair_totals(fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """net + tax = total on an OCR'd document: the one amount that breaks it by a single
    confusable digit is set to what the others imply, its confidence lowered."""
    found = [fields.get(name) for name in TOTALS]
    if any(f is None or f.source != "ocr" for f in found):
        return fields
    values = tuple(to_decimal(f.value) for f in found)  # type: ignore[union-attr]
    confidences = tuple(f.confidence for f in found)  # type: ignore[union-attr]
    suggestion = odd_one_out(values, "sum", confidences)
    if suggestion is None:
        return fields
    return with_suggestion(fields, TOTALS, suggestion)


# ---------------------------------------------------------------- the engine


def expand_format(spec: str) -> str:
    """Format "4a10n" -> classes "aaaannnnnnnnnn"."""
    return "".join(kind * int(count) for count, kind in re.findall(r"(\d+)([anc])", spec))


def readings(text: str, classes: str) -> list[str]:
    """Every reading of ``text`` whose characters fit ``classes`` (one of n/a/c per position):
    confusables in the wrong class swapped, open (c) positions tried both ways. [] when a
    character cannot fit its class or there are too many open positions."""
    if len(text) != len(classes):
        return []
    options: list[tuple[str, ...]] = []
    for char, kind in zip(text, classes, strict=True):
        fitted = fit(char, kind)
        if not fitted:
            return []
        options.append(fitted)
    if sum(len(o) > 1 for o in options) > MAX_OPEN_POSITIONS:
        return []
    return ["".join(chars) for chars in itertools.product(*options)]


def fit(char: str, kind: str) -> tuple[str, ...]:
    digit = char if char.isdigit() else TO_DIGIT.get(char)
    letter = char.upper() if char.isalpha() and char.isascii() else TO_LETTER.get(char)
    if kind == "n":
        return (digit,) if digit else ()
    if kind == "a":
        return (letter,) if letter else ()
    as_read = char.upper() if char.isalpha() else char
    if not as_read.isascii() or not as_read.isalnum():
        return ()
    other = TO_LETTER.get(char) if char.isdigit() else TO_DIGIT.get(char)
    return (as_read, other) if other and other != as_read else (as_read,)


def unique_valid(
    text: str, candidates: Iterable[str], valid: Callable[[str], bool]
) -> Repair | None:
    """The one candidate that passes ``valid``; not repaired when it is ``text`` itself."""
    passing = {c for c in candidates if valid(c)}
    if len(passing) != 1:
        return None
    value = passing.pop()
    return Repair(value, repaired=value != text)


# ---------------------------------------------------------------- check-digit kinds


def repair_awb(text: str) -> Repair | None:
    """IATA air waybill: 11 digits, check digit = serial mod 7 ("176-1234567S" -> "17612345675")."""
    compact = SEPARATORS.sub("", text)
    return unique_valid(compact, readings(compact, "n" * 11), checks.awb_is_valid)


def repair_container(text: str) -> Repair | None:
    """ISO 6346: owner (3 letters) + category (U/J/Z) + 6 digits + check digit."""
    compact = SEPARATORS.sub("", text) if len(text) < 30 else ""
    return unique_valid(
        compact.upper(), readings(compact, "aaaannnnnnn"), checks.container_is_valid
    )


def repair_iban(text: str) -> Repair | None:
    """ISO 13616: country letters, two check digits, the country's BBAN format; mod 97."""
    compact = SEPARATORS.sub("", text)
    country = "".join(fit(c, "a")[0] if fit(c, "a") else "?" for c in compact[:2])
    bban = IBAN_BBAN.get(country)
    classes = "aann" + (expand_format(bban) if bban else "c" * max(0, len(compact) - 4))
    return unique_valid(compact.upper(), readings(compact, classes), checks.iban_is_valid)


def repair_vat_id(text: str) -> Repair | None:
    """EU VAT id by its country's format ("ATUO4067521" -> "ATU04067521"). Format only, no
    check digit: the swap must be forced by the format (open positions are not guessed)."""
    compact = re.sub(r"[\s.\-]", "", text)
    country = "".join(fit(c, "a")[0] if fit(c, "a") else "?" for c in compact[:2])
    spec = VAT_FORMATS.get(country)
    if spec is None:
        return None
    found = readings(compact, "aa" + expand_format(spec))
    return Repair(found[0], found[0] != compact.upper()) if len(found) == 1 else None


# Countries whose EORI number is the prefix and figures only (NL + 9, DE + up to 15, GB/XI +
# 12, FR + SIRET, IT + VAT number...); Spain's carries its NIF's letter, Austria's "ATEOS".
EORI_DIGIT_COUNTRIES = frozenset(
    {"NL", "DE", "GB", "XI", "FR", "BE", "IT", "DK", "SE", "FI", "PL", "PT", "IE", "LU", "CZ"}
)


def repair_eori(text: str) -> Repair | None:
    """EORI by its country's format ("NLO52044521" -> "NL052044521"): forced swaps only."""
    compact = re.sub(r"[\s.\-]", "", text)
    country = "".join(fit(c, "a")[0] if fit(c, "a") else "?" for c in compact[:2])
    if country not in EORI_DIGIT_COUNTRIES or len(compact) < 5:
        return None
    found = readings(compact, "aa" + "n" * (len(compact) - 2))
    return Repair(found[0], found[0] != compact.upper()) if len(found) == 1 else None


# ---------------------------------------------------------------- digit kinds


def repair_hs_code(text: str) -> Repair | None:
    """6 to 10 digits, dots and spaces allowed ("8471.3O.00" -> "84713000"); chapter 01-97."""
    compact = re.sub(r"[\s.]", "", text).strip(",;")
    if not 6 <= len(compact) <= 10:
        return None
    return unique_valid(
        compact, readings(compact, "n" * len(compact)), lambda c: 1 <= int(c[:2]) <= 97
    )


def repair_number(text: str) -> Repair | None:
    """An amount or quantity as printed with confusables among its digits ("1.2O5,5O" ->
    "1.205,50"): letters swapped only between digits and separators, so "EUR" or "kg" beside
    it stay. The result is the printed text repaired, for the caller to normalise."""
    core = text.strip()
    match = re.fullmatch(r"([-+(]?[$€£]?)([\dOoIlSsBZG.,' ]*\d[\dOoIlSsBZG.,' ]*)([)€$£]?-?)", core)
    if not match:
        return None
    body = match.group(2)
    if not re.search(r"\d.*\d", body) or sum(c.isalpha() for c in body) * 3 > len(body):
        return None
    fixed = "".join(TO_DIGIT.get(c, c) if c.isalpha() else c for c in body)
    return Repair(match.group(1) + fixed + match.group(3), fixed != body)


_D = r"[\dOoIlSsBZG]"
_CONFUSED_DATE = re.compile(rf"{_D}{{1,4}}[./\-]{_D}{{1,2}}[./\-]{_D}{{2,4}}")


def repair_date(text: str) -> Repair | None:
    """A numeric date with confusables ("O5.O3.2O18" -> "05.03.2018"), kept only if it parses
    as a real date."""
    core = text.strip()
    if not _CONFUSED_DATE.fullmatch(core):
        return None
    fixed = "".join(TO_DIGIT.get(c, c) for c in core)
    return Repair(fixed, fixed != core) if normalize.text_to_date(fixed) else None


# ---------------------------------------------------------------- code lists


def repair_code(text: str, codes: Iterable[str]) -> Repair | None:
    """A code from a list (currency, country, Incoterms, unit): every confusable reading of the
    printed code ("F0B" -> "FOB", "U5D" -> "USD", "C6Z" -> "C62"); the unique one in the list."""
    compact = text.strip()
    known = set(codes)
    if compact.upper() in known:
        return Repair(compact.upper(), False)
    if not 2 <= len(compact) <= 4:
        return None
    return unique_valid(compact.upper(), readings(compact, "c" * len(compact)), known.__contains__)


def repair_currency(text: str) -> Repair | None:
    return repair_code(text, normalize.currency_table()["codes"])


def repair_incoterms(text: str) -> Repair | None:
    return repair_code(text, INCOTERMS)


# ---------------------------------------------------------------- arithmetic


@dataclass(frozen=True)
class Suggestion:
    index: int  # which of the values disagrees
    value: Decimal  # what it should read


def with_suggestion(
    fields: dict[str, FieldValue], names: tuple[str, ...], suggestion: Suggestion
) -> dict[str, FieldValue]:
    """``fields`` with the value odd_one_out picked (``names[suggestion.index]``) set to what
    the others imply, trusted a little less; the others keep their confidence."""
    name = names[suggestion.index]
    old = fields[name]
    fixed = old.model_copy(
        update={
            "value": f"{suggestion.value:f}",
            "confidence": round(old.confidence * REPAIRED_FACTOR, 4),
        }
    )
    return {**fields, name: fixed}


def odd_one_out(
    values: tuple[Decimal | None, ...],
    relation: str,
    confidences: tuple[float, ...] | None = None,
    exact: bool = False,
) -> Suggestion | None:
    """Which single value breaks ``relation`` and what it should be, when exactly one value, set
    to what the others imply, differs from its reading by one OCR slip (one digit misread, or
    one confusable pair): "sum" is values[0] + values[1] = values[2] (net + tax = total),
    "product" values[0] x values[1] = values[2] (quantity x unit price = line total). None when
    the values agree, one is missing, or the culprit is not clear; where two values could be the
    slip, the one OCR was clearly less sure of (``confidences``, 0.05 lower) is taken.
    ``exact``: a product agrees only to the cent (not within a rounded unit price's reach), and
    a suggestion must make it do so."""
    if any(v is None for v in values) or len(values) != 3:
        return None
    a, b, c = values  # type: ignore[misc]
    implied = implied_values(a, b, c, relation)
    slack = CENT if exact else tolerance(a, relation)
    if implied is None or abs(implied[2] - c) <= slack:
        return None
    culprits = [
        Suggestion(i, want.quantize(have))
        for i, (have, want) in enumerate(zip((a, b, c), implied, strict=True))
        if want is not None
        and one_slip_apart(have, want.quantize(have))
        and (not exact or holds_with(values, i, want.quantize(have), relation))
    ]
    if len(culprits) > 1 and confidences is not None:
        ranked = sorted(culprits, key=lambda s: confidences[s.index])
        if confidences[ranked[0].index] <= confidences[ranked[1].index] - 0.05:
            culprits = ranked[:1]
    return culprits[0] if len(culprits) == 1 else None


CENT = Decimal("0.01")


def tolerance(first: Decimal, relation: str) -> Decimal:
    """A cent, and for products half a cent per unit (unit prices are printed rounded)."""
    return CENT if relation == "sum" else CENT + abs(first) * Decimal("0.005")


def holds_with(values: tuple, index: int, value: Decimal, relation: str) -> bool:
    """The relation holds to the cent with ``values[index]`` set to ``value``."""
    a, b, c = (value if i == index else v for i, v in enumerate(values))
    return abs((a + b if relation == "sum" else a * b) - c) <= CENT


def implied_values(
    a: Decimal, b: Decimal, c: Decimal, relation: str
) -> tuple[Decimal | None, Decimal | None, Decimal] | None:
    try:
        if relation == "sum":
            return c - b, c - a, a + b
        if relation == "product":
            return (c / b if b else None), (c / a if a else None), a * b
    except InvalidOperation:
        return None
    raise ValueError(f"unknown relation {relation!r}")


# Digits OCR mistakes for one another (pairs, either way round).
DIGIT_CONFUSIONS = frozenset(
    frozenset(pair) for pair in ("08", "38", "56", "58", "68", "17", "06", "89")
)


def one_slip_apart(read: Decimal, want: Decimal) -> bool:
    """The two numbers print alike but for one digit that OCR confuses (3/8, 5/6, 1/7, ...)."""
    x, y = f"{abs(read):f}", f"{abs(want):f}"
    if len(x) != len(y) or (read < 0) != (want < 0):
        return False
    differing = [frozenset((p, q)) for p, q in zip(x, y, strict=True) if p != q]
    return len(differing) == 1 and differing[0] in DIGIT_CONFUSIONS


def to_decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None
