"""Worker processes for extraction: how they start, and how a stuck pool is stopped.

Shared by document batches (batch.py) and page OCR (ocr.py), which both run CPU-bound work in
ProcessPoolExecutor workers.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor


def init_worker() -> None:
    # Tesseract's OpenMP threads fight each other on small machines; parallelism comes from
    # the worker processes.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def kill_pool(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor cannot cancel a running call; its workers are reachable only here.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
