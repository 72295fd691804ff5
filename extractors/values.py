"""Value kinds: a run of words after (or below) a label -> (normalised value, words used).

Each reader gets the words that may hold the value, in reading order, and returns the value
and how many of the leading words it used, or None. Readers never look past MAX_WORDS: a value
is short, and what follows it on the line belongs to the next column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from clearway.models import Word
from extractors import checks, confusables, normalize
from extractors.labels import fillers
from extractors.matching import word_key

Read = tuple[str, int, int]  # value, first word used, end (exclusive)

MONEY = re.compile(
    r"^[(]?[-+−]?[$€£¥₹]?[-+−]?\d{1,3}(?:[.,' \u202f]?\d{3})*[.,]\d{2,4}"
    r"[-]?[)]?(?:€|\$|£|EUR|USD)?[,;]?$"
)
_PREFIX = re.compile(r"^(?:n°|nº|no\.|nr\.|n\.|#|:)\s*", re.I)


_CODE_IN_PARENS = re.compile(r"^\(\d{1,4}\)$")  # "Handelsrechnung (380) Nr. 4711": a type code
# A number printed with spaces between its thousands groups ("13 141,23", "8 168,9 kg") is
# several words to the text layer: a head of one to three digits, then groups of three.
_GROUP_HEAD = re.compile(r"^[(]?[-+−]?[$€£¥₹]?\d{1,3}$")
_GROUP_TAIL = re.compile(r"^\d{3}(?:[.,]\d{1,4})?(?:€|\$|£|EUR|USD)?[)]?[,;]?$")
_GROUP_GAP = (
    0.8  # at most this many font heights between groups: a space (Courier: 0.6), not a column gap
)
# An OCR'd word's box is its ink, the height of its figures (~0.7 of the font's), not the
# font's: a Courier space between "10" and "245,82" measured 1.1 of it on 1-bit scans.
_OCR_GROUP_GAP = 1.4


def number_run(words: Sequence[Word], i: int) -> int:
    """How many words from ``i`` print one space-grouped number (1 when it is a plain word)."""
    if i >= len(words) or not _GROUP_HEAD.match(words[i].text):
        return 1
    n = 1
    while i + n < len(words) and _GROUP_TAIL.match(words[i + n].text):
        left, right = words[i + n - 1], words[i + n]
        gap = _OCR_GROUP_GAP if max(left.confidence, right.confidence) < 1.0 else _GROUP_GAP
        if right.x0 - left.x1 > gap * max(1.0, left.bottom - left.top):
            break
        n += 1
        if not right.text.isdigit():
            break  # the decimals end the number
    return n


def joined_number(words: Sequence[Word], i: int) -> tuple[str, int]:
    """The text of the (possibly space-grouped) number at ``i`` with its spaces removed, and
    how many words it took."""
    n = number_run(words, i)
    return "".join(w.text for w in words[i : i + n]), n


def leading_fillers(words: Sequence[Word], limit: int = 3) -> int:
    """How many leading words are fillers ("Nr.", ":", "vom", "(380)") between label and value;
    a parenthesised gloss ("(Selbst ausgestellte Rechnung)") counts as one."""
    n = taken = 0
    while n < len(words) and taken < limit:
        if word_key(words[n].text) in fillers() or _CODE_IN_PARENS.match(words[n].text):
            n += 1
        elif words[n].text.startswith("(") and (close := gloss_end(words, n)):
            n = close
        else:
            break
        taken += 1
    return n


def gloss_end(words: Sequence[Word], start: int, longest: int = 6) -> int | None:
    """The end of a parenthesis opened at ``start`` and closed within a few words, else None."""
    for i in range(start, min(len(words), start + longest)):
        if words[i].text.rstrip(".,:;").endswith(")"):
            return i + 1
    return None


def read_reference(words: Sequence[Word]) -> Read | None:
    start = leading_fillers(words)
    if start >= len(words):
        return None
    # A check-digit number printed in groups ("057 8182 3416", "MSKU 123456 7") is one reference.
    for n in (3, 2):
        compact = re.sub(r"[\s\-]", "", "".join(w.text for w in words[start : start + n]))
        if len(words) - start >= n and (
            checks.awb_is_valid(compact) or checks.container_is_valid(compact)
        ):
            return compact, start, start + n
    text = _PREFIX.sub("", words[start].text).strip(",;")
    end = start + 1
    if end < len(words) and digits_split_off(words[start], words[end]):
        text, end = text + words[end].text.rstrip(",;"), end + 1
    if text in ("", "#"):
        return None
    if normalize.text_to_date(text) and re.fullmatch(r"[\d./\-]+", text):
        return None  # a date standing where a number was expected ("Rechnung vom 05.03.2018")
    value = normalize.text_to_reference(text)
    if value is None or not re.search(r"\d", value):
        return None
    compact = re.sub(r"[\s\-]", "", value)
    if checks.awb_is_valid(compact):  # an air waybill number: 11 digits, no separators
        value = compact
    return value, start, end


# OCR splits a long reference's last figures off as a word of their own, set closer than a
# space ("RE-2026-089" "12", "COSU608061" "504"), or inside the first word's box (its ink
# was boxed with the word but left unread, and read again alone: ocr_large_lines).
_SPLIT_GAP = 0.35  # word heights


def digits_split_off(word: Word, after: Word) -> bool:
    """``after`` is the tail of the OCR'd reference ``word``: figures both, no space between."""
    return (
        max(word.confidence, after.confidence) < 1.0
        and bool(re.search(r"\d$", word.text))
        and bool(re.fullmatch(r"\d+[,;]?", after.text))
        and after.x0 - word.x1 < _SPLIT_GAP * (word.bottom - word.top)
        and after.x0 > word.x0
    )


