"""The lean character path reads exactly the words pdfplumber's own ``extract_words`` reads."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils import extract_words

from extractors.read_pdf import X_TOLERANCE, Y_TOLERANCE, page_chars

REPO = Path(__file__).resolve().parents[3]
PUBLIC = Path("/work/shared/corpus/public")
PDFS = sorted((REPO / "samples" / "docs").glob("*.pdf")) + sorted(PUBLIC.glob("docs_noxml/*.pdf"))
KW = {"x_tolerance": X_TOLERANCE, "y_tolerance": Y_TOLERANCE, "keep_blank_chars": False}
# The character attributes read_pdf's lean dicts carry (pdfplumber's chars have ~20).
LEAN_KEYS = (
    "text", "x0", "x1", "top", "bottom", "doctop", "upright", "width", "height", "size",
    "fontname", "matrix",
)  # fmt: skip


def boxes(words: list[dict]) -> list[tuple]:
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words]


def same_as_pdfplumber(path: Path) -> None:
    """Words, and every character attribute the lean dicts carry, equal pdfplumber's own."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lean = page_chars(page)
            assert boxes(extract_words(lean, **KW)) == boxes(page.extract_words(**KW))
            assert lean == [{key: char[key] for key in LEAN_KEYS} for char in page.chars]


@pytest.mark.parametrize("pdf_path", PDFS, ids=lambda p: p.name)
def test_lean_chars_give_pdfplumbers_words(pdf_path: Path) -> None:
    same_as_pdfplumber(pdf_path)


def test_rotated_and_offset_pages_keep_pdfplumbers_coordinates(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "odd.pdf"
    c = Canvas(str(path), pagesize=(400, 300))
    c.drawString(50, 250, "Invoice No. 4711")
    c.saveState()
    c.translate(200, 100)
    c.rotate(90)
    c.drawString(0, 0, "sideways text")
    c.restoreState()
    c.setPageSize((300, 400))
    c.showPage()
    c.drawString(20, 20, "second page")
    c.save()
    same_as_pdfplumber(path)


def test_vertical_writing_keeps_pdfplumbers_boxes(tmp_path: Path) -> None:
    """Vertical CID fonts take pdfminer's other box computation (displacement, not descent)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5", isVertical=True))
    path = tmp_path / "vertical.pdf"
    c = Canvas(str(path), pagesize=(400, 300))
    c.setFont("HeiseiKakuGo-W5", 14)
    c.drawString(100, 250, "請求書 番号 4711")
    c.setFont("Helvetica", 10)
    c.drawString(200, 250, "Invoice No. 4711")
    c.save()
    same_as_pdfplumber(path)
