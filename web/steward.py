"""The data steward's side: the dashboard's figures, the review queue, corrections and
re-runs.

Figures are read from PostgreSQL (documents, document_events, extracted_fields,
handoff_outbox) and returned as plain data that the HTML page and the JSON API both show.

A correction keeps what the machine read: the old value with all its provenance goes to
``field_corrections`` (who, when, why), and the document's extraction gets the entered
value with ``source: "manual"`` and confidence 1.0, on the page and box it was read from.
The document's status is then worked out again from its fields (``extracted`` when every
required value is present and confident), which the linking and hand-off tasks pick up.
A re-run puts the document back to ``received``, where ``clearway.tasks.plan_batches``
finds it, and says who asked in its history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from psycopg2.extras import Json

from clearway import errors
from clearway.models import Extraction, FieldValue
from clearway.settings import REPO_ROOT, Settings
from storage import outbox
from storage.db import Connection, execute, fetch_all, fetch_one, transaction
from storage.documents import HEADER_INDEX, get_extraction, record_status, save_extraction
from web import access, dag_runs
from web.accounts import User
from web.refusals import WebRefused
from web.views import status_words

DAYS = 14
MANUAL_EXTRACTOR = "review.manual.v1"
# Statuses in the order a document passes through them (the stacked bars' order).
STATUS_ORDER = ("stored", "received", "unpacked", "rejected", "failed", "partial",
                "extracted", "validated", "linked", "queued")  # fmt: skip
# Not read yet, or not readable at all: nothing to review.
NOT_REVIEWABLE = ("stored", "received", "unpacked", "rejected")
# Codes about reading and extraction: a correction replaces them with the fields' own.
_READING_CODES = re.compile(r"CW[23]\d\d")
DAG_FILES = REPO_ROOT / "dags"


# --- dashboard ---------------------------------------------------------------------------


def documents_per_day(conn: Connection, today: date, days: int = DAYS) -> dict[str, Any]:
    """Documents that arrived on each of the last ``days`` days (UTC), by their status now."""
    first = today - timedelta(days=days - 1)
    rows = fetch_all(
        conn,
        """
        SELECT (created_at AT TIME ZONE 'UTC')::date AS day, status, count(*) AS n
        FROM documents WHERE created_at >= %s GROUP BY 1, 2
        """,
        (datetime.combine(first, datetime.min.time(), tzinfo=UTC),),
    )
    days_list = [first + timedelta(days=i) for i in range(days)]
    found = {(r["day"], r["status"]): int(r["n"]) for r in rows}
    present = {r["status"] for r in rows}
    statuses = [s for s in STATUS_ORDER if s in present] + sorted(present - set(STATUS_ORDER))
    series = {s: [found.get((d, s), 0) for d in days_list] for s in statuses}
    return {
        "days": [d.isoformat() for d in days_list],
        "series": series,
        "total": sum(found.values()),
    }


def template_sentence(code: str) -> str:
    """A code's sentence with its blanks shown as "…" (e.g. "The file … is empty")."""
    known = errors.ALL_CODES.get(code)
    if known is None:
        return ""
    return re.sub(r"\{[^}]*\}", "…", known.template)


# Documents named per error code on the dashboard: a count alone does not let a steward
# open one and see why it stopped (rejected documents are not in the review queue).
FAILURE_REFS = 10


def failures_by_code(conn: Connection) -> list[dict[str, Any]]:
    """Documents carrying each error code now, most frequent first, with up to
    FAILURE_REFS of their references, the latest changed first."""
    rows = fetch_all(
        conn,
        """
        SELECT e ->> 'code' AS code, min(e ->> 'name') AS name, count(DISTINCT d.sha256) AS n,
               (array_agg(d.document_ref ORDER BY d.updated_at DESC))[1:%s] AS refs
        FROM documents d, jsonb_array_elements(d.errors) e
        GROUP BY 1 ORDER BY n DESC, code
        """,
        (FAILURE_REFS,),
    )
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "documents": int(r["n"]),
            "sentence": template_sentence(r["code"]),
            "refs": list(r["refs"] or []),
        }  # fmt: skip
        for r in rows
    ]


