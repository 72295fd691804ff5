"""PDF text layer and page rendering through PDFium (pypdfium2, which pdfplumber itself ships).

Why a second backend: pdfplumber parses every drawing object of a page in Python (~0.18 s per
page on the FeRD stylesheet invoices, ~5 pages/s); PDFium reads the same characters in C,
~150 pages/s. Words are built the way pdfplumber's ``extract_words`` builds them: characters
joined while they sit on one baseline and the gap to the previous one is within the x tolerance;
spaces and line breaks end a word. Boxes use PDFium's loose (font-height) character boxes so that
all words of a line share their top and bottom, as pdfplumber's do.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.models import Page, Word
from clearway.settings import Settings
from extractors import pdf_ocr

X_TOLERANCE = 1.5  # points; below the narrowest word space seen (~2.4 pt at 10 pt)
Y_TOLERANCE = 3.0
TOUCHING_PT = 0.3  # a "space" with no visible gap joins ("4" + "71102")
# PDFium reports a hyphen that the generator marked as soft (line-end) as U+FFFE.
_SOFT_HYPHENS = {"\ufffe": "-", "\u00ad": "-"}


def pdf_to_pages(data: bytes, name: str, settings: Settings) -> list[Page]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise pdfium_error_to_rejection(exc, name) from exc
    try:
        if len(pdf) > settings.max_pages:
            raise DocumentRejected(
                errors.TOO_MANY_PAGES.info(file=name, pages=len(pdf), limit=settings.max_pages)
            )
        read = [text_layer_page(pdf[i], i + 1, settings) for i in range(len(pdf))]
        scans = pdf_ocr.ocr_pages(
            {n: size for n, size in enumerate(read, start=1) if isinstance(size, tuple)},
            lambda number, scale: render_page(pdf, number, scale),
            name,
            settings,
        )
        return [page if isinstance(page, Page) else scans[n] for n, page in enumerate(read, 1)]
    except pdfium.PdfiumError as exc:
        raise pdfium_error_to_rejection(exc, name) from exc
    finally:
        pdf.close()


def text_layer_page(
    page: pdfium.PdfPage, number: int, settings: Settings
) -> Page | tuple[float, float]:
    """The page from its text layer, or its size in points when it has no usable one (OCR)."""
    width, height = page.get_size()
    words = text_layer_words(page, height)
    if sum(len(w.text) for w in words) < settings.min_text_chars_per_page:
        return float(width), float(height)
    return Page(
        number=number, width=float(width), height=float(height), source="text", words=tuple(words)
    )


def text_layer_words(page: pdfium.PdfPage, page_height: float) -> list[Word]:
    textpage = page.get_textpage()
    try:
        chars = []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            # PDFium inserts spaces and line breaks of its own where it guesses word gaps; only
            # the spaces the PDF really contains end a word, the guessed ones are judged by gap.
            if ch.isspace() and pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                if ch == " ":
                    continue
                chars.append((ch, (0.0, 0.0, 0.0, 0.0)))
                continue
            chars.append((ch, textpage.get_charbox(i, loose=True)))
    finally:
        textpage.close()
    return chars_to_words(chars, page_height)


def chars_to_words(
    chars: list[tuple[str, tuple[float, float, float, float]]], page_height: float
) -> list[Word]:
    """(char, (left, bottom, right, top) in PDF space) -> Words with top-down coordinates."""
    words: list[Word] = []
    text, box, pending_space = "", None, False
    for ch, (left, bottom, right, top) in chars:
        ch = _SOFT_HYPHENS.get(ch, ch)
        if ch.isspace() or not ch:
            pending_space = True
            continue
        y0, y1 = page_height - top, page_height - bottom
        if box is not None:
            same_line = abs(y0 - box[1]) <= Y_TOLERANCE
            gap = left - box[2]
            # Kerned pairs and ligatures overlap the previous glyph's loose box ("Br", "ft"):
            # any overlap joins as long as the text still advances to the right.
            limit = TOUCHING_PT if pending_space else X_TOLERANCE
            joins = same_line and left > box[0] and gap <= limit
            if joins:
                text += ch
                box = (box[0], min(box[1], y0), max(box[2], right), max(box[3], y1))
                pending_space = False
                continue
            words.append(Word(text=text, x0=box[0], top=box[1], x1=box[2], bottom=box[3]))
        text, box, pending_space = ch, (left, y0, right, y1), False
    if box is not None:
        words.append(Word(text=text, x0=box[0], top=box[1], x1=box[2], bottom=box[3]))
    return words


def render_page(pdf: pdfium.PdfDocument, number: int, scale: float) -> Image.Image:
    page = pdf[number - 1]
    try:
        return page.render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def pdfium_error_to_rejection(exc: Exception, name: str) -> DocumentRejected:
    if "password" in str(exc).lower():
        return DocumentRejected(errors.ENCRYPTED.info(file=name))
    return DocumentRejected(errors.CORRUPT.info(file=name, kind="a PDF", detail=str(exc)[:160]))
