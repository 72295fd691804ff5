"""A minimal real PDF with a text layer, for the intake and storage tests."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas


def make_pdf(text: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()
