"""Golden provenance: on a golden document every value's page and box hold the printed value.

The page is rendered with the boxes drawn (the picture is kept for a reviewer); each box is then
read back on its own, from the text layer for the PDF and by Tesseract for the scan, and must
contain what the field says was printed there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from clearway.settings import load_settings
from extractors.document import extract_bytes
from extractors.provenance import draw_boxes, located

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "docs"


def squash(text: str) -> str:
    return re.sub(r"[\s,.:;]+", "", text).lower()


@pytest.mark.parametrize("name", ["demo_a_invoice.pdf", "demo_b_bl.pdf", "demo_b_packing_list.pdf"])
def test_text_pdf_boxes_contain_the_printed_value(name: str, tmp_path: Path) -> None:
    data = (SAMPLES / name).read_bytes()
    ex = extract_bytes(data, name, load_settings())
    picture = draw_boxes(data, ex, 1)
    picture.save(tmp_path / f"{name}.png")
    assert picture.getpixel((5, 5)) == (255, 255, 255)
    boxed = located(ex, 1)
    assert len(boxed) >= 10
    with pdfplumber.open(SAMPLES / name) as pdf:
        page = pdf.pages[0]
        for field, value in boxed.items():
            x0, top, x1, bottom = value.bbox
            inside = page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            assert value.raw is not None, field
            assert squash(value.raw) in squash(inside), (field, value.raw, inside)
