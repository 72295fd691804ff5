"""Hand-built pages for finder tests: words at given x positions, 10 pt high, 5 pt per character."""

from __future__ import annotations

from clearway.models import Page, Word


def words_at(top: float, *items: tuple[float, str], confidence: float = 1.0) -> list[Word]:
    return [
        Word(text=t, x0=x, top=top, x1=x + 5 * len(t), bottom=top + 10, confidence=confidence)
        for x, t in items
    ]


def page_of(*lines: list[Word], source: str = "text", number: int = 1) -> Page:
    return Page(
        number=number,
        width=600,
        height=840,
        source=source,  # type: ignore[arg-type]
        words=tuple(w for line in lines for w in line),
    )
