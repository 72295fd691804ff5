"""Ground truth and the expected consignment, in the public corpus JSON format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from synth.defects import KINDS, apply_to_view, expected_findings
from synth.labels import LABELS
from synth.layouts import layout_for
from synth.model import Shipment
from synth.render_pdf import render_pdf
from synth.scan import ScanProfile, draw_profile, page_count, scan, scan_document
from synth.views import DocView, invoice_view, packing_list_view, permit_view, waybill_view

_SUFFIX = {"png": "png", "jpg": "jpg", "tiff": "tif", "pdf": "pdf"}


@dataclass
class Doc:
    id: str
    kind: str  # invoice | packing_list | waybill | permit
    view: DocView
    scanned: bool
    scan_format: str = "png"  # legacy: png | jpg; profile: auto | png | jpg | tiff | pdf
    scan_mode: str = "legacy"  # legacy | profile (see Shipment.scan_mode)
    seed: str = ""  # what the scan draws its degradations from
    received: date = date(2026, 1, 1)  # the date a stamp on the scan may give

    @cached_property
    def pdf(self) -> bytes:
        return render_pdf(self.view)

    @cached_property
    def profile(self) -> ScanProfile | None:
        """The drawn scan profile; its container depends on the page count, so a
        profiled scan's file name is known once the document has been rendered."""
        if not self.scanned or self.scan_mode != "profile":
            return None
        words = LABELS[self.view.lang]["stamps"]
        if self.kind == "invoice":
            words = words + LABELS[self.view.lang]["stamp_paid"]
        return draw_profile(
            self.seed,
            page_count(self.pdf),
            words,
            self.received,
            None if self.scan_format == "auto" else self.scan_format,
        )

    @property
    def file(self) -> str:
        if not self.scanned:
            return f"docs/{self.id}.pdf"
        if self.profile is not None:
            return f"docs/{self.id}.{_SUFFIX[self.profile.format]}"
        return f"docs/{self.id}.{self.scan_format}"

    @property
    def file_kind(self) -> str:
        if not self.scanned:
            return "pdf_text"
        return "scan" if self.profile is not None else "image"

    def data(self) -> bytes:
        """The file's bytes: the PDF, or the scan of it."""
        if not self.scanned:
            return self.pdf
        if self.profile is not None:
            return scan_document(self.pdf, self.profile)
        return scan(self.pdf, seed=self.seed, fmt=self.scan_format)


def documents(s: Shipment) -> list[Doc]:
    """The documents of a shipment in attachment order, with stable ids."""
    views: list[tuple[str, str, DocView]] = []
    for kind in s.documents:
        if kind == "invoice":
            views.append((f"{s.id}_invoice", kind, invoice_view(s)))
        elif kind == "packing_list":
            views.append((f"{s.id}_packing_list", kind, packing_list_view(s)))
        elif kind == "waybill":
            slug = s.transport.document_type.lower()
            views.append((f"{s.id}_{slug}", kind, waybill_view(s)))
        elif kind == "permit":
            for p in s.permits:
                views.append((f"{s.id}_{p.permit_type}", kind, permit_view(s, p)))
    if s.defect:
        views = [(i, k, apply_to_view(s, k, v)) for i, k, v in views]
    return [
        Doc(
            doc_id,
            kind,
            view,
            kind in s.scanned,
            s.scan_format,
            s.scan_mode,
            f"{s.seed}:{doc_id}",
            s.transport.issue_date,
        )
        for doc_id, kind, view in views
    ]


def ground_truth(s: Shipment, d: Doc) -> dict[str, Any]:
    v = d.view
    gt: dict[str, Any] = {
        "id": d.id,
        "doc_type": v.doc_type,
        "file": d.file,
        "file_kind": d.file_kind,
        "language": v.lang,
        "fields": {k: val for k, val in v.ground_truth().items() if val not in ("", None, [])},
    }
    if v.table is not None:
        gt["line_items"] = v.table.gt_rows
    gt["shipment"] = s.id
    gt["layout"] = layout_for(v.variant)["name"]
    if d.profile is not None:
        gt["scan"] = d.profile.record()
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
            # Generated consistent unless a defect was injected: its findings are expected.
            "findings": expected_findings(s),
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
    if s.defect:
        rec["defect"] = {"kind": s.defect, "what": KINDS[s.defect].what}
    return rec