def read_eori(words: Sequence[Word]) -> Read | None:
    """A reference; on OCR'd words, O/I/S read among an EORI's figures set right by its
    country's format."""
    read = read_reference(words)
    if read is None:
        return None
    value, a, b = read
    fixed = confusables.repaired_value(
        normalize.text_to_reference, confusables.repair_eori, value, words[a:b]
    )
    return fixed or value, a, b


def read_date(words: Sequence[Word]) -> Read | None:
    start = leading_fillers(words)
    for n in range(1, 6):  # "21 de marzo de 2026" is five words
        if start + n > len(words):
            break
        text = " ".join(w.text for w in words[start : start + n])
        value = normalize.text_to_date(text) or confusables.repaired_value(
            normalize.text_to_date, confusables.repair_date, text, words[start : start + n]
        )
        if value:
            return value, start, start + n
    return None


def read_amount(words: Sequence[Word]) -> Read | None:
    """The first money-looking word (decimals printed) among the next few; percentages skipped."""
    for i, word in enumerate(words[:6]):
        text = word.text.strip()
        if "%" in text:
            continue
        joined, n = joined_number(words, i)
        if n > 1 and MONEY.match(joined):
            value = normalize.text_to_amount(joined)
            if value is not None:
                return value, i, i + n
        if MONEY.match(text):
            value = normalize.text_to_amount(text)
            if value is not None:
                return value, i, i + 1
        fixed = confusables.repaired_value(
            lambda t: normalize.text_to_amount(t) if MONEY.match(t) else None,
            confusables.repair_number,
            text,
            [word],
        )
        if fixed:
            return fixed, i, i + 1
    return None


def read_currency(words: Sequence[Word]) -> Read | None:
    start = leading_fillers(words)
    for i in range(start, min(len(words), start + 2)):
        value = normalize.text_to_currency(words[i].text) or confusables.repaired_value(
            normalize.text_to_currency, confusables.repair_currency, words[i].text, [words[i]]
        )
        if value:
            return value, i, i + 1
    return None


def read_name(words: Sequence[Word]) -> Read | None:
    start = leading_fillers(words)
    if start >= len(words):
        return None
    text = " ".join(name_word(w) for w in words[start:]).strip(" ,;")
    if text.endswith(":") or "@" in text or sum(c.isdigit() for c in text) > len(text) / 3:
        return None
    value = normalize.text_to_name(text)
    return (value, start, len(words)) if value else None


# An OCR'd word of letters in which the only figures are zeros ("d.0.0.", "B0SCH"): OCR took
# the letter O for a zero. Its case follows the letters around it.
def name_word(word: Word) -> str:
    text = word.text
    letters = [c for c in text if c.isalpha()]
    if word.confidence >= 1.0 or "0" not in text or not letters:
        return text
    if any(c.isdigit() and c != "0" for c in text):
        return text  # "A10", "CO2": a figure in a name
    capital = sum(c.isupper() for c in letters) * 2 > len(letters)
    return text.replace("0", "O" if capital else "o")


