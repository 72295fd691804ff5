"""Great Expectations Data Docs for data stewards, published to the reports bucket.

Each validated batch leaves its suites' GX results as JSON under ``results_prefix``
(keyed by the batch, so a retried task replaces rather than adds). Publishing rebuilds the
HTML site from the latest ``keep_runs`` batches' results and uploads it under ``prefix``:
stewards open ``<prefix>index.html`` and see every recent batch, whichever worker
validated it. The site is built locally with GX's own site builder (no S3 client inside
GX) and uploaded through the project's object store.
"""

from __future__ import annotations

import json
import mimetypes
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

from validators.expectations import SuiteRun, _context

SITE = "clearway_data_docs"


@dataclass(frozen=True)
class DataDocsParams:
    prefix: str = "data-docs/"  # the HTML site in the reports bucket
    results_prefix: str = "data-docs-results/"  # the GX results it is built from
    keep_runs: int = 50  # batches the index lists (older result pages stay where they are)

    def __post_init__(self) -> None:
        if self.keep_runs < 1:
            raise ValueError("keep_runs must be at least 1")
        for p in (self.prefix, self.results_prefix):
            if not p.endswith("/") or p == "/":
                raise ValueError(f"prefix {p!r} must be a folder name ending in '/'")


@dataclass(frozen=True)
class StoredRun:
    run_name: str
    run_time: str  # ISO 8601, UTC
    suite: str
    batch_id: str
    result: dict[str, Any]  # the GX result, as the validations store serialises it


def run_name_of(shas: Iterable[str]) -> str:
    """A batch's run name: the same documents give the same name (retries replace)."""
    return "batch-" + sha256(",".join(sorted(shas)).encode()).hexdigest()[:16]


def to_stored(run_name: str, runs: Iterable[SuiteRun], now: datetime) -> list[StoredRun]:
    store = _context().validation_results_store
    return [
        StoredRun(
            run_name,
            now.astimezone(UTC).isoformat(),
            r.suite,
            r.batch_id,
            json.loads(store.serialize(r.result)),
        )
        for r in runs
    ]


def stored_key(params: DataDocsParams, run: StoredRun) -> str:
    return f"{params.results_prefix}{run.run_name}/{run.suite}.json"


def stored_to_bytes(run: StoredRun) -> bytes:
    return json.dumps(run.__dict__, sort_keys=True).encode()


def stored_from_bytes(data: bytes) -> StoredRun:
    return StoredRun(**json.loads(data))


def build_site(runs: Iterable[StoredRun], directory: Path) -> Path:
    """Render the Data Docs site for these results into ``directory``; returns index.html."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _context()
    store = context.validation_results_store
    for key in store.list_keys():  # this process may have built a site before
        store.remove_key(key)
    for run in runs:
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=run.suite),
            run_id=RunIdentifier(
                run_name=run.run_name, run_time=datetime.fromisoformat(run.run_time)
            ),
            batch_identifier=run.batch_id,
        )
        store.set(key, store.deserialize(run.result))
    config = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(directory),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    if SITE in context.get_site_names():
        context.update_data_docs_site(SITE, config)
    else:
        context.add_data_docs_site(SITE, config)
    context.build_data_docs(site_names=[SITE])
    return directory / "index.html"


def content_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def publish_data_docs(
    store: Any,
    run_name: str,
    runs: list[SuiteRun],
    params: DataDocsParams | None = None,
    now: datetime | None = None,
) -> str:
    """Store this batch's results, rebuild the site from the latest batches and upload it.
    Returns the index page's key in the reports bucket."""
    params = params or DataDocsParams()
    mine = to_stored(run_name, runs, now or datetime.now(UTC))
    for run in mine:
        store.put_report(stored_key(params, run), stored_to_bytes(run))
    recent = _recent_runs(store, params, exclude=run_name)
    bucket = store.settings.reports_bucket
    with tempfile.TemporaryDirectory(prefix="clearway-data-docs-") as tmp:
        root = Path(tmp)
        build_site([*recent, *mine], root)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            key = params.prefix + path.relative_to(root).as_posix()
            if key.startswith(params.prefix + "static/") and store.exists(bucket, key):
                continue  # fonts and styles: the same bytes every time
            store.put_report(key, path.read_bytes(), content_type(path))
    return params.prefix + "index.html"


def _recent_runs(store: Any, params: DataDocsParams, exclude: str) -> list[StoredRun]:
    """The stored results of the latest ``keep_runs - 1`` other batches."""
    bucket = store.settings.reports_bucket
    listing = store.client.list_objects(bucket, prefix=params.results_prefix, recursive=True)
    objects = list(listing)
    latest: dict[str, Any] = {}
    for o in objects:
        run = o.object_name[len(params.results_prefix) :].split("/", 1)[0]
        if run != exclude and (run not in latest or o.last_modified > latest[run]):
            latest[run] = o.last_modified
    keep = sorted(latest, key=lambda r: latest[r], reverse=True)[: params.keep_runs - 1]
    return [
        stored_from_bytes(store.get_object(bucket, o.object_name))
        for o in objects
        if o.object_name[len(params.results_prefix) :].split("/", 1)[0] in keep
    ]
