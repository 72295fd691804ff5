"""Duty and VAT estimate: longest tariff prefix, EUR conversion, VAT on value + duty, reasons."""

from __future__ import annotations

from decimal import Decimal

from shipment_builders import shipment

from declarations.assemble import assemble_declaration
from declarations.duties import (
    estimate_duties,
    exchange_rates,
    payable,
    tariff,
    tariff_line,
)


def v(value):
    return {"value": value, "de": "x", "source": None, "confidence": 1.0}


def decl(currency="EUR", incoterms="CIF", items=()):
    return {
        "currency": v(currency),
        "incoterms": v(incoterms),
        "items": [
            {"hs_code": v(hs), "line_total": v(total), "origin_country": v("CN")}
            for hs, total in items
        ],
    }


def test_the_longest_prefix_wins():
    assert tariff_line("85044090").prefix == "850440"  # not 8504, not 85
    assert tariff_line("85049000").prefix == "8504"
    assert tariff_line("8599").prefix == "85"
    assert tariff_line("0101") is None  # live animals: no line
    assert tariff_line("6109.10.00").prefix == "6109"  # dots as printed on invoices


def test_vat_is_on_value_plus_duty_rounded_to_the_cent():
    # 6109 T-shirts: 12 % duty, 19 % VAT; 1000 EUR -> duty 120, VAT 19 % of 1120 = 212.80
    d = estimate_duties(decl(items=[("61091000", "1000.00")]))
    item = d["items"][0]
    duty, vat = item["taxes"]
    assert item["customs_value_eur"] == "1000.00"
    assert (duty["tax_type"], duty["rate_pct"]["value"], duty["amount"]["value"]) == (
        "A00",
        "12.0",
        "120.00",
    )
    assert (vat["tax_type"], vat["base"]["value"], vat["amount"]["value"]) == (
        "B00",
        "1120.00",
        "212.80",
    )
    assert duty["amount"]["de"] == "4/6" and vat["rate_pct"]["de"] == "4/5"
    assert d["totals"] == {
        "customs_value_eur": "1000.00",
        "duty_eur": "120.00",
        "vat_eur": "212.80",
        "payable_eur": {"value": "332.80", "de": "4/7"},
    }
    assert d["complete"] is True and d["reasons"] == []  # CIF: the price covers the border


def test_foreign_currency_is_converted_with_the_tables_rate():
    rate = exchange_rates()["USD"].eur_per_unit
    d = estimate_duties(decl("USD", items=[("61091000", "333.33")]))
    expected = (Decimal("333.33") * rate).quantize(Decimal("0.01"))
    assert d["items"][0]["customs_value_eur"] == str(expected)
    assert d["exchange_rate"]["currency"] == "USD" and d["exchange_rate"]["de"] == "4/15"
    assert d["exchange_rate"]["date"]  # the rate says when it applies


def test_totals_are_sums_of_rounded_item_figures():
    d = estimate_duties(decl(items=[("61091000", "0.05"), ("61091000", "0.05")]))
    per_item_duty = Decimal(d["items"][0]["taxes"][0]["amount"]["value"])  # 0.006 -> 0.01
    assert per_item_duty == Decimal("0.01")
    assert Decimal(d["totals"]["duty_eur"]) == 2 * per_item_duty


def test_items_without_a_rate_are_left_out_with_reasons():
    d = estimate_duties(decl(items=[("61091000", "100"), ("01012100", "500"), (None, "10")]))
    codes = [(r["code"], r.get("item")) for r in d["reasons"]]
    assert ("no_tariff_rate", 1) in codes and ("no_hs_code", 2) in codes
    assert d["complete"] is False
    assert d["totals"]["customs_value_eur"] == "100.00"  # only what could be estimated
    assert "TARIC" in next(r["message"] for r in d["reasons"] if r["code"] == "no_tariff_rate")


def test_unknown_currency_is_one_reason_and_no_figures():
    d = estimate_duties(decl("XXX", items=[("61091000", "100"), ("61091000", "200")]))
    assert [r["code"] for r in d["reasons"]] == ["no_exchange_rate"]
    assert d["exchange_rate"] is None and d["complete"] is False
    assert payable(d) == 0


def test_missing_price_is_a_reason():
    d = estimate_duties(decl(items=[("61091000", None)]))
    assert [r["code"] for r in d["reasons"]] == ["no_item_price"]


def test_delivery_terms_say_which_way_the_estimate_is_off():
    fob = estimate_duties(decl(incoterms="FOB", items=[("61091000", "100")]))
    assert [r["code"] for r in fob["reasons"]] == ["border_costs_excluded"]
    assert "understated" in fob["reasons"][0]["message"]
    ddp = estimate_duties(decl(incoterms="DDP", items=[("61091000", "100")]))
    assert [r["code"] for r in ddp["reasons"]] == ["border_costs_beyond"]


def test_no_items_no_estimate():
    d = estimate_duties(decl(items=[]))
    assert [r["code"] for r in d["reasons"]] == ["no_items"] and d["complete"] is False


def test_the_assembled_declaration_carries_its_duties():
    declaration = assemble_declaration(shipment())
    d = declaration["duties"]
    assert d["complete"] is True and len(d["items"]) == len(declaration["items"])
    assert d["totals"]["payable_eur"]["de"] == "4/7"
    assert assemble_declaration(shipment())["duties"] == d  # no clock, no randomness


def test_tables_load_and_are_sane():
    assert all(line.vat_rate_pct in (Decimal(7), Decimal(19)) for line in tariff().values())
    assert exchange_rates()["EUR"].eur_per_unit == 1
