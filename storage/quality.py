"""Data-quality (Great Expectations) results per document, in the project's own shape."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from psycopg2.extras import Json

from storage.db import Connection, execute, fetch_all

# GX observed values may hold numpy scalars or dates: store their text rather than fail.
_dumps = partial(json.dumps, default=str)


def save_dq_results(
    conn: Connection, sha256: str, results: Iterable[Mapping[str, Any] | Any]
) -> int:
    """Upsert results; each has suite, expectation, success and optional observed, details
    (a mapping or an object with those attributes). Returns how many were written."""
    n = 0
    for r in results:
        get = (
            (lambda k, d=None, r=r: r.get(k, d))
            if isinstance(r, Mapping)
            else (lambda k, d=None, r=r: getattr(r, k, d))
        )
        execute(
            conn,
            """
            INSERT INTO dq_results (sha256, suite, expectation, success, observed, details)
            VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (sha256, suite, expectation) DO UPDATE SET
                success = EXCLUDED.success, observed = EXCLUDED.observed,
                details = EXCLUDED.details, run_at = now()
            """,
            (
                sha256,
                get("suite"),
                get("expectation"),
                bool(get("success")),
                Json(get("observed"), dumps=_dumps),
                Json(get("details"), dumps=_dumps),
            ),
        )
        n += 1
    return n


def list_dq_results(conn: Connection, sha256: str) -> list[dict[str, Any]]:
    return fetch_all(
        conn, "SELECT * FROM dq_results WHERE sha256 = %s ORDER BY suite, expectation", (sha256,)
    )
