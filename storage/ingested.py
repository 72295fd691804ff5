"""Bucket objects already ingested, keyed by (bucket, key, etag).

The etag is part of the key: a trader who uploads a corrected file under the same name
makes a new object that must be ingested again.
"""

from __future__ import annotations

from storage.db import Connection, execute, fetch_one


def is_ingested(conn: Connection, bucket: str, key: str, etag: str) -> bool:
    row = fetch_one(
        conn,
        "SELECT 1 AS hit FROM ingested_objects WHERE bucket = %s AND key = %s AND etag = %s",
        (bucket, key, etag),
    )
    return row is not None


def record_ingested(conn: Connection, bucket: str, key: str, etag: str, sha256: str) -> bool:
    """Returns True when this object was not recorded before."""
    n = execute(
        conn,
        """
        INSERT INTO ingested_objects (bucket, key, etag, sha256) VALUES (%s, %s, %s, %s)
        ON CONFLICT (bucket, key, etag) DO NOTHING
        """,
        (bucket, key, etag, sha256),
    )
    return n == 1
