"""Amending a declaration (pure): which role may change which field, and the new body.

A field is a top-level key (``currency``) or ``items.N.KEY`` (``items.0.hs_code``: item 0).
amendment_roles.yaml lists per role the fields it may change (``items.*.hs_code`` for any
item). The amended value object keeps its data element number, loses its document source
(the document did not say this) and records who changed it and why; duties and risk are
recalculated on the new body. Storing it as a new version is storage.declarations' job.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from clearway import errors
from clearway.errors import AssessmentRefused
from declarations.assemble import ITEM_KEYS, TOP_KEYS
from declarations.duties import estimate_duties
from declarations.risk import TraderHistory, score_risk
from declarations.tables import yaml_data
from validators.rules import (
    country_valid,
    currency_valid,
    hs_code_valid,
    incoterms_valid,
    to_decimal,
)

LIST_KEYS = frozenset({"invoice_numbers", "supporting_documents"})  # not amendable by path
AMENDABLE_TOP = tuple(k for k in TOP_KEYS if k not in LIST_KEYS)
_ITEM_FIELD = re.compile(r"items\.(\d+)\.([a-z_]+)")

# How a typed value is checked and written; keys not listed are free text.
KINDS = {
    "hs_code": "hs_code",
    "origin_country": "country",
    "country_of_dispatch": "country",
    "currency": "currency",
    "incoterms": "incoterms",
    "line_total": "amount",
    "total_amount": "amount",
    "quantity": "amount",
    "gross_weight_kg": "amount",
    "net_weight_kg": "amount",
    "packages_count": "count",
    "unit_code": "unit",
    "transport_document_type": "upper",
}


@dataclass(frozen=True)
class FieldPath:
    key: str
    item: int | None = None

    def __str__(self) -> str:
        return self.key if self.item is None else f"items.{self.item}.{self.key}"

    @property
    def pattern(self) -> str:
        """The form amendment_roles.yaml uses: ``items.*.hs_code`` for any item."""
        return self.key if self.item is None else f"items.*.{self.key}"


def _unknown_field(field: str, body: Mapping[str, Any]) -> AssessmentRefused:
    return AssessmentRefused(
        errors.UNKNOWN_FIELD.info(
            field=field,
            top=", ".join(AMENDABLE_TOP),
            last=max(len(body.get("items", [])) - 1, 0),
            item_keys=", ".join(ITEM_KEYS),
        )
    )


def parse_field(field: str, body: Mapping[str, Any]) -> FieldPath:
    """``items.0.hs_code`` -> FieldPath("hs_code", 0); refused when the body has no such field."""
    field = field.strip()
    m = _ITEM_FIELD.fullmatch(field)
    if m:
        index, key = int(m.group(1)), m.group(2)
        if key not in ITEM_KEYS or index >= len(body.get("items", [])):
            raise _unknown_field(field, body)
        return FieldPath(key, index)
    if field not in AMENDABLE_TOP:
        raise _unknown_field(field, body)
    return FieldPath(field)


@cache
def roles() -> dict[str, tuple[str, ...]]:
    """role -> the field patterns it may change (inherited ones included)."""
    raw = yaml_data("amendment_roles.yaml")["roles"]
    known = {*AMENDABLE_TOP, *(f"items.*.{k}" for k in ITEM_KEYS)}

    def fields_of(role: str, seen: tuple[str, ...] = ()) -> tuple[str, ...]:
        if role in seen or role not in raw:
            raise ValueError(f"amendment_roles.yaml: bad inherits chain {[*seen, role]}")
        spec = raw[role] or {}
        own = tuple(spec.get("fields") or ())
        bad = set(own) - known
        if bad:
            raise ValueError(f"amendment_roles.yaml: {role} names unknown fields {sorted(bad)}")
        parent = spec.get("inherits")
        return (fields_of(parent, (*seen, role)) if parent else ()) + own

    return {role: fields_of(role) for role in raw}


def allowed_fields(role: str) -> tuple[str, ...]:
    table = roles()
    if role not in table:
        raise AssessmentRefused(errors.UNKNOWN_ROLE.info(role=role, roles=", ".join(table)))
    return table[role]


def may_amend(role: str, path: FieldPath) -> bool:
    return path.pattern in allowed_fields(role)


def check_role(role: str, path: FieldPath) -> None:
    """Refuse (CW706) a change the role may not make, naming who may."""
    allowed = allowed_fields(role)
    if path.pattern in allowed:
        return
    who = [r for r, fields in roles().items() if path.pattern in fields]
    raise AssessmentRefused(
        errors.AMENDMENT_REFUSED.info(
            role=role,
            field=str(path),
            allowed=", ".join(allowed) or "nothing",
            who=", ".join(who) or "no role; it comes from the documents only",
        )
    )


def _invalid(value: str, path: FieldPath, detail: str) -> AssessmentRefused:
    return AssessmentRefused(errors.INVALID_VALUE.info(value=value, field=str(path), detail=detail))


def normalise_value(path: FieldPath, raw: str) -> str:
    """The value as the pipeline writes it (``8504.40`` -> ``850440``), or CW707."""
    text = raw.strip()
    kind = KINDS.get(path.key, "text")
    if not text:
        raise _invalid(raw, path, "it is empty")
    if kind == "hs_code":
        code = re.sub(r"[\s.]", "", text)
        if not hs_code_valid(code):
            raise _invalid(raw, path, "an HS code has 6 to 10 digits, chapter 01 to 97")
        return code
    if kind in ("country", "currency", "incoterms", "upper", "unit"):
        code = text.upper()
        check = {"country": country_valid, "currency": currency_valid, "incoterms": incoterms_valid}
        if kind in check and not check[kind](code):
            what = {
                "country": "an ISO 3166 country code",
                "currency": "an ISO 4217 currency code",
                "incoterms": "an Incoterms 2020 rule",
            }[kind]
            raise _invalid(raw, path, f"it is not {what}")
        if kind == "unit" and not re.fullmatch(r"[A-Z0-9]{2,3}", code):
            raise _invalid(raw, path, "a UN/CEFACT unit code has 2 or 3 letters or digits")
        return code
    if kind in ("amount", "count"):
        number = to_decimal(text.replace(",", "")) if kind == "amount" else to_decimal(text)
        if number is None or number < 0:
            raise _invalid(raw, path, "it is not a non-negative number")
        if kind == "count":
            if number != number.to_integral_value():
                raise _invalid(raw, path, "it is not a whole number")
            return str(int(number))
        return _plain(number)
    return " ".join(text.split())


def _plain(number: Decimal) -> str:
    """``1000.50`` stays ``1000.50``; no exponent notation."""
    return format(number, "f")


def value_at(body: Mapping[str, Any], path: FieldPath) -> dict[str, Any]:
    obj = body["items"][path.item][path.key] if path.item is not None else body[path.key]
    return dict(obj)


def apply_change(
    body: Mapping[str, Any], path: FieldPath, value: str, *, by: str, role: str, reason: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(new body, change) with ``value`` at ``path``; change is None when it is the same value."""
    old = value_at(body, path)
    if old.get("value") == value:
        return copy.deepcopy(dict(body)), None
    new_obj = {
        **old,
        "value": value,
        "source": None,  # the documents did not say this
        "confidence": 1.0,
        "amended": {"by": by, "role": role, "reason": reason},
    }
    new_body = copy.deepcopy(dict(body))
    if path.item is not None:
        new_body["items"][path.item][path.key] = new_obj
    else:
        new_body[path.key] = new_obj
    change = {"field": str(path), "old": old.get("value"), "new": value, "de": old.get("de")}
    return new_body, change


