"""Named shipment sets. ``demo`` is the bundled samples/ set the demo and e2e test use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synth.generate import generate_shipment
from synth.model import Shipment


@dataclass(frozen=True)
class Planned:
    shipment: Shipment
    channel: str | None  # how the demo delivers it: "email" or "bucket"


# Pinned choices for the three demo shipments; the seed fills in everything else.
DEMO: list[dict[str, Any]] = [
    {  # (a) air: English invoice, packing list, AWB, certificate of origin -> one e-mail
        "shipment_id": "demo_a",
        "seed": 101,
        "mode": "air",
        "seller": "Saigon Garment Export JSC",
        "buyer": "Alpen Handels GmbH",
        "goods": "textiles",
        "n_lines": 2,
        "documents": ("invoice", "packing_list", "waybill", "permit"),
        "languages": {"invoice": "en", "packing_list": "en", "waybill": "en", "permit": "en"},
        "layouts": {"invoice": 0, "packing_list": 1, "waybill": 1, "permit": 0},
        "channel": "email",
    },
    {  # (b) sea: German invoice, packing list, B/L with 2 containers, import licence
        "shipment_id": "demo_b",
        "seed": 202,
        "mode": "sea",
        "seller": "Hanbit Steel Co., Ltd.",
        "buyer": "Rheinstahl Handel GmbH",
        "goods": "steel",
        "n_lines": 2,
        "n_containers": 2,
        "documents": ("invoice", "packing_list", "waybill", "permit"),
        "languages": {"invoice": "de", "packing_list": "de", "waybill": "en", "permit": "de"},
        "layouts": {"invoice": 1, "packing_list": 0, "waybill": 1, "permit": 1},
        "channel": "bucket",
    },
    {  # (c) road: English invoice delivered as a scan, CMR note
        "shipment_id": "demo_c",
        "seed": 303,
        "mode": "road",
        "seller": "Alpwerk Feinmechanik AG",
        "buyer": "Bayerische Möbelhaus GmbH",
        "goods": "machinery",
        "n_lines": 2,
        "documents": ("invoice", "waybill"),
        "languages": {"invoice": "en", "waybill": "de"},
        "layouts": {"invoice": 1, "waybill": 0},
        "scanned": frozenset({"invoice"}),
        "channel": "bucket",
    },
]


def demo() -> list[Planned]:
    out = []
    for spec in DEMO:
        kw = dict(spec)
        channel = kw.pop("channel")
        sid, seed = kw.pop("shipment_id"), kw.pop("seed")
        out.append(Planned(generate_shipment(seed, sid, **kw), channel))
    return out


PRESETS = {"demo": demo}
