"""An estimate of import duty and VAT for a declaration, in euro, with its reasons.

    item price (DE 4/14, invoice currency) x exchange rate (DE 4/15) = customs value in EUR
    duty (tax type A00) = customs value x duty rate          (tariff.csv, longest HS prefix)
    VAT  (tax type B00) = (customs value + duty) x VAT rate
    each figure rounded half-up to the cent; totals are sums of the rounded item figures.

The invoice price is taken as the customs value without adding freight or insurance to
the EU border (the documents rarely state them); delivery_terms.csv gives, per Incoterms
rule, the sentence saying which way the estimate may be off. An item that cannot be
estimated (no HS code, no tariff line, no price, no exchange rate) is left out of the
totals and named in ``reasons``; ``complete`` is then false.

Pure: tariff, rates and terms are data files; nothing depends on today's date, so the same
declaration always gives the same estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from declarations.tables import csv_rows, longest_prefix
from validators.rules import to_decimal

CENT = Decimal("0.01")
DE = {
    "item_price": "4/14",
    "exchange_rate": "4/15",
    "tax_base": "4/4",
    "tax_rate": "4/5",
    "payable": "4/6",
    "total": "4/7",
}
DUTY, VAT = "A00", "B00"  # UCC tax type codes (DE 4/3): customs duties, value added tax


@dataclass(frozen=True)
class TariffLine:
    prefix: str
    duty_rate_pct: Decimal
    vat_rate_pct: Decimal
    description: str


@dataclass(frozen=True)
class ExchangeRate:
    currency: str
    eur_per_unit: Decimal
    date: str


@cache
def tariff() -> dict[str, TariffLine]:
    out: dict[str, TariffLine] = {}
    for row in csv_rows("tariff.csv"):
        prefix = row["prefix"]
        duty, vat = to_decimal(row["duty_rate_pct"]), to_decimal(row["vat_rate_pct"])
        if not prefix.isdigit() or duty is None or vat is None or duty < 0 or vat < 0:
            raise ValueError(f"tariff.csv: bad line {row}")
        if prefix in out:
            raise ValueError(f"tariff.csv: prefix {prefix} twice")
        out[prefix] = TariffLine(prefix, duty, vat, row["description"])
    return out


@cache
def exchange_rates() -> dict[str, ExchangeRate]:
    out: dict[str, ExchangeRate] = {}
    for row in csv_rows("exchange_rates.csv"):
        rate = to_decimal(row["eur_per_unit"])
        if rate is None or rate <= 0 or len(row["currency"]) != 3:
            raise ValueError(f"exchange_rates.csv: bad line {row}")
        out[row["currency"]] = ExchangeRate(row["currency"], rate, row["date"])
    return out


@cache
def delivery_terms() -> dict[str, dict[str, str]]:
    return {row["rule"]: row for row in csv_rows("delivery_terms.csv")}


def tariff_line(
    hs_code: str | None, lines: Mapping[str, TariffLine] | None = None
) -> TariffLine | None:
    """The tariff line of an HS code: the longest prefix in the table, None when none fits."""
    lines = tariff() if lines is None else lines
    code = "".join(c for c in str(hs_code or "") if c.isdigit())
    key = longest_prefix(code, lines) if code else None
    return lines[key] if key else None


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(base: Decimal, rate_pct: Decimal) -> Decimal:
    return cents(base * rate_pct / 100)


def _reason(code: str, message: str, item: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "message": message}
    if item is not None:
        out["item"] = item
    return out


def _figure(value: Decimal, de: str) -> dict[str, str]:
    return {"value": str(value), "de": de}


def _value(obj: Any) -> Any:
    return obj.get("value") if isinstance(obj, Mapping) else obj


def item_estimate(
    index: int, item: Mapping[str, Any], currency: str | None, rate: ExchangeRate | None
) -> dict[str, Any]:
    """Customs value, duty and VAT of one item, or the reasons it cannot be estimated."""
    hs, price = _value(item.get("hs_code")), to_decimal(_value(item.get("line_total")))
    line = tariff_line(hs)
    out: dict[str, Any] = {"item": index, "hs_code": hs, "taxes": [], "reasons": []}
    n = index + 1
    if not hs:
        out["reasons"].append(
            _reason("no_hs_code", f"Item {n} has no HS code; enter it to estimate its duty.", index)
        )
    elif line is None:
        out["reasons"].append(
            _reason(
                "no_tariff_rate",
                f"No duty rate for HS code {hs} (item {n}) in tariff.csv; look it up in TARIC.",
                index,
            )
        )
    if price is None:
        out["reasons"].append(
            _reason(
                "no_item_price",
                f"Item {n} has no price; enter its line total to estimate its duty.",
                index,
            )
        )
    if out["reasons"] or line is None or price is None or rate is None:
        return out
    value = cents(price * rate.eur_per_unit)
    duty = percent_of(value, line.duty_rate_pct)
    vat_base = value + duty
    vat = percent_of(vat_base, line.vat_rate_pct)
    out.update(
        tariff={"prefix": line.prefix, "description": line.description},
        item_price={"value": str(price), "currency": currency, "de": DE["item_price"]},
        customs_value_eur=str(value),
        taxes=[
            _tax(DUTY, "customs duty", value, line.duty_rate_pct, duty),
            _tax(VAT, "import VAT", vat_base, line.vat_rate_pct, vat),
        ],
    )
    return out


def _tax(kind: str, name: str, base: Decimal, rate: Decimal, amount: Decimal) -> dict[str, Any]:
    return {
        "tax_type": kind,
        "name": name,
        "base": _figure(base, DE["tax_base"]),
        "rate_pct": _figure(rate, DE["tax_rate"]),
        "amount": _figure(amount, DE["payable"]),
    }


def _tax_amount(item: Mapping[str, Any], kind: str) -> Decimal:
    return sum(
        (Decimal(t["amount"]["value"]) for t in item["taxes"] if t["tax_type"] == kind),
        Decimal(0),
    )


def estimate_duties(declaration: Mapping[str, Any]) -> dict[str, Any]:
    """The ``duties`` part of a declaration: per item and in total, in EUR, with reasons."""
    currency = _value(declaration.get("currency"))
    rate = exchange_rates().get(str(currency)) if currency else None
    items = [
        item_estimate(i, it, currency, rate) for i, it in enumerate(declaration.get("items", []))
    ]
    reasons = [r for it in items for r in it["reasons"]]
    if rate is None:
        reasons.insert(
            0,
            _reason(
                "no_exchange_rate",
                f"No exchange rate for the currency "
                f"{currency or '(none stated)'} in exchange_rates.csv; enter "
                "the invoice currency, or add its rate to the table.",
            ),
        )
    if not items:
        reasons.append(
            _reason(
                "no_items",
                "The declaration has no items; duty cannot be estimated until its goods are known.",
            )
        )
    terms = delivery_terms().get(str(_value(declaration.get("incoterms")) or ""))
    if terms and terms["message"]:
        reasons.append(_reason(f"border_costs_{terms['border_costs']}", terms["message"]))
    estimated = [it for it in items if it["taxes"]]
    value = sum((Decimal(it["customs_value_eur"]) for it in estimated), Decimal(0))
    duty = sum((_tax_amount(it, DUTY) for it in estimated), Decimal(0))
    vat = sum((_tax_amount(it, VAT) for it in estimated), Decimal(0))
    return {
        "currency": "EUR",
        "exchange_rate": None
        if rate is None
        else {
            "currency": rate.currency,
            "value": str(rate.eur_per_unit),
            "date": rate.date,
            "de": DE["exchange_rate"],
        },
        "items": items,
        "totals": {
            "customs_value_eur": str(cents(value)),
            "duty_eur": str(cents(duty)),
            "vat_eur": str(cents(vat)),
            "payable_eur": _figure(cents(duty + vat), DE["total"]),
        },
        "complete": bool(items) and len(estimated) == len(items),
        "reasons": reasons,
    }


def payable(duties: Mapping[str, Any] | None) -> Decimal:
    """Total duty and VAT of a ``duties`` part (0 when there is none)."""
    if not duties:
        return Decimal(0)
    return Decimal(duties["totals"]["payable_eur"]["value"])


def duty_total(duties: Mapping[str, Any] | None) -> Decimal:
    """Total customs duty (A00) of a ``duties`` part (0 when there is none)."""
    return Decimal(duties["totals"]["duty_eur"]) if duties else Decimal(0)
