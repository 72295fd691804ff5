"""Image bytes (PNG, JPEG, TIFF; each TIFF frame a page) -> OCR'd Pages, boxes in original
pixels."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.models import Page
from clearway.settings import Settings
from extractors import ocr

# Tesseract reads best with ~30 px capital height: upscale pages whose width suggests well
# under 300 dpi (an A4 page at 300 dpi is ~2480 px wide).
TARGET_WIDTH_PX = 2480
MAX_UPSCALE = 3.0
MAX_SKEW_DEGREES = 5.0
MIN_DESKEW_DEGREES = 0.3


def image_to_pages(data: bytes, name: str, settings: Settings) -> list[Page]:
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DocumentRejected(
            errors.CORRUPT.info(file=name, kind="an image", detail=str(exc)[:160])
        ) from exc
    if len(frames) > settings.max_pages:
        raise DocumentRejected(
            errors.TOO_MANY_PAGES.info(file=name, pages=len(frames), limit=settings.max_pages)
        )
    return [
        frame_to_page(frame, number, name, settings) for number, frame in enumerate(frames, start=1)
    ]


def frame_to_page(frame: Image.Image, number: int, name: str, settings: Settings) -> Page:
    width, height = frame.size
    prepared, scale = prepare_for_ocr(frame)
    words = ocr.image_to_words(prepared, settings.ocr_languages, name, number)
    return Page(
        number=number,
        width=float(width),
        height=float(height),
        source="ocr",
        unit="px",
        words=tuple(ocr.scale_words(words, 1.0 / scale)),
    )


def prepare_for_ocr(frame: Image.Image) -> tuple[Image.Image, float]:
    """Grayscale, EXIF orientation applied, small skew straightened, small images upscaled.

    Returns (image, scale used). Deskewing rotates about the centre without resizing, so boxes
    stay within a few pixels of where the words are printed on the original."""
    image = ImageOps.exif_transpose(frame)
    if image.mode in ("RGBA", "LA", "P"):
        # Transparent pixels are black under convert("L"); paste on white first.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
        image = background
    image = image.convert("L")
    angle = skew_degrees(image)
    if abs(angle) >= MIN_DESKEW_DEGREES:
        image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    scale = (
        min(MAX_UPSCALE, TARGET_WIDTH_PX / max(1, image.width))
        if image.width < TARGET_WIDTH_PX * 0.8
        else 1.0
    )
    if scale > 1.0:
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.LANCZOS
        )
    return image, scale


def skew_degrees(gray: Image.Image) -> float:
    """The rotation that best straightens text lines: text rows give the sharpest horizontal
    ink profile (largest squared row-to-row change) when they are level. Searched on a thumbnail."""
    import numpy as np

    small = gray.copy()
    small.thumbnail((900, 900))
    ink = small.point(
        lambda v: 255 if v < 128 else 0
    )  # ink white on black, so rotation fills with "no ink"

    def sharpness(angle: float) -> float:
        rows = np.asarray(
            ink.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32
        ).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)
    return round(float(fine), 2)
