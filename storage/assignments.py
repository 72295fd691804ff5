"""Assessment assignments: who assesses a queued consignment, one row per consignment.

An assignment is made once: a retried hand-off or a new declaration version keeps the
assessor (save_assignment never overwrites). Open assignments are an assessor's workload;
closing one (a decision was taken) frees capacity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg2.extras import Json

from storage.db import Connection, execute, fetch_all, fetch_one

# Any constant; the same in every process that assigns.
_ASSIGN_LOCK = 0x436C_6561_7341


def lock(conn: Connection) -> None:
    """Serialise assignment until the transaction ends, so that two hand-offs running at once
    cannot both read the same workload and pick the same assessor."""
    execute(conn, "SELECT pg_advisory_xact_lock(%s)", (_ASSIGN_LOCK,))


def open_workload(conn: Connection) -> dict[str, int]:
    """Open assignments per assessor (or pool) id."""
    rows = fetch_all(
        conn,
        "SELECT assessor_id, count(*) AS n FROM assessment_assignments "
        "WHERE status = 'open' GROUP BY assessor_id",
    )
    return {r["assessor_id"]: int(r["n"]) for r in rows}


def get_assignment(conn: Connection, ref: str) -> dict[str, Any] | None:
    return fetch_one(
        conn, "SELECT * FROM assessment_assignments WHERE consignment_ref = %s", (ref,)
    )


def save_assignment(
    conn: Connection,
    ref: str,
    *,
    declaration_version: int,
    assessor_id: str,
    team: str,
    pool: bool,
    reason: str,
    chapters: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> dict[str, Any]:
    """Record the assignment unless the consignment has one; returns the row that holds."""
    execute(
        conn,
        """
        INSERT INTO assessment_assignments (consignment_ref, assessor_id, team, pool, reason,
                                            chapters, languages, declaration_version)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (consignment_ref) DO NOTHING
        """,
        (
            ref,
            assessor_id,
            team,
            pool,
            reason,
            Json(sorted(chapters)),
            Json(sorted(languages)),
            declaration_version,
        ),
    )
    row = get_assignment(conn, ref)
    assert row is not None
    return row


def close_assignment(conn: Connection, ref: str) -> bool:
    """Close the consignment's open assignment (assessed); False if there was none open."""
    return (
        execute(
            conn,
            "UPDATE assessment_assignments SET status = 'closed', closed_at = now() "
            "WHERE consignment_ref = %s AND status = 'open'",
            (ref,),
        )
        > 0
    )


def list_assignments(
    conn: Connection, status: str | None = "open", limit: int = 1000
) -> list[dict[str, Any]]:
    if status is None:
        return fetch_all(
            conn, "SELECT * FROM assessment_assignments ORDER BY assigned_at LIMIT %s", (limit,)
        )
    return fetch_all(
        conn,
        "SELECT * FROM assessment_assignments WHERE status = %s ORDER BY assigned_at LIMIT %s",
        (status, limit),
    )
