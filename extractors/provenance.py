"""Where each value came from, drawn: a document page with every field's box outlined and named.

For assessors ("show me where this total is printed") and for the golden provenance test. PDF
boxes are in points and are scaled to the rendering; image boxes are already in pixels. Boxes
on scans are those of the page as delivered, turned and skewed as it is (scan_geometry.py), so
they are drawn on the file itself, not on an upright copy of it.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageOps

from clearway.models import Extraction, FieldValue

RENDER_DPI = 110
COLOURS = {"text": (0, 90, 200), "ocr": (200, 90, 0), "xml": (0, 150, 60), "derived": (120, 0, 160)}


def page_image(
    data: bytes, media_type: str | None, page: int, dpi: int = RENDER_DPI
) -> tuple[Image.Image, float]:
    """Page ``page`` (1-based) as an RGB image, and the factor from box units to its pixels."""
    if media_type == "application/pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            pdf_page = doc[page - 1]
            image = pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")
            pdf_page.close()
        finally:
            doc.close()
        return image, dpi / 72
    frames = Image.open(io.BytesIO(data))
    frames.seek(page - 1)
    return ImageOps.exif_transpose(frames.copy()).convert("RGB"), 1.0


def located(extraction: Extraction, page: int) -> dict[str, FieldValue]:
    """Fields (and line-item cells, as ``line_items[i].field``) with a box on ``page``."""
    out = {k: v for k, v in extraction.fields.items() if v.page == page and v.bbox}
    for i, item in enumerate(extraction.line_items):
        for k, v in item.items():
            if v.page == page and v.bbox:
                out[f"line_items[{i}].{k}"] = v
    return out


def draw_boxes(data: bytes, extraction: Extraction, page: int = 1) -> Image.Image:
    image, factor = page_image(data, extraction.media_type, page)
    pen = ImageDraw.Draw(image)
    for name, value in located(extraction, page).items():
        x0, top, x1, bottom = (c * factor for c in value.bbox)  # type: ignore[union-attr]
        colour = COLOURS.get(value.source, (200, 0, 0))
        pen.rectangle((x0 - 1, top - 1, x1 + 1, bottom + 1), outline=colour, width=2)
        pen.text((x0, max(0, top - 10)), name, fill=colour)
    return image
