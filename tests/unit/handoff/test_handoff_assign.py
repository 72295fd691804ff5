"""Assessor selection: skills first (chapters, languages), then least open work, then a
deterministic tie-break; nobody qualified or everybody full goes to the fallback pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from shipment_builders import ex, fv

from handoff.assign import (
    Need,
    Roster,
    choose_assessor,
    declaration_chapters,
    document_languages,
    hs_chapter,
    load_roster,
    need_of,
    parse_chapters,
)


def roster(*assessors: dict) -> Roster:
    return Roster.model_validate(
        {
            "version": 1,
            "fallback": {"id": "pool", "name": "Pool", "email": "p@x", "team": "general"},
            "assessors": [
                {"name": a["id"], "email": f"{a['id']}@x", "team": "t", "capacity": 5, **a}
                for a in assessors
            ],
        }
    )


TEAM = roster(
    {"id": "a-tex", "chapters": ["50-63"], "languages": ["en", "de"]},
    {"id": "b-tex", "chapters": ["61", "62"], "languages": ["en", "fr"]},
    {"id": "c-mach", "chapters": ["84-85"], "languages": ["en"], "capacity": 2},
    {"id": "d-chem", "chapters": ["25-40"], "languages": ["*"]},
)


def need(chapters: str = "", languages: str = "") -> Need:
    return Need(chapters=frozenset(chapters.split()), languages=frozenset(languages.split()))


def test_least_open_workload_among_the_qualified_wins() -> None:
    choice = choose_assessor(TEAM, need("61"), {"a-tex": 3, "b-tex": 1})
    assert (choice.assessor_id, choice.pool) == ("b-tex", False)
    assert "61" in choice.reason and "1 of 5 open" in choice.reason
    assert choose_assessor(TEAM, need("61"), {"a-tex": 0, "b-tex": 1}).assessor_id == "a-tex"


def test_ties_break_on_capacity_then_id_the_same_every_time() -> None:
    big = roster(
        {"id": "z", "chapters": ["61"], "languages": ["en"], "capacity": 9},
        {"id": "a", "chapters": ["61"], "languages": ["en"], "capacity": 5},
        {"id": "b", "chapters": ["61"], "languages": ["en"], "capacity": 5},
    )
    assert choose_assessor(big, need("61"), {}).assessor_id == "z"  # most capacity
    assert choose_assessor(big, need("61"), {"z": 1}).assessor_id == "a"  # then the id
    assert {choose_assessor(big, need("61"), {"z": 1}).assessor_id for _ in range(5)} == {"a"}


def test_every_chapter_of_the_declaration_must_be_covered() -> None:
    # 61 and 62: both textile assessors cover them; 61 and 84: nobody but the generalist,
    # who does not read English.
    assert choose_assessor(TEAM, need("61 62"), {"a-tex": 2}).assessor_id == "b-tex"
    choice = choose_assessor(TEAM, need("61 84", "en"), {})
    assert choice.pool and choice.assessor_id == "pool" and choice.team == "general"
    assert choice.reason == "no assessor covers chapters 61, 84; languages en"


def test_known_languages_must_be_read_unknown_ones_do_not_restrict() -> None:
    assert choose_assessor(TEAM, need("61", "fr"), {"b-tex": 4}).assessor_id == "b-tex"
    assert choose_assessor(TEAM, need("61", "de"), {"a-tex": 4}).assessor_id == "a-tex"
    assert choose_assessor(TEAM, need("27", "es"), {}).assessor_id == "d-chem"  # reads any
    assert choose_assessor(TEAM, need("27"), {}).assessor_id == "d-chem"  # language unknown
    anything = roster({"id": "x", "chapters": ["*"], "languages": ["es"]})
    assert not choose_assessor(anything, need("01 99", "es"), {}).pool
    assert choose_assessor(anything, need("01", "en"), {}).pool
    assert choose_assessor(TEAM, need("61", "de fr"), {}).pool  # nobody reads both


def test_full_assessors_are_skipped_and_all_full_goes_to_the_pool() -> None:
    assert choose_assessor(TEAM, need("61"), {"b-tex": 5, "a-tex": 4}).assessor_id == "a-tex"
    choice = choose_assessor(TEAM, need("84"), {"c-mach": 2})
    assert choice.pool
    assert choice.reason == "every assessor for chapters 84; languages not known is at " \
        "capacity: c-mach (2/2)"  # fmt: skip


def test_chapters_and_languages_from_the_declaration_and_documents() -> None:
    declaration = {
        "items": [
            {"hs_code": {"value": "8504.40"}},
            {"hs_code": {"value": "61091000"}},
            {"hs_code": {"value": None}},
            {"hs_code": {"value": "850440"}},
        ]
    }
    assert declaration_chapters(declaration) == {"85", "61"}
    assert declaration_chapters({}) == frozenset()
    docs = [
        ex("a.pdf", "invoice", {"language": "DE"}),
        ex("b.pdf", "waybill", {"language": fv("english")}),  # not a code: not known
        ex("c.pdf", "permit", {}),
    ]
    assert document_languages(docs) == {"de"}
    assert need_of(declaration, docs) == Need(
        chapters=frozenset({"85", "61"}), languages=frozenset({"de"})
    )
    assert hs_chapter("00") is None and hs_chapter("7") is None and hs_chapter(" 01.02") == "01"


def test_chapter_ranges_and_bad_values() -> None:
    assert parse_chapters(["84-86", 9, "*"]) == {"84", "85", "86", "09", "*"}
    for bad in (["100"], ["85-84"], ["8a"], [True], ["0"]):
        with pytest.raises(ValueError):
            parse_chapters(bad)


def test_roster_file_is_checked_on_load(tmp_path: Path) -> None:
    bad = tmp_path / "assessors.yaml"
    bad.write_text(
        "version: 1\nfallback: {id: x, name: P, email: p@x, team: g}\n"
        "assessors:\n"
        "  - {id: x, name: A, email: a@x, team: t, chapters: ['61'], languages: [en],"
        " capacity: 1}\n"
    )
    with pytest.raises(ValueError, match="ids used twice: x"):
        load_roster(bad)
    zero = tmp_path / "zero.yaml"
    zero.write_text(bad.read_text().replace("id: x, name: A", "id: y, name: A").replace(
        "capacity: 1", "capacity: 0"))  # fmt: skip
    with pytest.raises(ValueError, match=str(zero)):
        load_roster(zero)


def test_bundled_roster_covers_the_sample_chapters() -> None:
    bundled = load_roster()
    assert len({a.id for a in bundled.assessors}) == len(bundled.assessors)
    for chapter in ("61", "62", "72", "73", "82", "84", "85", "94"):
        choice = choose_assessor(bundled, need(chapter, "en"), {})
        assert not choice.pool, chapter


def test_the_language_extraction_recorded_counts() -> None:
    docs = [
        ex("a.pdf", "invoice", {}).model_copy(update={"language": "fr"}),
        ex("b.pdf", "waybill", {}).model_copy(update={"language": None}),
    ]
    assert document_languages(docs) == {"fr"}
