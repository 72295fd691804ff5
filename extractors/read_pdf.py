"""PDF bytes -> Pages of Words: the text layer where there is one, OCR where there is not.

Each page's words are read once: everything downstream works on those. Two backends, one
contract: pdfplumber (``extract_words``; the default) and PDFium (pdf_pdfium.py), which
reads the same words several times faster on vector-heavy pages. Settings.pdf_backend picks.
Pages without a usable text layer are OCR'd together, in parallel processes (pdf_ocr.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils import extract_words
from pdfplumber.utils.exceptions import PdfminerException
from PIL import Image

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.models import Page, Word
from clearway.settings import Settings
from extractors import pdf_ocr, pdf_pdfium
from extractors.pdf_chars import page_chars

# Tolerances in points: x 1.5 is below the narrowest word space seen (~2.4 pt at 10 pt) and
# joins kerned letters; y 3 keeps one baseline together.
X_TOLERANCE = 1.5
TOUCHING_PT = 0.3  # words with no visible gap are one word to a reader ("4" + "71102")
Y_TOLERANCE = 3.0


def pdf_to_pages(
    data: bytes, name: str, settings: Settings, backend: str | None = None
) -> list[Page]:
    return BACKENDS[backend or settings.pdf_backend](data, name, settings)


def pdfplumber_pdf_to_pages(data: bytes, name: str, settings: Settings) -> list[Page]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types; classify below
        raise exception_to_rejection(exc, name) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise exception_to_rejection(exc, name) from exc
        if n_pages > settings.max_pages:
            raise DocumentRejected(
                errors.TOO_MANY_PAGES.info(file=name, pages=n_pages, limit=settings.max_pages)
            )
        try:
            read = [
                text_layer_page(page, number, settings)
                for number, page in enumerate(pdf.pages, start=1)
            ]
            scans = pdf_ocr.ocr_pages(
                {n: size for n, size in enumerate(read, start=1) if isinstance(size, tuple)},
                lambda number, scale: render_page(pdf.pages[number - 1], scale),
                name,
                settings,
            )
        except DocumentRejected:
            raise
        except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as exc:
            raise exception_to_rejection(exc, name) from exc
        return [page if isinstance(page, Page) else scans[n] for n, page in enumerate(read, 1)]


def text_layer_page(
    page: pdfplumber.page.Page, number: int, settings: Settings
) -> Page | tuple[float, float]:
    """The page from its text layer, or its size in points when it has no usable one (OCR)."""
    words = text_layer_words(page)
    if sum(len(w.text) for w in words) < settings.min_text_chars_per_page:
        return float(page.width), float(page.height)
    return Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        source="text",
        words=tuple(words),
    )


def text_layer_words(page: pdfplumber.page.Page) -> list[Word]:
    raw = extract_words(
        page_chars(page),
        x_tolerance=X_TOLERANCE,
        y_tolerance=Y_TOLERANCE,
        keep_blank_chars=False,
        use_text_flow=False,
    )
    words = [
        Word(
            text=w["text"],
            x0=float(w["x0"]),
            top=float(w["top"]),
            x1=float(w["x1"]),
            bottom=float(w["bottom"]),
        )
        for w in raw
        if w["text"].strip()
    ]
    return merge_touching(words)


def merge_touching(words: list[Word]) -> list[Word]:
    """Some generators write a zero-width space inside numbers ("4 71102"): join what touches."""
    out: list[Word] = []
    for word in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev.top - word.top) < 1.0
            and 0 <= word.x0 - prev.x1 < TOUCHING_PT
        ):
            out[-1] = prev.model_copy(
                update={
                    "text": prev.text + word.text,
                    "x1": word.x1,
                    "bottom": max(prev.bottom, word.bottom),
                }
            )
        else:
            out.append(word)
    return out


def render_page(page: pdfplumber.page.Page, scale: float) -> Image.Image:
    return page.to_image(resolution=72.0 * scale).original.convert("L")


def exception_to_rejection(exc: Exception, name: str) -> DocumentRejected:
    if is_encryption_error(exc):
        return DocumentRejected(errors.ENCRYPTED.info(file=name))
    return DocumentRejected(errors.CORRUPT.info(file=name, kind="a PDF", detail=short(exc)))


def is_encryption_error(exc: BaseException | None) -> bool:
    # pdfplumber wraps pdfminer's errors in PdfminerException(original); look through the chain.
    while exc is not None:
        if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        wrapped = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else None
        if isinstance(wrapped, BaseException) and is_encryption_error(wrapped):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def short(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:160]


BACKENDS: dict[str, Callable[[bytes, str, Settings], list[Page]]] = {
    "pdfium": pdf_pdfium.pdf_to_pages,
    "pdfplumber": pdfplumber_pdf_to_pages,
}
