"""Session tokens, their stored hash, CSRF comparison and session expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from web import tokens

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_tokens_are_long_random_and_url_safe() -> None:
    seen = {tokens.new_token() for _ in range(100)}
    assert len(seen) == 100
    assert all(len(t) >= 43 and t.replace("-", "").replace("_", "").isalnum() for t in seen)


def test_only_a_hash_of_the_token_is_stored() -> None:
    t = tokens.new_token()
    h = tokens.token_hash(t)
    assert h != t and len(h) == 64 and tokens.token_hash(t) == h


def test_csrf_tokens_match_only_when_equal_and_present() -> None:
    t = tokens.new_token()
    assert tokens.tokens_match(t, t)
    assert not tokens.tokens_match(t, t[:-1] + ("A" if t[-1] != "A" else "B"))
    assert not tokens.tokens_match(t, None)
    assert not tokens.tokens_match(None, None)
    assert not tokens.tokens_match("", "")


def test_session_ends_when_idle_too_long() -> None:
    alive = tokens.session_alive
    assert alive(
        T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=39), idle_s=1800, max_s=43200
    )
    assert not alive(T0, T0, T0 + timedelta(minutes=30), idle_s=1800, max_s=43200)


def test_session_ends_at_its_maximum_age_even_when_busy() -> None:
    now = T0 + timedelta(hours=12)
    assert not tokens.session_alive(T0, now - timedelta(seconds=1), now, idle_s=1800, max_s=43200)
    assert tokens.session_alive(T0, now, now - timedelta(seconds=1), idle_s=1800, max_s=43200)
