"""Who assesses a declaration: the qualified assessor with the least open work.

Pure functions over plain data. The roster (``data/assessors.yaml``, checked when loaded)
says what each assessor may assess: HS chapters (2-digit) and languages, and how many open
assignments they can hold. A declaration needs the chapters of its items' HS codes and the
languages of its documents when those are known. Among the assessors who cover every chapter
and read every language, the one with the fewest open assignments wins; ties go to more
capacity, then to the id, so the same inputs always give the same assessor. When nobody
qualifies, or everyone qualified is full, the declaration goes to the roster's fallback pool
and the reason says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, field_validator, model_validator

from clearway.models import Extraction, Frozen

ROSTER_FILE = Path(__file__).resolve().parent / "data" / "assessors.yaml"
ANY = "*"  # in chapters or languages: no restriction
_CHAPTER = re.compile(r"(\d{1,2})(?:\s*-\s*(\d{1,2}))?")
_LANGUAGE = re.compile(r"[a-z]{2}")


def _chapter(n: int) -> str:
    if not 1 <= n <= 99:
        raise ValueError(f"HS chapter {n} is not between 01 and 99")
    return f"{n:02d}"


def parse_chapters(values: Iterable[Any]) -> frozenset[str]:
    """``["61", "84-85", 9, "*"]`` -> ``{"61", "84", "85", "09", "*"}``."""
    out: set[str] = set()
    for v in values:
        if isinstance(v, bool):
            raise ValueError(f"{v!r} is not an HS chapter")
        if isinstance(v, int):
            out.add(_chapter(v))
            continue
        text = str(v).strip()
        if text == ANY:
            out.add(ANY)
            continue
        m = _CHAPTER.fullmatch(text)
        if m is None:
            raise ValueError(f"{text!r} is not an HS chapter (two digits) or a range like 84-85")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo:
            raise ValueError(f"chapter range {text!r} runs backwards")
        out.update(_chapter(n) for n in range(lo, hi + 1))
    return frozenset(out)


def parse_languages(values: Iterable[Any]) -> frozenset[str]:
    out = set()
    for v in values:
        text = str(v).strip().lower() if not isinstance(v, bool) else ""
        if text != ANY and not _LANGUAGE.fullmatch(text):
            raise ValueError(f"{v!r} is not an ISO 639-1 language code (quote 'no' in YAML)")
        out.add(text)
    return frozenset(out)


class Assessor(Frozen):
    id: str = Field(min_length=1)
    name: str
    email: str
    team: str
    chapters: frozenset[str]
    languages: frozenset[str]
    capacity: int = Field(gt=0)  # open assignments this assessor can hold

    @field_validator("chapters", mode="before")
    @classmethod
    def _chapters(cls, v: Any) -> frozenset[str]:
        return parse_chapters(v)

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, v: Any) -> frozenset[str]:
        return parse_languages(v)

    def covers(self, chapters: frozenset[str]) -> bool:
        return ANY in self.chapters or chapters <= self.chapters

    def reads(self, languages: frozenset[str]) -> bool:
        return ANY in self.languages or languages <= self.languages


class Pool(Frozen):
    """Where a declaration goes when no assessor qualifies; a team lead assigns it by hand."""

    id: str = Field(min_length=1)
    name: str
    email: str
    team: str


class Roster(Frozen):
    version: int
    fallback: Pool
    assessors: tuple[Assessor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Roster:
        ids = [a.id for a in self.assessors] + [self.fallback.id]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"ids used twice: {', '.join(dupes)}")
        return self


class Need(Frozen):
    """What assessing a declaration takes: its HS chapters and its documents' languages."""

    chapters: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # empty: not known, no restriction


class Choice(Frozen):
    assessor_id: str
    team: str
    pool: bool
    reason: str


def load_roster(path: Path | str | None = None) -> Roster:
    """The roster at ``path`` (default: the bundled one), validated; ValueError names the file."""
    return _load(Path(path) if path else ROSTER_FILE)


@cache
def _load(path: Path) -> Roster:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Roster.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"assessor roster {path}: {exc}") from exc


def hs_chapter(code: Any) -> str | None:
    """The 2-digit chapter of an HS code as extracted ("8504.40", "850440" -> "85")."""
    digits = re.sub(r"\D", "", str(code or ""))
    if len(digits) < 2 or not 1 <= int(digits[:2]) <= 99:
        return None
    return digits[:2]


def declaration_chapters(declaration: Mapping[str, Any]) -> frozenset[str]:
    """The chapters of the HS codes of a declaration's items (declarations.assemble form)."""
    chapters = set()
    for item in declaration.get("items") or []:
        value = (item.get("hs_code") or {}).get("value")
        if (chapter := hs_chapter(value)) is not None:
            chapters.add(chapter)
    return frozenset(chapters)


def document_languages(documents: Iterable[Extraction]) -> frozenset[str]:
    """Languages of the documents where extraction recorded one (``Extraction.language``, or
    a ``language`` field set by hand)."""
    out = set()
    for d in documents:
        fv = d.fields.get("language")
        text = str(fv.value if fv is not None and fv.value else d.language or "").strip().lower()
        if _LANGUAGE.fullmatch(text):
            out.add(text)
    return frozenset(out)


def need_of(declaration: Mapping[str, Any], documents: Iterable[Extraction] = ()) -> Need:
    return Need(chapters=declaration_chapters(declaration), languages=document_languages(documents))


def _describe(need: Need) -> str:
    chapters = ", ".join(sorted(need.chapters)) or "none known"
    languages = ", ".join(sorted(need.languages)) or "not known"
    return f"chapters {chapters}; languages {languages}"


def choose_assessor(roster: Roster, need: Need, workload: Mapping[str, int]) -> Choice:
    """The assessor for ``need`` given the open assignments per assessor id right now."""
    qualified = [a for a in roster.assessors if a.covers(need.chapters) and a.reads(need.languages)]
    if not qualified:
        return _to_pool(roster, f"no assessor covers {_describe(need)}")
    load = {a.id: int(workload.get(a.id, 0)) for a in qualified}
    free = [a for a in qualified if load[a.id] < a.capacity]
    if not free:
        full = ", ".join(f"{a.id} ({load[a.id]}/{a.capacity})" for a in qualified)
        return _to_pool(roster, f"every assessor for {_describe(need)} is at capacity: {full}")
    best = min(free, key=lambda a: (load[a.id], -a.capacity, a.id))
    return Choice(
        assessor_id=best.id,
        team=best.team,
        pool=False,
        reason=(
            f"{_describe(need)}; least open work among {len(free)} qualified "
            f"({load[best.id]} of {best.capacity} open)"
        ),
    )


def _to_pool(roster: Roster, why: str) -> Choice:
    pool = roster.fallback
    return Choice(assessor_id=pool.id, team=pool.team, pool=True, reason=why)
