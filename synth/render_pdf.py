"""DocView -> an A4 PDF with a text layer (reportlab).

The two original layouts ("blocks", "grid") are drawn here; a line-item table that does
not fit their one page continues on the next (header repeated, "Page n of m"), and a
table that fits is drawn exactly as it always was. The newer layouts are drawn by
``render_flow``.

``invariant=1`` keeps timestamps and document ids out of the file, so the same view
always renders to the same bytes (the samples/ up-to-date test relies on it).
Standard Type 1 fonts are used: not embedded, so the files stay a few kilobytes.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from synth.draw import text as _text
from synth.layouts import layout_for
from synth.render_flow import render_flow
from synth.views import Cell, DocView, Table

W, H = A4
LINE = 11.5
BOTTOM = 40.0  # a table that would run below this continues on the next page
ROW_H = 15.0


class _Page:
    def __init__(self, view: DocView, total_pages: int = 1) -> None:
        self.v = view
        self.total = total_pages
        self.page = 1
        self.L = layout_for(view.variant)
        self.m = float(self.L["margin"])
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(view.title)
        self.c.setAuthor("clearway synth")
        self.c.setCreator("clearway synth")
        self.c.setSubject(view.doc_type)

    # -- shared pieces -----------------------------------------------------------------
    def boxed_cell(self, cell: Cell, x: float, top: float, w: float, h: float) -> None:
        c = self.c
        c.setLineWidth(0.6)
        c.rect(x, top - h, w, h)
        c.setFillGray(0.35)
        _text(c, x + 3, top - 8, cell.label, self.L["label_font"], w - 6)
        c.setFillGray(0)
        y = top - 8 - LINE
        for line in cell.lines:
            _text(c, x + 4, y, line, self.L["value_font"], w - 8)
            y -= LINE

    def wrapped(self, cell: Cell, x: float, top: float, w: float, boxed: bool) -> float:
        """A long free-text cell across the page; returns the height used."""
        font, size = self.L["value_font"]
        text = " ".join(cell.lines)
        if boxed:
            lines = simpleSplit(text, font, size, w - 8)
            h = 12 + LINE * len(lines)
            self.boxed_cell(Cell(cell.key, cell.label, lines), x, top, w, h)
            return h
        _text(self.c, x, top - 9, cell.label + ":", self.L["label_font"])
        lines = simpleSplit(text, font, size, w - 130)
        y = top - 9
        for line in lines:
            _text(self.c, x + 130, y, line, self.L["value_font"])
            y -= LINE
        return LINE * len(lines) + 4

    def columns(self, t: Table) -> list[float]:
        xs = [self.m]
        for rel in t.widths:
            xs.append(xs[-1] + rel / sum(t.widths) * (W - 2 * self.m))
        return xs

    def table(self, t: Table, top: float) -> float:
        if top - ROW_H * (len(t.rows) + 1) < BOTTOM:
            return self.table_pages(t, top)
        xs = self.columns(t)
        rows = [t.headers, *t.rows]
        self.c.setLineWidth(0.6)
        for r, values in enumerate(rows):
            self.row(t, xs, top - ROW_H * (r + 1), values, r == 0)
        if not self.L["table_grid"]:
            self.c.line(xs[0], top - ROW_H, xs[-1], top - ROW_H)
            self.c.line(xs[0], top - ROW_H * len(rows) - 2, xs[-1], top - ROW_H * len(rows) - 2)
        return ROW_H * len(rows) + 12

    def row(self, t: Table, xs: list[float], y: float, values: list[str], header: bool) -> None:
        c, grid = self.c, self.L["table_grid"]
        width = xs[-1] - xs[0]
        if header:
            c.setFillGray(0.88)
            c.rect(xs[0], y, width, ROW_H, stroke=grid, fill=1)
            c.setFillGray(0)
        elif grid:
            c.rect(xs[0], y, width, ROW_H)
        font = ("Helvetica-Bold", 8) if header else ("Helvetica", 8)
        for i, val in enumerate(values):
            cw = xs[i + 1] - xs[i] - 6
            if t.numeric[i]:
                _text(c, xs[i + 1] - 3, y + 4.5, val, font, cw, "right")
            else:
                _text(c, xs[i] + 3, y + 4.5, val, font, cw)
        if grid:
            for xv in xs[1:-1]:
                c.line(xv, y, xv, y + ROW_H)

    def table_pages(self, t: Table, top: float) -> float:
        """A table longer than the page: rows continue under a repeated header."""
        xs = self.columns(t)

        def header(y: float) -> None:
            self.c.setLineWidth(0.6)
            self.row(t, xs, y, t.headers, True)
            if not self.L["table_grid"]:
                self.c.line(xs[0], y, xs[-1], y)

        y = top - ROW_H
        header(y)
        for values in t.rows:
            if y - ROW_H < BOTTOM:
                self.c.line(xs[0], y - 2, xs[-1], y - 2)
                self.break_page()
                y = H - self.m - 24 - ROW_H
                header(y)
            y -= ROW_H
            self.row(t, xs, y, values, False)
        self.c.line(xs[0], y - 2, xs[-1], y - 2)
        return top - (y - 12)

    def break_page(self) -> None:
        """Footer, next page, and a running head that names the document again."""
        self.footer()
        self.c.showPage()
        self.page += 1
        first = self.v.header[0]
        _text(self.c, self.m, H - self.m - 10, self.v.running_head(), ("Helvetica-Bold", 9), W / 2)
        _text(
            self.c,
            W - self.m,
            H - self.m - 10,
            f"{first.label}: {first.lines[0]}",
            ("Helvetica", 8),
            W / 2 - self.m,
            "right",
        )

    def room(self, y: float, need: float) -> float:
        """On a continued document, totals that would not fit go to a page of their own."""
        if self.page > 1 and y - need < BOTTOM:
            self.break_page()
            return H - self.m - 30
        return y

    def footer(self) -> None:
        text = self.v.footer
        if self.total > 1:
            text = self.v.texts["page_of"].format(n=self.page, m=self.total)
        _text(self.c, W / 2, 22, text, ("Helvetica", 7), align="center")

    # -- the two layouts ---------------------------------------------------------------
    def blocks(self) -> None:
        c, v, m = self.c, self.v, self.m
        # The header block starts at mid-page: long titles shrink rather than run into it.
        _text(c, m, H - m - 14, v.title, self.L["title_font"], W / 2 + 10 - m)
        y = H - m - 40
        hx = W / 2 + 20
        hy = H - m - 10
        for cell in v.header:
            _text(c, hx, hy, cell.label + ":", self.L["label_font"])
            _text(c, hx + 105, hy, cell.lines[0], self.L["value_font"], W - m - hx - 105)
            hy -= LINE + 1
        y = min(y, hy - 8)
        colw = (W - 2 * m) / len(v.parties)
        deepest = y
        for i, p in enumerate(v.parties):
            x = m + i * colw
            _text(c, x, y, p.label, self.L["label_font"])
            py = y - LINE - 1
            for line in p.lines:
                _text(c, x, py, line, self.L["value_font"], colw - 10)
                py -= LINE
            deepest = min(deepest, py)
        y = deepest - 10
        cols = self.L["detail_columns"]
        colw = (W - 2 * m) / cols
        narrow = [d for d in v.details if not d.wide]
        for i, d in enumerate(narrow):
            x = m + (i % cols) * colw
            yy = y - (i // cols) * (LINE + 2)
            _text(c, x, yy, d.label + ":", self.L["label_font"], 118)
            _text(c, x + 122, yy, d.lines[0], self.L["value_font"], colw - 128)
        y -= ((len(narrow) + cols - 1) // cols) * (LINE + 2) + 6
        for d in v.details:
            if d.wide:
                y -= self.wrapped(d, m, y, W - 2 * m, boxed=False)
        if v.table:
            y -= self.table(v.table, y - 6) + 6
        y = self.room(y, len(v.totals) * (LINE + 2))
        for cell in v.totals:
            _text(c, W - m - 130, y, cell.label, self.L["label_font"], 150, "right")
            _text(c, W - m, y, cell.lines[0], ("Helvetica-Bold", 9), 120, "right")
            y -= LINE + 2

    def grid(self) -> None:
        c, v, m = self.c, self.v, self.m
        width = W - 2 * m
        top = H - m
        c.setLineWidth(1)
        c.rect(m, top - 26, width, 26)
        _text(c, W / 2, top - 18, v.title, self.L["title_font"], width - 10, "center")
        top -= 26
        half = width / 2
        left_y = right_y = top
        for p in v.parties:
            h = 12 + LINE * len(p.lines)
            self.boxed_cell(p, m, left_y, half, h)
            left_y -= h
        for cell in v.header:
            h = 12 + LINE
            self.boxed_cell(cell, m + half, right_y, half, h)
            right_y -= h
        y = min(left_y, right_y)
        cols = self.L["detail_columns"]
        cw = width / cols
        narrow = [d for d in v.details if not d.wide]
        for i, d in enumerate(narrow):
            self.boxed_cell(d, m + (i % cols) * cw, y - (i // cols) * (12 + LINE), cw, 12 + LINE)
        y -= ((len(narrow) + cols - 1) // cols) * (12 + LINE)
        for d in v.details:
            if d.wide:
                y -= self.wrapped(d, m, y, width, boxed=True)
        y -= 10
        if v.table:
            y -= self.table(v.table, y)
        y = self.room(y, len(v.totals) * 16 + 16)
        for cell in v.totals:
            c.rect(W - m - 250, y - 16, 250, 16)
            _text(c, W - m - 246, y - 11, cell.label, ("Helvetica", 8), 120)
            _text(c, W - m - 4, y - 11, cell.lines[0], ("Helvetica-Bold", 9), 120, "right")
            y -= 16

    def finish(self) -> bytes:
        (self.grid if self.L["boxed"] else self.blocks)()
        self.footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def render_pdf(view: DocView) -> bytes:
    if view.look.get("engine") == "flow":
        return render_flow(view)
    # "Page n of m" needs m: a document that ran over is drawn again knowing its length.
    first = _Page(view)
    pdf = first.finish()
    return pdf if first.page == 1 else _Page(view, first.page).finish()
