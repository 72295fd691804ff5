"""A pdfplumber page's characters as the word extractor needs them, without the page's layout tree.

pdfplumber's ``Page.layout`` runs pdfminer's interpreter into an aggregator that keeps an object
for every glyph and every path (LTRect/LTLine/LTCurve with colours and original path, tagged with
marked-content ids), and reading the characters then walks that tree. Words need only the
characters, so this device records each one straight away as the lean dict that
``pdfplumber.utils.extract_words`` reads and ignores paths. Glyph geometry is still pdfminer's own
(``LTChar``), and figures and images still go through pdfminer's aggregator, so the characters,
their order and the errors a broken page raises are those of ``Page.layout``.
"""

from __future__ import annotations

from typing import Any

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import Matrix
from pdfplumber.utils.exceptions import PdfminerException


def page_chars(page: pdfplumber.page.Page) -> list[dict[str, Any]]:
    """The page's characters in content order, with pdfplumber's coordinates (top-down,
    MediaBox-adjusted; see pdfplumber's Page.process_object). The words built from them are
    identical to ``page.extract_words`` (tests/unit/extractors/test_read_pdf_words.py)."""
    device = CharCollector(page)
    interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as exc:  # noqa: BLE001 - wrapped as pdfplumber's Page.layout wraps it
        raise PdfminerException(exc) from exc
    return device.chars


class CharCollector(PDFPageAggregator):
    """pdfminer's page aggregator that records characters as pdfplumber char dicts, in the order
    they are drawn (the depth-first order of pdfplumber's layout tree), and drops paths."""

    def __init__(self, page: pdfplumber.page.Page) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.chars: list[dict[str, Any]] = []
        self.height = page.height
        self.mb_x0, self.mb_top = page.mediabox[0], page.mediabox[1]
        self.initial_doctop = page.initial_doctop
        # (font, cid) -> (text, width, displacement): a page draws the same few glyphs hundreds
        # of times, and pdfminer looks a width up through a raised and caught exception for
        # fonts whose widths are keyed by character rather than code.
        self.glyphs: dict[tuple[PDFFont, int], tuple[str, float, Any]] = {}

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        """Paths are not read: the interpreter has already checked their operands, so building
        them could only cost time (a third of a vector-heavy page's reading)."""

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        glyph = self.glyphs.get((font, cid))
        if glyph is None:
            glyph = self.glyphs[(font, cid)] = self.glyph(font, cid)
        text, textwidth, textdisp = glyph
        char = LTChar(
            matrix, font, fontsize, scaling, rise, text, textwidth, textdisp, ncs, graphicstate
        )
        top = self.height - char.y1 + self.mb_top
        self.chars.append(
            {
                "text": text,
                "x0": char.x0 + self.mb_x0,
                "x1": char.x1 + self.mb_x0,
                "top": top,
                "bottom": self.height - char.y0 + self.mb_top,
                "doctop": self.initial_doctop + top,
                "upright": char.upright,
                "width": char.width,
                "height": char.height,
                "size": char.size,
                "fontname": char.fontname,
                "matrix": char.matrix,
            }
        )
        return char.adv

    def glyph(self, font: PDFFont, cid: int) -> tuple[str, float, Any]:
        # As PDFLayoutAnalyzer.render_char reads them.
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid), font.char_disp(cid)
