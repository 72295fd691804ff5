"""DocView -> an A4 PDF in one of the newer layouts (ledger, form, letter, band), over as
many pages as the line-item table needs.

A document is drawn as a sequence of sections that its look names (layouts.py): a head
that places the title, the references and whatever the layout puts at the top, then the
parties not yet drawn, the details, the line-item table and the totals. A cursor runs
down the page; the table continues on a new page under a repeated header (with carry
lines where the look has them), totals never start on a page they do not fit, and every
page says "Page n of m". Each cell is drawn once, by the first section that takes it.
"""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from synth.draw import text
from synth.layouts import FONTS, LETTERHEAD, WINDOW
from synth.views import Cell, DocView, Table

W, H = A4


class _Flow:
    def __init__(self, view: DocView, total: int) -> None:
        self.v = view
        self.L = view.look
        self.m = float(self.L["margin"])
        self.regular, self.bold = FONTS[self.L["font"]]
        self.ls = float(self.L["label_size"])
        self.vs = float(self.L["value_size"])
        self.line = self.vs + 2.5
        self.total = total
        self.page = 1
        self.y = H - self.m
        self.footer_y = max(16.0, self.m / 2)
        self.bottom = self.footer_y + 26
        self.done: set[int] = set()  # cells already drawn (by id)
        self.small_print: list[str] = []  # page 1 footer lines (the letter's bank details)
        self.number = 0  # the form layout's box numbers
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(view.title)
        self.c.setAuthor("clearway synth")
        self.c.setCreator("clearway synth")
        self.c.setSubject(view.doc_type)

    # -- small helpers -----------------------------------------------------------------
    def lab(self, cell: Cell) -> str:
        return cell.label + self.L["label_suffix"]

    def lfont(self, bold: bool = False) -> tuple[str, float]:
        return (self.bold if bold else self.regular, self.ls)

    def vfont(self, bold: bool = False) -> tuple[str, float]:
        return (self.bold if bold else self.regular, self.vs)

    def take(self, cell: Cell) -> None:
        self.done.add(id(cell))

    def left(self, cells: list[Cell]) -> list[Cell]:
        return [c for c in cells if id(c) not in self.done]

    def find(self, keys: list[str]) -> Cell | None:
        cells = self.v.header + self.v.parties + self.v.details
        for key in keys:
            for cell in cells:
                if cell.key == key and id(cell) not in self.done:
                    return cell
        return None

    def ensure(self, need: float) -> None:
        if self.y - need < self.bottom:
            self.new_page()

    # -- pages -------------------------------------------------------------------------
    def footer(self) -> None:
        c, v = self.c, self.v
        page = v.texts["page_of"].format(n=self.page, m=self.total)
        align = self.L["page_pos"]
        x = {"right": W - self.m, "center": W / 2, "left": self.m}[align]
        text(c, x, self.footer_y, page, (self.regular, 7), align=align)
        note = v.texts.get(self.L.get("footer_note", ""), "")
        if note and align != "left":
            text(c, self.m, self.footer_y, note, (self.regular, 6.5), W / 3)
        if self.page == 1 and self.small_print:
            c.setLineWidth(0.4)
            c.line(self.m, self.footer_y + 20, W - self.m, self.footer_y + 20)
            text(
                c,
                W / 2,
                self.footer_y + 10,
                "   ".join(self.small_print),
                (self.regular, 7),
                W - 2 * self.m,
                "center",
            )

    def new_page(self) -> None:
        """Close the page; the next one starts with a running head naming the document."""
        self.footer()
        self.c.showPage()
        self.page += 1
        v = self.v
        top = H - self.m
        text(self.c, self.m, top - 10, v.running_head(), (self.bold, 9), W / 2 - self.m)
        first = v.header[0]
        ref = f"{self.lab(first)} {first.lines[0]}"
        text(self.c, W - self.m, top - 10, ref, (self.regular, 8), W / 2 - self.m, "right")
        self.y = top - 28

    # -- boxes (form) ------------------------------------------------------------------
    def caption(self, cell: Cell, width: float) -> str:
        """The box caption, number and label; the second language only where it fits."""
        caption = f"{self.number}  {cell.label}"
        both = f"{caption} / {cell.alt_label}"
        fits = stringWidth(both, self.regular, max(5.0, self.ls - 1)) <= width
        return both if cell.alt_label and fits else caption

    def box(self, cell: Cell, x: float, top: float, w: float, h: float, lines: list[str]) -> None:
        c = self.c
        self.number += 1
        c.setLineWidth(0.6)
        c.rect(x, top - h, w, h)
        c.setFillGray(0.3)
        text(c, x + 3, top - 7, self.caption(cell, w - 6), self.lfont(), w - 6)
        c.setFillGray(0)
        y = top - 9 - self.line
        for line in lines:
            text(c, x + 4, y, line, self.vfont(), w - 8)
            y -= self.line
        self.take(cell)

    # -- heads ---------------------------------------------------------------------------
    def head_ledger(self) -> None:
        c, v, m = self.c, self.v, self.m
        top = H - m
        rw = float(self.L["refbox_width"])
        ts = float(self.L["title_size"])
        text(c, m, top - ts, v.title, (self.bold, ts), W - 2 * m - rw - 16)
        rh = self.line + 3
        bh = rh * len(v.header) + 8
        x = W - m - rw
        c.setLineWidth(0.8)
        c.rect(x, top - bh, rw, bh)
        y = top - 6 - self.vs
        for cell in v.header:
            text(c, x + 6, y, self.lab(cell), self.lfont(), rw * 0.45 - 8)
            text(c, x + rw - 6, y, cell.lines[0], self.vfont(True), rw * 0.55 - 8, "right")
            y -= rh
            self.take(cell)
        self.y = min(top - ts - 10, top - bh) - 18

    def head_form(self) -> None:
        c, v, m = self.c, self.v, self.m
        width = W - 2 * m
        top = H - m
        bh = 34.0
        nw = width * 0.38
        ts = float(self.L["title_size"])
        c.setLineWidth(1.2)
        c.rect(m, top - bh, width, bh)
        text(c, m + 8, top - bh / 2 - ts / 3, v.title, (self.bold, ts), width - nw - 16)
        c.line(m + width - nw, top - bh, m + width - nw, top)
        num = v.header[0]
        self.number += 1
        c.setFillGray(0.3)
        text(c, m + width - nw + 4, top - 8, self.caption(num, nw - 8), self.lfont(), nw - 8)
        c.setFillGray(0)
        text(c, m + width - 6, top - bh + 8, num.lines[0], (self.bold, 11), nw - 12, "right")
        self.take(num)
        top -= bh
        pw = width * float(self.L["party_width"])
        ly = ry = top
        for p in self.left(v.parties):
            h = 14 + self.line * len(p.lines)
            self.box(p, m, ly, pw, h, p.lines)
            ly -= h
        for cell in self.left(v.header):
            h = 14 + self.line
            self.box(cell, m + pw, ry, width - pw, h, cell.lines[:1])
            ry -= h
        c.setLineWidth(0.6)
        if ry > ly:
            c.rect(m + pw, ly, width - pw, ry - ly)
        elif ly > ry:
            c.rect(m, ry, pw, ly - ry)
        self.y = min(ly, ry)

    def head_letter(self) -> None:
        c, v, m = self.c, self.v, self.m
        top = H - m
        issuer = self.find(LETTERHEAD[v.kind])
        recipient = self.find(WINDOW[v.kind])
        if issuer is not None:
            align = self.L["letterhead_align"]
            size = float(self.L["letterhead_size"])
            x = {"left": m, "right": W - m, "center": W / 2}[align]
            text(c, x, top - size, issuer.lines[0], (self.bold, size), W - 2 * m, align)
            y = top - size - 4 - self.line
            for line in issuer.lines[1:]:
                text(c, x, y, line, (self.regular, self.vs - 0.5), W - 2 * m, align)
                y -= self.line - 1
            c.setLineWidth(0.8)
            c.line(m, y + 3, W - m, y + 3)
            top = y - 12
            self.take(issuer)
        # The envelope window sits where DIN 5008 puts it, or below a tall letterhead.
        wy = iy = min(top, H - 150) if recipient is not None else top
        if recipient is not None:
            # The sender's return address over the window, where it fits on one line.
            party = issuer is not None and len(issuer.lines) >= 4
            sender = ", ".join(issuer.lines[:4]) if issuer is not None and party else ""
            if sender and stringWidth(sender, self.regular, 5.5) <= W / 2 + 20 - m:
                text(c, m, wy, sender, (self.regular, 6.5), W / 2 + 20 - m)
                c.setLineWidth(0.3)
                c.line(m, wy - 2, m + min(250, stringWidth(sender, self.regular, 6.5)), wy - 2)
                wy -= 13
            text(c, m, wy, self.lab(recipient), self.lfont(), 200)
            wy -= self.line
            for line in recipient.lines:
                text(c, m, wy, line, self.vfont(), 250)
                wy -= self.line
            self.take(recipient)
        number, dated = v.header[0], v.header[1]
        self.take(number)
        self.take(dated)
        ix = W / 2 + 40
        for cell in self.left(v.header):
            text(c, ix, iy, self.lab(cell), self.lfont(), 100)
            text(c, ix + 105, iy, cell.lines[0], self.vfont(), W - m - ix - 105)
            iy -= self.line + 1
            self.take(cell)
        y = min(wy, iy) - 16
        ts = float(self.L["title_size"])
        text(c, m, y, v.title, (self.bold, ts), W - 2 * m)
        y -= ts + 6
        ref = f"{number.label} {number.lines[0]} {v.texts['of_date']} {dated.lines[0]}"
        text(c, m, y, ref, self.vfont(), W - 2 * m)
        y -= self.line + 6
        if v.kind == "invoice" and self.L["intro"]:
            text(c, m, y, v.texts["letter_intro"], self.vfont(), W - 2 * m)
            y -= self.line + 4
        iban = self.find(["iban"])
        if iban is not None:
            self.small_print.append(f"{iban.label}: {iban.lines[0]}")
            self.take(iban)
        self.y = y

    def head_band(self) -> None:
        """Title top right, then a shaded band with the references side by side."""
        c, v, m = self.c, self.v, self.m
        width = W - 2 * m
        top = H - m
        ts = float(self.L["title_size"])
        text(c, W - m, top - ts, v.title, (self.bold, ts), width * 0.7, "right")
        y = top - ts - 14
        colw = width / len(v.header)
        bh = self.ls + self.line + 12
        c.setFillGray(float(self.L["band_fill"]))
        c.rect(m, y - bh, width, bh, stroke=0, fill=1)
        c.setFillGray(0)
        for i, cell in enumerate(v.header):
            x = m + i * colw + 5
            label = cell.label.upper() if self.L["label_caps"] else cell.label
            text(c, x, y - 4 - self.ls, label, self.lfont(True), colw - 10)
            text(c, x, y - 7 - self.ls - self.line, cell.lines[0], self.vfont(), colw - 10)
            self.take(cell)
        self.y = y - bh - 18

    # -- parties and details -----------------------------------------------------------
    def parties_columns(self) -> None:
        parties = self.left(self.v.parties)
        if not parties:
            return
        c, m = self.c, self.m
        colw = (W - 2 * m) / len(parties)
        deepest = self.y
        bar = self.L.get("party_bar")
        for i, p in enumerate(parties):
            x = m + i * colw
            if bar is not None:  # the label on a shaded strip
                c.setFillGray(float(bar))
                c.rect(x - 2, self.y - 3, colw - 8, self.ls + 5, stroke=0, fill=1)
                c.setFillGray(0)
            text(c, x, self.y, self.lab(p), self.lfont(True), colw - 10)
            py = self.y - self.line - 1
            for line in p.lines:
                text(c, x, py, line, self.vfont(), colw - 10)
                py -= self.line
            deepest = min(deepest, py)
            self.take(p)
        self.y = deepest - 8

    def details_kv(self) -> None:
        """One detail a row: labels in a fixed left column, values beside them."""
        c, m = self.c, self.m
        lc = float(self.L["label_column"])
        for d in self.left(self.v.details):
            width = W - 2 * m - lc
            lines = simpleSplit(" ".join(d.lines), self.regular, self.vs, width) if d.wide else []
            lines = lines or d.lines[:1]
            self.ensure(self.line * len(lines) + 2)
            label = self.lab(d)
            text(c, m, self.y, label, self.lfont(), lc - 10)
            if self.L["leaders"]:
                x0 = m + min(lc - 10, stringWidth(label, self.regular, self.ls)) + 4
                c.setStrokeGray(0.6)
                c.setDash(1, 2)
                c.line(x0, self.y + 1, m + lc - 6, self.y + 1)
                c.setDash()
                c.setStrokeGray(0)
            for line in lines:
                text(c, m + lc, self.y, line, self.vfont(), width)
                self.y -= self.line
            self.y -= 2
            self.take(d)
        self.y -= 8

    def details_kv2(self) -> None:
        """Two columns of "label: value"; long free text across the page."""
        c, m = self.c, self.m
        colw = (W - 2 * m) / 2
        narrow = [d for d in self.left(self.v.details) if not d.wide]
        for i, d in enumerate(narrow):
            if i % 2 == 0 and i:
                self.y -= self.line + 1
            x = m + (i % 2) * colw
            text(c, x, self.y, self.lab(d), self.lfont(True), 110)
            text(c, x + 114, self.y, d.lines[0], self.vfont(), colw - 120)
            self.take(d)
        if narrow:
            self.y -= self.line + 6
        for d in self.left(self.v.details):
            lines = simpleSplit(" ".join(d.lines), self.regular, self.vs, W - 2 * m - 114)
            self.ensure(self.line * len(lines))
            text(c, m, self.y, self.lab(d), self.lfont(True), 110)
            for line in lines:
                text(c, m + 114, self.y, line, self.vfont(), W - 2 * m - 114)
                self.y -= self.line
            self.take(d)
        self.y -= 8

    def details_kvgrid(self) -> None:
        """A ruled table of label and value cells, two pairs a row; long text spans it."""
        c, m = self.c, self.m
        width = W - 2 * m
        lw, vw = width * 0.19, width * 0.31
        rh = self.line + 6
        fill = float(self.L["band_fill"])
        c.setLineWidth(0.5)

        def pair(x: float, y: float, d: Cell, value_w: float, lines: list[str]) -> float:
            """One label cell and its value cell; returns the height used."""
            label = self.lab(d)
            labels = [label]
            if stringWidth(label, self.bold, 5.5) > lw - 8:  # a long label takes two lines
                labels = simpleSplit(label, self.bold, self.ls, lw - 8)
            h = rh + self.line * (max(len(lines), len(labels)) - 1)
            c.setFillGray(fill)
            c.rect(x, y - h, lw, h, stroke=1, fill=1)
            c.setFillGray(0)
            c.rect(x + lw, y - h, value_w, h)
            for n, part in enumerate(labels):
                ty = y - rh / 2 - self.ls / 3 - n * self.line
                text(c, x + 4, ty, part, self.lfont(True), lw - 8)
            ly = y - rh / 2 - self.vs / 3
            for line in lines:
                text(c, x + lw + 4, ly, line, self.vfont(), value_w - 8)
                ly -= self.line
            self.take(d)
            return h

        narrow = [d for d in self.left(self.v.details) if not d.wide]
        for i in range(0, len(narrow), 2):
            self.ensure(rh * 2)
            used = [
                pair(m + n * (lw + vw), self.y, d, vw, d.lines[:1])
                for n, d in enumerate(narrow[i : i + 2])
            ]
            self.y -= max(used)
        for d in self.left(self.v.details):
            lines = simpleSplit(" ".join(d.lines), self.regular, self.vs, width - lw - 8)
            self.ensure(rh + self.line * len(lines))
            self.y -= pair(m, self.y, d, width - lw, lines)
        self.y -= 12

    def details_boxes(self) -> None:
        m = self.m
        width = W - 2 * m
        cols = int(self.L["detail_columns"])
        cw = width / cols
        h = 14 + self.line
        narrow = [d for d in self.left(self.v.details) if not d.wide]
        for i, d in enumerate(narrow):
            if i % cols == 0 and i:
                self.y -= h
            self.box(d, m + (i % cols) * cw, self.y, cw, h, d.lines[:1])
        if narrow:
            rest = len(narrow) % cols
            if rest:
                self.c.rect(m + rest * cw, self.y - h, width - rest * cw, h)
            self.y -= h
        for d in self.left(self.v.details):
            lines = simpleSplit(" ".join(d.lines), self.regular, self.vs, width - 8)
            bh = 14 + self.line * len(lines)
            self.box(d, m, self.y, width, bh, lines)
            self.y -= bh
        self.y -= 10

    # -- line items --------------------------------------------------------------------
    def table(self, t: Table) -> None:
        c, m, L = self.c, self.m, self.L
        width = W - 2 * m
        xs = [m]
        for rel in t.widths:
            xs.append(xs[-1] + rel / sum(t.widths) * width)
        rh = float(L["row_h"])
        size = float(L["table_font"])
        style = L["table_style"]
        carry = bool(t.carry) and bool(L["carry_lines"])
        money = self.v.style

        # A header too long for its column wraps onto a second line, as printed tables do.
        heads = [
            simpleSplit(h, self.bold, size, xs[i + 1] - xs[i] - 6)
            if stringWidth(h, self.bold, 6) > xs[i + 1] - xs[i] - 6
            else [h]
            for i, h in enumerate(t.headers)
        ]
        hh = rh + (size + 1) * (max(len(h) for h in heads) - 1)

        def frame(y: float, h: float, shade: float | None) -> None:
            if shade is not None and shade < 1:
                c.setFillGray(shade)
                c.rect(m, y, width, h, stroke=0, fill=1)
                c.setFillGray(0)
            if style == "grid":
                c.setLineWidth(0.5)
                c.rect(m, y, width, h)
                for xv in xs[1:-1]:
                    c.line(xv, y, xv, y + h)

        def header() -> None:
            self.y -= hh
            frame(self.y, hh, float(L["header_fill"]))
            for i, lines in enumerate(heads):
                cw = xs[i + 1] - xs[i] - 6
                y = self.y + hh - rh / 2 - size / 3
                for line in lines:
                    if t.numeric[i]:
                        text(c, xs[i + 1] - 3, y, line, (self.bold, size), cw, "right")
                    else:
                        text(c, xs[i] + 3, y, line, (self.bold, size), cw)
                    y -= size + 1
            if style != "grid":
                c.setLineWidth(0.8)
                c.line(m, self.y, m + width, self.y)

        def row(y: float, values: list[str], shade: float | None) -> None:
            frame(y, rh, shade)
            font = (self.regular, size)
            for i, val in enumerate(values):
                cw = xs[i + 1] - xs[i] - 6
                if t.numeric[i]:
                    text(c, xs[i + 1] - 3, y + rh / 2 - size / 3, val, font, cw, "right")
                else:
                    text(c, xs[i] + 3, y + rh / 2 - size / 3, val, font, cw)

        def carry_line(key: str, amount: Decimal) -> None:
            self.y -= rh
            label = self.v.texts[key]
            amount_x = xs[-1] - 3 if t.numeric[-1] else xs[-2] - 3
            text(c, amount_x - 90, self.y + 4, label, (self.bold, size), 150, "right")
            text(c, amount_x, self.y + 4, money.number(amount, 2), (self.bold, size), 80, "right")

        self.ensure(hh + rh * 2)
        header()
        running = Decimal("0.00")
        for n, values in enumerate(t.rows):
            if self.y - rh * (2 if carry else 1) < self.bottom:
                c.setLineWidth(0.6)
                c.line(m, self.y, m + width, self.y)
                if carry:
                    carry_line("carried_forward", running)
                self.new_page()
                if carry:
                    carry_line("brought_forward", running)
                header()
            self.y -= rh
            zebra = 0.93 if style == "zebra" and n % 2 else None
            row(self.y, values, zebra)
            if t.carry:
                running += t.carry[n]
        c.setLineWidth(0.8)
        c.line(m, self.y - 1, m + width, self.y - 1)
        self.y -= 14

    # -- totals --------------------------------------------------------------------------
    def totals_right(self) -> None:
        cells = self.v.totals
        if not cells:
            return
        c, m = self.c, self.m
        step = self.line + 3
        self.ensure(step * len(cells) + 8)
        c.setLineWidth(0.6)
        c.line(W - m - 260, self.y + self.line, W - m, self.y + self.line)
        for i, cell in enumerate(cells):
            last = i == len(cells) - 1
            text(c, W - m - 130, self.y, self.lab(cell), self.lfont(last), 150, "right")
            text(c, W - m, self.y, cell.lines[0], self.vfont(True), 120, "right")
            self.y -= step
            self.take(cell)

    def totals_shaded(self) -> None:
        """Totals in a shaded panel at the right, the last one under a rule."""
        cells = self.v.totals
        if not cells:
            return
        c, m = self.c, self.m
        step = self.line + 4
        h = step * len(cells) + 8
        self.ensure(h)
        x = W - m - 250
        c.setFillGray(float(self.L["band_fill"]))
        c.rect(x, self.y - h + step, 250, h, stroke=0, fill=1)
        c.setFillGray(0)
        y = self.y
        for i, cell in enumerate(cells):
            last = i == len(cells) - 1
            if last:
                c.setLineWidth(0.8)
                c.line(x + 6, y + self.line - 1, W - m - 6, y + self.line - 1)
            text(c, x + 8, y, self.lab(cell), self.lfont(last), 130)
            text(c, W - m - 8, y, cell.lines[0], self.vfont(True), 100, "right")
            y -= step
            self.take(cell)
        self.y = y - 8

    def totals_boxes(self) -> None:
        cells = self.v.totals
        if not cells:
            return
        self.ensure(16 * len(cells) + 4)
        c, m = self.c, self.m
        for cell in cells:
            c.setLineWidth(0.6)
            c.rect(W - m - 260, self.y - 16, 260, 16)
            label = cell.label
            both = f"{label} / {cell.alt_label}"
            if cell.alt_label and stringWidth(both, self.regular, 6) <= 140:
                label = both
            text(c, W - m - 256, self.y - 11, label, (self.regular, 7.5), 140)
            text(c, W - m - 4, self.y - 11, cell.lines[0], (self.bold, 9), 112, "right")
            self.y -= 16
            self.take(cell)

    # -- the document ------------------------------------------------------------------
    def draw(self) -> bytes:
        L = self.L
        heads = {
            "ledger": self.head_ledger,
            "form": self.head_form,
            "letter": self.head_letter,
            "band": self.head_band,
        }
        details = {
            "kv": self.details_kv,
            "kv2": self.details_kv2,
            "boxes": self.details_boxes,
            "kvgrid": self.details_kvgrid,
        }
        totals = {
            "right": self.totals_right,
            "boxes": self.totals_boxes,
            "shaded": self.totals_shaded,
        }
        heads[L["head"]]()
        if L["parties"] == "columns":
            self.parties_columns()
        details[L["details"]]()
        if self.v.table is not None:
            self.table(self.v.table)
        totals[L["totals"]]()
        self.footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def render_flow(view: DocView) -> bytes:
    # "Page n of m" needs m: a document that ran over is drawn again knowing its length.
    first = _Flow(view, 1)
    pdf = first.draw()
    return pdf if first.page == 1 else _Flow(view, first.page).draw()
