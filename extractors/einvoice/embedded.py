"""Finding the e-invoice XML: an attachment of a PDF (Factur-X, ZUGFeRD, XRechnung inside a PDF)
or a bare XML upload (XRechnung often arrives as one).

pdf bytes -> embedded files (name, bytes inflated up to the size limit) -> candidates (known names
first, then any .xml, then the rest) -> the first whose root element is an invoice syntax we
read -> EmbeddedXml.

Never raises on a hostile or broken file: whatever cannot be opened, is too large, is not XML, is
refused by defusedxml (DTDs, entity expansion, external references) or has an unknown root gives
None, and the document is read from its text layer alone.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.utils import decode_text

from extractors.einvoice.mapping import mapping_for_root

MAX_XML_BYTES = 5 * 1024 * 1024  # the largest real e-invoices are a few hundred kB
MAX_ATTACHMENTS = 32  # looked at per PDF; a PDF with more is a collection, not an invoice
# The names the Factur-X / ZUGFeRD / XRechnung specifications give the invoice attachment.
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")


class EInvoiceXmlError(ValueError):
    """XML bytes that are not a readable e-invoice; ``reason`` says why in a steward's words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EmbeddedXml:
    name: str  # the attachment's file name, or the upload's name
    data: bytes
    syntax: str  # the mapping that reads it: "cii", "zugferd1", "ubl"
    root: str  # the root element in Clark notation: "{namespace}LocalName"


def embedded_xml(pdf_bytes: bytes, max_bytes: int = MAX_XML_BYTES) -> EmbeddedXml | None:
    """The e-invoice XML attached to a PDF, or None when there is none (or none we can read)."""
    try:
        attachments = pdf_to_attachments(pdf_bytes, max_bytes)
    except Exception:  # noqa: BLE001 - a hostile PDF must not stop the text reading
        return None
    for name, data in sorted(attachments, key=lambda a: attachment_rank(a[0])):
        found = xml_to_embedded(data, name, max_bytes)
        if found is not None:
            return found
    return None


def standalone_xml(
    data: bytes, name: str = "", max_bytes: int = MAX_XML_BYTES
) -> EmbeddedXml | None:
    """A bare XML upload that is an e-invoice (XRechnung, UBL), or None."""
    return xml_to_embedded(data, name, max_bytes)


def pdf_to_attachments(pdf_bytes: bytes, max_bytes: int) -> list[tuple[str, bytes]]:
    """(name, bytes) of each embedded file (the EmbeddedFiles name tree, then the catalog's /AF
    list that PDF/A-3 adds) that decodes to at most ``max_bytes``.

    Read with pdfminer's lazy object parser and decoded here, not by PDFium: PDFium inflates an
    attachment completely before it can say how large it is, so a 2 MB PDF whose attachment
    inflates to 2 GiB costs gigabytes of memory. Here inflation stops at the limit.
    """
    document = PDFDocument(PDFParser(io.BytesIO(pdf_bytes)))
    out: list[tuple[str, bytes]] = []
    seen: set[int] = set()
    for name, spec in catalog_to_filespecs(document.catalog):
        stream = filespec_to_stream(spec)
        if stream is None or id(stream) in seen:
            continue
        seen.add(id(stream))
        data = stream_to_bytes(stream, max_bytes)
        if data:
            out.append((name, data))
    return out


def catalog_to_filespecs(catalog: dict) -> list[tuple[str, dict]]:
    names = resolve1(resolve1(catalog.get("Names")) or {})
    tree = resolve1(names.get("EmbeddedFiles")) if isinstance(names, dict) else None
    specs = [(filespec_name(spec, key), spec) for key, spec in name_tree_items(tree)]
    associated = resolve1(catalog.get("AF"))
    if isinstance(associated, list):
        for ref in associated[:MAX_ATTACHMENTS]:
            spec = resolve1(ref)
            specs.append((filespec_name(spec, None), spec))
    return [(name, spec) for name, spec in specs if isinstance(spec, dict)][:MAX_ATTACHMENTS]