def read_vat_id(words: Sequence[Word]) -> Read | None:
    """The run of up to six words that reads as a VAT id ("FR 604 219 388 61" prints one in
    groups). Of the runs that parse, the one its country's format (and check digits) accepts
    wins, else the shortest, so that a number printed after the id is not taken into it."""
    start = leading_fillers(words)
    parsed: list[tuple[int, str, int]] = []
    for n in range(1, min(6, len(words) - start) + 1):
        value = normalize.text_to_vat_id("".join(w.text for w in words[start : start + n]))
        if value:
            parsed.append((normalize.vat_id_fit(value), value, n))
    if not parsed:
        return None
    fit, value, n = max(parsed, key=lambda p: (p[0], -p[2]))
    # "ATUO4067521" parses as a VAT id; its country's format says the O is a 0.
    fixed = confusables.repaired_value(
        normalize.text_to_vat_id, confusables.repair_vat_id, value, words[start : start + n]
    )
    return fixed or value, start, start + n


def read_iban(words: Sequence[Word]) -> Read | None:
    """The longest run of words that forms an IBAN; a labelled one failing mod 97 is still returned
    (prefixed "?" so the finder can lower its score): printed sample IBANs often fail the check."""
    start = leading_fillers(words)
    fallback: Read | None = None
    for n in range(min(9, len(words) - start), 0, -1):
        joined = re.sub(r"[\s\-]", "", "".join(w.text for w in words[start : start + n]).upper())
        if normalize.text_to_iban(joined) == joined:
            return joined, start, start + n
        if fallback is None and re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", joined):
            fallback = ("?" + joined, start, start + n)
    if fallback is not None:  # OCR'd: O/0, I/1, S/5, B/8 swapped where mod 97 says which
        fixed = confusables.repaired_value(
            normalize.text_to_iban,
            confusables.repair_iban,
            fallback[0][1:],
            words[fallback[1] : fallback[2]],
        )
        if fixed:
            return fixed, fallback[1], fallback[2]
    return fallback


def read_joined(
    parse: Callable[[str], str | None],
    max_words: int,
    repair: Callable[[str], confusables.Repair | None] | None = None,
) -> Callable[[Sequence[Word]], Read | None]:
    """``repair``: for OCR'd words that do not parse, confusable characters swapped where the
    kind's check says which (extractors/confusables.py)."""

    def read(words: Sequence[Word]) -> Read | None:
        start = leading_fillers(words)
        joined, run = joined_number(words, start)
        if run > 1:  # a space-grouped number is one value ("8 168,9"), maybe with its unit
            value = parse(joined)
            if value and start + run < len(words):
                with_unit = parse(f"{joined} {words[start + run].text}")
                if with_unit and with_unit != value:  # "2 500 lbs": the unit converts it
                    return with_unit, start, start + run + 1
            if value:
                return value, start, start + run
        for n in range(1, max_words + 1):
            if start + n > len(words):
                break
            joined, run = joined_number(words, start + n - 1)
            if n > 1 and run > 1 and (value := parse(joined)):
                # after OCR specks ("Fe Fo 44 085,6"): the grouped number, not its first group
                return value, start + n - 1, start + n - 1 + run
            text = " ".join(w.text for w in words[start : start + n])
            value = parse(text)
            if not value and repair is not None:
                value = confusables.repaired_value(parse, repair, text, words[start : start + n])
            if value:
                return value, start, start + n
        return None

    return read


def read_rest(parse: Callable[[str], str | None]) -> Callable[[Sequence[Word]], Read | None]:
    def read(words: Sequence[Word]) -> Read | None:
        start = leading_fillers(words)
        if start >= len(words):
            return None
        value = parse(" ".join(w.text for w in words[start:]))
        return (value, start, len(words)) if value else None

    return read


_LOCODE = re.compile(r"\b([A-Z]{2}[A-Z2-9]{3})\b")


def text_to_location(text: str) -> str | None:
    """A UN/LOCODE where one is printed ("KRPUS Busan", "Basel (CHBSL)") or the place implies
    one ("Rotterdam", "Hamburg, Germany"), else the place name as printed."""
    for m in _LOCODE.finditer(text):
        if normalize.text_to_country(m.group(1)[:2]):
            return m.group(1)
    return normalize.place_to_locode(text) or normalize.text_to_name(text)