def field_rates(conn: Connection, threshold: float) -> list[dict[str, Any]]:
    """Per field (header fields and line-item fields apart): values, mean confidence, and the
    share below the review threshold; the most often reviewed first."""
    rows = fetch_all(
        conn,
        """
        SELECT name, item_index >= 0 AS line_item, count(*) AS n,
               avg(confidence) AS mean_confidence,
               count(*) FILTER (WHERE confidence < %s) AS low,
               count(*) FILTER (WHERE source = 'manual') AS manual
        FROM extracted_fields GROUP BY 1, 2
        """,
        (threshold,),
    )
    out = [
        {
            "field": ("line_items." if r["line_item"] else "") + r["name"],
            "values": int(r["n"]),
            "mean_confidence": round(float(r["mean_confidence"] or 0.0), 3),
            "below_threshold": int(r["low"]),
            "review_rate": round(int(r["low"]) / int(r["n"]), 3),
            "manual": int(r["manual"]),
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r["review_rate"], r["field"]))


def handoff_times(conn: Connection) -> dict[str, Any]:
    """Seconds from a document's first ``received`` to its first ``queued`` event."""
    row = fetch_one(
        conn,
        """
        WITH t AS (
            SELECT min(at) FILTER (WHERE status = 'received') AS r,
                   min(at) FILTER (WHERE status = 'queued') AS q
            FROM document_events GROUP BY sha256)
        SELECT count(*) AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM q - r)) AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM q - r)) AS p90
        FROM t WHERE r IS NOT NULL AND q IS NOT NULL AND q >= r
        """,
    )
    assert row is not None
    n = int(row["n"])
    return {
        "documents": n,
        "median_s": round(float(row["median"]), 1) if n else None,
        "p90_s": round(float(row["p90"]), 1) if n else None,
    }


