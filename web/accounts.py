"""Users: onboarding, offboarding, signing in. The I/O shell over passwords.py.

A user is a trader (with a company), an assessor (with a team, and optionally the id under
which handoff/data/assessors.yaml assigns them work), a data steward or an administrator.
Users are disabled, never deleted, so the record of who did what stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from clearway import errors
from clearway.settings import Settings
from storage.db import Connection, execute, fetch_all, fetch_one, transaction
from web import passwords
from web.refusals import WebRefused

TRADER, ASSESSOR, STEWARD, ADMIN = "trader", "assessor", "steward", "admin"
ROLES = (TRADER, ASSESSOR, STEWARD, ADMIN)
ROLE_NAMES = {
    TRADER: "trader",
    ASSESSOR: "assessor",
    STEWARD: "data steward",
    ADMIN: "administrator",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str
    company: str | None
    team: str | None
    assessor_id: str | None
    active: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})

    def public(self) -> dict[str, Any]:
        """What the API shows of a user (never the hash)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _invalid(detail: str) -> WebRefused:
    return WebRefused(400, errors.INVALID_USER.info(detail=detail))


def check_new_user(
    email: str, role: str, company: str | None, team: str | None, password: str
) -> str:
    """The normalised e-mail of a valid new user; WebRefused(CW810) saying what is wrong."""
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise _invalid(f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        raise _invalid(f"{role!r} is not a role; use one of {', '.join(ROLES)}.")
    if role == TRADER and not (company or "").strip():
        raise _invalid("A trader needs a company.")
    if role == ASSESSOR and not (team or "").strip():
        raise _invalid("An assessor needs a team.")
    problem = passwords.password_problem(password)
    if problem:
        raise _invalid(problem)
    return email


def add_user(
    settings: Settings,
    email: str,
    *,
    name: str,
    role: str,
    password: str,
    company: str | None = None,
    team: str | None = None,
    assessor_id: str | None = None,
) -> User:
    """Create a user; an existing e-mail is refused (CW810) rather than overwritten."""
    email = check_new_user(email, role, company, team, password)
    with transaction(settings) as conn:
        row = fetch_one(
            conn,
            """
            INSERT INTO users (email, name, role, company, team, assessor_id, password_hash)
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (email) DO NOTHING RETURNING *
            """,
            (
                email,
                name.strip() or email,
                role,
                (company or "").strip() or None,
                (team or "").strip() or None,
                (assessor_id or "").strip() or None,
                passwords.hash_password(password),
            ),
        )
    if row is None:
        raise _invalid(f"There is already a user {email}; disable it or choose another address.")
    return User.from_row(row)


def onboard_user(
    settings: Settings,
    email: str,
    *,
    name: str,
    role: str,
    password: str = "",
    company: str | None = None,
    team: str | None = None,
    assessor_id: str | None = None,
) -> tuple[User, str | None]:
    """``add_user`` from the admin pages and API: no password given, one is generated.
    Returns the user and the generated password (None when one was given), to show once."""
    generated = None if password else passwords.generate_password()
    user = add_user(
        settings, email, name=name, role=role, password=password or generated or "",
        company=company, team=team, assessor_id=assessor_id,
    )  # fmt: skip
    return user, generated


def disable_user(settings: Settings, email: str) -> User:
    """Disable a user and end their sessions at once (offboarding)."""
    with transaction(settings) as conn:
        row = fetch_one(
            conn,
            "UPDATE users SET active = false, disabled_at = coalesce(disabled_at, now()) "
            "WHERE email = %s RETURNING *",
            (email.strip().lower(),),
        )
        if row is None:
            raise _invalid(f"There is no user {email.strip().lower()}.")
        execute(conn, "DELETE FROM user_sessions WHERE user_id = %s", (row["id"],))
    return User.from_row(row)


def list_users(settings: Settings) -> list[User]:
    with transaction(settings) as conn:
        rows = fetch_all(conn, "SELECT * FROM users ORDER BY role, email")
    return [User.from_row(r) for r in rows]


def authenticate(conn: Connection, email: str, password: str) -> User:
    """The active user with this e-mail and password; WebRefused(CW801) otherwise, the same
    refusal whichever was wrong."""
    row = fetch_one(conn, "SELECT * FROM users WHERE email = %s", (email.strip().lower(),))
    stored = row["password_hash"] if row else passwords.DUMMY_HASH
    ok = passwords.verify_password(stored, password)
    if row is None or not ok or not row["active"]:
        raise WebRefused(401, errors.SIGN_IN_FAILED.info())
    if passwords.needs_rehash(stored):
        execute(
            conn,
            "UPDATE users SET password_hash = %s WHERE id = %s",
            (passwords.hash_password(password), row["id"]),
        )
    return User.from_row(row)
