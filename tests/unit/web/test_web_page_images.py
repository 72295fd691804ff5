"""Page images for the declaration view: boxes from query strings, rendering with and without
a box, pages a document does not have, and the value rows that carry box and scale."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from extractors.provenance import RENDER_DPI
from tests.pdf_factory import make_pdf
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


def test_a_source_named_by_tracking_reference_leads_to_its_document():
    # The DAGs read each stored document under its CWD-... reference, so that is the name
    # its values' sources carry; the row must still link to the page and name the file.
    ref = "CWD-AAAA-BBBB-CC"
    source = {"file": ref, "page": 1, "bbox": [1, 2, 3, 4]}
    body = {"currency": {"value": "EUR", "de": "4/10", "confidence": 0.98, "source": source}}
    documents = [{"original_name": "inv.pdf", "document_ref": ref, "media_type": "application/pdf"}]
    (row,) = value_rows(body, documents, 0.8)
    assert (row["document_ref"], row["file"], row["scale"]) == (
        "CWD-AAAA-BBBB-CC", "inv.pdf", RENDER_DPI / 72,
    )  # fmt: skip
    assert row["label"] == "Invoice currency"


def test_field_labels_in_words_and_the_fields_an_assessor_may_amend():
    from declarations.field_labels import field_label
    from web.workbench import amendable_rows

    assert field_label("items.0.hs_code") == "Item 1: Commodity code"
    assert field_label("items.2.origin_country") == "Item 3: Country of origin"
    assert field_label("invoice_numbers.0") == "Invoice number 1"
    assert field_label("supporting_documents.1.type") == "Supporting document 2, type"
    assert field_label("gross_weight_kg") == "Gross mass (kg)"
    assert field_label("something_new") == "something_new"
    rows = [
        {"field": f}
        for f in ("items.0.hs_code", "currency", "importer_name", "items.1.description")
    ]
    # amendment_roles.yaml: an assessor changes codes and prices, not names or descriptions.
    assert [r["field"] for r in amendable_rows(rows)] == ["items.0.hs_code", "currency"]
