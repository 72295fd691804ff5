"""Ground truth and the expected consignment, in the public corpus JSON format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synth.model import Shipment
from synth.views import DocView, invoice_view, packing_list_view, permit_view, waybill_view


@dataclass
class Doc:
    id: str
    kind: str  # invoice | packing_list | waybill | permit
    view: DocView
    scanned: bool
    scan_format: str = "png"  # png | jpg, for scanned documents

    @property
    def file(self) -> str:
        return f"docs/{self.id}.{self.scan_format if self.scanned else 'pdf'}"


def documents(s: Shipment) -> list[Doc]:
    """The documents of a shipment in attachment order, with stable ids."""
    out: list[Doc] = []
    fmt = s.scan_format
    for kind in s.documents:
        if kind == "invoice":
            out.append(Doc(f"{s.id}_invoice", kind, invoice_view(s), kind in s.scanned, fmt))
        elif kind == "packing_list":
            out.append(
                Doc(f"{s.id}_packing_list", kind, packing_list_view(s), kind in s.scanned, fmt)
            )
        elif kind == "waybill":
            slug = s.transport.document_type.lower()
            out.append(Doc(f"{s.id}_{slug}", kind, waybill_view(s), kind in s.scanned, fmt))
        elif kind == "permit":
            for p in s.permits:
                out.append(
                    Doc(f"{s.id}_{p.permit_type}", kind, permit_view(s, p), kind in s.scanned, fmt)
                )
    return out


def ground_truth(s: Shipment, d: Doc) -> dict[str, Any]:
    v = d.view
    gt: dict[str, Any] = {
        "id": d.id,
        "doc_type": v.doc_type,
        "file": d.file,
        "file_kind": "image" if d.scanned else "pdf_text",
        "language": v.lang,
        "fields": {k: val for k, val in v.ground_truth().items() if val not in ("", None, [])},
    }
    if v.table is not None:
        gt["line_items"] = v.table.gt_rows
    gt["shipment"] = s.id
    gt["layout"] = ["blocks", "grid"][v.variant % 2]
    gt["source"] = f"synthetic: clearway synth, shipment seed {s.seed!r}"
    return gt


def _links(s: Shipment, docs: list[Doc]) -> list[dict[str, str]]:
    """Citing document -> cited document, for every reference a document prints."""
    issuers: dict[str, Doc] = {}
    for d in docs:
        f = d.view.ground_truth()
        for key in ("invoice_number", "transport_document_number", "permit_number"):
            if key in f:
                issuers[str(f[key])] = d
    links = []
    for d in docs:
        f = d.view.ground_truth()
        for key in ("invoice_refs", "transport_document_refs", "permit_refs"):
            for ref in f.get(key, []):
                target = issuers.get(ref)
                if target is not None:
                    links.append(
                        {"from": d.file, "to": target.file, "reference": ref, "field": key}
                    )
        # Packing list and B/L share container numbers: a link without an issuer.
        if d.kind == "packing_list":
            for target in docs:
                if target.kind == "waybill":
                    for cn in f.get("container_numbers", []):
                        links.append(
                            {
                                "from": d.file,
                                "to": target.file,
                                "reference": cn,
                                "field": "container_numbers",
                            }
                        )
    return links


def shipment_record(s: Shipment, docs: list[Doc], channel: str | None = None) -> dict[str, Any]:
    kinds = {d.kind for d in docs}
    rec: dict[str, Any] = {
        "id": s.id,
        "mode": s.transport.mode,
        "transport_document_type": s.transport.document_type,
    }
    if channel:
        rec["channel"] = channel
    rec |= {
        "documents": [d.file for d in docs],
        "document_ids": [d.id for d in docs],
        "references": {
            "invoice_number": s.invoice_number,
            "transport_document_number": s.transport.number,
            "packing_list_number": s.packing_list_number if "packing_list" in kinds else None,
            "permit_numbers": [p.number for p in s.permits] if "permit" in kinds else [],
            "container_numbers": list(s.transport.containers),
            "buyer_order_reference": s.buyer_order_reference,
        },
        "links": _links(s, docs),
        "consignment": {
            "documents": [d.file for d in docs],
            "complete": "invoice" in kinds and "waybill" in kinds,
            # Generated consistent: no cross-document finding is expected.
            "findings": [],
            "importer_name": s.buyer.name,
            "exporter_name": s.seller.name,
            "currency": s.currency,
            "total_amount": f"{s.total_amount:.2f}",
            "incoterms": s.incoterms,
            "gross_weight_kg": f"{s.gross_weight_kg:.1f}",
            "net_weight_kg": f"{s.net_weight_kg:.1f}",
            "packages_count": str(s.packages_count),
        },
    }
    return rec
