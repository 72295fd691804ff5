"""Extraction's page and pixel limits, checked at upload while the trader is at the screen.

Extraction refuses a PDF or TIFF of more than ``max_pages`` pages (CW106 too_many_pages) and
an image page over ``ocr.MAX_PAGE_PIXELS`` (CW108 image_too_large). The e-mail and bucket
channels must keep whatever arrives, so there such a file is stored and rejected when read;
an upload can do better and give the same verdict before anything is stored, so that the
trader splits or rescans the file and sends it again. Both checks read headers only: a page
count and frame sizes, no page parsed and no pixel decoded.

A PDF that needs a password to open is refused here too (CW105 encrypted_pdf, the verdict
extraction gives it): otherwise the trader is told "received" and learns of the rejection
only later. Any other file these checks cannot open (a damaged PDF, a broken image) is left
to extraction, which rejects it with its own code.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.models import ErrorInfo
from clearway.settings import Settings
from extractors.pdf_pdfium import pdfium_error_to_rejection
from extractors.read_image import check_frames, open_image

IMAGES = ("image/png", "image/jpeg", "image/tiff")
_LIMIT_CODES = (errors.TOO_MANY_PAGES.code, errors.IMAGE_TOO_LARGE.code)


def limit_problem(
    data: bytes, name: str, media_type: str | None, settings: Settings
) -> ErrorInfo | None:
    """The ErrorInfo of the page or pixel limit ``data`` breaks, or None."""
    if media_type == "application/pdf":
        return pdf_pages_problem(data, name, settings)
    if media_type in IMAGES:
        return image_problem(data, name, settings)
    return None


def pdf_pages_problem(data: bytes, name: str, settings: Settings) -> ErrorInfo | None:
    # PDFium (which pdfplumber ships) counts pages from the page tree in C, in milliseconds
    # even for thousands of pages; both extraction backends count the same tree.
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # Extraction's own mapping, so upload and reading agree on what is "encrypted".
        info = pdfium_error_to_rejection(exc, name).info
        return info if info.code == errors.ENCRYPTED.code else None
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > settings.max_pages:
        return errors.TOO_MANY_PAGES.info(file=name, pages=pages, limit=settings.max_pages)
    return None


def image_problem(data: bytes, name: str, settings: Settings) -> ErrorInfo | None:
    """Extraction's own header checks (frames and their size), so the verdicts agree."""
    try:
        check_frames(open_image(data, name), name, settings)
    except DocumentRejected as exc:
        return exc.info if exc.info.code in _LIMIT_CODES else None
    return None
