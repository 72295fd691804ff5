"""Hand-built extractions of one consistent air shipment; tests break one thing at a time.

One copy for the validator, declaration and process unit tests (pytest puts tests/unit on
sys.path, see pyproject.toml)."""

from __future__ import annotations

import hashlib
from typing import Any

from clearway.models import Extraction, FieldValue, Reference


def fv(value: Any, confidence: float = 0.97, page: int = 1) -> FieldValue:
    return FieldValue(value=value, confidence=confidence, page=page, bbox=(10.0, 20.0, 110.0, 30.0))


def ex(
    file: str,
    doc_type: str,
    fields: dict[str, Any],
    items: list[dict[str, Any]] = (),
    refs: list[tuple[str, str, str]] = (),
    status: str = "extracted",
) -> Extraction:
    return Extraction(
        file=file,
        sha256=hashlib.sha256(file.encode()).hexdigest(),
        doc_type=doc_type,
        status=status,
        fields={k: v if isinstance(v, FieldValue) else fv(v) for k, v in fields.items()},
        line_items=tuple(
            {k: v if isinstance(v, FieldValue) else fv(v) for k, v in it.items()} for it in items
        ),
        references=tuple(Reference(kind=k, value=v, field=f) for k, v, f in refs),
    )


INVOICE = dict(
    invoice_number="INV-0042",
    issue_date="2026-03-10",
    seller_name="Shenzhen Bright Electronics Co., Ltd.",
    buyer_name="Kraxi GmbH",
    seller_country="CN",
    buyer_country="DE",
    currency="USD",
    net_amount="1000.00",
    tax_amount="0.00",
    total_amount="1000.00",
    incoterms="FCA",
    incoterms_place="Shenzhen",
    gross_weight_kg="120.5",
    net_weight_kg="100.0",
    packages_count="4",
    transport_document_refs=["17612345675"],
)
ITEMS = [
    dict(
        description="Power supply 60W",
        hs_code="850440",
        quantity="40",
        unit_code="C62",
        unit_price="15.00",
        line_total="600.00",
        origin_country="CN",
        net_weight_kg="60.0",
    ),
    dict(
        description="LED driver",
        hs_code="850440",
        quantity="20",
        unit_code="C62",
        unit_price="20.00",
        line_total="400.00",
        origin_country="CN",
        net_weight_kg="40.0",
    ),
]
WAYBILL = dict(
    transport_document_type="AWB",
    transport_document_number="17612345675",
    issue_date="2026-03-12",
    shipper_name="SHENZHEN BRIGHT ELECTRONICS CO LTD",
    consignee_name="KRAXI GMBH",
    packages_count="4",
    gross_weight_kg="121",
    invoice_refs=["INV-0042"],
)
PACKING = dict(
    packing_list_number="PL-0042",
    invoice_refs=["INV 0042"],
    packages_count="4",
    gross_weight_kg="120.5",
    net_weight_kg="100.0",
)
PERMIT = dict(
    permit_type="import_licence",
    permit_number="LIC-2026-77",
    issue_date="2026-01-01",
    expiry_date="2026-12-31",
    hs_codes=["8504"],
    invoice_refs=["INV-0042"],
)


def shipment(
    invoice: dict | None = None,
    items: list | None = None,
    waybill: dict | None = None,
    packing: dict | None = None,
    permit: dict | None = None,
) -> list[Extraction]:
    return [
        ex(
            "inv.pdf",
            "invoice",
            {**INVOICE, **(invoice or {})},
            items if items is not None else ITEMS,
            refs=[
                ("invoice", "INV-0042", "invoice_number"),
                ("transport_document", "17612345675", "transport_document_refs"),
            ],
        ),
        ex(
            "awb.pdf",
            "waybill",
            {**WAYBILL, **(waybill or {})},
            refs=[
                ("transport_document", "17612345675", "transport_document_number"),
                ("invoice", "INV-0042", "invoice_refs"),
            ],
        ),
        ex(
            "pl.pdf",
            "packing_list",
            {**PACKING, **(packing or {})},
            refs=[
                ("packing_list", "PL-0042", "packing_list_number"),
                ("invoice", "INV 0042", "invoice_refs"),
            ],
        ),
        ex(
            "permit.pdf",
            "permit",
            {**PERMIT, **(permit or {})},
            refs=[
                ("permit", "LIC-2026-77", "permit_number"),
                ("invoice", "INV-0042", "invoice_refs"),
            ],
        ),
    ]
