"""The e-invoice reader and cross-check on the public corpus.

The ground truth of the Factur-X / ZUGFeRD / XRechnung documents was made from their embedded XML,
so the reader must reproduce every ``fields`` value (and ``xml_only_fields``, and the line items).
The cross-check runs the text extraction on ``docs_noxml/`` (same pages, attachment removed)
against the XML: amounts, dates, references and names must agree; the one sample whose XML and
page really differ (zf_basicwl_einfach_2p1 prints DE- where the XML has FR- ids) must be caught.
Needs no services, only the corpus.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.einvoice import EInvoice, crosscheck, embedded_xml, read_einvoice

CORPUS = Path("/work/shared/corpus/public")
LINE_FIELDS = ("description", "quantity", "unit_code", "unit_price", "line_total")
# Text values that must agree with the XML wherever both exist (addresses are left out: the text
# finder's party blocks are known to pick up headings, see the report printed below).
MUST_AGREE = (
    "invoice_number",
    "issue_date",
    "due_date",
    "delivery_date",
    "seller_name",
    "buyer_name",
    "seller_vat_id",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "amount_due",
    "buyer_order_reference",
)
REAL_DIFFERENCES = {("zf_basicwl_einfach_2p1", "buyer_vat_id"), ("zf_basicwl_einfach_2p1", "iban")}

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="public corpus not mounted")


def ground_truths() -> list[dict]:
    if not CORPUS.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted((CORPUS / "gt").glob("*.json"))]


def xml_cases() -> list[dict]:
    return [
        gt
        for gt in ground_truths()
        if "XML" in gt.get("gt_origin", "") and gt["file"].endswith(".pdf")
    ]


@cache
def einvoice(rel: str) -> EInvoice | None:
    found = embedded_xml((CORPUS / rel).read_bytes())
    return read_einvoice(found) if found else None


def same(field: str, got: object, expected: str) -> bool:
    if field.endswith("_name"):
        return str(got).casefold() == expected.casefold()
    return got == expected


@pytest.mark.parametrize("gt", xml_cases(), ids=lambda gt: gt["id"])
def test_reader_reproduces_the_ground_truth(gt: dict) -> None:
    e = einvoice(gt["file"])
    assert e is not None, "no e-invoice XML found"
    expected = {**gt["fields"], **(gt.get("xml_only_fields") or {})}
    wrong = {
        f: (e.fields[f].value if f in e.fields else None, v)
        for f, v in expected.items()
        if not (f in e.fields and same(f, e.fields[f].value, v))
    }
    assert not wrong, wrong
    extra = gt.get("extra_fields") or {}
    for side in ("seller", "buyer"):
        if f"{side}_country" in extra:
            assert e.fields[f"{side}_country"].value == extra[f"{side}_country"]
    assert e.type_code == extra.get("document_type_code")


@pytest.mark.parametrize(
    "gt", [g for g in xml_cases() if g.get("line_items")], ids=lambda g: g["id"]
)
def test_reader_reproduces_the_line_items(gt: dict) -> None:
    e = einvoice(gt["file"])
    assert e is not None
    got = [{f: item[f].value for f in LINE_FIELDS if f in item} for item in e.line_items]
    want = [{f: item[f] for f in LINE_FIELDS if f in item} for item in gt["line_items"]]
    assert got == want


def test_per_field_agreement_is_complete() -> None:
    agree = total = 0
    for gt in xml_cases():
        e = einvoice(gt["file"])
        for field, value in gt["fields"].items():
            total += 1
            agree += bool(e and field in e.fields and same(field, e.fields[field].value, value))
    print(f"\ne-invoice XML vs ground truth: {agree}/{total} field values agree")
    assert total > 150 and agree == total


def test_documents_without_xml_give_none() -> None:
    for gt in ground_truths():
        if gt["file"].endswith(".pdf") and "XML" not in gt.get("gt_origin", ""):
            assert einvoice(gt["file"]) is None, gt["id"]  # i2d invoices, the encrypted PDF
        if gt.get("file_noxml"):
            assert embedded_xml((CORPUS / gt["file_noxml"]).read_bytes()) is None, gt["id"]


def test_crosscheck_against_the_text_layer() -> None:
    from clearway.settings import load_settings
    from extractors.document import extract_bytes

    settings = load_settings()
    found: set[tuple[str, str]] = set()
    lines = []
    for gt in xml_cases():
        e = einvoice(gt["file"])
        assert e is not None
        path = CORPUS / gt["file_noxml"]
        text = extract_bytes(path.read_bytes(), path.name, settings)
        for m in crosscheck(e.fields, text.fields):
            found.add((gt["id"], m.field))
            lines.append(
                f"  {gt['id']}: {m.field} xml={m.xml_value!r} text={m.text_value!r} p{m.page}"
            )
    print("\nxml/text mismatches on the public corpus:\n" + "\n".join(lines))
    assert found >= REAL_DIFFERENCES
    assert not {(doc, f) for doc, f in found if f in MUST_AGREE}
