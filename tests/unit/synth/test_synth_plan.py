"""The corpus plan: every document kind in every layout and language early, reproducible,
and shipment i the same whatever the corpus size."""

from __future__ import annotations

from collections import Counter

from synth.generate import ALL_LAYOUTS
from synth.layouts import LAYOUTS
from synth.plan import plan_corpus, subtype
from synth.truth import documents

SUBTYPES = {
    "invoice",
    "packing_list",
    "AWB",
    "BL",
    "CMR",
    "import_licence",
    "certificate_of_origin",
    "phytosanitary_certificate",
}


def test_forty_shipments_cover_every_kind_layout_and_language() -> None:
    for seed in (1, 2):
        seen_layout: set[tuple[str, str]] = set()
        seen_lang: set[tuple[str, str]] = set()
        for p in plan_corpus(seed, 40):
            s = p.shipment
            for d in documents(s):
                sub = subtype(s, d.kind)
                seen_layout.add((sub, LAYOUTS[d.view.variant]["name"]))
                seen_lang.add((sub, d.view.lang))
        assert {sub for sub, _ in seen_layout} == SUBTYPES
        assert len(seen_layout) == len(SUBTYPES) * ALL_LAYOUTS, seed
        assert len(seen_lang) == len(SUBTYPES) * 4, seed


def test_shipment_i_does_not_depend_on_the_corpus_size() -> None:
    small = [p.shipment for p in plan_corpus(3, 5, scans=True)]
    large = [p.shipment for p in plan_corpus(3, 9, scans=True)]
    assert small == large[:5]
    assert [p.shipment for p in plan_corpus(4, 5)] != small


def test_same_seed_same_documents() -> None:
    a = [d.pdf for p in plan_corpus(5, 4) for d in documents(p.shipment)]
    b = [d.pdf for p in plan_corpus(5, 4) for d in documents(p.shipment)]
    assert a == b


def test_long_invoices_and_scans_occur() -> None:
    planned = [p.shipment for p in plan_corpus(6, 60, scans=True, scan_share=0.3)]
    long = [s for s in planned if len(s.items) >= 18]
    assert 0.1 < len(long) / len(planned) < 0.35
    assert all(len(s.items) <= 45 for s in planned)
    scanned = Counter(k for s in planned for k in s.scanned)
    docs = sum(len(s.documents) for s in planned)
    assert 0.2 < sum(scanned.values()) / docs < 0.45
    assert all(s.scan_mode == "profile" for s in planned)
    assert not any(s.scanned for p in plan_corpus(6, 10) for s in [p.shipment])
