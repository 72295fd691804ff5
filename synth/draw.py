"""Drawing primitives shared by the PDF renderers: text that shrinks to fit its box."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas


def fit(text: str, font: str, size: float, width: float) -> float:
    """Shrink the font until the text fits: a wrapped value would split a field."""
    while size > 5 and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def text(
    c: Canvas,
    x: float,
    y: float,
    value: str,
    font: tuple[str, float],
    width: float | None = None,
    align: str = "left",
) -> None:
    name, size = font
    if width is not None:
        size = fit(value, name, size, width)
    c.setFont(name, size)
    if align == "right":
        c.drawRightString(x, y, value)
    elif align == "center":
        c.drawCentredString(x, y, value)
    else:
        c.drawString(x, y, value)
