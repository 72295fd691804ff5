"""Value boxes on a scan, moved from the upright page that was read to the page as delivered.

OCR reads a page upright and level (ocr.page_image_to_words): the delivered page is turned a
quarter clockwise when its lines ran down it, levelled (rotated counter-clockwise by the skew
about its centre, keeping its size), then turned half round when it stood upside down. Words,
and the values found from them, have boxes on that upright page, which is what the layout
needs; an assessor looks at the file as delivered, so the boxes an extraction reports are taken
back through the same steps in reverse order. A box turned by the skew is no longer upright: the
delivered box is the one around its four corners (a few pixels wider at ±5°).

Scaling commutes with all three steps, so the maps hold in the page's own unit, pixels of an
image or points of an image-only PDF page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from clearway.models import BBox, Extraction, FieldValue, Page


class ScanPage(Page):
    """An OCR'd page with how it was turned to be read; width/height are the upright page's."""

    rotation: int = 0  # degrees turned clockwise to stand upright: 0, 90, 180 or 270
    skew: float = 0.0  # degrees then turned counter-clockwise to level the lines

    @property
    def delivered_size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    def to_delivered(self, box: BBox) -> BBox:
        return upright_box_to_delivered(box, self.width, self.height, self.rotation, self.skew)


def upright_box_to_delivered(
    box: BBox, width: float, height: float, rotation: int, skew: float
) -> BBox:
    """``box`` on the upright page of ``width`` x ``height`` -> the box around it on the
    delivered page."""
    x0, top, x1, bottom = box
    corners = [
        upright_point_to_delivered(x, y, width, height, rotation, skew)
        for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom))
    ]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def upright_point_to_delivered(
    x: float, y: float, width: float, height: float, rotation: int, skew: float
) -> tuple[float, float]:
    if rotation in (180, 270):  # the half turn came last
        x, y = width - x, height - y
    if skew:
        # Levelling turned the page counter-clockwise (y down) about its centre; turn it back.
        cx, cy = width / 2, height / 2
        dx, dy = x - cx, y - cy
        cos, sin = math.cos(math.radians(skew)), math.sin(math.radians(skew))
        x, y = cx + dx * cos - dy * sin, cy + dx * sin + dy * cos
    if rotation in (90, 270):  # the quarter turn clockwise came first
        x, y = y, width - x
    return x, y


def boxes_to_delivered(extraction: Extraction, pages: Sequence[Page]) -> Extraction:
    """The extraction with every value box on a turned or skewed scan page moved to the page as
    delivered; values on other pages are left as they are."""
    turned = {
        page.number: page
        for page in pages
        if isinstance(page, ScanPage) and (page.rotation or page.skew)
    }
    if not turned:
        return extraction

    def moved(value: FieldValue) -> FieldValue:
        page = turned.get(value.page) if value.bbox and value.page is not None else None
        if page is None:
            return value
        return value.model_copy(update={"bbox": page.to_delivered(value.bbox)})  # type: ignore[arg-type]

    return extraction.model_copy(
        update={
            "fields": {name: moved(value) for name, value in extraction.fields.items()},
            "line_items": tuple(
                {name: moved(value) for name, value in item.items()}
                for item in extraction.line_items
            ),
        }
    )
