import hashlib

from clearway.ids import consignment_ref
from clearway.models import Extraction, FieldValue, Reference
from linking.findings import ambiguous_link
from linking.group import assign_to_existing, group_documents
from linking.references import key_of, reference_keys


def ex(file, doc_type, fields=None, refs=(), status="extracted"):
    return Extraction(
        file=file,
        sha256=hashlib.sha256(file.encode()).hexdigest(),
        doc_type=doc_type,
        status=status,
        fields={k: FieldValue(value=v, confidence=0.9) for k, v in (fields or {}).items()},
        references=tuple(Reference(kind=k, value=v, field=f) for k, v, f in refs),
    )


INV = ex(
    "a/inv.pdf",
    "invoice",
    {"invoice_number": "INV-0042", "transport_document_refs": ["17612345675"]},
)
AWB = ex("a/awb.pdf", "waybill", {"transport_document_number": "17612345675"})
PL = ex(
    "a/pl.pdf", "packing_list", {"packing_list_number": "PL-77", "invoice_refs": ["No. INV-0042"]}
)
OTHER = ex("b/inv.pdf", "invoice", {"invoice_number": "RE-2026-991"})


def test_keys_drop_labels_and_separators():
    assert key_of("invoice", "No. INV-0042") == key_of("invoice", "INV 0042") == "INV0042"
    assert key_of("transport_document", "176-1234 5675") == "17612345675"
    assert key_of("container", "CSQU 305438-3") == "CSQU3054383"
    assert key_of("invoice", "42") == ""  # too short to link by chance
    assert key_of("order", "ABCDEF") == ""  # no digit: a word, not a number


def test_chain_is_one_consignment():
    groups = group_documents([PL, AWB, INV, OTHER])
    assert [g.files for g in groups] == [("a/awb.pdf", "a/inv.pdf", "a/pl.pdf"), ("b/inv.pdf",)]
    links = [lk.output() for lk in groups[0].links]
    assert links == [
        {"from": "a/inv.pdf", "to": "a/awb.pdf", "reference": "17612345675"},
        {"from": "a/pl.pdf", "to": "a/inv.pdf", "reference": "INV-0042"},
    ]
    assert groups[0].id == consignment_ref(min(INV.sha256, AWB.sha256, PL.sha256))
    assert groups[1].links == ()


def test_order_independent():
    a = group_documents([INV, AWB, PL, OTHER])
    b = group_documents([OTHER, PL, INV, AWB])
    assert a == b


def test_normalised_references_link():
    inv = ex("x/i.pdf", "invoice", refs=[("invoice", "INV 0042", "invoice_number")])
    pl = ex("x/p.pdf", "packing_list", refs=[("invoice", "No. INV-0042", "invoice_refs")])
    groups = group_documents([inv, pl])
    assert len(groups) == 1 and groups[0].links[0].reference == "INV 0042"


def test_shared_container_links():
    bl = ex(
        "s/bl.pdf",
        "waybill",
        {"transport_document_number": "MAEU123456789", "container_numbers": ["CSQU3054383"]},
    )
    pl = ex("s/pl.pdf", "packing_list", {"container_numbers": ["CSQU 3054383"]})
    [g] = group_documents([bl, pl])
    # the container is the carrier's: the packing list cites the bill of lading
    assert g.links[0].output() == {"from": "s/pl.pdf", "to": "s/bl.pdf", "reference": "CSQU3054383"}


def test_permit_links_by_invoice_or_transport_refs():
    permit = ex(
        "a/permit.pdf",
        "permit",
        {"permit_number": "LIC-77", "transport_document_refs": ["17612345675"]},
    )
    groups = group_documents([INV, AWB, permit])
    assert len(groups) == 1 and len(groups[0].files) == 3


def test_failed_and_rejected_are_not_linked():
    bad = ex("a/awb2.pdf", "waybill", {"transport_document_number": "17612345675"}, status="failed")
    groups = group_documents([INV, bad])
    assert [g.files for g in groups] == [("a/inv.pdf",)]


def test_unrelated_documents_stay_alone():
    groups = group_documents([INV, OTHER])
    assert len(groups) == 2


def test_same_bytes_twice_is_one_document():
    groups = group_documents([INV, INV])
    assert groups[0].files == ("a/inv.pdf",)


def test_assign_to_existing():
    existing = {"CWC-A": reference_keys(INV) | reference_keys(AWB), "CWC-B": reference_keys(OTHER)}
    assert assign_to_existing(existing, PL) == "CWC-A"
    lone = ex("z.pdf", "invoice", {"invoice_number": "XYZ-9999"})
    assert assign_to_existing(existing, lone) is None
    both = ex("y.pdf", "permit", {"invoice_refs": ["INV-0042", "RE-2026-991"]})
    assert assign_to_existing(existing, both) == "ambiguous"
    f = ambiguous_link("y.pdf", ["CWC-A", "CWC-B"])
    assert (f.code, f.documents) == ("ambiguous_link", ["y.pdf"])


def test_citations_both_ways_give_two_links():
    inv = ex(
        "i.pdf",
        "invoice",
        {"invoice_number": "INV-0042", "transport_document_refs": ["17612345675"]},
    )
    awb = ex(
        "w.pdf",
        "waybill",
        {"transport_document_number": "17612345675", "invoice_refs": ["INV-0042"]},
    )
    [g] = group_documents([inv, awb])
    assert [lk.output() for lk in g.links] == [
        {"from": "i.pdf", "to": "w.pdf", "reference": "17612345675"},
        {"from": "w.pdf", "to": "i.pdf", "reference": "INV-0042"},
    ]


def test_documents_citing_an_absent_document_still_group():
    pl = ex("p.pdf", "packing_list", {"invoice_refs": ["INV-0042"]})
    awb = ex("w.pdf", "waybill", {"invoice_refs": ["INV 0042"]})
    [g] = group_documents([awb, pl])
    assert [lk.output() for lk in g.links] == [
        {"from": "p.pdf", "to": "w.pdf", "reference": "INV-0042"}
    ]
