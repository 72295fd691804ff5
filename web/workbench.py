"""The assessor's workbench: their inbox, a declaration value by value with where each
value came from, and the decisions and amendments of declarations.assessor.

An assessor's inbox is the open assignments (storage.assignments) made to their roster id
(users.assessor_id) or to the fallback pool of their team, riskiest first, then oldest.
They may act on what is in their inbox; any assessor may read any declaration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from clearway import errors
from clearway.errors import AssessmentRefused
from clearway.settings import Settings
from declarations import amend as amend_rules
from declarations import assessor
from declarations.field_labels import field_label
from storage.db import Connection, fetch_all, fetch_one, transaction
from web import access, page_images
from web.accounts import User
from web.refusals import WebRefused
from web.views import DECISION_WORDS

_ITEM = re.compile(r"^items\.\d+\.")

# Refusals of declarations.assessor and the HTTP status they are answered with.
_STATUS = {"CW701": 404, "CW702": 404, "CW703": 404}


def refused(exc: AssessmentRefused) -> WebRefused:
    return WebRefused(_STATUS.get(exc.info.code, 422), exc.info)


def inbox(conn: Connection, user: User) -> list[dict[str, Any]]:
    """Open assignments for this assessor, the highest risk score first, then the oldest."""
    return fetch_all(
        conn,
        """
        SELECT a.consignment_ref, a.assessor_id, a.pool, a.team, a.reason, a.assigned_at,
               d.version AS declaration_version,
               coalesce((d.body -> 'risk' ->> 'score')::numeric, 0) AS risk_score,
               d.body -> 'risk' ->> 'level' AS risk_level,
               (SELECT count(*) FROM findings f
                WHERE f.consignment_ref = a.consignment_ref) AS findings,
               (SELECT decision FROM declaration_decisions dd
                WHERE dd.consignment_ref = a.consignment_ref ORDER BY id DESC LIMIT 1)
                   AS decision
        FROM assessment_assignments a
        LEFT JOIN LATERAL (
            SELECT version, body FROM declarations x
            WHERE x.consignment_ref = a.consignment_ref ORDER BY version DESC LIMIT 1
        ) d ON true
        WHERE a.status = 'open'
          AND (a.assessor_id = %(aid)s OR (a.pool AND a.team = %(team)s))
        ORDER BY risk_score DESC, a.assigned_at, a.consignment_ref
        """,
        {"aid": user.assessor_id or "", "team": user.team or ""},  # type: ignore[arg-type]
    )


def may_act(conn: Connection, user: User, ref: str) -> bool:
    row = fetch_one(
        conn,
        "SELECT 1 AS x FROM assessment_assignments WHERE consignment_ref = %s "
        "AND status = 'open' AND (assessor_id = %s OR (pool AND team = %s))",
        (ref, user.assessor_id or "", user.team or ""),
    )
    return row is not None


def finding_keys(field: str) -> set[str]:
    """The names a finding may use for a declaration field: ``items.0.hs_code`` is
    ``items.0.hs_code``, ``hs_code`` and ``line_items[0].hs_code``."""
    parts = field.split(".")
    keys = {field, parts[-1] if not parts[-1].isdigit() else parts[0]}
    if len(parts) == 3 and parts[0] == "items":
        keys.add(f"line_items[{parts[1]}].{parts[2]}")
    return keys


def value_rows(
    body: dict[str, Any],
    documents: Sequence[dict[str, Any]],
    threshold: float,
    findings: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Every value of a declaration as one row: field, data element, value, the document,
    page, box and confidence it came from, the codes of findings about it, and whether it
    needs a second look. ``scale`` turns the box's units (PDF points, image pixels) into
    pixels of the rendered page (web.page_images). Pure."""
    # A value's source names its document by tracking reference (the DAGs read each stored
    # document under its CWD-...) or by file name (`clearway process` reads files by name);
    # either way it must lead to the page, so both are looked up.
    by_name: dict[str, list[dict[str, Any]]] = {}
    for d in documents:
        by_name.setdefault(d["original_name"] or "", []).append(d)
    for d in documents:
        by_name[d["document_ref"]] = [d]
    rows: list[dict[str, Any]] = []

    def add(field: str, obj: Any) -> None:
        if not isinstance(obj, dict) or "value" not in obj:
            return
        source = obj.get("source") or {}
        docs = by_name.get(source.get("file") or "", [])
        doc = docs[0] if len(docs) == 1 else None
        confidence = obj.get("confidence")
        bbox = source.get("bbox")
        keys = finding_keys(field)
        rows.append(
            {
                "field": field,
                "label": field_label(field),
                "de": obj.get("de"),
                "value": obj.get("value"),
                "file": (doc["original_name"] or doc["document_ref"])
                if doc
                else source.get("file"),
                "document_ref": doc["document_ref"] if doc else None,
                "page": source.get("page"),
                "bbox": list(bbox) if isinstance(bbox, list | tuple) and len(bbox) == 4 else None,
                "scale": page_images.box_scale(doc.get("media_type")) if doc else None,
                "confidence": confidence,
                "derived": bool(obj.get("derived")),
                "check": confidence is not None and confidence < threshold,
                "findings": sorted(
                    {f["code"] for f in findings if keys & set(f.get("fields") or [])}
                ),
            }
        )

    for key, obj in body.items():
        if key in ("items", "duties", "risk"):
            continue
        if isinstance(obj, list):
            for i, entry in enumerate(obj):
                if isinstance(entry, dict) and "value" not in entry:
                    for sub, sub_obj in entry.items():
                        add(f"{key}.{i}.{sub}", sub_obj)
                else:
                    add(f"{key}.{i}", entry)
        else:
            add(key, obj)
    for i, item in enumerate(body.get("items") or []):
        for key, obj in item.items():
            add(f"items.{i}.{key}", obj)
    return rows


