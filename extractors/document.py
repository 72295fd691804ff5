"""One document's bytes -> Extraction. Never raises for a bad document: the result carries
the status.

sniff -> read (text layer / OCR) -> classify -> fields (+ subtype, line items) -> references
-> status. An e-invoice's XML (embedded in the PDF, or uploaded bare) supplies the fields it
carries (source ``xml``); the page fills the rest, and where the two disagree the extraction
records it for an ``xml_text_mismatch`` finding.
"""

from __future__ import annotations

from clearway import errors
from clearway.errors import DocumentRejected, DocumentUnreadable
from clearway.ids import sha256_hex
from clearway.models import Extraction, FieldValue, Page
from clearway.settings import Settings
from extractors import classify, classify_fields, einvoice, language, ocr_accents, tables
from extractors.layout import page_to_lines
from extractors.read_image import image_to_pages
from extractors.read_pdf import pdf_to_pages
from extractors.references import fields_to_references
from extractors.scan_geometry import boxes_to_delivered
from extractors.status import fields_to_status
from intake.sniff import sniff


def extract_bytes(data: bytes, name: str, settings: Settings) -> Extraction:
    sha = sha256_hex(data)
    media_type: str | None = None
    try:
        media_type = sniff(data, name, settings).media_type
        if media_type == "application/zip":
            raise DocumentRejected(
                errors.UNSUPPORTED_TYPE.info(file=name, detected="a ZIP archive (unpack it first)")
            )
        if media_type == "application/xml":
            return xml_to_extraction(data, name, sha, settings)
        xml = einvoice.embedded_xml(data) if media_type == "application/pdf" else None
        pages = bytes_to_pages(data, name, media_type, settings)
    except DocumentRejected as exc:
        return Extraction(
            file=name, sha256=sha, status="rejected", errors=(exc.info,), media_type=media_type
        )
    except DocumentUnreadable as exc:
        failed = Extraction(
            file=name, sha256=sha, status="failed", errors=(exc.info,), media_type=media_type
        )
        # A Factur-X whose pages carry no text is still a readable invoice.
        return with_xml(failed, xml, settings) if xml is not None else failed
    # Scans are read upright and level; their value boxes are reported on the page as delivered.
    extraction = pages_to_extraction(pages, name, sha, media_type, settings)
    extraction = boxes_to_delivered(extraction, pages)
    return with_xml(extraction, xml, settings) if xml is not None else extraction


def xml_to_extraction(data: bytes, name: str, sha: str, settings: Settings) -> Extraction:
    """A bare XRechnung / UBL upload (sniff accepts XML only when it is one)."""
    try:
        invoice = einvoice.xml_bytes_to_einvoice(data, name)
    except einvoice.EInvoiceXmlError as exc:
        info = errors.CORRUPT.info(file=name, kind="an e-invoice XML", detail=str(exc)[:160])
        return Extraction(
            file=name, sha256=sha, status="rejected", errors=(info,), media_type="application/xml"
        )
    empty = Extraction(file=name, sha256=sha, status="failed", media_type="application/xml")
    return einvoice_applied(empty, invoice, settings)


def with_xml(extraction: Extraction, xml: einvoice.EmbeddedXml, settings: Settings) -> Extraction:
    try:
        invoice = einvoice.read_einvoice(xml)
    except einvoice.EInvoiceXmlError:
        return extraction  # an unreadable attachment: the page is what we have
    return einvoice_applied(extraction, invoice, settings)


def einvoice_applied(
    text: Extraction, invoice: einvoice.EInvoice, settings: Settings
) -> Extraction:
    """The XML wins for every field it carries; the page fills the rest and is checked against
    the XML."""
    merged = einvoice.merge_fields(invoice.fields, dict(text.fields))
    status, problems = fields_to_status(text.file, "invoice", merged, settings.confidence_threshold)
    return text.model_copy(
        update={
            "doc_type": "invoice",
            "subtype": invoice.subtype or text.subtype,
            "status": status,
            "errors": problems,
            "fields": merged,
            "line_items": einvoice.merge_line_items(invoice.line_items, text.line_items),
            "references": fields_to_references(merged),
            "xml_text_mismatches": tuple(einvoice.crosscheck(invoice.fields, dict(text.fields))),
        }
    )


def bytes_to_pages(data: bytes, name: str, media_type: str, settings: Settings) -> list[Page]:
    pages = (
        pdf_to_pages(data, name, settings)
        if media_type == "application/pdf"
        else image_to_pages(data, name, settings)
    )
    if not any(page.words for page in pages):
        raise DocumentUnreadable(errors.NO_TEXT.info(file=name))
    return ocr_accents.pages_with_accents(pages)


def pages_to_extraction(
    pages: list[Page], name: str, sha: str, media_type: str, settings: Settings
) -> Extraction:
    page_lines = [page_to_lines(page) for page in pages]  # once: classify and fields share them
    lines = [line for page in page_lines for line in page]
    kind, found = classify_fields.classified(
        pages, page_lines, classify.pages_to_classification(pages, page_lines)
    )
    if kind.subtype_field and kind.subtype:
        found = {
            kind.subtype_field: FieldValue(
                value=kind.subtype,
                confidence=min(kind.confidence, kind.subtype_confidence),
                page=1,
                source="derived",
                extractor=classify.VERSION,
            ),
            **found,
        }
    items = (
        tables.lines_to_line_items(lines)
        if kind.doc_type in ("invoice", "receipt", "packing_list")
        else ()
    )
    status, problems = fields_to_status(name, kind.doc_type, found, settings.confidence_threshold)
    return Extraction(
        file=name,
        sha256=sha,
        doc_type=kind.doc_type,  # type: ignore[arg-type]
        subtype=kind.subtype,
        status=status,  # type: ignore[arg-type]
        errors=problems,
        fields=found,
        line_items=tuple(items),
        references=fields_to_references(found),
        pages=len(pages),
        page_sources=tuple(p.source for p in pages),
        media_type=media_type,
        language=language.pages_to_language(pages),
    )
