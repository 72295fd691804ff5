"""Page images for the declaration view: boxes from query strings, rendering with and without
a box, pages a document does not have, and the value rows that carry box and scale."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from extractors.provenance import RENDER_DPI
from tests.integration.pdf_factory import make_pdf
from web.page_images import _Cache, box_scale, parse_box, render_png
from web.workbench import finding_keys, value_rows


@pytest.mark.parametrize(
    ("text", "box"),
    [
        ("10,20,110,30", (10.0, 20.0, 110.0, 30.0)),
        (" 1.5, 2 ,3.5,4", (1.5, 2.0, 3.5, 4.0)),
        ("", None),
        ("1,2,3", None),
        ("a,b,c,d", None),
        ("10,20,5,30", None),  # x1 before x0
        ("nan,1,2,3", None),
        ("1e9,1,2e9,3", None),
    ],
)
def test_parse_box(text, box):
    assert parse_box(text) == box


def test_box_scale_is_points_for_pdf_and_pixels_for_images():
    assert box_scale("application/pdf") == RENDER_DPI / 72
    assert box_scale("image/png") == box_scale(None) == 1.0


def test_render_with_and_without_a_box():
    data = make_pdf("Invoice 42")
    plain = Image.open(io.BytesIO(render_png(data, "application/pdf", 1)))
    boxed_png = render_png(data, "application/pdf", 1, (10.0, 20.0, 110.0, 30.0), "total")
    boxed = Image.open(io.BytesIO(boxed_png))
    assert plain.size == boxed.size and plain.format == "PNG"
    assert plain.tobytes() != boxed.tobytes()
    with pytest.raises(IndexError):
        render_png(data, "application/pdf", 2)
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(image, format="PNG")
    assert Image.open(io.BytesIO(render_png(image.getvalue(), "image/png", 1))).size == (40, 30)
    with pytest.raises(IndexError):
        render_png(image.getvalue(), "image/png", 2)


def test_cache_keeps_the_most_recently_used():
    cache = _Cache(2)
    for n in (1, 2):
        cache.put(("sha", n, None, ""), b"%d" % n)
    assert cache.get(("sha", 1, None, "")) == b"1"  # 1 is now the most recent
    cache.put(("sha", 3, None, ""), b"3")
    assert cache.get(("sha", 2, None, "")) is None and cache.get(("sha", 1, None, "")) == b"1"


def test_value_rows_carry_box_scale_and_findings():
    body = {
        "total_amount": {"value": "10.00", "de": "4/11", "confidence": 0.9,
                         "source": {"file": "inv.pdf", "page": 1, "bbox": [1, 2, 3, 4]}},
        "items": [{"hs_code": {"value": "850440", "de": "6/14", "confidence": 0.5,
                               "source": {"file": "scan.png", "page": 1, "bbox": [5, 6, 7, 8]}}}],
    }  # fmt: skip
    documents = [
        {"original_name": "inv.pdf", "document_ref": "CWD-1", "media_type": "application/pdf"},
        {"original_name": "scan.png", "document_ref": "CWD-2", "media_type": "image/png"},
    ]
    findings = [{"code": "totals_mismatch", "fields": ["total_amount"]},
                {"code": "hs_unknown", "fields": ["line_items[0].hs_code"]}]  # fmt: skip
    rows = {r["field"]: r for r in value_rows(body, documents, 0.8, findings)}
    total, hs = rows["total_amount"], rows["items.0.hs_code"]
    assert (total["document_ref"], total["bbox"], total["scale"]) == (
        "CWD-1", [1, 2, 3, 4], RENDER_DPI / 72,
    )  # fmt: skip
    assert (hs["document_ref"], hs["scale"], hs["check"]) == ("CWD-2", 1.0, True)
    assert (total["findings"], hs["findings"]) == (["totals_mismatch"], ["hs_unknown"])
    assert finding_keys("items.3.hs_code") == {
        "items.3.hs_code",
        "hs_code",
        "line_items[3].hs_code",
    }
    assert finding_keys("invoice_numbers.0") == {"invoice_numbers.0", "invoice_numbers"}
