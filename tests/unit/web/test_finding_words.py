"""Every finding code has words a trader understands (pure)."""

from __future__ import annotations

from validators.findings import CODES
from web.finding_words import WORDS, finding_view


def test_every_finding_code_has_a_headline_and_something_to_do() -> None:
    # A new finding code without words would reach traders as a raw message only.
    assert set(WORDS) == set(CODES)
    assert all(headline.endswith(".") and to_do for headline, to_do in WORDS.values())


def test_a_finding_gets_its_words_and_an_unknown_code_keeps_its_message() -> None:
    low = finding_view({"code": "low_confidence", "severity": "warning", "message": "m"})
    assert low["headline"].startswith("Some values were hard to read")
    assert low["to_do"].startswith("Nothing to do unless you are asked")
    assert low["severity_words"] == "For the assessor to check" and low["message"] == "m"
    odd = finding_view({"code": "new_check", "severity": "error", "message": "m"})
    assert (odd["headline"], odd["to_do"], odd["message"]) == (None, None, "m")
