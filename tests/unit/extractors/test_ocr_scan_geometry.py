"""Boxes on the upright page map back to the page as delivered: checked against the very image
operations OCR applies (quarter turn, levelling, half turn), on a page with one ink block."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from clearway.models import Extraction, FieldValue, Page, Word
from extractors import ocr_image
from extractors.scan_geometry import ScanPage, boxes_to_delivered, upright_box_to_delivered

BLOCK = (60, 650, 260, 690)  # on the delivered 600 x 800 page, far from its centre


def ink_box(image: Image.Image) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(np.asarray(image) < 128)
    return float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)


def read_as_ocr_does(delivered: Image.Image, rotation: int, skew: float) -> Image.Image:
    """The steps of ocr.page_image_to_words that move pixels, in its order."""
    page = delivered
    if rotation in (90, 270):
        page = page.transpose(Image.Transpose.ROTATE_270)
    page = ocr_image.level_and_scale(page, skew, 1.0)
    if rotation in (180, 270):
        page = page.transpose(Image.Transpose.ROTATE_180)
    return page


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, -3.0, 4.5])
def test_upright_boxes_come_back_onto_the_delivered_page(rotation: int, skew: float) -> None:
    delivered = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(delivered).rectangle((BLOCK[0], BLOCK[1], BLOCK[2] - 1, BLOCK[3] - 1), 0)
    upright = read_as_ocr_does(delivered, rotation, skew)
    box = upright_box_to_delivered(ink_box(upright), *upright.size, rotation, skew)
    # The centre comes back exactly; the box around the levelled block, itself boxed again on
    # the way back, holds the block and is larger by what a turn by the skew adds.
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    assert centre == pytest.approx(((BLOCK[0] + BLOCK[2]) / 2, (BLOCK[1] + BLOCK[3]) / 2), abs=1.5)
    assert box[0] <= BLOCK[0] + 1 and box[1] <= BLOCK[1] + 1
    assert box[2] >= BLOCK[2] - 1 and box[3] >= BLOCK[3] - 1
    growth = 2 + 2 * np.sin(np.radians(abs(skew))) * (BLOCK[2] - BLOCK[0])
    assert box[2] - box[0] <= BLOCK[2] - BLOCK[0] + growth
    assert box[3] - box[1] <= BLOCK[3] - BLOCK[1] + growth


def test_only_values_on_turned_scan_pages_move() -> None:
    word = Word(text="4711", x0=10, top=20, x1=50, bottom=30, confidence=0.9)
    turned = ScanPage(number=1, width=600, height=800, source="ocr", unit="px", rotation=90)
    text = Page(number=2, width=595, height=842, source="text", words=(word,))
    value = FieldValue(value="4711", confidence=0.9, page=1, bbox=(10, 20, 50, 30), source="ocr")
    extraction = Extraction(
        file="x.png",
        sha256="0",
        status="partial",
        fields={
            "invoice_number": value,
            "issue_date": value.model_copy(update={"page": 2}),
            "currency": value.model_copy(update={"bbox": None}),
        },
        line_items=({"quantity": value},),
    )
    moved = boxes_to_delivered(extraction, [turned, text])
    # Turned a quarter clockwise to be read: the upright page's top-left corner was the
    # delivered page's bottom-left (the delivered page is 800 wide and 600 high).
    assert moved.fields["invoice_number"].bbox == pytest.approx((20, 550, 30, 590))
    assert moved.line_items[0]["quantity"].bbox == moved.fields["invoice_number"].bbox
    assert moved.fields["issue_date"].bbox == (10, 20, 50, 30)
    assert moved.fields["currency"].bbox is None
    assert turned.delivered_size == (800, 600)
    assert boxes_to_delivered(extraction, [text]) is extraction
