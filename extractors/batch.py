"""Many paths -> Extractions, in input order, in worker processes with a per-document time limit.

Directories are walked (sorted, hidden files skipped); ZIP archives are unpacked and each member
becomes a document named ``archive.zip/member.pdf``. A document that runs past
``settings.document_timeout_s`` is stopped inside its worker (SIGALRM) and reported as failed
(CW203); a worker that does not come back even then is killed with its pool, and the batch goes on.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.ids import sha256_hex
from clearway.models import Extraction
from clearway.settings import Settings
from extractors.workers import init_worker, kill_pool
from intake.sniff import unpack_zip

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
GRACE_S = 30.0  # past the in-worker alarm, how long the parent waits before killing the pool


@dataclass(frozen=True)
class Job:
    name: str
    path: Path | None = None  # read by the worker, so big batches do not sit in the parent's memory
    data: bytes | None = None  # archive members, already unpacked
    result: Extraction | None = None  # decided without a worker (e.g. a bad archive)


class _DocumentTimeout(Exception):
    pass


def extract_paths(
    paths: list[Path], settings: Settings, workers: int | None = None
) -> Iterator[Extraction]:
    jobs = list(paths_to_jobs(paths, settings))
    workers = workers or os.cpu_count() or 1
    if workers == 1 or sum(j.result is None for j in jobs) <= 1:
        for job in jobs:
            yield job.result or run_job(job, settings)
        return
    yield from run_in_pool(jobs, settings, workers)


def paths_to_jobs(paths: list[Path], settings: Settings) -> Iterator[Job]:
    for path in paths:
        for file in walk(Path(path)):
            yield from file_to_jobs(file, settings)


def walk(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path)
            if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                yield child
    else:
        yield path


def file_to_jobs(file: Path, settings: Settings) -> Iterator[Job]:
    name = str(file)
    try:
        with file.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        info = errors.CORRUPT.info(
            file=name, kind="a file", detail=f"cannot be read: {exc.strerror}"
        )
        yield Job(
            name=name, result=Extraction(file=name, sha256="", status="rejected", errors=(info,))
        )
        return
    if head not in _ZIP_MAGIC:
        yield Job(name=name, path=file)
        return
    yield from bytes_to_jobs(name, file.read_bytes(), settings)


def bytes_to_jobs(name: str, data: bytes, settings: Settings) -> Iterator[Job]:
    """One document, or a ZIP's members named "archive.zip/member.pdf"; an archive that
    cannot be unpacked safely is one rejected document."""
    if data[:4] not in _ZIP_MAGIC:
        yield Job(name=name, data=data)
        return
    try:
        members = unpack_zip(data, name, settings)
    except DocumentRejected as exc:
        result = Extraction(
            file=name,
            sha256=sha256_hex(data),
            status="rejected",
            errors=(exc.info,),
            media_type="application/zip",
        )
        yield Job(name=name, result=result)
        return
    for member, member_data in members:
        yield Job(name=f"{name}/{member}", data=member_data)


def run_job(job: Job, settings: Settings) -> Extraction:
    """Extract one document under an alarm; in a worker, or in-process for a single document."""
    from extractors.document import extract_bytes

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = job.data if job.data is not None else job.path.read_bytes()  # type: ignore[union-attr]
    use_alarm = hasattr(signal, "SIGALRM") and _in_main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, settings.document_timeout_s)
    try:
        return extract_bytes(data, job.name, settings)
    except _DocumentTimeout:
        return timeout_result(job.name, data, settings)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def run_in_pool(jobs: list[Job], settings: Settings, workers: int) -> Iterator[Extraction]:
    pool = new_pool(workers)
    futures: dict[int, Future] = {
        i: pool.submit(run_job, j, settings) for i, j in enumerate(jobs) if j.result is None
    }
    last = time.monotonic()
    try:
        for i, job in enumerate(jobs):
            if job.result is not None:
                yield job.result
                continue
            wait = max(0.0, last + settings.document_timeout_s + GRACE_S - time.monotonic())
            try:
                result = futures[i].result(timeout=wait)
            except FutureTimeout:
                # The worker ignored its alarm (stuck in native code): kill the pool, restart
                # the rest.
                result = timeout_result(job.name, None, settings)
                kill_pool(pool)
                pool = new_pool(workers)
                for k in range(i + 1, len(jobs)):
                    if k in futures and not futures[k].done():
                        futures[k] = pool.submit(run_job, jobs[k], settings)
            except Exception as exc:  # noqa: BLE001 - a crashed worker is one failed document, not a failed batch
                info = errors.OCR_FAILED.info(
                    file=job.name, page="?", detail=f"worker crashed: {type(exc).__name__}"
                )
                result = Extraction(file=job.name, sha256="", status="failed", errors=(info,))
                if "BrokenProcessPool" in type(exc).__name__:
                    pool = new_pool(workers)
                    for k in range(i + 1, len(jobs)):
                        if k in futures and not futures[k].done():
                            futures[k] = pool.submit(run_job, jobs[k], settings)
            last = time.monotonic()
            yield result
    finally:
        # Normal end: every call has returned, so waiting is instant and lets the executor close
        # its pipes in order (not waiting leaves its exit hook writing to a closed pipe). Early end
        # (the consumer stopped, or an error): cancel what has not started.
        pool.shutdown(wait=True, cancel_futures=True)


def new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=init_worker)


def timeout_result(name: str, data: bytes | None, settings: Settings) -> Extraction:
    info = errors.TIMEOUT.info(file=name, seconds=settings.document_timeout_s)
    return Extraction(
        file=name, sha256=sha256_hex(data) if data else "", status="failed", errors=(info,)
    )


def _raise_timeout(signum: int, frame: object) -> None:
    raise _DocumentTimeout()


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
