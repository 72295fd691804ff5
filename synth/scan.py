"""PDF page -> a simulated scan: raster only, slightly skewed, noisy, JPEG-softened.

Used to give the OCR path documents with no text layer whose truth is still exact.
All randomness comes from the seed, so a scan is reproducible byte for byte.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

DPI = 200


def rasterise(pdf: bytes, dpi: int = DPI) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        doc.close()
    return image


def scan(pdf: bytes, seed: int | str, fmt: str = "PNG", dpi: int = DPI) -> bytes:
    """Rasterise page 1 and degrade it like a desk scanner would."""
    rng = random.Random(f"scan:{seed}")
    img = rasterise(pdf, dpi)
    # Skew up to +-1.5 degrees; white fill as a scanner lid would give.
    img = img.rotate(
        rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
    )
    img = img.filter(ImageFilter.GaussianBlur(radius=0.6))
    arr = np.asarray(img, dtype=np.int16)
    nrng = np.random.default_rng(rng.randrange(2**32))
    # Grey paper, faint sensor noise, and sparse dust specks. The noise is kept mild and
    # quantised so the PNG still compresses (the bundled samples have a size budget).
    arr = arr - 10 + (nrng.normal(0, 2.0, arr.shape) // 3 * 3).astype(np.int16)
    specks = nrng.random(arr.shape) < 0.0004
    arr[specks] = nrng.integers(0, 120, int(specks.sum()))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    # One JPEG generation adds block artefacts around text edges.
    jpeg = io.BytesIO()
    img.save(jpeg, format="JPEG", quality=rng.randint(55, 70))
    if fmt.upper() in ("JPEG", "JPG"):
        return jpeg.getvalue()
    img = Image.open(io.BytesIO(jpeg.getvalue())).convert("L")
    out = io.BytesIO()
    img.save(out, format="PNG")  # optimize=True: 3 % smaller, 10x slower
    return out.getvalue()
