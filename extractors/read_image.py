"""Image bytes (PNG, JPEG, TIFF; each TIFF frame a page) -> OCR'd Pages.

open (headers only) -> every frame checked against the page and pixel limits -> frames decoded one
by one into ocr.images_to_words (pages in parallel processes) -> Pages.

Word boxes are pixels of the upright page (a page scanned upside down or sideways is turned before
OCR) and Page.width/height are the upright page's size; see extractors/ocr.py. The Pages carry
how they were turned (scan_geometry.ScanPage), so that the boxes of the values extracted are
reported in pixels of the image as delivered. The limits are checked before any pixel is
decoded, so a decompression bomb is refused in milliseconds (CW108 image_too_large).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from PIL import Image, ImageSequence, UnidentifiedImageError

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.models import ErrorInfo, Page
from clearway.settings import Settings
from extractors import ocr

_UNREADABLE = (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError)


def image_to_pages(data: bytes, name: str, settings: Settings) -> list[Page]:
    image = open_image(data, name)
    count = check_frames(image, name, settings)
    workers = ocr.page_workers(count)
    results = ocr.images_to_words(
        decoded_frames(image, name), settings.ocr_languages, name, workers
    )
    return [result.to_page(number) for number, result in enumerate(results, start=1)]


def open_image(data: bytes, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise DocumentRejected(too_large_info(name, str(exc))) from exc
    except _UNREADABLE as exc:
        raise DocumentRejected(corrupt_info(name, exc)) from exc


def check_frames(image: Image.Image, name: str, settings: Settings) -> int:
    """The number of frames, each checked for size, from the headers (no pixel decoded)."""
    try:
        for count, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if count > settings.max_pages:
                raise DocumentRejected(
                    errors.TOO_MANY_PAGES.info(
                        file=name, pages=f"more than {settings.max_pages}", limit=settings.max_pages
                    )
                )
            width, height = frame.size
            if width * height > ocr.MAX_PAGE_PIXELS:
                raise DocumentRejected(too_large_info(name, f"a page of {width} x {height} pixels"))
    except _UNREADABLE as exc:
        raise DocumentRejected(corrupt_info(name, exc)) from exc
    return count


def decoded_frames(image: Image.Image, name: str) -> Iterator[Image.Image]:
    try:
        for frame in ImageSequence.Iterator(image):
            yield frame.copy()
    except _UNREADABLE as exc:
        raise DocumentRejected(corrupt_info(name, exc)) from exc


def corrupt_info(name: str, exc: BaseException) -> ErrorInfo:
    return errors.CORRUPT.info(file=name, kind="an image", detail=str(exc)[:160])


def too_large_info(name: str, detail: str) -> ErrorInfo:
    return errors.IMAGE_TOO_LARGE.info(
        file=name, detail=detail[:90], limit=ocr.MAX_PAGE_PIXELS // 1_000_000
    )
