"""The pre-filled import declaration of one consignment, in the form of consignments.md.

Every value carries its EU UCC data element number and the document, page and box it came
from, so an assessor can check it at a glance. Where documents disagree the most
authoritative one wins (sources.json); the disagreement itself is a finding, raised elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from clearway.models import Extraction, FieldValue
from declarations.duties import estimate_duties
from validators.findings import Finding
from validators.rules import country_valid, to_decimal

DATA = Path(__file__).resolve().parent / "data"
USABLE = frozenset({"extracted", "partial"})
INVOICES = ("invoice", "receipt")
TOP_KEYS = (
    "importer_name",
    "exporter_name",
    "transport_document_type",
    "transport_document_number",
    "invoice_numbers",
    "currency",
    "total_amount",
    "incoterms",
    "incoterms_place",
    "gross_weight_kg",
    "net_weight_kg",
    "packages_count",
    "country_of_dispatch",
    "supporting_documents",
)
ITEM_KEYS = (
    "hs_code",
    "description",
    "origin_country",
    "quantity",
    "unit_code",
    "line_total",
    "net_weight_kg",
)


@cache
def _data(name: str) -> dict[str, Any]:
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def data_element(key: str) -> str:
    """The UCC data element number of a declaration key (``items.hs_code`` for item keys)."""
    return str(_data("data_elements.json")[key]["de"])


def value_object(
    key: str, value: Any, fv: FieldValue | None, file: str | None, derived: bool = False
) -> dict[str, Any]:
    """``{"value", "de", "source": {"file", "page", "bbox"}, "confidence"}``."""
    obj: dict[str, Any] = {
        "value": value,
        "de": data_element(key),
        "source": None
        if fv is None or file is None
        else {
            "file": file,
            "page": fv.page,
            "bbox": [round(c, 1) for c in fv.bbox] if fv.bbox else None,
        },
        "confidence": round(fv.confidence, 3) if fv is not None else 0.0,
    }
    if derived:
        obj["derived"] = True
    return obj


# the whole value a LOCODE, or a place name followed by its LOCODE in parentheses
_LOCODE = re.compile(r"([A-Z]{2}[A-Z2-9]{3})|.*\(([A-Z]{2}[A-Z2-9]{3})\)")


def _transform(value: Any, how: str | None) -> Any:
    if how is None:
        return value if not isinstance(value, list | tuple) else None
    if how == "first":
        seq = value if isinstance(value, list | tuple) else [value]
        return seq[0] if seq else None
    if how == "locode_country":  # UN/LOCODE "CNSZX" (or "Basel (CHBSL)") -> "CN"
        m = _LOCODE.fullmatch(str(value).strip())
        code = m and (m.group(1) or m.group(2))
        return code[:2] if code and country_valid(code[:2]) else None
    raise ValueError(f"unknown transform {how!r}")


def _pick(
    key: str,
    docs: list[Extraction],
    threshold: float,
    line: dict[str, FieldValue] | None = None,
    line_doc: Extraction | None = None,
) -> dict[str, Any]:
    """The value of ``key`` from the most authoritative source read with confidence at or above
    the threshold; when none is, from the most authoritative source that has a value (a
    misread on the preferred document must not beat a clear reading on another one)."""
    found = list(_candidates(key, docs, line, line_doc))
    if not found:
        return value_object(key, None, None, None)
    confident = [c for c in found if c[1].confidence >= threshold]
    value, fv, file, derived = (confident or found)[0]
    return value_object(key, value, fv, file, derived=derived)


def _candidates(
    key: str,
    docs: list[Extraction],
    line: dict[str, FieldValue] | None,
    line_doc: Extraction | None,
) -> Iterator[tuple[Any, FieldValue, str, bool]]:
    """(value, field value, file, derived) of every source that has one, in preference order."""
    for source in _data("sources.json").get(key, []):
        doc_type, field, how = source[0], source[1], (source[2] if len(source) > 2 else None)
        if doc_type == "line":
            candidates = [(line_doc, line)] if line is not None and line_doc is not None else []
        elif line_doc is not None and doc_type in INVOICES:
            candidates = [(line_doc, line_doc.fields)]  # an item falls back on its own invoice
        else:
            candidates = [(d, d.fields) for d in _by_confidence(docs, doc_type, field)]
        for doc, fields in candidates:
            fv = fields.get(field)
            if fv is None or fv.value in (None, ""):
                continue
            value = _transform(fv.value, how)
            if value not in (None, ""):
                yield value, fv, doc.file, how == "locode_country"


def _by_confidence(docs: list[Extraction], doc_type: str, field: str) -> list[Extraction]:
    of_type = [d for d in docs if d.doc_type == doc_type and field in d.fields]
    return sorted(of_type, key=lambda d: (-d.fields[field].confidence, d.file))


def _total(invoices: list[Extraction]) -> dict[str, Any]:
    stated = [(d, d.fields["total_amount"]) for d in invoices if "total_amount" in d.fields]
    if len(stated) == 1:
        d, fv = stated[0]
        return value_object("total_amount", fv.value, fv, d.file)
    amounts = [to_decimal(fv.value) for _, fv in stated]
    currencies = {d.fields["currency"].value for d in invoices if "currency" in d.fields}
    if not stated or None in amounts or len(currencies) > 1:
        return value_object("total_amount", None, None, None)  # no honest single figure
    total = sum((a for a in amounts if a is not None), Decimal(0))
    d, fv = min(stated, key=lambda s: s[1].confidence)  # the weakest link bounds the sum
    return value_object("total_amount", f"{total:.2f}", fv, d.file, derived=True)


def _code(key: str) -> str | None:
    return _data("document_codes.json").get(key)


def _with_code(obj: dict[str, Any], code: str | None) -> dict[str, Any]:
    return {**obj, "document_code": code} if code else obj


def _invoice_numbers(invoices: list[Extraction]) -> list[dict[str, Any]]:
    out = []
    for d in invoices:
        fv = d.fields.get("invoice_number")
        if fv is not None and fv.value:
            kind = d.fields.get("invoice_type")
            code = _code(str(kind.value)) if kind is not None else _code("commercial")
            out.append(_with_code(value_object("invoice_numbers", fv.value, fv, d.file), code))
    return out


def _supporting(permits: list[Extraction]) -> list[dict[str, Any]]:
    out = []
    for d in permits:
        t, n = d.fields.get("permit_type"), d.fields.get("permit_number")
        if n is None or not n.value:
            continue
        code = _code(str(t.value)) if t is not None else None
        out.append(
            {
                "type": value_object("supporting_documents", t.value if t else None, t, d.file),
                "number": _with_code(
                    value_object("supporting_documents", n.value, n, d.file), code
                ),
            }
        )
    return out


def _items(
    invoices: list[Extraction], docs: list[Extraction], threshold: float
) -> list[dict[str, Any]]:
    items = []
    for d in invoices:
        for line in d.line_items:
            item = {}
            for k in ITEM_KEYS:
                key = f"items.{k}"
                if k == "origin_country":
                    item[k] = _pick(key, docs, threshold, line=line, line_doc=d)
                else:
                    fv = line.get(k)
                    has = fv is not None and fv.value not in (None, "")
                    item[k] = (
                        value_object(key, fv.value, fv, d.file)
                        if has
                        else value_object(key, None, None, None)
                    )
            items.append(item)
    return items


def assemble_declaration(
    extractions: Iterable[Extraction], threshold: float = 0.8
) -> dict[str, Any]:
    """The declaration of one consignment: every key of consignments.md, null where unknown,
    and ``duties``: the estimate of duty and VAT in EUR (declarations.duties)."""
    docs = sorted((e for e in extractions if e.status in USABLE), key=lambda e: e.file)
    invoices = [d for d in docs if d.doc_type in INVOICES]
    decl: dict[str, Any] = {}
    for key in TOP_KEYS:
        if key == "invoice_numbers":
            decl[key] = _invoice_numbers(invoices)
        elif key == "supporting_documents":
            decl[key] = _supporting([d for d in docs if d.doc_type == "permit"])
        elif key == "total_amount":
            decl[key] = _total(invoices)
        else:
            decl[key] = _pick(key, docs, threshold)
    tdt = decl["transport_document_type"]
    if tdt["value"]:
        decl["transport_document_type"] = _with_code(tdt, _code(str(tdt["value"])))
    decl["items"] = _items(invoices, docs, threshold)
    decl["duties"] = estimate_duties(decl)
    return decl


REQUIRED_KEYS = ("importer_name", "exporter_name", "currency", "total_amount")


def completeness(
    declaration: dict[str, Any], documents: Iterable[Extraction], findings: Iterable[Finding] = ()
) -> tuple[bool, list[str]]:
    """Whether the declaration can be handed to assessment, and what is missing if not.

    Complete needs an invoice, a transport document, importer, exporter, currency, total, at
    least one item with an HS code, and no ``error``-severity finding.
    """
    usable = [d for d in documents if d.status in USABLE]
    missing = []
    if not any(d.doc_type in INVOICES for d in usable):
        missing.append("invoice")
    if not any(d.doc_type == "waybill" for d in usable):
        missing.append("transport_document")
    missing += [k for k in REQUIRED_KEYS if declaration.get(k, {}).get("value") in (None, "")]
    if not any(item["hs_code"]["value"] for item in declaration.get("items", [])):
        missing.append("items.hs_code")
    missing += sorted({f"finding:{f.code}" for f in findings if f.severity == "error"})
    return not missing, missing
