"""Cases -> (case, extraction, seconds), timed inside worker processes.

Each document runs under the batch module's per-document alarm, in processes like production,
so that a pathological file costs its time limit and the evaluation goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from clearway import errors
from clearway.models import Extraction
from clearway.settings import Settings
from evaluation.corpus import Case
from extractors import batch
from extractors.workers import init_worker

Progress = Callable[[Case, Extraction], None]


def init_pool_worker() -> None:
    init_worker()
    warm_up()


def warm_up() -> None:
    """Imports and cached vocabularies are built once per process in production too: build them
    before timing, so that pages per second measures reading, not start-up."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from clearway.settings import load_settings
    from extractors import ocr
    from extractors.document import extract_bytes
    from extractors.vocabularies import load_vocabularies

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "Commercial Invoice No. 1 Date 2026-01-02 Total EUR 10.00")
    canvas.save()
    extract_bytes(buf.getvalue(), "warm-up.pdf", load_settings())
    load_vocabularies()  # the other document types' labels, as a long-lived worker has them
    ocr.load_models(load_settings().ocr_languages)  # a worker loads Tesseract's models once


def timed_extract(case: Case, settings: Settings) -> tuple[Extraction, float]:
    start = time.perf_counter()
    extraction = batch.run_job(batch.Job(name=str(case.path), path=case.path), settings)
    return extraction, time.perf_counter() - start


def run_cases(
    cases: list[Case], settings: Settings, workers: int | None = None
) -> Iterator[tuple[Case, Extraction, float]]:
    """Results in completion order (progress shows as documents finish)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(cases) or 1))
    if workers == 1:
        warm_up()
        for case in cases:
            yield (case, *timed_extract(case, settings))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=init_pool_worker) as pool:
        futures = {pool.submit(timed_extract, case, settings): case for case in cases}
        for future in as_completed(futures):
            case = futures[future]
            try:
                yield (case, *future.result())
            except Exception as exc:  # noqa: BLE001 - a crashed worker is one failed document
                yield case, crashed(case, exc), 0.0


def crashed(case: Case, exc: Exception) -> Extraction:
    info = errors.OCR_FAILED.info(
        file=str(case.path), page="?", detail=f"worker crashed: {type(exc).__name__}"
    )
    return Extraction(file=str(case.path), sha256="", status="failed", errors=(info,))
