"""Tesseract OCR: a PIL image -> Words with pixel boxes and 0..1 confidences.

psm 6 ("a single uniform block of text") keeps table rows together as lines, which the
label finder and table reader need; psm 3 splits columns into separate blocks.
"""

from __future__ import annotations

import functools
import os

from PIL import Image

from clearway import errors
from clearway.errors import DocumentUnreadable
from clearway.models import Word

# Tesseract's OpenMP threads fight each other on small machines (~6x slower per page);
# parallelism comes from worker processes instead. Set before pytesseract spawns tesseract.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PSM = 6
MIN_WORD_CONFIDENCE = 0.10  # below this Tesseract's "words" are mostly speckle


@functools.cache
def installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - a missing binary is reported when OCR actually runs
        return frozenset()


def usable_languages(wanted: str) -> str:
    """The requested ``eng+deu`` languages that are installed (eng if none is)."""
    have = installed_languages()
    langs = [lang for lang in wanted.split("+") if lang in have]
    return "+".join(langs) or ("eng" if "eng" in have else "")


def image_to_words(image: Image.Image, languages: str, file: str, page: int) -> list[Word]:
    """OCR one page image; boxes in the image's pixels."""
    import pytesseract

    lang = usable_languages(languages)
    try:
        data = pytesseract.image_to_data(
            image,
            lang=lang or None,
            config=f"--psm {PSM}",
            output_type=pytesseract.Output.DICT,
        )
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        raise DocumentUnreadable(
            errors.OCR_FAILED.info(file=file, page=page, detail=str(exc))
        ) from exc
    return tesseract_data_to_words(data)


def tesseract_data_to_words(data: dict[str, list]) -> list[Word]:
    words: list[Word] = []
    for text, conf, left, top, width, height in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        strict=False,
    ):
        text = str(text).strip()
        confidence = float(conf) / 100.0
        if not text or confidence < MIN_WORD_CONFIDENCE or is_speckle(text, confidence):
            continue
        words.append(
            Word(
                text=text,
                x0=float(left),
                top=float(top),
                x1=float(left + width),
                bottom=float(top + height),
                confidence=min(1.0, confidence),
            )
        )
    return words


_KEPT_SYMBOLS = {":", "-", "/", "#", "€", "$", "£", "%", "&", "+", "·", "•", "●"}


def is_speckle(text: str, confidence: float) -> bool:
    """Table rules and scan noise read as "|", "‘", "=", "_": no letter or digit, and not a
    symbol the finders use."""
    if any(ch.isalnum() for ch in text):
        return False
    return text not in _KEPT_SYMBOLS or confidence < 0.5


def scale_words(words: list[Word], factor: float) -> list[Word]:
    """Pixel boxes -> another unit (PDF points for rendered PDF pages, original pixels for
    upscaled images)."""
    return [
        w.model_copy(
            update={
                "x0": w.x0 * factor,
                "top": w.top * factor,
                "x1": w.x1 * factor,
                "bottom": w.bottom * factor,
            }
        )
        for w in words
    ]
