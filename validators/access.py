"""Small readers over Extraction objects, shared by the consignment checks and the suites."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from clearway.models import Extraction, FieldValue
from validators.rules import parse_date, to_decimal

USABLE = frozenset({"extracted", "partial"})  # rejected and failed documents carry no values


def usable(extractions: Iterable[Extraction]) -> list[Extraction]:
    return [e for e in extractions if e.status in USABLE]


def of_type(extractions: Iterable[Extraction], *doc_types: str) -> list[Extraction]:
    return [e for e in extractions if e.doc_type in doc_types]


def text(fields: dict[str, FieldValue], name: str) -> str | None:
    """A scalar field as a non-empty string, else None (a list field gives None)."""
    fv = fields.get(name)
    if fv is None or fv.value is None or isinstance(fv.value, list | tuple):
        return None
    s = str(fv.value).strip()
    return s or None


def texts(fields: dict[str, FieldValue], name: str) -> list[str]:
    """A list field (or a scalar, as a one-element list) as non-empty strings."""
    fv = fields.get(name)
    if fv is None or fv.value is None:
        return []
    raw = fv.value if isinstance(fv.value, list | tuple) else [fv.value]
    return [str(v).strip() for v in raw if v is not None and str(v).strip()]


def number(fields: dict[str, FieldValue], name: str) -> Decimal | None:
    s = text(fields, name)
    return to_decimal(s) if s is not None else None


def day(fields: dict[str, FieldValue], name: str) -> date | None:
    s = text(fields, name)
    return parse_date(s) if s is not None else None