def recalculate(
    body: Mapping[str, Any], findings: Iterable[Any] = (), history: TraderHistory | None = None
) -> dict[str, Any]:
    """The body with its ``duties`` and ``risk`` computed again from its values."""
    out = {k: v for k, v in body.items() if k not in ("duties", "risk")}
    out["duties"] = estimate_duties(out)
    out["risk"] = score_risk(out, findings, history)
    return out


def amend(
    body: Mapping[str, Any],
    field: str,
    raw_value: str,
    *,
    by: str,
    role: str,
    reason: str,
    findings: Iterable[Any] = (),
    history_of: Callable[[Mapping[str, Any]], TraderHistory | None] | None = None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Check and apply one amendment: (new body with duties and risk recalculated, change).

    Refused with a coded AssessmentRefused (nothing changes) for an unknown field or role,
    a field the role may not change, a bad value or a missing reason. ``history_of`` looks
    up the trader history of the amended body (its parties may be what changed).
    """
    path = parse_field(field, body)
    check_role(role, path)
    if not reason.strip():
        raise AssessmentRefused(errors.REASON_REQUIRED.info())
    value = normalise_value(path, raw_value)
    new_body, change = apply_change(body, path, value, by=by, role=role, reason=reason.strip())
    if change is None:
        return new_body, None
    history = history_of(new_body) if history_of is not None else None
    return recalculate(new_body, findings, history), change
