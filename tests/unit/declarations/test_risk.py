"""Risk score: each reason is a rule of risk_rules.yaml; the score sums weights, capped at 100."""

from __future__ import annotations

from declarations.duties import estimate_duties
from declarations.risk import TraderHistory, level, rules, score_risk
from validators.findings import finding


def v(value):
    return {"value": value, "de": "x", "source": None, "confidence": 1.0}


def decl(items, currency="EUR", exporter="Acme Ltd", importer="Kraxi GmbH"):
    d = {
        "exporter_name": v(exporter),
        "importer_name": v(importer),
        "currency": v(currency),
        "incoterms": v("CIF"),
        "items": [
            {
                "hs_code": v(hs),
                "origin_country": v(origin),
                "quantity": v(qty),
                "unit_code": v(unit),
                "line_total": v(total),
            }
            for hs, origin, qty, unit, total in items
        ],
    }
    d["duties"] = estimate_duties(d)
    return d


CHAIRS = ("94016100", "DE", "10", "C62", "600.00")  # 60 EUR each: the reference price


def codes(risk):
    return [r["code"] for r in risk["reasons"]]


def test_a_clean_declaration_scores_zero():
    risk = score_risk(decl([CHAIRS]), [], TraderHistory(3, 5))
    assert (risk["score"], risk["level"], risk["reasons"]) == (0, "low", [])


def test_each_finding_code_counts_once_at_its_weight():
    f = [
        finding("weight_mismatch", "warning", ["a"], ["gross_weight_kg"], "x"),
        finding("weight_mismatch", "warning", ["b"], ["net_weight_kg"], "x"),
        finding("party_mismatch", "warning", ["a"], ["importer_name"], "x"),
    ]
    risk = score_risk(decl([CHAIRS]), f)
    w = rules()["findings"]
    assert codes(risk) == ["finding:party_mismatch", "finding:weight_mismatch"]
    assert risk["score"] == w["party_mismatch"] + w["weight_mismatch"]
    assert all(r["message"].endswith(".") for r in risk["reasons"])
    assert risk["reasons"][0]["message"].startswith(
        "The consignment has a finding, party mismatch (party_mismatch);"
    )


def test_unit_value_far_below_reference_is_a_reason():
    cheap = ("94016100", "DE", "10", "C62", "200.00")  # 20 EUR a chair, a third of 60
    risk = score_risk(decl([CHAIRS, cheap]))
    assert codes(risk) == ["undervalued_item"]
    reason = risk["reasons"][0]
    assert reason["item"] == 1 and "20.00 EUR per C62" in reason["message"]
    assert risk["score"] == rules()["undervaluation"]["weight"]


def test_reference_needs_the_same_unit():
    per_kg = ("94016100", "DE", "10", "KGM", "1.00")  # no reference per kilogram
    assert codes(score_risk(decl([per_kg]))) == []


def test_undervaluation_uses_the_euro_value():
    # 600 USD for 10 chairs is about 55 EUR each: above half the reference
    assert codes(score_risk(decl([CHAIRS], currency="USD"))) == []


def test_origin_and_commodity_rules():
    steel = ("72104900", "CN", "1000", "KGM", "800.00")  # 0.80 EUR/kg: not undervalued
    risk = score_risk(decl([steel, CHAIRS]))
    assert codes(risk) == ["steel_trade_defence"]
    assert risk["reasons"][0]["message"].startswith("Item 1:")
    steel_de = ("72104900", "CH", "1000", "KGM", "800.00")  # origin not named by the rule
    assert codes(score_risk(decl([steel_de]))) == []
    watch = ("91021100", "CH", "10", "C62", "1900.00")  # any origin
    assert codes(score_risk(decl([watch]))) == ["counterfeit_prone"]


def test_new_traders_are_reasons_only_when_history_was_looked_up():
    d = decl([CHAIRS])
    assert codes(score_risk(d, [], None)) == []
    risk = score_risk(d, [], TraderHistory(exporter_earlier=0, importer_earlier=2))
    assert codes(risk) == ["new_exporter"]
    assert "Acme Ltd" in risk["reasons"][0]["message"]
    assert codes(score_risk(d, [], TraderHistory(0, 0))) == ["new_exporter", "new_importer"]


def test_duty_not_estimated_is_a_reason():
    unknown = ("01012100", "DE", "1", "C62", "5000.00")  # no tariff line
    assert "duties_not_estimated" in codes(score_risk(decl([unknown])))


def test_score_is_capped_and_levels_follow_the_table():
    f = [
        finding(c, "error", ["a"], [], "x")
        for c in ("missing_required_permit", "permit_expired", "missing_invoice", "total_mismatch")
    ]
    risk = score_risk(decl([CHAIRS]), f, TraderHistory(0, 0))
    assert risk["score"] == 100 and risk["level"] == "high"
    assert level(0) == "low" and level(30) == "medium" and level(59) == "medium"


def _catalogue_goods():
    import yaml

    from clearway.settings import REPO_ROOT

    catalog = yaml.safe_load((REPO_ROOT / "synth" / "data" / "catalog.yaml").read_text())
    return [g for group in catalog["goods"].values() for g in group]


def test_every_catalogue_good_has_a_tariff_line_and_a_fair_reference():
    """The synthetic shipments' goods at the low end of their price range, invoiced in USD,
    are not undervalued; at a fifth of it they are."""
    from declarations.duties import tariff_line

    for good in _catalogue_goods():
        hs, unit, low = str(good["hs"]), good["unit"], float(good["price"][0])
        assert tariff_line(hs) is not None, hs
        fair = (hs, "DE", "100", unit, f"{low * 100:.2f}")
        cheap = (hs, "DE", "100", unit, f"{low * 20:.2f}")
        assert "undervalued_item" not in codes(score_risk(decl([fair], currency="USD"))), hs
        assert "undervalued_item" in codes(score_risk(decl([cheap], currency="USD"))), hs
