"""Which source wins when a document has both an XML twin and a text layer. Pure.

The XML wins every field it carries: it is the structured, machine-issued statement (for
XRechnung and ZUGFeRD 2.x in Germany the XML is the invoice; the PDF is a rendering), and it has
no reading errors. The page fills the fields the XML profile has no place for (EORI, weights,
packages, transport and permit references, Incoterms in BASIC profiles). Disagreements are not
settled here: crosscheck() lists them, and they become ``xml_text_mismatch`` findings.
"""

from __future__ import annotations

from clearway.models import FieldValue


def merge_fields(
    xml_fields: dict[str, FieldValue], text_fields: dict[str, FieldValue]
) -> dict[str, FieldValue]:
    """XML values, then the text values for fields the XML lacks (text order kept for those)."""
    return {**xml_fields, **{k: v for k, v in text_fields.items() if k not in xml_fields}}


def merge_line_items(
    xml_items: tuple[dict[str, FieldValue], ...], text_items: tuple[dict[str, FieldValue], ...]
) -> tuple[dict[str, FieldValue], ...]:
    """The XML's line items when it has any (complete, exact); else the page's table. Rows are
    not mixed: the two sides need not list the same rows in the same order."""
    return xml_items if xml_items else text_items
