"""`clearway bench`: pages per second on one core, Clearway beside the libraries underneath.

Each document is read twice in one worker process (one core, as production runs one document
per core, so Clearway's own OCR stays in that process too):
- the library alone: for a text-layer PDF, pdfplumber opening it and ``extract_words`` on every
  page (the least any reader of the text layer does); for scanned pages and images, Tesseract
  through pytesseract on each page as delivered (a PDF page rendered at the OCR resolution),
  its default page segmentation, the same languages;
- Clearway's extraction end to end: words, orientation, deskew and cleaning for scans, type,
  fields, line items, checks.
Times are CPU seconds of the process and of the processes it waited for (tesseract), so a busy
machine slows the figures less than it slows the wall clock; wall seconds are reported too.
"""

from __future__ import annotations

import io
import os
import resource
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clearway.settings import Settings

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


class BenchError(ValueError):
    """No document to time: the message says which paths held none."""


@dataclass(frozen=True)
class Timing:
    file: str
    kind: str  # "text": every page read from the text layer; "ocr": any page OCR'd
    pages: int
    library_cpu: float
    library_wall: float
    clearway_cpu: float
    clearway_wall: float
    error: str | None = None


def paths_to_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise BenchError(f"{path}: no such file or folder")
    if not files:
        raise BenchError(f"no PDF or image under {', '.join(map(str, paths))}")
    return files


def run(
    files: list[Path], settings: Settings, on_file: Callable[[int, int], None] | None = None
) -> list[Timing]:
    out: list[Timing] = []
    with ProcessPoolExecutor(max_workers=1, initializer=_warm_up) as pool:
        for done, timing in enumerate(pool.map(time_file, files, [settings] * len(files)), 1):
            out.append(timing)
            if on_file:
                on_file(done, len(files))
    return out


def _warm_up() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract on one core, as Clearway runs it
    from evaluation.run import warm_up

    warm_up()


def time_file(path: Path, settings: Settings) -> Timing:
    from extractors.document import extract_bytes

    data = path.read_bytes()
    with Stopwatch() as ours:
        extraction = extract_bytes(data, path.name, settings)
    sources = extraction.page_sources
    if extraction.status == "failed" or not sources:
        reason = extraction.errors[0].code if extraction.errors else "no pages"
        return Timing(str(path), "failed", 0, 0, 0, 0, 0, error=reason)
    ocr_pages = [n for n, source in enumerate(sources, 1) if source == "ocr"]
    with Stopwatch() as theirs:
        if ocr_pages:
            read_with_tesseract(data, path, settings, ocr_pages)
        else:
            read_with_pdfplumber(data)
    kind, pages = ("ocr", len(ocr_pages)) if ocr_pages else ("text", len(sources))
    return Timing(str(path), kind, pages, *theirs.figures, *ours.figures)


class Stopwatch:
    """CPU and wall seconds of a ``with`` block, in ``figures`` after it."""

    def __enter__(self) -> Stopwatch:
        self.start = _now()
        return self

    def __exit__(self, *exc: object) -> None:
        end = _now()
        self.figures = (end[0] - self.start[0], end[1] - self.start[1])


def _now() -> tuple[float, float]:
    """(CPU seconds of this process and its waited-for children, wall seconds)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, time.perf_counter()


def read_with_pdfplumber(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()


def read_with_tesseract(data: bytes, path: Path, settings: Settings, pages: list[int]) -> None:
    """Only the pages Clearway OCR'd: a mixed PDF's text pages are read from its text layer."""
    import pytesseract

    for image in page_images(data, path, settings, pages):
        pytesseract.image_to_data(image, lang=settings.ocr_languages)


def page_images(data: bytes, path: Path, settings: Settings, pages: list[int]) -> Iterator[Any]:
    from PIL import Image, ImageSequence

    if path.suffix.lower() != ".pdf":
        with Image.open(io.BytesIO(data)) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                if number in pages:
                    yield frame.convert("L")
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for number in pages:
            yield pdf[number - 1].render(scale=settings.ocr_dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def summary(timings: list[Timing]) -> dict[str, Any]:
    rows = {}
    for kind, library in (("text", "pdfplumber extract_words"), ("ocr", "tesseract alone")):
        done = [t for t in timings if t.kind == kind]
        pages = sum(t.pages for t in done)
        lib_cpu, ours_cpu = sum(t.library_cpu for t in done), sum(t.clearway_cpu for t in done)
        rows[kind] = {
            "documents": len(done),
            "pages": pages,
            "library": library,
            "library_pages_per_s": _rate(pages, lib_cpu),
            "clearway_pages_per_s": _rate(pages, ours_cpu),
            "library_wall_pages_per_s": _rate(pages, sum(t.library_wall for t in done)),
            "clearway_wall_pages_per_s": _rate(pages, sum(t.clearway_wall for t in done)),
            "clearway_time_per_library_time": ours_cpu / lib_cpu if lib_cpu else None,
        }
    failed = [{"file": t.file, "error": t.error} for t in timings if t.kind == "failed"]
    return {"kinds": rows, "failed": failed}


def _rate(pages: int, seconds: float) -> float | None:
    return pages / seconds if seconds > 0 and pages else None
