"""Image-only PDF pages -> OCR'd Pages, a document's pages read together (in parallel processes
where there are enough of them to pay for loading the models in each: ocr.page_workers).

Both PDF backends read the text layer page by page and hand the pages without a usable one to
this module. They are rendered one at a time as the OCR workers take them (ocr.images_to_words
holds at most two per worker), at settings.ocr_dpi, lowered for oversized pages
(ocr.render_scale), and their words come back in PDF points.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from clearway.settings import Settings
from extractors import ocr
from extractors.scan_geometry import ScanPage

# page number, pixels per point -> the page rendered in grey
Render = Callable[[int, float], Image.Image]


def ocr_pages(
    sizes: dict[int, tuple[float, float]], render: Render, name: str, settings: Settings
) -> dict[int, ScanPage]:
    """Pages numbered as in ``sizes`` (their width and height in points) -> Pages in points."""
    numbers = sorted(sizes)
    if not numbers:
        return {}
    scales = [ocr.render_scale(*sizes[n], settings.ocr_dpi) for n in numbers]
    images = (render(n, s) for n, s in zip(numbers, scales, strict=True))
    results = ocr.images_to_words(
        images,
        settings.ocr_languages,
        name,
        workers=ocr.page_workers(len(numbers)),
        dpi=[72.0 * s for s in scales],
        numbers=numbers,
    )
    return {
        n: result.to_page(n, factor=1.0 / s, unit="pt")
        for n, s, result in zip(numbers, scales, results, strict=True)
    }
