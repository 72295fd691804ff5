"""Linking under OCR misreads and ambiguity: confirmed matches only, never a guess."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from clearway.models import Extraction, FieldValue
from linking.group import group_documents


def ex(file, doc_type, **fields):
    return Extraction(
        file=file,
        sha256=hashlib.sha256(file.encode()).hexdigest(),
        doc_type=doc_type,
        status="extracted",
        fields={k: FieldValue(value=v, confidence=0.9) for k, v in fields.items()},
    )


def files(groups):
    return [g.files for g in groups]


INV1 = ex(
    "1/inv.pdf",
    "invoice",
    invoice_number="INV-2026-0042",
    gross_weight_kg="812.4",
    transport_document_refs=["176-1234 5675"],
)
AWB1 = ex(
    "1/awb.pdf",
    "waybill",
    transport_document_number="17612345675",
    invoice_refs=["INV-2026-0042"],
    gross_weight_kg="812.4",
)
INV2 = ex(
    "2/inv.pdf", "invoice", invoice_number="RE 99/7781", transport_document_refs=["MAEU240011873"]
)
BL2 = ex(
    "2/bl.pdf",
    "waybill",
    transport_document_number="MAEU240011873",
    container_numbers=["CSQU3054383"],
)


def test_awb_misread_links_by_its_check_digit():
    awb = ex("1/awb.pdf", "waybill", transport_document_number="I76-I234567S")
    [g] = group_documents([INV1, awb])
    assert g.files == ("1/awb.pdf", "1/inv.pdf")
    assert g.findings == ()


def test_container_misread_links_by_its_check_digit():
    pl = ex("2/pl.pdf", "packing_list", container_numbers=["CSQU 3O54383"])
    [g] = group_documents([BL2, pl])
    assert len(g.files) == 2


def test_confused_reference_links_when_a_second_value_confirms():
    # the packing list's invoice number was read with O for 0; the weight confirms the match
    pl = ex("1/pl.pdf", "packing_list", invoice_refs=["INV-2O26-OO42"], gross_weight_kg="812.4")
    [g] = group_documents([INV1, AWB1, pl])
    assert g.files == ("1/awb.pdf", "1/inv.pdf", "1/pl.pdf")
    assert {"from": "1/pl.pdf", "to": "1/inv.pdf", "reference": "INV-2026-0042"} in [
        lk.output() for lk in g.links
    ]


def test_confused_reference_without_confirmation_is_not_linked():
    pl = ex("1/pl.pdf", "packing_list", invoice_refs=["INV-2O26-OO42"], gross_weight_kg="99.0")
    groups = group_documents([INV1, AWB1, pl])
    assert files(groups) == [("1/awb.pdf", "1/inv.pdf"), ("1/pl.pdf",)]


def test_document_fitting_two_consignments_is_ambiguous_not_guessed():
    permit = ex(
        "x/permit.pdf",
        "permit",
        permit_number="LIC-77",
        invoice_refs=["INV-2026-0042", "RE-99-7781"],
    )
    groups = group_documents([INV1, AWB1, INV2, BL2, permit])
    assert files(groups) == [
        ("1/awb.pdf", "1/inv.pdf"),
        ("2/bl.pdf", "2/inv.pdf"),
        ("x/permit.pdf",),
    ]
    [f] = groups[2].findings
    assert (f.code, f.severity, f.documents) == ("ambiguous_link", "warning", ["x/permit.pdf"])
    assert groups[0].id in f.message and groups[1].id in f.message
    assert groups[0].findings == groups[1].findings == ()


def test_ambiguity_does_not_depend_on_order():
    permit = ex("x/permit.pdf", "permit", invoice_refs=["INV-2026-0042", "RE-99-7781"])
    docs = [INV1, AWB1, INV2, BL2, permit]
    assert group_documents(docs) == group_documents(list(reversed(docs)))


def test_one_waybill_for_two_invoices_is_one_consignment():
    inv_b = ex(
        "1/inv-b.pdf",
        "invoice",
        invoice_number="INV-2026-0043",
        transport_document_refs=["17612345675"],
    )
    pl = ex("1/pl.pdf", "packing_list", invoice_refs=["INV-2026-0042", "INV-2026-0043"])
    [g] = group_documents([INV1, inv_b, AWB1, pl])
    assert len(g.files) == 4 and g.findings == ()


def test_invoice_joining_packing_list_and_waybill_is_not_ambiguous():
    inv = ex(
        "1/inv.pdf",
        "invoice",
        invoice_number="INV-2026-0042",
        transport_document_refs=["17612345675"],
    )
    awb = ex("1/awb.pdf", "waybill", transport_document_number="17612345675")
    pl = ex("1/pl.pdf", "packing_list", invoice_refs=["INV-2026-0042"])
    coo = ex(
        "1/coo.pdf", "permit", permit_number="VN26CO000123", transport_document_refs=["17612345675"]
    )
    [g] = group_documents([inv, awb, pl, coo])
    assert len(g.files) == 4 and g.findings == ()


def test_permit_citing_only_a_joined_packing_list_joins_too():
    pl = ex(
        "1/pl.pdf", "packing_list", packing_list_number="PL-5531", invoice_refs=["INV-2026-0042"]
    )
    cert = ex("1/cert.pdf", "permit", permit_number="PC-ZA-1234567", invoice_refs=["PL 5531"])
    [g] = group_documents([INV1, AWB1, pl, cert])
    assert "1/cert.pdf" in g.files


def test_documents_without_anchor_still_group():
    pl = ex("p.pdf", "packing_list", invoice_refs=["INV-0042"])
    permit = ex("q.pdf", "permit", invoice_refs=["INV 0042"])
    [g] = group_documents([pl, permit])
    assert g.files == ("p.pdf", "q.pdf")


def test_late_document_joins_by_confirmed_confusions_only():
    from linking.group import assign_to_existing
    from linking.references import reference_keys

    existing = {"CWC-1": reference_keys(INV1) | reference_keys(AWB1), "CWC-2": reference_keys(BL2)}
    one_confused = ex("late1.pdf", "permit", invoice_refs=["INV-2O26-OO42"])
    assert assign_to_existing(existing, one_confused) is None  # nothing confirms it
    two_confused = ex(
        "late2.pdf",
        "permit",
        invoice_refs=["INV-2O26-OO42"],
        permit_refs=["PO-1"],
        transport_document_refs=["MAEU24OO11873"],
    )
    # the invoice number points at CWC-1, the B/L number at CWC-2: neither is confirmed twice
    assert assign_to_existing(existing, two_confused) is None
    both = ex(
        "late3.pdf",
        "packing_list",
        invoice_refs=["INV-2O26-OO42"],
        transport_document_refs=["I76-I234567S"],
    )
    assert assign_to_existing(existing, both) == "CWC-1"
    ambiguous = ex(
        "late4.pdf",
        "permit",
        invoice_refs=["INV-2026-0042"],
        transport_document_refs=["MAEU240011873"],
    )
    assert assign_to_existing(existing, ambiguous) == "ambiguous"


@given(st.permutations(range(5)))
def test_grouping_does_not_depend_on_arrival_order(order):
    permit = ex("x/permit.pdf", "permit", invoice_refs=["INV-2026-0042", "RE-99-7781"])
    pl = ex("1/pl.pdf", "packing_list", invoice_refs=["INV-2O26-OO42"], gross_weight_kg="812.4")
    docs = [INV1, AWB1, INV2, BL2, permit, pl]
    shuffled = [docs[i] for i in order] + docs[5:]
    assert group_documents(shuffled) == group_documents(docs)


def test_process_output_carries_the_ambiguous_link():
    from clearway.process import consignment_output
    from validators.consignment import CheckParams

    permit = ex("x/permit.pdf", "permit", invoice_refs=["INV-2026-0042", "RE-99-7781"])
    docs = [INV1, AWB1, INV2, BL2, permit]
    lone = group_documents(docs)[2]
    out = consignment_output(lone, [permit], CheckParams())
    assert out["documents"] == ["x/permit.pdf"] and out["complete"] is False
    assert [f["code"] for f in out["findings"]][:1] == ["ambiguous_link"]
