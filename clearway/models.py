"""The small typed domain model shared by every stage.

A field value never travels without its provenance (page, box, raw text, the
versioned extractor that produced it): assessors and auditors ask for it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["invoice", "receipt", "packing_list", "waybill", "permit", "other"]
Status = Literal["extracted", "partial", "failed", "rejected"]
Source = Literal["text", "ocr", "xml", "derived", "manual"]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points, or pixels for images)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Word(Frozen):
    """One word on a page, as read from the text layer or by OCR."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0  # OCR word confidence 0..1; 1.0 for the text layer


class Page(Frozen):
    number: int  # 1-based
    width: float
    height: float
    source: Literal["text", "ocr"]
    words: tuple[Word, ...] = ()
    unit: Literal["pt", "px"] = "pt"

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


class FieldValue(Frozen):
    value: Any  # normalised form of fields.md: str, or list[str] for list fields
    confidence: float = Field(ge=0.0, le=1.0)
    page: int | None = None
    bbox: BBox | None = None
    source: Source = "text"
    raw: str | None = None  # the text as printed
    extractor: str | None = None  # versioned producer name, e.g. "labels.invoice.v1"

    def output(self) -> dict[str, Any]:
        """The form of fields.md's extraction output."""
        out: dict[str, Any] = {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": [round(c, 1) for c in self.bbox] if self.bbox else None,
            "source": self.source,
        }
        if self.raw is not None:
            out["raw"] = self.raw
        if self.extractor is not None:
            out["extractor"] = self.extractor
        return out


class ErrorInfo(Frozen):
    code: str  # stable, e.g. "CW105"
    name: str  # stable slug, e.g. "encrypted_pdf"
    message: str  # a sentence a data steward can act on


class Reference(Frozen):
    """A reference number a document carries, used to link documents of one shipment."""

    kind: Literal["invoice", "transport_document", "permit", "container", "order", "packing_list"]
    value: str  # normalised (see linking.references)
    field: str | None = None  # the field it came from


class XmlTextMismatch(Frozen):
    """One canonical field whose XML value differs from the value printed on the page."""

    field: str
    xml_value: str
    text_value: str
    page: int | None = None  # where the text value was read, to show a reviewer
    bbox: BBox | None = None
    text_source: str = "text"  # "text" (PDF text layer) or "ocr"


class Extraction(Frozen):
    """Everything extraction learned about one document; the unit stored and linked."""

    file: str
    sha256: str
    doc_type: DocType = "other"
    subtype: str | None = None
    status: Status
    errors: tuple[ErrorInfo, ...] = ()
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    line_items: tuple[dict[str, FieldValue], ...] = ()
    references: tuple[Reference, ...] = ()
    pages: int = 0
    page_sources: tuple[str, ...] = ()  # "text" or "ocr" per page
    media_type: str | None = None
    # Where an embedded e-invoice XML and the printed text disagree (validators.xml_text).
    xml_text_mismatches: tuple[XmlTextMismatch, ...] = ()
    language: str | None = None  # ISO 639-1, from the printed words (extractors.language)

    def output(self) -> dict[str, Any]:
        """One JSON object per document, exactly as fields.md describes."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "doc_type": self.doc_type,
            "status": self.status,
            "errors": [e.model_dump() for e in self.errors],
            "fields": {k: v.output() for k, v in self.fields.items()},
            "line_items": [{k: v.output() for k, v in item.items()} for item in self.line_items],
            "references": [{"kind": r.kind, "value": r.value} for r in self.references],
        }
