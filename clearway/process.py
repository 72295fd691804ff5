"""The whole pipeline in one process, no service needed: ``clearway process PATH… --out FILE``.

paths -> documents (files; e-mail attachments, ZIPs unpacked) -> extraction -> Great
Expectations suites over the batch -> consignments (linked by references) -> findings,
declaration and completeness per consignment -> the JSON of shared/spec/consignments.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from clearway.ids import tracking_ref
from clearway.models import Extraction
from clearway.settings import Settings
from declarations.prepare import prepare_consignment
from linking.group import ConsignmentGroup, group_documents
from validators.consignment import CheckParams
from validators.expectations import ExpectationResult, run_suites

log = logging.getLogger(__name__)


def message_to_extractions(path: Path, settings: Settings) -> list[Extraction]:
    """An .eml file's attachments as documents named by their attachment names."""
    from extractors.batch import bytes_to_jobs
    from extractors.document import extract_bytes
    from intake.email import parse_message

    message = parse_message(path.read_bytes())
    if not message.attachments:
        log.warning("%s (%s) has no attachment", path, message.message_id)
    return [
        job.result or extract_bytes(job.data, job.name, settings)  # type: ignore[arg-type]
        for name, data in message.attachments
        for job in bytes_to_jobs(name, data, settings)
    ]


def paths_to_extractions(paths: list[Path], settings: Settings) -> list[Extraction]:
    """Every document under the paths, in input order (e-mails where they occur)."""
    from extractors.batch import extract_paths, walk

    files = [f for p in paths for f in walk(p)]
    plain = [f for f in files if f.suffix.lower() != ".eml"]
    # one batch for all plain files (worker processes); results are put back in input order
    by_file: dict[str, list[Extraction]] = {str(f): [] for f in plain}
    stray: list[Extraction] = []
    for e in extract_paths(plain, settings) if plain else []:
        # a ZIP's members come back as "archive.zip/member.pdf"
        owner = e.file if e.file in by_file else _archive_of(e.file, by_file)
        by_file.get(owner or "", stray).append(e)
    out: list[Extraction] = []
    for f in files:
        is_mail = f.suffix.lower() == ".eml"
        out += message_to_extractions(f, settings) if is_mail else by_file.pop(str(f), [])
    return out + [e for rest in by_file.values() for e in rest] + stray


def _archive_of(member: str, files: dict[str, list[Extraction]]) -> str | None:
    return next((f for f in files if member.startswith(f + "/")), None)


def document_output(e: Extraction) -> dict[str, Any]:
    return {
        "file": e.file,
        "document_id": tracking_ref(e.sha256) if e.sha256 else None,
        "doc_type": e.doc_type,
        "status": e.status,
        "fields": {k: v.output() for k, v in e.fields.items()},
        "errors": [err.model_dump() for err in e.errors],
    }


def consignment_output(
    group: ConsignmentGroup, docs: list[Extraction], params: CheckParams
) -> dict[str, Any]:
    prepared = prepare_consignment(docs, params)  # the same call the hand-off task makes
    return {
        "id": group.id,
        "documents": list(group.files),
        "links": [link.output() for link in group.links],
        "complete": prepared.complete,
        "missing": list(prepared.missing),
        # linking's own findings (ambiguous_link) first, then the checks'
        "findings": [f.output() for f in (*group.findings, *prepared.findings)],
        "declaration": prepared.declaration,
    }


def expectation_output(
    results: list[ExpectationResult], by_sha: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "file": by_sha.get(r.sha256),
            "suite": r.suite,
            "expectation": r.expectation,
            "observed": r.observed,
        }
        for r in results
        if not r.success
    ]


def process_paths(
    paths: list[Path], settings: Settings, with_expectations: bool = False
) -> dict[str, Any]:
    """``{"documents": […], "consignments": […]}`` exactly as consignments.md describes;
    ``with_expectations`` adds ``"expectations"``: the failed Great Expectations results."""
    extractions = paths_to_extractions([Path(p) for p in paths], settings)
    results = run_suites(extractions, settings)
    by_sha = {e.sha256: e for e in extractions if e.sha256}
    failed = expectation_output(results, {s: e.file for s, e in by_sha.items()})
    log.info("%d of %d expectation results failed", len(failed), len(results))
    params = CheckParams(confidence_threshold=settings.confidence_threshold)
    out: dict[str, Any] = {
        "documents": [document_output(e) for e in extractions],
        "consignments": [
            consignment_output(g, [by_sha[s] for s in g.sha256s], params)
            for g in group_documents(extractions)
        ],
    }
    if with_expectations:
        out["expectations"] = failed
    return out
