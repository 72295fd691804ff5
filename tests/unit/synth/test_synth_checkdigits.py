"""Check digits of the identifiers the generator prints."""

from __future__ import annotations

import pytest

from synth.checkdigits import (
    awb_check_digit,
    awb_is_valid,
    awb_number,
    container_check_digit,
    container_is_valid,
    container_number,
    iban,
)


@pytest.mark.parametrize("number", ["CSQU3054383", "csqu3054383"])
def test_known_good_containers(number: str) -> None:
    assert container_is_valid(number)


def test_known_bad_container() -> None:
    assert not container_is_valid("CSQU3054384")


def test_container_number_appends_the_iso6346_digit() -> None:
    assert container_number("CSQ", "305438") == "CSQU3054383"
    # A remainder of 10 is written as 0.
    assert all(0 <= container_check_digit(f"ABCU{n:06d}") <= 9 for n in range(200))


def test_awb_mod7() -> None:
    assert awb_check_digit("1234567") == 1234567 % 7
    assert awb_number("176", "1234567") == "17612345675"
    assert awb_is_valid("17612345675")
    assert not awb_is_valid("17612345676")


def test_iban_matches_the_published_example() -> None:
    assert iban("GB", "NWBK60161331926819") == "GB29NWBK60161331926819"