def name_tree_items(root: object) -> list[tuple[object, dict]]:
    """(key, value) pairs of a PDF name tree, depth-first; cycles and sprawling trees are cut."""
    out: list[tuple[object, dict]] = []
    stack, visited = [root], 0
    while stack and len(out) < MAX_ATTACHMENTS and visited < 4 * MAX_ATTACHMENTS:
        node = resolve1(stack.pop())
        visited += 1
        if not isinstance(node, dict):
            continue
        pairs = resolve1(node.get("Names"))
        if isinstance(pairs, list):
            out += [(pairs[i], resolve1(pairs[i + 1])) for i in range(0, len(pairs) - 1, 2)]
        kids = resolve1(node.get("Kids"))
        if isinstance(kids, list):
            stack.extend(reversed(kids[:MAX_ATTACHMENTS]))
    return out


def filespec_name(spec: object, key: object) -> str:
    """The file name a file specification gives (/UF, then /F), else its name-tree key."""
    if isinstance(spec, dict):
        for field in ("UF", "F"):
            value = resolve1(spec.get(field))
            if isinstance(value, bytes | str):
                return pdf_text(value)
    return pdf_text(key) if isinstance(key, bytes | str) else ""


def pdf_text(value: bytes | str) -> str:
    return value if isinstance(value, str) else decode_text(value)


def filespec_to_stream(spec: dict) -> PDFStream | None:
    files = resolve1(spec.get("EF"))
    if not isinstance(files, dict):
        return None
    stream = resolve1(files.get("UF") or files.get("F"))
    return stream if isinstance(stream, PDFStream) else None


def stream_to_bytes(stream: PDFStream, max_bytes: int) -> bytes | None:
    """The stream's bytes, inflated at most to ``max_bytes``; None when larger, or encoded with a
    filter other than FlateDecode (e-invoice attachments use nothing else)."""
    if stream.rawdata is None:  # already decoded by pdfminer
        return stream.data if stream.data is not None and len(stream.data) <= max_bytes else None
    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = resolve1(stream.attrs.get("Filter"))
    params = resolve1(stream.attrs.get("DecodeParms"))
    for f in filters if isinstance(filters, list) else [filters] if filters else []:
        if resolve1(f) not in LITERALS_FLATE_DECODE or params:
            return None
        inflate = zlib.decompressobj()
        try:
            data = inflate.decompress(data, max_bytes + 1)
        except zlib.error:
            return None
    return data if len(data) <= max_bytes else None


def attachment_rank(name: str) -> tuple[int, str]:
    """Known e-invoice names first, then other .xml names, then the rest (sniffed by content)."""
    lower = name.lower()
    if lower in KNOWN_NAMES:
        return (0, lower)
    return (1, lower) if lower.endswith(".xml") else (2, lower)


def xml_to_embedded(data: bytes, name: str, max_bytes: int = MAX_XML_BYTES) -> EmbeddedXml | None:
    if len(data) > max_bytes or not looks_like_xml(data):
        return None
    try:
        root = parse_xml(data, max_bytes)
    except EInvoiceXmlError:
        return None
    mapping = mapping_for_root(root.tag)
    if mapping is None:
        return None
    return EmbeddedXml(name=name, data=data, syntax=mapping.syntax, root=root.tag)


def looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")


def parse_xml(data: bytes, max_bytes: int = MAX_XML_BYTES) -> ET.Element:
    """Untrusted XML -> its root element. No DTD, no entities, no external references: an
    e-invoice needs none, and each is a way to attack the parser (billion laughs, XXE)."""
    if len(data) > max_bytes:
        raise EInvoiceXmlError(f"the XML is {len(data)} bytes, over the limit of {max_bytes}")
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise EInvoiceXmlError(
            f"the XML declares a DTD, entities or external references ({type(exc).__name__}), "
            "which e-invoices never need; it was not read"
        ) from exc
    except (ET.ParseError, ValueError, UnicodeError) as exc:
        raise EInvoiceXmlError(f"the XML is not well-formed ({exc})") from exc
