"""Password hashing: argon2id, salted, verified in constant work, malformed hashes refused."""

from __future__ import annotations

from web import passwords


def test_hash_is_argon2id_salted_and_verifies() -> None:
    a = passwords.hash_password("correct horse battery")
    b = passwords.hash_password("correct horse battery")
    assert a.startswith("$argon2id$")
    assert a != b  # a fresh salt each time
    assert passwords.verify_password(a, "correct horse battery")
    assert not passwords.verify_password(a, "correct horse battery ")
    assert not passwords.needs_rehash(a)


def test_malformed_stored_hash_is_a_mismatch_not_a_crash() -> None:
    assert not passwords.verify_password("not-a-hash", "whatever")
    assert not passwords.verify_password("", "whatever")


def test_dummy_hash_matches_no_real_password() -> None:
    assert not passwords.verify_password(passwords.DUMMY_HASH, "")
    assert not passwords.verify_password(passwords.DUMMY_HASH, "password1234")


def test_password_rules_are_length_and_no_edge_spaces() -> None:
    assert passwords.password_problem("short") is not None
    assert passwords.password_problem(" twelve chars ok") is not None
    assert passwords.password_problem("twelve chars") is None
