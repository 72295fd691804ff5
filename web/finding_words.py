"""Findings in a trader's words: what the problem is and what they can do about it.

A finding's message (validators/) is written for the people who check documents and names
fields by key ("seller_name, line_items[1].description ... Check them in review"); the
consignment page also shows it to the trader, who needs to know whether to act. Each code
gets a headline and, for traders, what they can do. The message stays beneath it, for the
detail; an unknown code shows only the message, as before.
"""

from __future__ import annotations

from typing import Any

_FIX = "If a document is wrong, upload a corrected copy from this page."

# code -> (headline, what the trader can do)
WORDS: dict[str, tuple[str, str]] = {
    "total_mismatch": ("The invoice amounts do not add up.", _FIX),
    "awb_check_digit_invalid": (
        "The air waybill number is not a valid one (its check digit is wrong).",
        "Check the number with the airline or forwarder. " + _FIX,
    ),
    "container_check_digit_invalid": (
        "A container number is not a valid one (its check digit is wrong).",
        "Check the number with the shipping line. " + _FIX,
    ),
    "invalid_code": (
        "A code on a document (country, currency, unit or commodity) is not valid.",
        _FIX,
    ),
    "permit_expired": (
        "A permit or certificate has expired.",
        "Upload a permit that is valid for this shipment.",
    ),
    "hs_code_not_covered_by_permit": (
        "The permit does not cover the goods' commodity code.",
        "Upload the permit that covers these goods.",
    ),
    "permit_quantity_exceeded": (
        "The shipment holds more than the permit allows.",
        "Upload a permit that covers the whole quantity.",
    ),
    "missing_required_permit": (
        "These goods need a permit, and none was sent.",
        "Upload the permit or licence for these goods.",
    ),
    "missing_transport_document": (
        "No transport document (air waybill, bill of lading or CMR) was sent.",
        "Upload the transport document of this shipment.",
    ),
    "missing_invoice": ("No commercial invoice was sent.", "Upload the invoice of this shipment."),
    "party_mismatch": ("The documents name different companies for the same role.", _FIX),
    "weight_mismatch": ("The weights differ between the documents.", _FIX),
    "package_count_mismatch": ("The number of packages differs between the documents.", _FIX),
    "currency_mismatch": ("The documents use different currencies.", _FIX),
    "incoterms_mode_mismatch": ("The delivery terms do not fit the way the goods travel.", _FIX),
    "xml_text_mismatch": ("The e-invoice data and its printed copy differ.", _FIX),
    "ambiguous_link": (
        "A document could belong to more than one shipment.",
        "Customs will sort it out; nothing to do unless you are asked.",
    ),
    "low_confidence": (
        "Some values were hard to read (for example in a scan) and are checked by customs staff.",
        "Nothing to do unless you are asked; a clear PDF from the issuer avoids this next time.",
    ),
}

SEVERITY_WORDS = {
    "error": "Must be resolved before the declaration is assessed",
    "warning": "For the assessor to check",
    "info": "Noted",
}


def finding_view(f: dict[str, Any]) -> dict[str, Any]:
    """The finding with ``headline``, ``to_do`` (None when the code is unknown) and
    ``severity_words`` added."""
    headline, to_do = WORDS.get(f["code"], (None, None))
    return {
        **f,
        "headline": headline,
        "to_do": to_do,
        "severity_words": SEVERITY_WORDS.get(f["severity"], f["severity"]),
    }
