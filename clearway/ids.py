"""Deterministic, human-friendly identifiers derived from content hashes.

Derived, not random, so that the same bytes always get the same tracking reference:
re-delivery and task retries cannot mint a second one.
"""

from __future__ import annotations

import hashlib

# Crockford base32: no I, L, O, U, so a reference read over the phone is unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _base32(hex_digest: str, length: int) -> str:
    n = int(hex_digest[: (length * 5 + 3) // 4 + 1], 16)
    out = []
    for _ in range(length):
        out.append(_ALPHABET[n & 31])
        n >>= 5
    return "".join(reversed(out))


def tracking_ref(sha256: str) -> str:
    """The trader-facing reference of a document, e.g. ``CWD-4XK2-9QZM-7H``."""
    s = _base32(sha256, 10)
    return f"CWD-{s[:4]}-{s[4:8]}-{s[8:]}"


def consignment_ref(seed: str) -> str:
    """The reference of a consignment, derived from the hash of its founding document."""
    s = _base32(hashlib.sha256(("consignment:" + seed).encode()).hexdigest(), 10)
    return f"CWC-{s[:4]}-{s[4:8]}-{s[8:]}"
