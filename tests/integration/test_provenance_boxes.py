"""Golden provenance: on a golden document every value's page and box hold the printed value.

The page is rendered with the boxes drawn (the picture is kept for a reviewer); each box is then
read back on its own, from the text layer for the PDF and by Tesseract for the scan, and must
contain what the field says was printed there. Scans are delivered turned and skewed: their
boxes must hold the value on the file as delivered, not on the upright page OCR read.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from typer.testing import CliRunner

from clearway.cli import app
from clearway.settings import load_settings
from extractors.document import extract_bytes
from extractors.provenance import draw_boxes, located, page_image
from synth.scan import ScanProfile, scan_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "docs"


def squash(text: str) -> str:
    return re.sub(r"[\s,.:;]+", "", text).lower()


def ocr_squash(text: str) -> str:
    """As squash, and letter O and figure 0 as one: a crop read by Tesseract alone takes the O
    of "VN26CO541639" for a 0, which the page pass sets right by the glyph's hole
    (extractors/ocr_glyphs.py)."""
    return squash(text).replace("o", "0")


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


def scanned(name: str, rotation: int, skew: float, fmt: str) -> bytes:
    """A golden PDF as a desk scanner would deliver it: raster only, turned, tilted, noisy."""
    profile = ScanProfile(
        dpi=200,
        rotation=rotation,
        skew_deg=skew,
        blur=0.5,
        noise=2.0,
        paper=8,
        jpeg_quality=75,
        format=fmt,
        bilevel=False,
        pages=1,
        seed=f"provenance-{rotation}-{skew}",
    )
    return scan_document((SAMPLES / name).read_bytes(), profile)


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


@needs_tesseract
@pytest.mark.parametrize(
    ("rotation", "skew", "fmt"), [(90, 0.0, "png"), (0, 2.5, "jpg"), (270, -1.5, "pdf")]
)
def test_scan_boxes_hold_the_value_on_the_delivered_page(
    rotation: int, skew: float, fmt: str
) -> None:
    import pytesseract

    data = scanned("demo_a_invoice.pdf", rotation, skew, fmt)
    ex = extract_bytes(data, f"scan.{fmt}", load_settings())
    assert ex.page_sources == ("ocr",)
    delivered, factor = page_image(data, ex.media_type, 1, dpi=300)
    if fmt != "pdf":
        assert delivered.size == Image.open(io.BytesIO(data)).size  # pixels of the file itself
    # Addresses span several lines, and a box around tilted lines takes in their neighbours.
    boxed = {k: v for k, v in located(ex, 1).items() if "address" not in k}
    assert {"invoice_number", "issue_date", "total_amount", "buyer_name"} <= boxed.keys()
    for field, value in boxed.items():
        x0, top, x1, bottom = (c * factor for c in value.bbox)  # type: ignore[union-attr]
        crop = delivered.crop((int(x0) - 4, int(top) - 4, int(x1) + 5, int(bottom) + 5))
        upright = crop.rotate(rotation, expand=True, fillcolor="white") if rotation else crop
        upright = upright.resize((upright.width * 2, upright.height * 2))  # small print
        read = pytesseract.image_to_string(upright, config="--psm 6")
        assert value.raw is not None, field
        assert ocr_squash(value.raw) in ocr_squash(read), (field, value.raw, read)


@needs_tesseract
def test_boxes_command_draws_on_a_turned_scan(tmp_path: Path) -> None:
    path = tmp_path / "turned.png"
    path.write_bytes(scanned("demo_a_invoice.pdf", 90, 0.0, "png"))
    out = tmp_path / "boxes.png"
    result = CliRunner().invoke(app, ["boxes", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "values boxed on page 1" in result.output
    drawn = Image.open(out)
    assert drawn.size == Image.open(path).size
    # Boxes were drawn in colour on a grey scan.
    colours = drawn.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert any(max(rgb) - min(rgb) > 100 for _, rgb in colours)