def amendable_rows(rows: Sequence[dict[str, Any]], role: str = "assessor") -> list[dict[str, Any]]:
    """The values the workbench's amendments (made as ``role``) may change, for the form's
    list: an assessor picks a field in words instead of guessing its path."""
    allowed = set(amend_rules.allowed_fields(role))
    return [r for r in rows if _ITEM.sub("items.*.", r["field"]) in allowed]


def declaration_view(settings: Settings, user: User, ref: str) -> dict[str, Any]:
    try:
        shown = assessor.show_declaration(settings, ref)
    except AssessmentRefused as exc:
        raise refused(exc) from None
    ref = shown["consignment_ref"]
    body = shown["declaration"]
    with transaction(settings) as conn:
        documents = fetch_all(
            conn,
            "SELECT d.document_ref, d.original_name, d.doc_type, d.status, d.media_type "
            "FROM consignment_documents c JOIN documents d USING (sha256) "
            "WHERE c.consignment_ref = %s ORDER BY d.original_name",
            (ref,),
        )
        findings = fetch_all(
            conn,
            "SELECT code, severity, message, fields FROM findings WHERE consignment_ref = %s "
            "ORDER BY severity, code",
            (ref,),
        )
        actionable = may_act(conn, user, ref)
    try:
        history = assessor.declaration_history(settings, ref)
    except AssessmentRefused as exc:
        raise refused(exc) from None
    decision = shown["decision"]
    duties = body.get("duties") or {}
    rows = value_rows(body, documents, settings.confidence_threshold, findings)
    return {
        "consignment_ref": ref,
        "version": shown["version"],
        "created_by": shown["created_by"],
        "reason": shown["reason"],
        "risk": body.get("risk"),
        "payable_eur": (duties.get("totals") or {}).get("payable_eur"),
        "duties": duties,
        "values": rows,
        "documents": documents,
        "findings": findings,
        "decision": decision
        and {**decision, "decision_words": DECISION_WORDS.get(decision["decision"], "")},
        "may_act": actionable,
        "amendable": amendable_rows(rows),
        "versions": history["versions"],
        "decisions": history["decisions"],
    }


def _check_may_act(settings: Settings, user: User, ref: str) -> str:
    ref = ref.strip().upper()
    with transaction(settings) as conn:
        if not may_act(conn, user, ref):
            if (
                fetch_one(
                    conn, "SELECT 1 AS x FROM consignments WHERE consignment_ref = %s", (ref,)
                )
                is None
            ):
                raise access.not_found("consignment", ref)
            row = fetch_one(
                conn,
                "SELECT assessor_id FROM assessment_assignments WHERE consignment_ref = %s",
                (ref,),
            )
            who = row["assessor_id"] if row else "nobody yet"
            raise WebRefused(403, errors.NOT_ASSIGNED.info(ref=ref, assessor=who))
    return ref


def record_decision(
    settings: Settings,
    user: User,
    ref: str,
    decision: str,
    note: str | None,
    requested: Sequence[str],
) -> assessor.Decided:
    ref = _check_may_act(settings, user, ref)
    try:
        return assessor.decide(
            settings, ref, decision, by=_who(user), note=note or None, requested=requested
        )
    except AssessmentRefused as exc:
        raise refused(exc) from None


def amend(
    settings: Settings, user: User, ref: str, field: str, value: str, reason: str
) -> assessor.Amended:
    ref = _check_may_act(settings, user, ref)
    try:
        return assessor.amend_declaration(
            settings, ref, field, value, by=_who(user), role="assessor", reason=reason
        )
    except AssessmentRefused as exc:
        raise refused(exc) from None


def _who(user: User) -> str:
    """The name decisions and versions are recorded under: the roster id when there is one,
    so that the record matches the assignments."""
    return user.assessor_id or user.email
