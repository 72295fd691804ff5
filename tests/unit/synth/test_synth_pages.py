"""Long invoices and packing lists: the line-item table continues on the next pages, and
the ground truth lists every line, once."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from synth.generate import ALL_LAYOUTS, generate_shipment
from synth.model import Shipment
from synth.truth import documents, ground_truth


def _page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            tp = page.get_textpage()
            out.append(" ".join(tp.get_text_range().split()))
            tp.close()
        return out
    finally:
        doc.close()


@pytest.fixture(scope="module")
def long_shipment() -> Shipment:
    return generate_shipment(77, "long", mode="sea", goods="textiles", n_lines=40, articles=True)


@pytest.mark.parametrize("variant", range(ALL_LAYOUTS))
@pytest.mark.parametrize("kind", ["invoice", "packing_list"])
def test_long_table_continues_on_the_next_page(
    long_shipment: Shipment, variant: int, kind: str
) -> None:
    s = replace(
        long_shipment,
        layouts={kind: variant},
        languages={kind: "de" if variant % 2 else "en"},
        wording={kind: 5 + variant},
    )
    d = next(d for d in documents(s) if d.kind == kind)
    pages = _page_texts(d.pdf)
    assert len(pages) >= 2
    v = d.view
    assert v.table is not None
    # The header row is repeated on every page the table runs on.
    assert all(v.table.headers[-1] in page for page in pages[: len(pages) - 1])
    # Every page is numbered "n of m" in the document's wording.
    m = len(pages)
    for n, page in enumerate(pages, 1):
        assert v.texts["page_of"].format(n=n, m=m) in page
    # Totals come on the last page, after the last line.
    assert v.totals[-1].lines[0] in pages[-1]
    # The truth has every line once; carry lines are not line items.
    gt = ground_truth(s, d)
    assert len(gt["line_items"]) == 40
    text = " ".join(pages)
    for row in v.table.rows:
        assert row[v.table.headers.index(v.table.headers[-1])] in text
    for item in gt["line_items"]:
        assert item["description"] in text
    carry = v.texts["carried_forward"]
    assert not any(carry in item["description"] for item in gt["line_items"])


def test_carry_lines_sum_the_lines_so_far() -> None:
    """Where a layout prints "carried forward", the amount is the sum of the page's lines."""
    s = generate_shipment(78, "carry", goods="electronics", n_lines=45, articles=True)
    found = 0
    for pick in range(40):
        s2 = replace(
            s, layouts={"invoice": 2}, languages={"invoice": "en"}, wording={"invoice": pick}
        )
        d = documents(s2)[0]
        v = d.view
        if not (v.look["carry_lines"] and v.table and v.table.carry):
            continue
        pages = _page_texts(d.pdf)
        if len(pages) < 2:
            continue
        rows_on_page_1 = [r for r in v.table.rows if " ".join(r) in pages[0]]
        subtotal = sum(v.table.carry[: len(rows_on_page_1)])
        amount = v.style.number(subtotal, 2)
        assert f"{v.texts['carried_forward']} {amount}" in pages[0]
        assert f"{v.texts['brought_forward']} {amount}" in pages[1]
        found += 1
    assert found
