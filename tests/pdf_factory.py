"""Minimal real PDFs with a text layer, for the intake, storage and upload tests."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas


def make_pdf(*pages: str) -> bytes:
    """One page per text given, the text printed near its top."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for text in pages:
        c.drawString(72, 720, text)
        c.showPage()
    c.save()
    return buf.getvalue()
