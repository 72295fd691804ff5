"""Hand-built pages for finder tests: words at given x positions, 10 pt high, 5 pt per character."""

from __future__ import annotations

from clearway.models import Page, Word


def words_at(
    top: float, *items: tuple[float, str] | tuple[float, str, float], confidence: float = 1.0
) -> list[Word]:
    """Words at (x, text) or (x, text, confidence); ``confidence`` for those without one."""
    return [
        Word(
            text=item[1],
            x0=item[0],
            top=top,
            x1=item[0] + 5 * len(item[1]),
            bottom=top + 10,
            confidence=item[2] if len(item) > 2 else confidence,  # type: ignore[misc]
        )
        for item in items
    ]


def page_of(*lines: list[Word], source: str = "text", number: int = 1) -> Page:
    return Page(
        number=number,
        width=600,
        height=840,
        source=source,  # type: ignore[arg-type]
        words=tuple(w for line in lines for w in line),
    )
