"""Image-only PDF pages: found by both backends, read together in parallel pages, boxes in PDF
points. Tesseract is replaced by an ink finder, so the test checks the rendering scale and the
way back to points, not recognition (tests/integration/test_ocr_scans.py runs the real one)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from clearway.models import Word
from clearway.settings import load_settings
from extractors import ocr
from extractors.read_pdf import pdf_to_pages

SCAN_DPI = 150
# Per page: the ink block in pixels of a 150 dpi scan; None for a page with a text layer.
BLOCKS = [(200, 300, 500, 340), None, (900, 1500, 1100, 1560), (120, 120, 260, 180)]


def ink_box_words(
    image: Image.Image, languages: str, file: str, page: int, dpi: float | None = None
) -> ocr.PageWords:
    """Stands in for Tesseract: one word around the ink, named by the page number it was given."""
    ys, xs = np.nonzero(np.asarray(image.convert("L")) < 128)
    word = Word(
        text=f"p{page}@{dpi:g}",
        x0=float(xs.min()),
        top=float(ys.min()),
        x1=float(xs.max() + 1),
        bottom=float(ys.max() + 1),
        confidence=0.9,
    )
    return ocr.PageWords(words=(word,), width=image.width, height=image.height)


def mixed_pdf() -> bytes:
    """A4 pages: scans (one black block each) and one page with a text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(595.2, 841.68))
    for block in BLOCKS:
        if block is None:
            canvas.drawString(72, 720, "Commercial Invoice No. 4711 of 2026-01-02, total EUR 10.00")
        else:
            scan = Image.new("L", (1240, 1754), 255)
            ImageDraw.Draw(scan).rectangle((block[0], block[1], block[2] - 1, block[3] - 1), 0)
            canvas.drawImage(ImageReader(scan), 0, 0, width=595.2, height=841.68)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_image_only_pages_are_read_together_in_points(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "page_image_to_words", ink_box_words)
    submitted: list[int] = []
    real = ocr.images_to_words

    def spy(images, *args, **kwargs):  # noqa: ANN001, ANN202
        submitted.append(kwargs.get("workers") or 0)
        return real(images, *args, **kwargs)

    monkeypatch.setattr(ocr, "images_to_words", spy)
    pages = pdf_to_pages(mixed_pdf(), "scans.pdf", load_settings(), backend=backend)

    assert len(submitted) == 1  # one batch for the document, not a call per page
    assert [p.source for p in pages] == ["ocr", "text", "ocr", "ocr"]
    assert [p.number for p in pages] == [1, 2, 3, 4]
    for page, block in zip(pages, BLOCKS, strict=True):
        if block is None:
            assert "4711" in page.text
            continue
        (word,) = page.words
        assert word.text == f"p{page.number}@300"  # its own number, rendered at 300 dpi
        assert page.unit == "pt"
        assert (page.width, page.height) == pytest.approx((595.2, 841.68), abs=0.5)
        expected = [c * 72 / SCAN_DPI for c in block]
        assert [word.x0, word.top, word.x1, word.bottom] == pytest.approx(expected, abs=0.75)


def test_an_oversized_page_is_rendered_within_the_pixel_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    seen: list[tuple[int, int]] = []

    def record(image, languages, file, page, dpi=None):  # noqa: ANN001, ANN202
        seen.append(image.size)
        return ocr.PageWords(words=(), width=image.width, height=image.height)

    monkeypatch.setattr(ocr, "page_image_to_words", record)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(7200, 7200))  # 100 inches square: 900 megapixels at 300 dpi
    canvas.rect(100, 100, 200, 200, fill=1)
    canvas.save()
    (page,) = pdf_to_pages(buf.getvalue(), "poster.pdf", load_settings(), backend="pdfium")
    (size,) = seen
    assert size[0] * size[1] <= ocr.MAX_PAGE_PIXELS * 1.01
    assert (page.width, page.height) == pytest.approx((7200, 7200), abs=1)
