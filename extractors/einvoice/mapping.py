"""Mappings as data: one YAML file per XML syntax (mappings/*.yaml) says where each canonical
field sits, as ElementPath expressions (the XPath subset of xml.etree), and what kind of value
it is. A new syntax or a new field is a YAML edit plus a fixture, not new Python.

Files are validated on load: unknown kinds, line-item fields, namespace prefixes or placeholders
raise MappingError naming the file, so a typo fails the first test rather than silently reading
nothing. (Header field names are checked against extractors.fields.FIELDS by a unit test, which
keeps this module free of the spaCy import that the label finders need.)
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import fields
from extractors.data import read_yaml
from extractors.einvoice.kinds import KINDS, STRUCTURED_KINDS

MAPPINGS_DIR = Path(__file__).parent / "mappings"
TYPE_CODES_FILE = Path(__file__).parent / "type_codes.yaml"
LINE_ITEM_FIELDS = frozenset(fields.LINE_ITEM_FIELDS)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PROBE = ET.Element("probe")  # an empty element to compile paths against


class MappingError(ValueError):
    def __init__(self, file: Path, problem: str):
        super().__init__(f"{file.name}: {problem}")
        self.file = file
        self.problem = problem


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    paths: tuple[str, ...]  # alternatives: the first that yields a value wins
    attribute: str | None = None  # read this attribute of the element instead of its text


@dataclass(frozen=True)
class AddressSpec:
    lines: tuple[str, ...]
    postcode: tuple[str, ...]
    city: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    syntax: str
    version: int
    file: Path
    roots: dict[str, str]  # root element (Clark notation) -> default document type code
    namespaces: dict[str, str]
    profile: tuple[str, ...]
    address: AddressSpec
    fields: tuple[FieldSpec, ...]
    line_paths: tuple[str, ...]
    line_fields: tuple[FieldSpec, ...]

    @property
    def extractor(self) -> str:
        return f"einvoice.{self.syntax}.v{self.version}"


@functools.cache
def mappings() -> dict[str, Mapping]:
    """Every mapping file, by syntax name."""
    out: dict[str, Mapping] = {}
    for path in sorted(MAPPINGS_DIR.glob("*.yaml")):
        mapping = yaml_to_mapping(read_yaml(path), path)
        if mapping.syntax in out:
            raise MappingError(path, f"syntax {mapping.syntax!r} is already defined")
        out[mapping.syntax] = mapping
    return out


@functools.cache
def roots() -> dict[str, Mapping]:
    return {root: m for m in mappings().values() for root in m.roots}


def mapping_for_root(tag: str) -> Mapping | None:
    return roots().get(tag)


@functools.cache
def type_codes() -> dict[str, str]:
    """UNTDID 1001 document type code -> invoice_type (commercial, proforma, credit_note)."""
    table = read_yaml(TYPE_CODES_FILE)
    return {str(code): subtype for subtype, codes in table.items() for code in codes}


def yaml_to_mapping(data: Any, file: Path) -> Mapping:
    if not isinstance(data, dict):
        raise MappingError(file, "the file is not a mapping")
    for key in ("syntax", "version", "roots", "namespaces", "fields", "line_items"):
        if key not in data:
            raise MappingError(file, f"missing top-level key {key!r}")
    namespaces = {str(k): str(v) for k, v in data["namespaces"].items()}
    prefixes = {str(k): str(v) for k, v in (data.get("prefixes") or {}).items()}

    def paths(value: Any, where: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(p, str) and p for p in items):
            raise MappingError(file, f"{where}: a path must be a string or a list of strings")
        return tuple(expand(p, prefixes, namespaces, file, where) for p in items)

    def specs(section: dict, allowed: frozenset[str] | None, where: str) -> tuple[FieldSpec, ...]:
        out = []
        for name, spec in section.items():
            if not isinstance(spec, dict):
                raise MappingError(file, f"{where}.{name}: expected {{kind: …, path: …}}")
            if allowed is not None and name not in allowed:
                raise MappingError(file, f"{where}: {name!r} is not a canonical field")
            kind = spec.get("kind")
            if kind not in KINDS and kind not in STRUCTURED_KINDS:
                raise MappingError(file, f"{where}.{name}: unknown kind {kind!r}")
            out.append(
                FieldSpec(
                    name=name,
                    kind=kind,
                    paths=paths(spec.get("path"), f"{where}.{name}"),
                    attribute=spec.get("attribute"),
                )
            )
        return tuple(out)

    def optional_paths(value: Any, where: str) -> tuple[str, ...]:
        return () if value is None else paths(value, where)

    address = data.get("address") or {}
    lines = data["line_items"]
    return Mapping(
        syntax=str(data["syntax"]),
        version=int(data["version"]),
        file=file,
        roots={str(tag): str(code) for tag, code in data["roots"].items()},
        namespaces=namespaces,
        profile=optional_paths(data.get("profile"), "profile"),
        address=AddressSpec(
            lines=optional_paths(address.get("lines"), "address.lines"),
            postcode=optional_paths(address.get("postcode"), "address.postcode"),
            city=optional_paths(address.get("city"), "address.city"),
        ),
        fields=specs(data["fields"], None, "fields"),
        line_paths=paths(lines.get("path"), "line_items.path"),
        line_fields=specs(lines.get("fields") or {}, LINE_ITEM_FIELDS, "line_items.fields"),
    )


def expand(
    path: str, prefixes: dict[str, str], namespaces: dict[str, str], file: Path, where: str
) -> str:
    """``{settlement}/ram:InvoiceCurrencyCode`` -> the full path, compiled once so that bad syntax
    and undeclared namespace prefixes fail on load."""

    def replace(m: re.Match[str]) -> str:
        if m.group(1) not in prefixes:
            raise MappingError(file, f"{where}: unknown placeholder {{{m.group(1)}}}")
        return prefixes[m.group(1)]

    full = path
    for _ in range(5):  # placeholders may use placeholders
        full = _PLACEHOLDER.sub(replace, full)
    if _PLACEHOLDER.search(full):
        raise MappingError(file, f"{where}: placeholders nest too deeply in {path!r}")
    try:
        _PROBE.findall(full, namespaces)  # compiles the path: bad syntax, unknown prefixes
    except (SyntaxError, KeyError, TypeError, ValueError, StopIteration) as exc:
        raise MappingError(file, f"{where}: invalid path {full!r} ({exc})") from exc
    return full
