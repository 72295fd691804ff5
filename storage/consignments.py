"""Consignments: their documents, links and findings; declarations; the assessment queue.

Linking recomputes a consignment as a whole, so save_consignment replaces its membership,
links and findings with what it is given (inside the caller's transaction). Declarations
are versioned and append-only: version 1 is the original pre-fill and is never changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from psycopg2.extras import Json

from storage.db import Connection, execute, fetch_all, fetch_one

Link = tuple[str, str, str]  # from_sha, to_sha, reference


def _get(obj: Any, key: str, default: Any = None) -> Any:
    """Read a field from a mapping or an object (findings may be models or dicts)."""
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _as_link(link: Link | Mapping[str, str]) -> Link:
    if isinstance(link, Mapping):
        return (
            link.get("from_sha") or link["from"],
            link.get("to_sha") or link["to"],
            link["reference"],
        )
    return (link[0], link[1], link[2])


LINKING_CODES = frozenset({"ambiguous_link"})


def finding_key(documents: Sequence[str], fields: Sequence[str]) -> str:
    """Identifies a finding within its code: the same code on other documents is another one."""
    payload = json.dumps([sorted(documents), sorted(fields)], separators=(",", ":"))
    return hashlib.md5(payload.encode()).hexdigest()  # noqa: S324 - an identity, not security


def save_consignment(
    conn: Connection,
    ref: str,
    shas: Iterable[str],
    links: Iterable[Link | Mapping[str, str]] = (),
    findings: Iterable[Mapping[str, Any] | Any] | None = None,
    complete: bool = False,
    missing: Sequence[str] = (),
    status: str = "linked",
) -> None:
    """Upsert the consignment and make its documents and links exactly these, and its
    validation findings exactly ``findings`` (None: leave them as they are). Linking's own
    findings are kept: they are set by save_linking_findings.

    A document already in another consignment moves here (the latest linking wins; the
    UNIQUE(sha256) keeps it in one place).
    """
    shas = sorted(set(shas))
    execute(
        conn,
        """
        INSERT INTO consignments (consignment_ref, status, complete, missing)
        VALUES (%s, %s, %s, %s)
        ON CONFLICT (consignment_ref) DO UPDATE SET
            complete = EXCLUDED.complete, missing = EXCLUDED.missing, updated_at = now(),
            -- a queued consignment stays queued when linking re-runs unchanged
            status = CASE WHEN consignments.status = 'queued' THEN consignments.status
                          ELSE EXCLUDED.status END
        """,
        (ref, status, complete, Json(list(missing))),
    )
    execute(
        conn,
        "DELETE FROM consignment_documents WHERE consignment_ref = %s AND NOT sha256 = ANY(%s)",
        (ref, shas),
    )
    for sha in shas:
        execute(
            conn,
            """
            INSERT INTO consignment_documents (consignment_ref, sha256) VALUES (%s, %s)
            ON CONFLICT (sha256) DO UPDATE SET consignment_ref = EXCLUDED.consignment_ref
            """,
            (ref, sha),
        )
    execute(conn, "DELETE FROM consignment_links WHERE consignment_ref = %s", (ref,))
    for from_sha, to_sha, reference in map(_as_link, links):
        execute(
            conn,
            "INSERT INTO consignment_links (consignment_ref, from_sha, to_sha, reference) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (ref, from_sha, to_sha, reference),
        )
    if findings is not None:
        _replace_findings(conn, ref, findings, linking=False)


def save_linking_findings(conn: Connection, ref: str, findings: Iterable[Any]) -> None:
    """Make the consignment's linking findings (ambiguous_link) exactly these; validation
    findings are left alone. Linking runs over every consignment on every sweep, validation
    only over those that changed, so each owns its own codes."""
    _replace_findings(conn, ref, findings, linking=True)


def _replace_findings(conn: Connection, ref: str, findings: Iterable[Any], linking: bool) -> None:
    keep: list[tuple[str, str]] = []
    findings = [f for f in findings if (_get(f, "code") in LINKING_CODES) == linking]
    for f in findings:
        docs = list(_get(f, "documents", []) or [])
        fields = list(_get(f, "fields", []) or [])
        code, key = _get(f, "code"), finding_key(docs, fields)
        keep.append((code, key))
        execute(
            conn,
            """
            INSERT INTO findings (consignment_ref, code, severity, documents, fields, message,
                                  finding_key)
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (consignment_ref, code, finding_key) DO UPDATE SET
                severity = EXCLUDED.severity, message = EXCLUDED.message
            """,
            (
                ref,
                code,
                _get(f, "severity", "warning"),
                Json(docs),
                Json(fields),
                _get(f, "message", ""),
                key,
            ),
        )
    # Findings no longer raised are gone: a fixed document must clear its warning.
    rows = fetch_all(
        conn, "SELECT code, finding_key FROM findings WHERE consignment_ref = %s", (ref,)
    )
    for r in rows:
        if (r["code"] in LINKING_CODES) == linking and (r["code"], r["finding_key"]) not in keep:
            execute(
                conn,
                "DELETE FROM findings "
                "WHERE consignment_ref = %s AND code = %s AND finding_key = %s",
                (ref, r["code"], r["finding_key"]),
            )


def save_declaration(
    conn: Connection,
    ref: str,
    body: Mapping[str, Any],
    *,
    created_by: str = "clearway",
    reason: str | None = None,
) -> int:
    """Store a declaration; returns the version that now holds ``body``.

    No declaration yet: ``body`` becomes version 1, the original. Same body as the latest
    version: nothing is written (task retries). A different body: a new version is added
    and version 1 stays as it was, because assessors must see what was pre-filled.
    """
    # Lock the consignment row so two concurrent writers cannot both pick version n+1.
    if (
        fetch_one(
            conn, "SELECT 1 AS x FROM consignments WHERE consignment_ref = %s FOR UPDATE", (ref,)
        )
        is None
    ):
        raise KeyError(f"no consignment {ref}")
    # A re-run of the pre-fill must not undo an assessor's amendment (a version with
    # changes, storage.declarations.add_version): the same body as the latest pre-filled
    # version leaves the amended versions on top.
    prefill = fetch_one(
        conn,
        "SELECT body = %s::jsonb AS same, (SELECT max(version) FROM declarations "
        "WHERE consignment_ref = %s) AS latest FROM declarations "
        "WHERE consignment_ref = %s AND changes = '[]'::jsonb ORDER BY version DESC LIMIT 1",
        (Json(body), ref, ref),
    )
    if prefill is not None and prefill["same"]:
        return int(prefill["latest"])
    latest = fetch_one(
        conn,
        "SELECT version, body = %s::jsonb AS same FROM declarations WHERE consignment_ref = %s "
        "ORDER BY version DESC LIMIT 1",
        (Json(body), ref),
    )
    if latest is not None and latest["same"]:
        return int(latest["version"])
    version = 1 if latest is None else int(latest["version"]) + 1
    execute(
        conn,
        """
        INSERT INTO declarations (consignment_ref, version, body, created_by, reason)
        VALUES (%s, %s, %s, %s, %s) ON CONFLICT (consignment_ref, version) DO NOTHING
        """,
        (ref, version, Json(body), created_by, reason if version > 1 else (reason or "pre-filled")),
    )
    return version


def get_declaration(
    conn: Connection, ref: str, version: int | None = None
) -> dict[str, Any] | None:
    """A declaration row (latest version by default)."""
    if version is None:
        return fetch_one(
            conn,
            "SELECT * FROM declarations WHERE consignment_ref = %s ORDER BY version DESC LIMIT 1",
            (ref,),
        )
    return fetch_one(
        conn,
        "SELECT * FROM declarations WHERE consignment_ref = %s AND version = %s",
        (ref, version),
    )


def enqueue(conn: Connection, ref: str, version: int) -> None:
    """Put the consignment on the assessment queue; a retry keeps the first queued_at."""
    execute(
        conn,
        """
        INSERT INTO assessment_queue (consignment_ref, declaration_version, status)
        VALUES (%s, %s, 'queued')
        ON CONFLICT (consignment_ref) DO UPDATE SET
            declaration_version = EXCLUDED.declaration_version, status = 'queued',
            queued_at = CASE
                WHEN assessment_queue.declaration_version = EXCLUDED.declaration_version
                THEN assessment_queue.queued_at ELSE now() END
        """,
        (ref, version),
    )
    execute(
        conn,
        "UPDATE consignments SET status = 'queued', updated_at = now() WHERE consignment_ref = %s",
        (ref,),
    )


def consignment_of(conn: Connection, sha256: str) -> str | None:
    row = fetch_one(
        conn, "SELECT consignment_ref FROM consignment_documents WHERE sha256 = %s", (sha256,)
    )
    return row["consignment_ref"] if row else None


def list_consignments(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    return fetch_all(conn, "SELECT * FROM consignments ORDER BY created_at LIMIT %s", (limit,))


def get_consignment(conn: Connection, ref: str) -> dict[str, Any] | None:
    """The consignment with its documents, links, findings, declarations and queue row."""
    row = fetch_one(
        conn, "SELECT * FROM consignments WHERE consignment_ref = %s", (ref.strip().upper(),)
    )
    if row is None:
        return None
    ref = row["consignment_ref"]
    row["documents"] = fetch_all(
        conn,
        """
        SELECT sha256, d.document_ref, d.original_name, d.doc_type, d.subtype, d.status
        FROM consignment_documents c LEFT JOIN documents d USING (sha256)
        WHERE c.consignment_ref = %s ORDER BY d.original_name, sha256
        """,
        (ref,),
    )
    row["links"] = fetch_all(
        conn,
        "SELECT from_sha, to_sha, reference FROM consignment_links WHERE consignment_ref = %s "
        "ORDER BY reference, from_sha, to_sha",
        (ref,),
    )
    row["findings"] = fetch_all(
        conn,
        "SELECT code, severity, documents, fields, message FROM findings "
        "WHERE consignment_ref = %s ORDER BY severity, code",
        (ref,),
    )
    row["declarations"] = fetch_all(
        conn,
        "SELECT version, body, created_at, created_by, reason FROM declarations "
        "WHERE consignment_ref = %s ORDER BY version",
        (ref,),
    )
    row["queue"] = fetch_one(
        conn, "SELECT * FROM assessment_queue WHERE consignment_ref = %s", (ref,)
    )
    return row
