"""Password hashing: argon2id (argon2-cffi, already installed with minio).

The hash string carries its own parameters and salt, so raising the cost later only needs
``needs_rehash`` at the next sign-in; stored hashes keep working.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed stored hash is a mismatch, not a crash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None. Length is what matters (NIST 800-63B)."""
    if len(password) < MIN_LENGTH:
        return f"A password needs at least {MIN_LENGTH} characters."
    if password.strip() != password:
        return "A password cannot start or end with a space."
    return None


def generate_password() -> str:
    """A random initial password (20 URL-safe characters, 120 bits), shown once to the
    administrator who creates the account."""
    return secrets.token_urlsafe(15)


# A real hash to verify against when the e-mail is unknown, so that a failed sign-in takes
# as long whether or not the account exists (no account enumeration by timing).
DUMMY_HASH = _hasher.hash("clearway-no-such-user")
