"""What a user may see. Traders see their company's documents and the consignments those
documents are in; assessors and data stewards see everything; administrators manage users
and see no customs documents. Whatever a user may not see does not exist for them (404),
so guessing references tells nothing.
"""

from __future__ import annotations

from typing import Any

from clearway import errors
from storage.db import Connection, fetch_all, fetch_one
from web.accounts import ASSESSOR, STEWARD, TRADER, User
from web.refusals import WebRefused

READERS = (TRADER, ASSESSOR, STEWARD)  # who may read documents and consignments


def not_found(what: str, ref: str) -> WebRefused:
    return WebRefused(404, errors.NOT_FOUND.info(what=what, ref=ref))


def _company(user: User) -> str | None:
    """The company a user is limited to; None: not limited (staff)."""
    return user.company if user.role == TRADER else None


def list_documents(conn: Connection, user: User, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first, with the consignment each document is in."""
    company = _company(user)
    return fetch_all(
        conn,
        """
        SELECT d.document_ref, d.original_name, d.status, d.doc_type, d.media_type,
               d.size_bytes, d.created_at, d.updated_at, d.parent_sha256, cd.consignment_ref
        FROM documents d LEFT JOIN consignment_documents cd USING (sha256)
        WHERE %(company)s::text IS NULL OR EXISTS (
            SELECT 1 FROM company_documents c WHERE c.sha256 = d.sha256 AND c.company = %(company)s)
        ORDER BY d.created_at DESC, d.document_ref LIMIT %(limit)s
        """,
        {"company": company, "limit": limit},  # type: ignore[arg-type]
    )


def document_row(conn: Connection, user: User, ref: str) -> dict[str, Any]:
    """The document this user may see under ``ref``; WebRefused(404) otherwise."""
    ref = ref.strip().upper()
    row = fetch_one(
        conn,
        """
        SELECT d.* FROM documents d
        WHERE d.document_ref = %(ref)s AND (%(company)s::text IS NULL OR EXISTS (
            SELECT 1 FROM company_documents c
            WHERE c.sha256 = d.sha256 AND c.company = %(company)s))
        """,
        {"ref": ref, "company": _company(user)},  # type: ignore[arg-type]
    )
    if row is None:
        raise not_found("document", ref)
    return row


def visible_shas(conn: Connection, user: User, shas: list[str]) -> set[str]:
    """Which of ``shas`` the user may see."""
    company = _company(user)
    if company is None:
        return set(shas)
    rows = fetch_all(
        conn,
        "SELECT sha256 FROM company_documents WHERE company = %s AND sha256 = ANY(%s)",
        (company, shas),
    )
    return {r["sha256"] for r in rows}


def list_consignments(conn: Connection, user: User, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first; for a trader, those holding at least one of their company's documents."""
    return fetch_all(
        conn,
        """
        SELECT k.consignment_ref, k.status, k.complete, k.missing, k.created_at, k.updated_at,
               (SELECT count(*) FROM consignment_documents x
                WHERE x.consignment_ref = k.consignment_ref) AS documents,
               (SELECT count(*) FROM findings f
                WHERE f.consignment_ref = k.consignment_ref) AS findings,
               (SELECT decision FROM declaration_decisions dd
                WHERE dd.consignment_ref = k.consignment_ref ORDER BY id DESC LIMIT 1)
                   AS decision
        FROM consignments k
        WHERE %(company)s::text IS NULL OR EXISTS (
            SELECT 1 FROM consignment_documents cd JOIN company_documents c USING (sha256)
            WHERE cd.consignment_ref = k.consignment_ref AND c.company = %(company)s)
        ORDER BY k.created_at DESC, k.consignment_ref LIMIT %(limit)s
        """,
        {"company": _company(user), "limit": limit},  # type: ignore[arg-type]
    )


def check_consignment(conn: Connection, user: User, ref: str) -> str:
    """The normalised reference if the user may see the consignment; WebRefused(404)."""
    ref = ref.strip().upper()
    row = fetch_one(
        conn,
        """
        SELECT 1 AS x FROM consignments k
        WHERE k.consignment_ref = %(ref)s AND (%(company)s::text IS NULL OR EXISTS (
            SELECT 1 FROM consignment_documents cd JOIN company_documents c USING (sha256)
            WHERE cd.consignment_ref = k.consignment_ref AND c.company = %(company)s))
        """,
        {"ref": ref, "company": _company(user)},  # type: ignore[arg-type]
    )
    if row is None:
        raise not_found("consignment", ref)
    return ref
