"""A pdfplumber page's characters as the word extractor needs them, without the page's layout tree.

pdfplumber's ``Page.layout`` runs pdfminer's interpreter into an aggregator that keeps an object
for every glyph and every path (LTRect/LTLine/LTCurve with colours and original path, tagged with
marked-content ids), and reading the characters then walks that tree. Words need only the
characters, so this device records each one straight away as the lean dict that
``pdfplumber.utils.extract_words`` reads, and ignores paths. A character's box is LTChar's,
computed with LTChar's operations in LTChar's order (so to the same floats) but without the
object; figures and images still go through pdfminer's aggregator. The characters, their order
and the errors a broken page raises are those of ``Page.layout``: tests/unit/extractors/
test_read_pdf_words.py compares every attribute with pdfplumber's ``page.chars``.
"""

from __future__ import annotations

from typing import Any

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import Matrix
from pdfplumber.utils.exceptions import PdfminerException

# A glyph as a font draws it at every size: text, width, displacement, vertical?, descent.
Glyph = tuple[str, float, Any, bool, float]


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
        # (font, cid) -> Glyph: a page draws the same few glyphs hundreds of times, and pdfminer
        # looks a width up through a raised and caught exception for fonts whose widths are
        # keyed by character rather than code.
        self.glyphs: dict[tuple[PDFFont, int], Glyph] = {}

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        """Paths are not kept: words do not use them, and the interpreter has already checked
        their operands, so building their objects could only cost time."""

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
        text, textwidth, textdisp, vertical, descent = glyph
        # LTChar's box, computed as LTChar.__init__ computes it (same operations in the same
        # order, so the same floats) without building the object.
        adv = textwidth * fontsize * scaling
        if vertical:
            (vx, vy) = textdisp
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            (bx0, by0, bx1, by1) = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = descent * fontsize
            (bx0, by0, bx1, by1) = (0, descent + rise, adv, descent + rise + fontsize)
        # pdfminer.utils.apply_matrix_rect inlined (a fifth of a character's cost), corners in
        # its order: min and max keep the first of equal values (0.0 and -0.0).
        (a, b, c, d, e, f) = matrix
        xs = (
            a * bx0 + c * by0 + e,
            a * bx0 + c * by1 + e,
            a * bx1 + c * by0 + e,
            a * bx1 + c * by1 + e,
        )
        ys = (
            b * bx0 + d * by0 + f,
            b * bx1 + d * by0 + f,
            b * bx1 + d * by1 + f,
            b * bx0 + d * by1 + f,
        )
        (x0, y0, x1, y1) = (min(xs), min(ys), max(xs), max(ys))
        if x1 < x0:
            (x0, x1) = (x1, x0)
        if y1 < y0:
            (y0, y1) = (y1, y0)
        width, height = x1 - x0, y1 - y0
        top = self.height - y1 + self.mb_top
        self.chars.append(
            {
                "text": text,
                "x0": x0 + self.mb_x0,
                "x1": x1 + self.mb_x0,
                "top": top,
                "bottom": self.height - y0 + self.mb_top,
                "doctop": self.initial_doctop + top,
                "upright": a * d * scaling > 0 and b * c <= 0,
                "width": width,
                "height": height,
                "size": width if vertical else height,
                "fontname": font.fontname,
                "matrix": matrix,
            }
        )
        return adv

    def glyph(self, font: PDFFont, cid: int) -> Glyph:
        # As PDFLayoutAnalyzer.render_char and LTChar read them.
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return (
            text,
            font.char_width(cid),
            font.char_disp(cid),
            font.is_vertical(),
            font.get_descent(),
        )
