"""The task functions Airflow's DAGs call: one function per task, each a transaction.

Each builds Settings from the environment when it runs, does its work through the library
layers and returns only small references (hashes, ids, counts) for XCom. Every write is an
upsert keyed by content hash, so a retried task produces no duplicate. Bad documents fail
softly (a status and a coded error); a missing service raises so that Airflow retries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from clearway.models import Extraction
from clearway.settings import Settings, load_settings

log = logging.getLogger(__name__)

# Statuses of documents whose extraction can be validated, linked and declared.
EXTRACTED = ("extracted", "partial")
LINKABLE_STATUSES = ("validated", "linked", "queued", *EXTRACTED)


def _settings() -> Settings:
    from storage.db import migrate

    settings = load_settings()
    migrate(settings)  # idempotent and cheap: a fresh deployment needs no separate step
    return settings


# --- ingestion ---------------------------------------------------------------------------


def poll_mailbox() -> list[str]:
    from intake.email import poll_mailbox as poll

    return poll(_settings())


def poll_bucket() -> list[str]:
    from intake.bucket import poll_bucket as poll

    return poll(_settings())


# --- processing --------------------------------------------------------------------------


def chunk(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def plan_batches(limit: int = 500) -> list[list[str]]:
    """Hashes of documents waiting in status 'received', in batches of settings.batch_size."""
    from storage.db import transaction
    from storage.documents import list_documents_with_status

    settings = _settings()
    with transaction(settings) as conn:
        rows = list_documents_with_status(conn, ["received"], limit=limit)
    return chunk([r["sha256"] for r in rows], settings.batch_size)


def extract_batch(shas: list[str]) -> list[str]:
    """Read, classify and extract each document; store every result. Returns the hashes
    whose extraction yielded fields (status extracted or partial)."""
    from extractors.document import extract_bytes
    from storage.db import transaction
    from storage.documents import get_document, save_extraction
    from storage.objects import ObjectStore

    settings = _settings()
    store = ObjectStore(settings)
    done: list[str] = []
    for sha in shas:
        with transaction(settings) as conn:
            row = get_document(conn, sha)
        if row is None:
            log.warning("document %s vanished before extraction", sha)
            continue
        data = store.get_raw(sha)
        extraction = extract_bytes(data, row["original_name"] or sha, settings)
        with transaction(settings) as conn:
            save_extraction(conn, extraction)
        log.info(
            "%s %s: %s %s",
            row["document_ref"],
            row["original_name"],
            extraction.doc_type,
            extraction.status,
        )
        if extraction.status in EXTRACTED:
            done.append(sha)
    return done


def _load_extractions(conn: object, shas: Iterable[str]) -> list[Extraction]:
    """Stored extractions, each renamed to its document reference: findings, links and
    declaration sources then name documents unambiguously (two traders may both send
    'invoice.pdf')."""
    from storage.documents import get_document, get_extraction

    out = []
    for sha in shas:
        extraction = get_extraction(conn, sha)  # type: ignore[arg-type]
        row = get_document(conn, sha)  # type: ignore[arg-type]
        if extraction is not None and row is not None:
            out.append(extraction.model_copy(update={"file": row["document_ref"]}))
    return out


def validate_batch(shas: list[str]) -> dict[str, int]:
    """Run the Great Expectations suite of each document type over the batch; store results
    and publish the Data Docs (HTML) to the reports bucket for data stewards."""
    from storage.db import transaction
    from storage.documents import record_status
    from storage.objects import ObjectStore
    from storage.quality import save_dq_results
    from validators.data_docs import publish_data_docs, run_name_of
    from validators.expectations import SuiteRun, run_suites

    settings = _settings()
    with transaction(settings) as conn:
        extractions = _load_extractions(conn, shas)
    runs: list[SuiteRun] = []
    results = run_suites(extractions, settings, runs)
    if runs:
        index = publish_data_docs(ObjectStore(settings), run_name_of(shas), runs)
        log.info("Data Docs: s3://%s/%s", settings.reports_bucket, index)
    by_doc: dict[str, list] = {e.sha256: [] for e in extractions}
    for r in results:
        by_doc[r.sha256].append(r)
    with transaction(settings) as conn:
        for sha, mine in by_doc.items():
            save_dq_results(conn, sha, mine)
            failed = sum(not r.success for r in mine)
            record_status(conn, sha, "validated", {"expectations": len(mine), "failed": failed})
    return {
        "documents": len(extractions),
        "expectations": len(results),
        "failed": sum(not r.success for r in results),
    }


# --- linking and hand-off ----------------------------------------------------------------


def link_documents() -> list[str]:
    """Group every extracted document into consignments by shared references. A late
    document joins the consignment its references point to. Returns the consignments that
    still need hand-off (new, changed, or not yet queued)."""
    from linking.group import group_documents
    from storage.consignments import consignment_of, save_consignment, save_linking_findings
    from storage.db import transaction
    from storage.documents import list_documents_with_status, record_status

    settings = _settings()
    touched: list[str] = []
    with transaction(settings) as conn:
        rows = list_documents_with_status(conn, list(LINKABLE_STATUSES), limit=100_000)
        extractions = _load_extractions(conn, [r["sha256"] for r in rows])
        status_of = {r["sha256"]: r["status"] for r in rows}
        for group in group_documents(extractions):
            existing = sorted({c for s in group.sha256s if (c := consignment_of(conn, s))})
            # Keep the reference a trader may already have been told; merge into the oldest.
            ref = existing[0] if existing else group.id
            by_file = dict(zip(group.files, group.sha256s, strict=True))
            links = [
                {"from": by_file[lk.from_], "to": by_file[lk.to], "reference": lk.reference}
                for lk in group.links
                if lk.from_ in by_file and lk.to in by_file
            ]
            save_consignment(conn, ref, group.sha256s, links)
            save_linking_findings(conn, ref, group.findings)  # files are CWD-… references
            changed = any(status_of[s] != "queued" for s in group.sha256s) or len(existing) != 1
            ambiguous = {d for f in group.findings for d in f.documents}
            for sha in group.sha256s:
                if status_of[sha] != "queued":
                    detail: dict[str, object] = {"consignment": ref}
                    if _file_of(extractions, sha) in ambiguous:
                        detail["ambiguous_link"] = [f.message for f in group.findings]
                    record_status(conn, sha, "linked", detail)
            if changed:
                touched.append(ref)
    return sorted(set(touched))


def _file_of(extractions: list[Extraction], sha: str) -> str | None:
    return next((e.file for e in extractions if e.sha256 == sha), None)


def hand_off(consignment_refs: list[str]) -> dict[str, int]:
    """Findings, the pre-filled declaration and completeness per consignment; complete ones
    go on the assessment queue, each assigned to an assessor and with its delivery to the
    assessment system in the outbox (same transaction); incomplete ones wait with what is
    missing."""
    from declarations.prepare import prepare_consignment
    from handoff.assign import load_roster
    from handoff.queue import queue_for_assessment
    from storage.consignments import enqueue, get_consignment, save_consignment, save_declaration
    from storage.db import transaction
    from storage.declarations import trader_history
    from storage.documents import record_status
    from validators.consignment import CheckParams

    settings = _settings()
    params = CheckParams(confidence_threshold=settings.confidence_threshold)
    roster = load_roster(settings.assessors_file or None)
    queued = waiting = 0
    for ref in consignment_refs:
        with transaction(settings) as conn:
            row = get_consignment(conn, ref)
            if row is None:
                continue
            shas = [d["sha256"] for d in row["documents"]]
            docs = _load_extractions(conn, shas)
            prepared = prepare_consignment(
                docs, params, history_of=lambda d, c=conn, r=ref: trader_history(c, r, d)
            )
            save_consignment(
                conn,
                ref,
                shas,
                row["links"],
                prepared.findings,  # they name documents by reference (CWD-…), as stewards do
                complete=prepared.complete,
                missing=prepared.missing,
                status="complete" if prepared.complete else "waiting",
            )
            version = save_declaration(conn, ref, prepared.declaration)
            if prepared.complete:
                enqueue(conn, ref, version)
                queue_for_assessment(conn, ref, version, docs, roster)
                for sha in shas:
                    record_status(
                        conn, sha, "queued", {"consignment": ref, "declaration_version": version}
                    )
                queued += 1
            else:
                waiting += 1
    return {"queued": queued, "waiting": waiting}


def dispatch_outbox() -> dict[str, object]:
    """Deliver the declarations due in the hand-off outbox to the assessment system (a no-op
    that says so when CLEARWAY_ASSESSMENT_URL is unset)."""
    from handoff.outbox import dispatch

    return dispatch(_settings()).as_dict()


# --- notifications -----------------------------------------------------------------------


def send_permit_reminders(within_days: int | None = None) -> dict[str, int]:
    """E-mail each permit's sender once when it expires within the next within_days days
    (settings.permit_reminder_days by default). Returns counts by outcome."""
    from collections import Counter

    from notices.send import send_permit_reminders as send

    settings = _settings()
    days = settings.permit_reminder_days if within_days is None else within_days
    return dict(Counter(o.status for o in send(settings, within_days=days)))


def send_steward_summary(day: str | None = None) -> str:
    """E-mail the stewards the figures of ``day`` (ISO date; yesterday UTC by default), once.
    Returns the outcome (sent, refused, or already_sent on a rerun)."""
    from datetime import date

    from notices.send import send_steward_summary as send

    return send(_settings(), date.fromisoformat(day) if day else None).status
