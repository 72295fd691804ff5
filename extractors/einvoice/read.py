"""E-invoice XML -> canonical fields and line items (source ``xml``), driven by the syntax's
mapping file.

xml bytes -> root element (defusedxml) -> the mapping for its root -> each field: the first path
alternative whose element parses as the field's kind -> FieldValue; each line item likewise ->
subtype from the document type code (or the root's default when the code is missing).

Values keep the XML's sign: a credit note stated with positive amounts stays positive.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from clearway.models import FieldValue
from extractors.einvoice.embedded import EInvoiceXmlError, EmbeddedXml, parse_xml
from extractors.einvoice.kinds import KINDS, collapse
from extractors.einvoice.mapping import FieldSpec, Mapping, mapping_for_root, type_codes

# Structured data read by an exact path: wrong only when the sender's XML is wrong, which is
# what the cross-check with the visible text is for.
CONFIDENCE = 0.99


@dataclass(frozen=True)
class EInvoice:
    syntax: str  # "cii", "zugferd1", "ubl"
    extractor: str  # versioned, e.g. "einvoice.cii.v1"
    source: str  # attachment or upload name
    profile: str | None  # guideline / customization id (Factur-X profile, XRechnung version)
    type_code: str | None  # UNTDID 1001, e.g. "380"
    subtype: str | None  # invoice_type: commercial, proforma, credit_note
    fields: dict[str, FieldValue] = field(default_factory=dict)
    line_items: tuple[dict[str, FieldValue], ...] = ()


def read_einvoice(xml: EmbeddedXml) -> EInvoice:
    """Read what embedded_xml / standalone_xml found. Raises EInvoiceXmlError only if the bytes
    changed under it (they were parsed once already)."""
    return xml_bytes_to_einvoice(xml.data, xml.name)


def xml_bytes_to_einvoice(data: bytes, name: str = "") -> EInvoice:
    """XML bytes -> EInvoice; EInvoiceXmlError (with a reason a steward can read) when the bytes
    are not well-formed, are refused as unsafe, or are not an invoice syntax we read."""
    root = parse_xml(data)
    mapping = mapping_for_root(root.tag)
    if mapping is None:
        raise EInvoiceXmlError(
            f"the XML root element {root.tag} is not a CII, ZUGFeRD 1.0 or UBL invoice"
        )
    return root_to_einvoice(root, mapping, name)


def root_to_einvoice(root: ET.Element, mapping: Mapping, name: str = "") -> EInvoice:
    fields = element_to_fields(root, mapping.fields, mapping)
    type_code = root_to_type_code(root, mapping)
    if "invoice_type" not in fields and (implied := type_codes().get(type_code or "")):
        fields["invoice_type"] = xml_value(implied, type_code, mapping)
    currency = fields["currency"].value if "currency" in fields else None
    return EInvoice(
        syntax=mapping.syntax,
        extractor=mapping.extractor,
        source=name,
        profile=first_text(root, mapping.profile, mapping),
        type_code=type_code,
        subtype=fields["invoice_type"].value if "invoice_type" in fields else None,
        fields=fields,
        line_items=root_to_line_items(root, mapping, currency),
    )


def root_to_type_code(root: ET.Element, mapping: Mapping) -> str | None:
    """The stated UNTDID 1001 code; when none is stated, the one the root implies (a UBL
    CreditNote is a credit note). A stated code our table lacks stays that code: no subtype."""
    spec = next((s for s in mapping.fields if s.kind == "type_code"), None)
    stated = first_text(root, spec.paths, mapping) if spec else None
    return stated or mapping.roots.get(root.tag)


def root_to_line_items(
    root: ET.Element, mapping: Mapping, currency: str | None
) -> tuple[dict[str, FieldValue], ...]:
    items = []
    for path in mapping.line_paths:
        for line in root.findall(path, mapping.namespaces):
            item = element_to_fields(line, mapping.line_fields, mapping, currency)
            if item:
                items.append(item)
    return tuple(items)


def element_to_fields(
    element: ET.Element, specs: tuple[FieldSpec, ...], mapping: Mapping, currency: str | None = None
) -> dict[str, FieldValue]:
    """Every spec that finds a value under ``element``, in mapping order. The currency is read
    first: where an amount is stated twice (invoice and tax currency), the invoice currency's
    wins."""
    by_name = {spec.name: spec for spec in specs}
    if currency is None and "currency" in by_name:
        found = spec_to_value(element, by_name["currency"], mapping, None)
        currency = found[0] if found else None
    out: dict[str, FieldValue] = {}
    for spec in specs:
        found = spec_to_value(element, spec, mapping, currency)
        if found is not None:
            out[spec.name] = xml_value(found[0], found[1], mapping)
    return out


def spec_to_value(
    element: ET.Element, spec: FieldSpec, mapping: Mapping, currency: str | None
) -> tuple[str, str] | None:
    """(normalised value, raw XML text) from the first path alternative that yields one."""
    for path in spec.paths:
        matches = element.findall(path, mapping.namespaces)
        if spec.kind == "amount" and currency and len(matches) > 1:
            matches.sort(key=lambda e: currency_rank(e, currency))
        for match in matches:
            found = element_to_value(match, spec, mapping)
            if found is not None:
                return found
    return None


def currency_rank(element: ET.Element, currency: str) -> int:
    stated = element.get("currencyID")
    return 0 if stated == currency else 1 if stated is None else 2


def element_to_value(
    element: ET.Element, spec: FieldSpec, mapping: Mapping
) -> tuple[str, str] | None:
    if spec.kind == "address":
        address = element_to_address(element, mapping)
        return (address, address) if address else None
    raw = element.get(spec.attribute) if spec.attribute else "".join(element.itertext())
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    if spec.kind == "type_code":
        subtype = type_codes().get(raw)
        return (subtype, raw) if subtype else None
    value = KINDS[spec.kind](raw)
    return (value, raw) if value is not None else None


def element_to_address(element: ET.Element, mapping: Mapping) -> str | None:
    """One line, as fields.md writes addresses: ``Lieferantenstraße 20, 80333 München``. The
    country is a field of its own (seller_country / buyer_country)."""
    spec = mapping.address
    lines = [t for path in spec.lines if (t := first_text(element, (path,), mapping))]
    postcode = first_text(element, spec.postcode, mapping)
    city = first_text(element, spec.city, mapping)
    place = " ".join(t for t in (postcode, city) if t)
    parts = [*lines, place] if place else lines
    return ", ".join(parts) or None


def first_text(element: ET.Element, paths: tuple[str, ...], mapping: Mapping) -> str | None:
    for path in paths:
        for match in element.findall(path, mapping.namespaces):
            text = collapse("".join(match.itertext()))
            if text:
                return text
    return None


def xml_value(value: str, raw: str | None, mapping: Mapping) -> FieldValue:
    return FieldValue(
        value=value,
        confidence=CONFIDENCE,
        page=None,
        bbox=None,
        source="xml",
        raw=raw,
        extractor=mapping.extractor,
    )