_INCOTERMS_PREFIX = re.compile(
    rf"^\s*(?:{normalize.INCOTERMS_RE})\b[\s,:-]*"
    r"(?:\(?incoterms?\s*®?\s*(?:20\d\d)?\)?[\s,:-]*)?",
    re.I,
)


def text_to_incoterms_place(text: str) -> str | None:
    """ "FCA New York (Incoterms 2020)" -> the named place; "Rotterdam" under a place label."""
    rest = _INCOTERMS_PREFIX.sub("", text, count=1)
    rest = re.sub(r"\(?\s*incoterms?\s*®?\s*(?:20\d\d)?\s*\)?", " ", rest, flags=re.I)
    rest = rest.strip(" ,;:-")
    if not re.search(r"[^\W\d_]{2}", rest) or normalize.text_to_incoterms(rest) == rest.upper():
        return None
    return text_to_location(rest)


def text_to_awb(text: str) -> str | None:
    digits = re.sub(r"[\s\-]", "", text)
    return digits if checks.awb_is_valid(digits) else None


def text_to_container(text: str) -> str | None:
    code = re.sub(r"[\s\-]", "", text.upper())
    return code if checks.container_is_valid(code) else None


def text_to_quantity(text: str) -> str | None:
    m = re.match(r"\s*([\d.,' ]*\d)", text)
    return normalize.text_to_amount(m.group(1), min_decimals=0) if m else None


def read_quantity_unit(words: Sequence[Word]) -> Read | None:
    """The unit printed after a quantity ("5 000 kg" -> KGM; unknown units as printed, in
    upper case)."""
    from extractors.tables import table_vocab

    start = leading_fillers(words)
    i = start
    while i < len(words) and re.fullmatch(r"[\d.,' ]+", words[i].text):
        i += 1
    if i == start or i >= len(words):
        return None
    unit = words[i].text.strip(".,;:()")
    code = table_vocab()["units"].get(unit.lower())
    return (code or unit.upper(), i, i + 1) if unit and unit.isalpha() else None


def text_to_count(text: str) -> str | None:
    return normalize.text_to_count(text) if re.fullmatch(r"\s*\d{1,7}\s*\w*\s*", text) else None


READERS: dict[str, Callable[[Sequence[Word]], Read | None]] = {
    "reference": read_reference,
    "eori": read_eori,
    "date": read_date,
    "amount": read_amount,
    "currency": read_currency,
    "name": read_name,
    "address": read_rest(normalize.text_to_name),
    "location": read_rest(text_to_location),
    "incoterms_place": read_rest(text_to_incoterms_place),
    "country": read_rest(normalize.text_to_country),
    "vat_id": read_vat_id,
    "iban": read_iban,
    "weight": read_joined(normalize.text_to_weight_kg, 3, confusables.repair_numbers_in),
    "count": read_joined(text_to_count, 1, confusables.repair_numbers_in),
    "awb": read_joined(text_to_awb, 3, confusables.repair_awb),
    "container": read_joined(text_to_container, 3, confusables.repair_container),
    "hs_code": read_joined(normalize.text_to_hs_code, 3, confusables.repair_hs_code),
    "incoterms": read_joined(normalize.text_to_incoterms, 3, confusables.repair_incoterms),
    "quantity": read_joined(text_to_quantity, 1, confusables.repair_numbers_in),
    "quantity_unit": read_quantity_unit,
    "freight_terms": read_rest(normalize.text_to_freight_terms),
}

# How much a kind's own validation adds to the evidence: check digits are strong, free text weak.
KIND_TRUST = {
    "iban": 1.0,
    "awb": 1.0,
    "container": 1.0,
    "date": 0.97,
    "amount": 0.96,
    "vat_id": 0.97,
    "currency": 0.97,
    "reference": 0.93,
    "eori": 0.93,
    "incoterms": 0.97,
    "hs_code": 0.9,
    "weight": 0.93,
    "count": 0.9,
    "country": 0.93,
    "name": 0.88,
    "address": 0.8,
    "location": 0.85,
    "incoterms_place": 0.85,
    "quantity": 0.85,
    "quantity_unit": 0.85,
    "freight_terms": 0.9,
}
