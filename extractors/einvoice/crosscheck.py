"""The XML twin against the visible text: which canonical fields disagree. Pure.

A field present on one side only is not a disagreement (the XML carries values the page does
not print, and the page prints values the XML profile has no place for). Only values read from
the page (source ``text`` or ``ocr``) are compared: a subtype the classifier derived from keywords
is not something the sender printed.

Each field compares by its kind, strictly but on normalised forms:
  amounts    as numbers (``473.0`` = ``473.00``); on a credit note, by magnitude, because UBL
             and CII state credit-note amounts positive while the page often prints them negative
  dates      equal ISO dates
  codes      equal, case-insensitive (currency, countries, Incoterms)
  ids        equal without whitespace, case-insensitive (invoice number, VAT ids, IBAN, order no.)
  names      equal, case- and whitespace-insensitive, outer punctuation ignored; legal forms are
             not expanded ("GmbH" is not "Gesellschaft mit beschränkter Haftung")
  addresses  every word of the XML address appears in the text address: the page prints the
             country, a contact or a GLN in the address block, which the XML keeps elsewhere
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from clearway.models import FieldValue, XmlTextMismatch

PAGE_SOURCES = ("text", "ocr")


# A page value below this confidence is one extraction itself doubts (e.g. one amount picked
# from a row of several): it goes to review as low_confidence, and is no evidence that the
# printed document says something other than its XML.
MIN_TEXT_CONFIDENCE = 0.6


def crosscheck(
    xml_fields: dict[str, FieldValue], text_fields: dict[str, FieldValue]
) -> list[XmlTextMismatch]:
    """The fields both sides carry and disagree on, in the XML's field order."""
    credit_note = getattr(xml_fields.get("invoice_type"), "value", None) == "credit_note"
    out = []
    for name, xml in xml_fields.items():
        text = text_fields.get(name)
        if text is None or text.source not in PAGE_SOURCES:
            continue
        if text.confidence < MIN_TEXT_CONFIDENCE:
            continue
        if not same_value(name, str(xml.value), str(text.value), credit_note):
            out.append(
                XmlTextMismatch(
                    field=name,
                    xml_value=str(xml.value),
                    text_value=str(text.value),
                    page=text.page,
                    bbox=text.bbox,
                    text_source=text.source,
                )
            )
    return out


def same_value(field: str, xml: str, text: str, credit_note: bool = False) -> bool:
    kind = field_kind(field)
    if kind == "amount":
        return same_amount(xml, text, by_magnitude=credit_note)
    return COMPARE[kind](xml, text)


def field_kind(field: str) -> str:
    if field in AMOUNTS:
        return "amount"
    if field.endswith("_date"):
        return "date"
    if field in CODES or field.endswith("_country"):
        return "code"
    if field.endswith("_address"):
        return "address"
    if field.endswith("_name"):
        return "name"
    return "id"


AMOUNTS = frozenset({"net_amount", "tax_amount", "total_amount", "amount_due"})
CODES = frozenset({"currency", "incoterms", "invoice_type"})


def same_amount(xml: str, text: str, by_magnitude: bool = False) -> bool:
    try:
        a, b = Decimal(xml), Decimal(text)
    except InvalidOperation:
        return xml.strip() == text.strip()
    return abs(a) == abs(b) if by_magnitude else a == b


def same_date(xml: str, text: str) -> bool:
    return xml.strip() == text.strip()


def same_code(xml: str, text: str) -> bool:
    return xml.strip().upper() == text.strip().upper()


def same_id(xml: str, text: str) -> bool:
    return re.sub(r"\s+", "", xml).casefold() == re.sub(r"\s+", "", text).casefold()


def name_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:").casefold()


def same_name(xml: str, text: str) -> bool:
    return name_key(xml) == name_key(text)


def address_words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def same_address(xml: str, text: str) -> bool:
    return not (address_words(xml) - address_words(text))


COMPARE: dict[str, Callable[[str, str], bool]] = {
    "date": same_date,
    "code": same_code,
    "id": same_id,
    "name": same_name,
    "address": same_address,
}