def dag_ids(folder: Path = DAG_FILES) -> list[str]:
    """The Clearway DAG ids, read from the DAG files' text (Airflow is not imported here)."""
    found: set[str] = set()
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        found.update(re.findall(r'dag_id\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return sorted(found)


def airflow_links(base_url: str, ids: list[str]) -> list[dict[str, str | None]]:
    base = base_url.rstrip("/")
    return [{"dag_id": d, "runs_url": f"{base}/dags/{d}/runs" if base else None} for d in ids]


def duration_words(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def dashboard(settings: Settings, today: date | None = None) -> dict[str, Any]:
    today = today or datetime.now(UTC).date()
    with transaction(settings) as conn:
        per_day = documents_per_day(conn, today)
        failures = failures_by_code(conn)
        rates = field_rates(conn, settings.confidence_threshold)
        times = handoff_times(conn)
        counts = outbox.counts(conn)
        waiting = len(review_queue(conn, settings.confidence_threshold))
    return {
        "today": today.isoformat(),
        "threshold": settings.confidence_threshold,
        "documents_per_day": per_day,
        "failures": failures,
        "fields": rates,
        "handoff_time": times,
        "outbox": counts,
        "review_waiting": waiting,
        "airflow": airflow_links(settings.airflow_url, dag_ids()),
        "dag_runs": _with_took(dag_runs.latest_runs(settings, dag_ids())),
        "data_docs": data_docs_available(settings),
    }


def _with_took(runs: dict[str, Any]) -> dict[str, Any]:
    for r in runs["dags"].values():
        if r is not None:
            r["took"] = duration_words(r["seconds"]) if r["seconds"] is not None else None
    return runs


# --- Data Docs ---------------------------------------------------------------------------

DATA_DOCS_PREFIX = "data-docs/"  # validators.data_docs.DataDocsParams.prefix


def data_docs_key(path: str) -> str | None:
    """The reports-bucket key of a Data Docs page; None for a path leaving the site."""
    parts = path.split("/")
    if not path or any(p in ("", ".", "..") for p in parts) or "\\" in path:
        return None
    return DATA_DOCS_PREFIX + path


def data_docs_available(settings: Settings) -> bool:
    from storage.objects import ObjectStore

    return ObjectStore(settings).exists(settings.reports_bucket, DATA_DOCS_PREFIX + "index.html")


# --- review queue --------------------------------------------------------------------------


def _required() -> dict[str, tuple[str, ...]]:
    from validators.consignment import required_fields

    return required_fields()


def review_queue(conn: Connection, threshold: float, limit: int = 200) -> list[dict[str, Any]]:
    """Documents read in part or not at all, or with a required value below the threshold;
    oldest first, each with those values."""
    docs = fetch_all(
        conn,
        """
        SELECT d.sha256, d.document_ref, d.original_name, d.doc_type, d.status, d.created_at,
               d.errors
        FROM documents d
        WHERE d.status <> ALL(%s) AND (d.status IN ('partial', 'failed') OR EXISTS (
            SELECT 1 FROM extracted_fields f WHERE f.sha256 = d.sha256 AND f.confidence < %s))
        ORDER BY d.created_at, d.document_ref LIMIT %s
        """,
        (list(NOT_REVIEWABLE), threshold, limit * 5),
    )
    doc_types = {d["sha256"]: d["doc_type"] for d in docs}
    low = fetch_all(
        conn,
        """
        SELECT sha256, item_index, name, value, confidence FROM extracted_fields
        WHERE sha256 = ANY(%s) AND confidence < %s ORDER BY sha256, item_index, name
        """,
        ([d["sha256"] for d in docs], threshold),
    )
    required = _required()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for f in low:
        doc_type = doc_types[f["sha256"]]
        header = f["item_index"] == HEADER_INDEX
        wanted = required.get(doc_type or "", ()) if header else required["line_item"]
        if f["name"] in wanted:
            by_doc.setdefault(f["sha256"], []).append(
                {
                    "field": field_label(f["item_index"], f["name"]),
                    "value": f["value"],
                    "confidence": round(float(f["confidence"]), 3),
                }  # fmt: skip
            )
    out = []
    for d in docs:
        fields = by_doc.get(d["sha256"], [])
        if d["status"] in ("partial", "failed") or fields:
            out.append(
                {
                    "document_ref": d["document_ref"],
                    "original_name": d["original_name"],
                    "doc_type": d["doc_type"],
                    "status": d["status"],
                    "received_at": d["created_at"],
                    "errors": d["errors"] or [],
                    "low_fields": fields,
                }  # fmt: skip
            )
    return out[:limit]


def field_label(item_index: int, name: str) -> str:
    """``total_amount`` for a header field, ``line_items.2.hs_code`` for item 2 (0-based)."""
    return name if item_index == HEADER_INDEX else f"line_items.{item_index}.{name}"


def parse_label(label: str) -> tuple[int, str] | None:
    m = re.fullmatch(r"line_items\.(\d+)\.([a-z_]+)|([a-z_]+)", label.strip())
    if m is None:
        return None
    if m.group(3):
        return HEADER_INDEX, m.group(3)
    return int(m.group(1)), m.group(2)


def _field_row(label: str, fv: FieldValue | None, threshold: float) -> dict[str, Any]:
    return {
        "field": label,
        "value": fv.value if fv else None,
        "confidence": round(fv.confidence, 3) if fv else None,
        "page": fv.page if fv else None,
        # The box it was read from, so the steward checks the value against the page image
        # (/documents/REF/pages/N.png?box=...) before correcting it.
        "box": ",".join(f"{c:g}" for c in fv.bbox) if fv and fv.bbox and fv.page else None,
        "raw": fv.raw if fv else None,
        "source": fv.source if fv else None,
        "extractor": fv.extractor if fv else None,
        "low": fv is None or fv.confidence < threshold,
        "missing": fv is None,
    }


def review_view(settings: Settings, user: User, ref: str) -> dict[str, Any]:
    """A document's values for review: each field (required ones even when missing), its
    corrections so far and its status history."""
    with transaction(settings) as conn:
        doc = access.document_row(conn, user, ref)
        extraction = get_extraction(conn, doc["sha256"])
        corrections = fetch_all(
            conn,
            """
            SELECT item_index, name, old, new_value, reason, corrected_by, corrected_at
            FROM field_corrections WHERE sha256 = %s ORDER BY id
            """,
            (doc["sha256"],),
        )
        events = fetch_all(
            conn,
            "SELECT status, detail, at FROM document_events WHERE sha256 = %s ORDER BY id",
            (doc["sha256"],),
        )
        # The Great Expectations results of this document's last validation, failures
        # first: the dashboard's Data Docs show batches, a steward here wants this one.
        quality = fetch_all(
            conn,
            "SELECT suite, expectation, success, observed, run_at FROM dq_results "
            "WHERE sha256 = %s ORDER BY success, suite, expectation",
            (doc["sha256"],),
        )
    threshold = settings.confidence_threshold
    fields: list[dict[str, Any]] = []
    items: list[list[dict[str, Any]]] = []
    if extraction is not None:
        required = _required().get(extraction.doc_type, ())
        names = list(extraction.fields) + [n for n in required if n not in extraction.fields]
        fields = [_field_row(n, extraction.fields.get(n), threshold) for n in names]
        items = [
            [_field_row(field_label(i, n), fv, threshold) for n, fv in item.items()]
            for i, item in enumerate(extraction.line_items)
        ]
        # What needs review first: the steward came for those values (stable otherwise).
        fields.sort(key=lambda r: not r["low"])
        items = [sorted(item, key=lambda r: not r["low"]) for item in items]
    return {
        "document_ref": doc["document_ref"],
        "original_name": doc["original_name"],
        "doc_type": doc["doc_type"],
        "status": doc["status"],
        "status_words": status_words(doc["status"]),
        "received_at": doc["created_at"],
        "errors": doc["errors"] or [],
        "threshold": threshold,
        # An extraction with nothing in it (a refused file) has no values to correct.
        "extracted": extraction is not None and bool(fields or items),
        "fields": fields,
        "line_items": items,
        "corrections": [
            {
                **{k: c[k] for k in ("new_value", "reason", "corrected_by", "corrected_at", "old")},
                "field": field_label(c["item_index"], c["name"]),
            }  # fmt: skip
            for c in corrections
        ],
        "events": events,
        "quality": {
            "checked": len(quality),
            "failed": [q for q in quality if not q["success"]],
            "run_at": max((q["run_at"] for q in quality), default=None),
        },
    }


# --- corrections and re-runs ---------------------------------------------------------------


@dataclass(frozen=True)
class Corrected:
    document_ref: str
    field: str
    old: dict[str, Any] | None
    new: dict[str, Any]
    status: str


def _allowed(extraction: Extraction, item_index: int) -> list[str]:
    from extractors.fields import FIELDS, LINE_ITEM_FIELDS

    if item_index == HEADER_INDEX:
        known = FIELDS.get(extraction.doc_type, ())
        return list(dict.fromkeys([*extraction.fields, *_required().get(extraction.doc_type, ()),
                                   *known]))  # fmt: skip
    return list(dict.fromkeys([*extraction.line_items[item_index], *LINE_ITEM_FIELDS]))


def _typed(name: str, text: str) -> Any:
    from extractors.fields import LIST_FIELDS

    if name in LIST_FIELDS:
        return [p.strip() for p in re.split(r"[,\n]", text) if p.strip()]
    return text


def _references(extraction: Extraction, fields: dict[str, FieldValue], name: str) -> Any:
    """The references again where the corrected field is one linking uses."""
    from extractors.references import FIELD_KINDS, fields_to_references

    if name not in FIELD_KINDS:
        return extraction.references
    kept = tuple(r for r in extraction.references if r.field != name)
    fresh = fields_to_references({name: fields[name]})
    seen = {(r.kind, r.value) for r in kept}
    return kept + tuple(r for r in fresh if (r.kind, r.value) not in seen)


def correct(
    settings: Settings, user: User, ref: str, field: str, value: str, reason: str = ""
) -> Corrected:
    """Store a steward's value for one field and let the document proceed (see above)."""
    from extractors.status import fields_to_status

    text = value.strip()
    with transaction(settings) as conn:
        doc = access.document_row(conn, user, ref)
        sha = doc["sha256"]
        fetch_one(conn, "SELECT 1 AS x FROM documents WHERE sha256 = %s FOR UPDATE", (sha,))
        extraction = get_extraction(conn, sha)
        if extraction is None or doc["status"] in NOT_REVIEWABLE:
            raise WebRefused(
                409,
                errors.NOTHING_EXTRACTED.info(ref=doc["document_ref"], status=doc["status"]),
            )
        parsed = parse_label(field)
        item_index, name = parsed if parsed else (HEADER_INDEX, field.strip())
        if item_index != HEADER_INDEX and item_index >= len(extraction.line_items):
            parsed = None
        allowed = _allowed(extraction, item_index) if parsed else []
        if not parsed or name not in allowed:
            every = _allowed(extraction, HEADER_INDEX)
            raise WebRefused(
                422,
                errors.UNKNOWN_REVIEW_FIELD.info(
                    field=field or "(no field)", doc_type=extraction.doc_type,
                    ref=doc["document_ref"],
                    allowed=", ".join(every) + ", or line_items.N.KEY for item N",
                ),
            )  # fmt: skip
        if not text:
            raise WebRefused(422, errors.EMPTY_CORRECTION.info(field=field))
        fields = dict(extraction.fields)
        items = [dict(i) for i in extraction.line_items]
        target = fields if item_index == HEADER_INDEX else items[item_index]
        old = target.get(name)
        new = FieldValue(
            value=_typed(name, text), confidence=1.0, page=old.page if old else None,
            bbox=old.bbox if old else None, source="manual", raw=text,
            extractor=MANUAL_EXTRACTOR,
        )  # fmt: skip
        target[name] = new
        execute(
            conn,
            """
            INSERT INTO field_corrections (sha256, item_index, name, old, new_value, reason,
                                           corrected_by)
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            """,
            (sha, item_index, name, Json(old.model_dump(mode="json")) if old else None,
             Json(new.value), reason.strip() or None, user.email),
        )  # fmt: skip
        status, problems = fields_to_status(
            doc["document_ref"], extraction.doc_type, fields, settings.confidence_threshold
        )
        kept = tuple(e for e in extraction.errors if not _READING_CODES.fullmatch(e.code))
        updated = extraction.model_copy(
            update={
                "fields": fields,
                "line_items": tuple(items),
                "status": status,
                "errors": kept + problems,
                "references": _references(extraction, fields, name)
                if item_index == HEADER_INDEX
                else extraction.references,
            }
        )
        label = field_label(item_index, name)
        save_extraction(
            conn,
            updated,
            {"corrected": label, "by": user.email, "codes": [e.code for e in updated.errors]},
        )
    return Corrected(
        doc["document_ref"], label, old.output() if old else None, new.output(), status
    )


def rerun(settings: Settings, user: User, ref: str) -> dict[str, Any]:
    """Put the document back to ``received`` so that the next processing run reads it again
    (corrections stay in field_corrections; a new extraction replaces the values)."""
    with transaction(settings) as conn:
        doc = access.document_row(conn, user, ref)
        if doc["status"] == "unpacked":
            raise WebRefused(409, errors.ARCHIVE_RERUN.info(ref=doc["document_ref"]))
        record_status(
            conn, doc["sha256"], "received",
            {"rerun_requested_by": user.email, "previous_status": doc["status"]},
        )  # fmt: skip
    return {"document_ref": doc["document_ref"], "status": "received",
            "previous_status": doc["status"]}  # fmt: skip
