"""docs/declarations.md describes the ``duties`` and ``risk`` keys as the code makes them:
its example has the keys a declaration prepared now has, and every reason code the code
can give is documented (a new one without a line in the docs fails here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from shipment_builders import shipment

from declarations.prepare import prepare_consignment
from declarations.risk import TraderHistory
from validators.consignment import CheckParams

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "declarations.md").read_text()


def example() -> dict:
    block = re.search(r"```json\n(.*?)\n```", DOC, re.S)
    assert block, "docs/declarations.md has no JSON example"
    return json.loads(block.group(1))


def prepared(history: TraderHistory | None = None) -> dict:
    return prepare_consignment(shipment(), CheckParams(), lambda _: history).declaration


def test_the_example_has_the_keys_of_a_declaration_prepared_now() -> None:
    doc, live = example(), prepared()
    assert set(doc) == {"duties", "risk"}
    duties, made = doc["duties"], live["duties"]
    assert set(duties) == set(made)
    assert set(duties["totals"]) == set(made["totals"])
    assert set(duties["exchange_rate"]) == set(made["exchange_rate"])
    estimated = next(it for it in made["items"] if it["taxes"])
    assert set(duties["items"][0]) == set(estimated)
    assert set(duties["items"][0]["taxes"][0]) == set(estimated["taxes"][0])
    assert set(doc["risk"]) == set(live["risk"])
    assert all(set(r) <= {"code", "weight", "message", "item"} for r in doc["risk"]["reasons"])
    history = prepared(TraderHistory(0, 0))["risk"]["trader_history"]
    assert f'"trader_history": {json.dumps(history)}'.replace('"', "") in DOC.replace('"', "")


def test_the_example_adds_up() -> None:
    duties, risk = example()["duties"], example()["risk"]
    assert risk["score"] == min(100, sum(r["weight"] for r in risk["reasons"]))
    totals = duties["totals"]
    duty = sum(float(t["amount"]["value"]) for i in duties["items"] for t in i["taxes"][:1])
    assert round(duty, 2) == float(totals["duty_eur"])
    payable = float(totals["duty_eur"]) + float(totals["vat_eur"])
    assert round(payable, 2) == float(totals["payable_eur"]["value"])


def test_every_reason_code_the_code_gives_is_documented() -> None:
    codes = set()
    for module in ("duties", "risk"):
        source = (ROOT / "declarations" / f"{module}.py").read_text()
        codes |= set(re.findall(r'_reason\(\s*"([a-z_]+)"', source))
    assert {"no_hs_code", "no_exchange_rate", "undervalued_item"} <= codes  # the scan works
    undocumented = sorted(c for c in codes if f"`{c}`" not in DOC)
    assert not undocumented, f"reason codes missing from docs/declarations.md: {undocumented}"
