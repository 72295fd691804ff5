"""Structured e-invoices: the XML twin of a Factur-X / ZUGFeRD / XRechnung PDF, or a bare
XRechnung / UBL upload, read into canonical fields (source ``xml``) and cross-checked against
the visible text.

    embedded_xml(pdf) / standalone_xml(bytes) -> EmbeddedXml      (embedded.py: find, detect)
    read_einvoice(EmbeddedXml) -> EInvoice                         (read.py + mappings/*.yaml)
    crosscheck(xml_fields, text_fields) -> [XmlTextMismatch]       (crosscheck.py: pure)
    merge_fields / merge_line_items                                (merge.py: which source wins)
"""

from extractors.einvoice.crosscheck import XmlTextMismatch, crosscheck
from extractors.einvoice.embedded import (
    EInvoiceXmlError,
    EmbeddedXml,
    embedded_xml,
    standalone_xml,
)
from extractors.einvoice.merge import merge_fields, merge_line_items
from extractors.einvoice.read import EInvoice, read_einvoice, xml_bytes_to_einvoice

__all__ = [
    "EInvoice",
    "EInvoiceXmlError",
    "EmbeddedXml",
    "XmlTextMismatch",
    "crosscheck",
    "embedded_xml",
    "merge_fields",
    "merge_line_items",
    "read_einvoice",
    "standalone_xml",
    "xml_bytes_to_einvoice",
]
