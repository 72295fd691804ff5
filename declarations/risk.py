"""A risk score for a declaration, 0-100, and the reasons that make it up.

Every reason is a line of risk_rules.yaml applied to the declaration, its findings and the
trader's history; the score is the sum of the reasons' weights, capped at 100:

    findings            each finding code on the consignment, once, at its weight
    undervaluation      an item's unit value in EUR below a share of its reference price
                        (reference_prices.csv, longest HS prefix with the item's unit)
    origin_commodity    an item's origin and HS prefix named by a rule
    new_trader          no earlier consignment names this exporter / importer
    duties              duty could not be estimated for some item

Pure: the trader's history is looked up by the caller (storage.declarations.trader_history)
and passed in; without it no new-trader reason is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from declarations.duties import exchange_rates
from declarations.tables import csv_rows, longest_prefix, yaml_data
from validators.rules import to_decimal


@dataclass(frozen=True)
class TraderHistory:
    """How many earlier consignments name the declaration's exporter and importer."""

    exporter_earlier: int
    importer_earlier: int


@dataclass(frozen=True)
class ReferencePrice:
    prefix: str
    unit_code: str
    eur_per_unit: Decimal
    description: str


@cache
def rules() -> dict[str, Any]:
    data = yaml_data("risk_rules.yaml")
    for key in ("levels", "findings", "undervaluation", "new_trader", "origin_commodity"):
        if key not in data:
            raise ValueError(f"risk_rules.yaml: {key} is missing")
    for rule in data["origin_commodity"]:
        if not {"code", "hs_prefixes", "weight", "message"} <= set(rule):
            raise ValueError(f"risk_rules.yaml: origin_commodity rule {rule} is incomplete")
    return data


@cache
def reference_prices() -> dict[str, dict[str, ReferencePrice]]:
    """prefix -> unit code -> reference price."""
    out: dict[str, dict[str, ReferencePrice]] = {}
    for row in csv_rows("reference_prices.csv"):
        price = to_decimal(row["eur_per_unit"])
        if not row["prefix"].isdigit() or price is None or price <= 0:
            raise ValueError(f"reference_prices.csv: bad line {row}")
        ref = ReferencePrice(row["prefix"], row["unit_code"], price, row["description"])
        out.setdefault(ref.prefix, {})[ref.unit_code] = ref
    return out


def _value(obj: Any) -> Any:
    return obj.get("value") if isinstance(obj, Mapping) else obj


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)


def _reason(code: str, weight: int, message: str, item: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "weight": int(weight), "message": message}
    if item is not None:
        out["item"] = item
    return out


def reference_price(hs_code: str, unit_code: str) -> ReferencePrice | None:
    """The reference of the longest HS prefix that has a price for this unit."""
    prices = {p: units for p, units in reference_prices().items() if unit_code in units}
    key = longest_prefix(hs_code, prices)
    return prices[key][unit_code] if key else None


def unit_value_eur(item: Mapping[str, Any], currency: str | None) -> Decimal | None:
    """The item's price per unit in EUR, None when price, quantity or rate is unknown."""
    total, qty = (
        to_decimal(_value(item.get("line_total"))),
        to_decimal(_value(item.get("quantity"))),
    )
    rate = exchange_rates().get(str(currency)) if currency else None
    if total is None or qty is None or qty <= 0 or rate is None:
        return None
    return total * rate.eur_per_unit / qty


def finding_reasons(findings: Iterable[Any]) -> list[dict[str, Any]]:
    weights = rules()["findings"]
    codes = sorted({str(_get(f, "code")) for f in findings})
    return [
        _reason(
            f"finding:{code}",
            weights.get(code, weights.get("default", 0)),
            # The words first (an assessor reads them), the code after (to look it up).
            f"The consignment has a finding, {code.replace('_', ' ')} ({code}); resolve it or "
            "confirm it is harmless.",
        )
        for code in codes
    ]


def undervaluation_reasons(declaration: Mapping[str, Any]) -> list[dict[str, Any]]:
    cfg = rules()["undervaluation"]
    share = Decimal(str(cfg["below_share"]))
    currency = _value(declaration.get("currency"))
    out = []
    for i, item in enumerate(declaration.get("items", [])):
        hs, unit = str(_value(item.get("hs_code")) or ""), str(_value(item.get("unit_code")) or "")
        ref = reference_price(hs, unit) if hs and unit else None
        value = unit_value_eur(item, currency)
        if ref is None or value is None or value >= ref.eur_per_unit * share:
            continue
        pct = int(value / ref.eur_per_unit * 100)
        out.append(
            _reason(
                "undervalued_item",
                cfg["weight"],
                f"Item {i + 1} ({hs}) is declared at {value:.2f} EUR per {unit}, {pct}% of the "
                f"reference {ref.eur_per_unit} EUR for {ref.description.lower()}; ask for "
                "proof of the price paid (contract, payment).",
                i,
            )
        )
    return out


def origin_commodity_reasons(declaration: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    items = list(enumerate(declaration.get("items", [])))
    for rule in rules()["origin_commodity"]:
        origins = set(rule.get("origins") or ())
        hit = [
            i
            for i, item in items
            if str(_value(item.get("hs_code")) or "").startswith(
                tuple(map(str, rule["hs_prefixes"]))
            )
            and (not origins or _value(item.get("origin_country")) in origins)
        ]
        if hit:
            which = ", ".join(str(i + 1) for i in hit)
            out.append(
                _reason(
                    rule["code"],
                    rule["weight"],
                    f"Item {which}: {' '.join(rule['message'].split())}",
                )
            )
    return out


def trader_reasons(
    declaration: Mapping[str, Any], history: TraderHistory | None
) -> list[dict[str, Any]]:
    if history is None:
        return []
    weights = rules()["new_trader"]
    out = []
    for role, earlier, key in (
        ("exporter", history.exporter_earlier, "exporter_name"),
        ("importer", history.importer_earlier, "importer_name"),
    ):
        name = _value(declaration.get(key))
        if name and earlier == 0:
            out.append(
                _reason(
                    f"new_{role}",
                    weights[role],
                    f"No earlier consignment names the {role} {name}; check who they are "
                    "before release.",
                )
            )
    return out


def duty_reasons(declaration: Mapping[str, Any]) -> list[dict[str, Any]]:
    duties = declaration.get("duties")
    if not duties or duties.get("complete"):
        return []
    return [
        _reason(
            "duties_not_estimated",
            rules().get("duties_not_estimated", 0),
            "Duty could not be estimated for every item (see duties.reasons); the amount "
            "payable is not known yet.",
        )
    ]


def level(score: int) -> str:
    for name, floor in sorted(rules()["levels"].items(), key=lambda kv: -kv[1]):
        if score >= floor:
            return str(name)
    return "low"


def score_risk(
    declaration: Mapping[str, Any],
    findings: Iterable[Any] = (),
    history: TraderHistory | None = None,
) -> dict[str, Any]:
    """``{"score": 0-100, "level", "reasons": [{"code", "weight", "message"}]}``."""
    reasons = [
        *finding_reasons(findings),
        *undervaluation_reasons(declaration),
        *origin_commodity_reasons(declaration),
        *trader_reasons(declaration, history),
        *duty_reasons(declaration),
    ]
    score = min(100, sum(r["weight"] for r in reasons))
    return {
        "score": score,
        "level": level(score),
        "trader_history": None
        if history is None
        else {
            "exporter_earlier": history.exporter_earlier,
            "importer_earlier": history.importer_earlier,
        },
        "reasons": reasons,
    }
