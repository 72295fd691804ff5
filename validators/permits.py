"""The permit decision table (data/permit_requirements.yaml): which permits a line needs.

The table is data (HS prefix, optional origins, required permit types) so that a steward
can add a rule without code. It is validated when loaded: a malformed rule stops the run
with a message naming the rule, rather than silently requiring nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from validators import codes

TABLE = Path(__file__).resolve().parent / "data" / "permit_requirements.yaml"

# fields.md `permit_type` (the GX permit suite checks the same vocabulary)
PERMIT_TYPES = frozenset(
    {
        "import_licence",
        "export_licence",
        "certificate_of_origin",
        "phytosanitary_certificate",
        "veterinary_certificate",
        "cites_permit",
        "conformity_certificate",
        "other",
    }
)
_RULE_KEYS = frozenset({"hs", "origins", "requires", "reason"})


class PermitTableError(ValueError):
    """The decision table is malformed; the message says which rule and how to fix it."""


@dataclass(frozen=True)
class PermitRule:
    hs: str  # HS prefix: chapter, heading or longer, digits only
    requires: tuple[str, ...]  # permit types
    origins: frozenset[str] = frozenset()  # empty: any origin
    reason: str = ""

    def applies(self, hs_code: str, origin: str | None) -> bool:
        """Whether a line with this HS code and origin falls under the rule (an unknown origin
        falls under origin-limited rules: the permit is asked for rather than assumed away)."""
        return hs_code.startswith(self.hs) and (
            not self.origins or origin is None or origin in self.origins
        )


@dataclass(frozen=True)
class Requirement:
    hs_code: str
    origin: str | None
    permit_type: str
    reason: str


def rule_from_dict(raw: Any, where: str) -> PermitRule:
    """One table entry as a PermitRule; PermitTableError says what is wrong with it."""
    if not isinstance(raw, dict):
        raise PermitTableError(f"{where}: a rule is a mapping with hs and requires, got {raw!r}")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise PermitTableError(
            f"{where}: unknown keys {sorted(unknown)}; allowed {sorted(_RULE_KEYS)}"
        )
    hs = str(raw.get("hs", "")).strip()
    if not (hs.isascii() and hs.isdigit() and 2 <= len(hs) <= 10 and 1 <= int(hs[:2]) <= 97):
        raise PermitTableError(
            f"{where}: hs {hs!r} is not an HS chapter, heading or subheading (2-10 digits, "
            "chapter 01-97); quote it in YAML so that leading zeros stay"
        )
    requires = raw.get("requires")
    if not isinstance(requires, list) or not requires:
        raise PermitTableError(f"{where}: requires must list at least one permit type")
    bad = [t for t in requires if t not in PERMIT_TYPES]
    if bad:
        raise PermitTableError(
            f"{where}: unknown permit types {bad}; use one of {sorted(PERMIT_TYPES)}"
        )
    origins = raw.get("origins") or []
    if not isinstance(origins, list):
        raise PermitTableError(f"{where}: origins must be a list of country codes")
    bad = [o for o in origins if o not in codes.countries()]
    if bad:
        raise PermitTableError(f"{where}: origins {bad} are not ISO 3166-1 alpha-2 codes")
    return PermitRule(
        hs=hs,
        requires=tuple(dict.fromkeys(requires)),
        origins=frozenset(origins),
        reason=str(raw.get("reason") or "").strip(),
    )


def table_from_dict(data: Any, source: str = "permit table") -> tuple[PermitRule, ...]:
    if (
        not isinstance(data, dict)
        or data.get("version") != 1
        or not isinstance(data.get("rules"), list)
    ):
        raise PermitTableError(f"{source}: expected 'version: 1' and a 'rules' list")
    rules = tuple(rule_from_dict(r, f"{source} rule {i}") for i, r in enumerate(data["rules"], 1))
    seen: dict[tuple[str, frozenset[str]], int] = {}
    for i, r in enumerate(rules, 1):
        key = (r.hs, r.origins)
        if key in seen:
            raise PermitTableError(
                f"{source} rule {i}: hs {r.hs} with the same origins as rule {seen[key]}; "
                "merge the two rules"
            )
        seen[key] = i
    return rules


def load_table(path: Path = TABLE) -> tuple[PermitRule, ...]:
    return table_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


@cache
def permit_table() -> tuple[PermitRule, ...]:
    return load_table()


def requirements_for(
    hs_code: str, origin: str | None, table: Iterable[PermitRule]
) -> list[Requirement]:
    """The permit types one line needs (each type once, first matching rule's reason)."""
    out: dict[str, Requirement] = {}
    for rule in table:
        if rule.applies(hs_code, origin):
            for t in rule.requires:
                out.setdefault(t, Requirement(hs_code, origin, t, rule.reason))
    return list(out.values())
