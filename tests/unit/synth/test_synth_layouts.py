"""The newer layouts: every kind of document in every layout, really drawn differently,
and every value its ground truth holds is on the page."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from synth.generate import ALL_LAYOUTS, generate_shipment
from synth.layouts import LAYOUTS, look_for
from synth.model import Shipment
from synth.plan import plan_corpus, subtype
from synth.truth import Doc, documents, ground_truth

KINDS = ("invoice", "packing_list", "waybill", "permit")
# (mode, goods) that give each transport document and each permit kind.
SCENARIOS = [("air", "textiles"), ("sea", "steel"), ("road", "fruit")]


def _pages(pdf: bytes) -> list[tuple[str, list[tuple[int, int]]]]:
    """Per page: the text, and where its text lines start (10-point grid)."""
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for page in doc:
            tp = page.get_textpage()
            starts = []
            for i in range(tp.count_rects()):
                left, _bottom, _right, top = tp.get_rect(i)
                starts.append((round(left / 10), round(top / 10)))
            out.append((" ".join(tp.get_text_range().split()), starts))
            tp.close()
    finally:
        doc.close()
    return out


def _in_layout(s: Shipment, variant: int, lang: str = "en", pick: int = 7) -> list[Doc]:
    return documents(
        replace(
            s,
            layouts=dict.fromkeys(KINDS, variant),
            languages=dict.fromkeys(KINDS, lang),
            wording=dict.fromkeys(KINDS, pick),
        )
    )


@pytest.fixture(scope="module")
def shipments() -> list[Shipment]:
    return [
        generate_shipment(40 + n, f"l{n}", mode=mode, goods=goods)  # type: ignore[arg-type]
        for n, (mode, goods) in enumerate(SCENARIOS)
    ]


def test_at_least_four_layouts_and_the_new_ones_draw_choices() -> None:
    assert ALL_LAYOUTS == len(LAYOUTS) >= 4
    names = [layout["name"] for layout in LAYOUTS]
    assert len(set(names)) == len(names)
    for variant in range(2, ALL_LAYOUTS):
        looks = [look_for(variant, pick) for pick in range(40)]
        assert looks[3] == look_for(variant, 3)  # drawn from the pick, reproducibly
        assert len({look["font"] for look in looks}) == 3
        assert len({look["invoice_columns"] for look in looks}) > 2


def test_every_kind_renders_differently_in_every_layout(shipments: list[Shipment]) -> None:
    """Eight document kinds x all layouts: the text lines start in different places."""
    seen: set[str] = set()
    for s in shipments:
        by_layout = [_in_layout(s, v) for v in range(ALL_LAYOUTS)]
        for position, _doc in enumerate(by_layout[0]):
            docs = [layout_docs[position] for layout_docs in by_layout]
            seen.add(subtype(s, docs[0].kind))
            starts = [set(_pages(d.pdf)[0][1]) for d in docs]
            for (a, sa), (b, sb) in itertools.combinations(enumerate(starts), 2):
                shared = len(sa & sb) / min(len(sa), len(sb))
                assert shared < 0.6, (docs[0].id, a, b, shared)
    assert len(seen) == 8


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es"])
def test_every_printed_value_is_in_the_text_layer(shipments: list[Shipment], lang: str) -> None:
    for s, variant in itertools.product(shipments, range(2, ALL_LAYOUTS)):
        for d in _in_layout(s, variant, lang, pick=variant * 31 + len(lang)):
            text = " ".join(t for t, _ in _pages(d.pdf))
            v = d.view
            assert v.title in text
            for cell in v.header + v.parties + v.details + v.totals:
                for line in cell.lines:
                    assert " ".join(line.split()) in text, (d.id, variant, cell.key, line)
            for row in v.table.rows if v.table else []:
                for value in row:
                    assert value in text, (d.id, variant, value)


def test_ground_truth_lists_exactly_the_printed_columns() -> None:
    """A line-item column the layout leaves out is not in the truth either."""
    checked = set()
    for p in plan_corpus(8, 30):
        for d in documents(p.shipment):
            table = d.view.table
            if table is None or d.view.variant < 2:
                continue
            gt = ground_truth(p.shipment, d)["line_items"]
            for row, truth in zip(table.rows, gt, strict=True):
                assert truth["description"] in row
                assert ("hs_code" in truth) == any(
                    value.replace(".", "") == truth.get("hs_code") for value in row
                )
                checked.add(frozenset(truth))
    assert len(checked) >= 5  # several column sets occur
