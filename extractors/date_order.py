"""Day or month first: "05/03/2026" is 5 March in most of the world and May 3 in the US.

The readers take numeric dates day first; dotted ones ("10.05.2026") stay so, since no
month-first country prints dots. For the others the document decides: a date on it that can
only be read one way ("13/05/2026", "05/13/2026") fixes the order for all; failing that, the
order under which the dates are in sequence (issued before due, before expiry) wins; failing
that, the issuer's country (vocab/countries.yaml ``month_first``) on a document in English
(a US chamber's certificate in French prints French dates): the seller's or issuing country
field, or the country closing the seller's address block. Dates still ambiguous after that
keep day first; undecided dates are a little less sure.
"""

from __future__ import annotations

import re

from clearway.models import FieldValue
from extractors import language, normalize
from extractors.layout import Line

_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})(?![\d.])")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Pairs that must be in order when both are printed: (earlier, later).
SEQUENCES = (("issue_date", "due_date"), ("issue_date", "expiry_date"))
DECIDED_BY_SEQUENCE = 0.95  # the order follows from the sequence only
UNDECIDED = 0.92  # nothing on the page says which: day first, as most of the world prints
BY_COUNTRY = 0.9  # only the issuer's country says month first: a habit, not evidence


def settle_date_order(fields: dict[str, FieldValue], lines: list[Line]) -> dict[str, FieldValue]:
    ambiguous = {name: fv for name, fv in fields.items() if swapped(fv) is not None}
    if not ambiguous:
        return fields
    order = printed_order(lines)
    factor = 1.0
    if order is None:
        order = sequence_order(fields)
        factor = DECIDED_BY_SEQUENCE if order else UNDECIDED
    if (
        order is None
        and issuer_country(fields, lines) in normalize.month_first_countries()
        and language.words_to_language(w for line in lines for w in line.words) in (None, "en")
    ):
        order, factor = "month_first", BY_COUNTRY  # a US document with nothing else to go by
    out = dict(fields)
    for name, fv in ambiguous.items():
        value = swapped(fv) if order == "month_first" else fv.value
        out[name] = fv.model_copy(
            update={"value": value, "confidence": round(fv.confidence * factor, 4)}
        )
    return out


def swapped(fv: FieldValue) -> str | None:
    """The month-first reading of a date printed ambiguously ("05/03/2026"), else None."""
    if not isinstance(fv.value, str) or not fv.raw or not _ISO.fullmatch(fv.value):
        return None
    m = _NUMERIC.search(fv.raw)
    if not m:
        return None
    a, b, year = m.groups()
    if a == b or int(a) > 12 or int(b) > 12:
        return None
    if "." in m.group(0):  # dotted dates are day first wherever they are printed ("10.05.2026")
        return None
    month_first = normalize.text_to_date(f"{b}.{a}.{year}")
    return month_first if month_first and month_first != fv.value else None


def printed_order(lines: list[Line]) -> str | None:
    """What the unambiguous numeric dates on the document say, if they agree."""
    votes = {"day_first": 0, "month_first": 0}
    for line in lines:
        for m in _NUMERIC.finditer(line.text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b >= 1:
                votes["day_first"] += 1
            elif b > 12 >= a >= 1 and b <= 31:
                votes["month_first"] += 1
    if votes["day_first"] == votes["month_first"]:
        return None
    return max(votes, key=votes.get)


def sequence_order(fields: dict[str, FieldValue]) -> str | None:
    """The order under which every printed pair of dates is in sequence, when only one is."""
    readings = {"day_first": {}, "month_first": {}}
    for name, fv in fields.items():
        if isinstance(fv.value, str) and _ISO.fullmatch(fv.value):
            readings["day_first"][name] = fv.value
            readings["month_first"][name] = swapped(fv) or fv.value
    fits = [
        order
        for order, dates in readings.items()
        if all(dates[a] <= dates[b] for a, b in SEQUENCES if a in dates and b in dates)
    ]
    return fits[0] if len(fits) == 1 else None


ISSUER_COUNTRY_FIELDS = ("seller_country", "issuing_country")


ADDRESS_LINES = 6  # a party's address block: name, street lines, town, country


def issuer_country(fields: dict[str, FieldValue], lines: list[Line]) -> str | None:
    """The country of whoever printed the document, where a field says it, else the country
    that ends the seller's address block (a packing list has no seller_country field)."""
    found = next((str(fields[f].value) for f in ISSUER_COUNTRY_FIELDS if f in fields), None)
    if found is not None or "seller_name" not in fields:
        return found
    return block_country(fields["seller_name"], lines)


def block_country(name: FieldValue, lines: list[Line]) -> str | None:
    """The country named by a cell starting where the name starts, in the lines under it."""
    if name.bbox is None:
        return None
    x0, top = name.bbox[0], name.bbox[1]
    below = [ln for ln in lines if ln.page == name.page and ln.top > top + 1]
    for line in below[:ADDRESS_LINES]:
        for start, end in line.cells:
            words = line.words[start:end]
            if abs(words[0].x0 - x0) <= 2 and (
                country := normalize.text_to_country(" ".join(w.text for w in words))
            ):
                return country
    return None
