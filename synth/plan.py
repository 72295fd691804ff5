"""What a generated corpus contains: per shipment, the scenario, the layouts, languages,
label wordings, long invoices and scans, chosen so that every kind of document shows up
in every layout and language early.

Coverage comes from cycles rather than luck: scenarios (mode and goods, which decide the
transport document and the permit) run through a shuffled cycle, and every document
subtype (invoice, AWB, phytosanitary certificate ...) takes its layouts and languages
from shuffled cycles of its own, counted over its occurrences. So the first five AWBs of
a run use five different layouts, whatever the seed. Shipment i depends only on the run
seed and the shipments before it, so it is the same whether 5 or 500 are generated.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from synth.generate import ALL_LAYOUTS, generate_shipment
from synth.model import Shipment
from synth.presets import Planned

T = TypeVar("T")

# (mode, goods group or None for any): each permit kind and each transport document
# appears in every cycle of six shipments.
SCENARIOS: list[tuple[str, str | None]] = [
    ("air", "textiles"),  # AWB + certificate of origin
    ("sea", "steel"),  # B/L + import licence
    ("road", "fruit"),  # CMR + phytosanitary certificate
    ("sea", None),
    ("air", None),
    ("road", None),
]
LANGUAGE_CYCLE = ("en", "en", "de", "fr", "es")
LONG_INVOICE_SHARE = 0.2
LONG_INVOICE_LINES = (18, 45)
ARTICLE_SHARE = 0.35  # short invoices that still list article numbers
LONG_SCAN_SHARE = 0.6


def cycled(seed: int | str, name: str, k: int, options: Sequence[T]) -> T:
    """The k-th element of an endless sequence of shuffled copies of ``options``."""
    block, pos = divmod(k, len(options))
    order = list(options)
    random.Random(f"plan:{seed}:{name}:{block}").shuffle(order)
    return order[pos]


def subtype(s: Shipment, kind: str) -> str:
    if kind == "waybill":
        return s.transport.document_type
    if kind == "permit":
        return s.permits[0].permit_type
    return kind


def plan_shipment(
    seed: int | str,
    i: int,
    seen: Counter[str],
    scans: bool = False,
    scan_share: float = 0.3,
    scan_format: str = "auto",
) -> Shipment:
    """Shipment i of run ``seed``; ``seen`` counts the subtypes of shipments 0..i-1 and is
    updated with this one's."""
    rng = random.Random(f"plan:{seed}:shipment:{i}")
    mode, goods = cycled(seed, "scenario", i, SCENARIOS)
    n_lines = rng.randint(*LONG_INVOICE_LINES) if rng.random() < LONG_INVOICE_SHARE else None
    articles = n_lines is not None or rng.random() < ARTICLE_SHARE
    s = generate_shipment(
        f"{seed}:{i}",
        f"s{seed}_{i:04d}",
        mode=mode,  # type: ignore[arg-type]
        goods=goods,
        n_lines=n_lines,
        articles=articles,
    )
    layouts, languages, wording = {}, {}, {}
    for kind in s.documents:
        sub = subtype(s, kind)
        k = seen[sub]
        seen[sub] += 1
        layouts[kind] = cycled(seed, f"layout:{sub}", k, range(ALL_LAYOUTS))
        languages[kind] = cycled(seed, f"language:{sub}", k, LANGUAGE_CYCLE)
        wording[kind] = rng.randrange(1 << 30)
    # Long invoices and packing lists are scanned more often, so that multi-page scans
    # (TIFF and image-only PDF) occur even in a small corpus.
    long_share = max(scan_share, LONG_SCAN_SHARE) if n_lines else scan_share
    scanned = frozenset(
        k
        for k in s.documents
        if scans and rng.random() < (long_share if k in ("invoice", "packing_list") else scan_share)
    )
    return replace(
        s,
        layouts=layouts,
        languages=languages,
        wording=wording,
        scanned=scanned,
        scan_mode="profile",
        scan_format=scan_format,
    )


def plan_corpus(
    seed: int | str,
    n: int,
    scans: bool = False,
    scan_share: float = 0.3,
    scan_format: str = "auto",
) -> list[Planned]:
    seen: Counter[str] = Counter()
    return [
        Planned(plan_shipment(seed, i, seen, scans, scan_share, scan_format), None)
        for i in range(n)
    ]
