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


def boxes(words: list[dict]) -> list[tuple]:
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words]


@pytest.mark.parametrize("pdf_path", PDFS, ids=lambda p: p.name)
def test_lean_chars_give_pdfplumbers_words(pdf_path: Path) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            assert boxes(extract_words(page_chars(page), **KW)) == boxes(page.extract_words(**KW))


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
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            assert boxes(extract_words(page_chars(page), **KW)) == boxes(page.extract_words(**KW))
