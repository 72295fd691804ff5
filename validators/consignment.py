"""Findings over one consignment: per-value rules applied in context, and cross-document checks.

Each check is a small function ``(documents, params) -> list[Finding]`` registered in CHECKS,
so a new check is one function and one line. Documents that were rejected or failed carry no
values and are ignored here (their errors are reported on the document itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from clearway.models import Extraction
from validators import rules
from validators.access import day, number, of_type, text, texts, usable
from validators.findings import Finding, finding
from validators.parties import same_party
from validators.permits import PermitRule, Requirement, permit_table, requirements_for
from validators.xml_text import mismatches_to_findings

INVOICES = ("invoice", "receipt")


@dataclass(frozen=True)
class CheckParams:
    confidence_threshold: float = 0.8
    weight_tolerance: float = 0.02  # relative difference allowed between stated weights
    # The permit decision table; None: data/permit_requirements.yaml.
    permit_rules: tuple[PermitRule, ...] | None = None


@cache
def required_fields() -> dict[str, tuple[str, ...]]:
    path = Path(__file__).resolve().parent / "data" / "required_fields.json"
    data = json.loads(path.read_text())
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


Check = Callable[[list[Extraction], CheckParams], list[Finding]]


# --- presence ----------------------------------------------------------------------------


def missing_documents(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    files = [d.file for d in docs]
    if not of_type(docs, "waybill"):
        out.append(
            finding(
                "missing_transport_document",
                "error",
                files,
                [],
                "The consignment has no transport document (air waybill, bill of lading, CMR). "
                "Ask the trader for it.",
            )
        )
    if not of_type(docs, *INVOICES):
        out.append(
            finding(
                "missing_invoice",
                "error",
                files,
                [],
                "The consignment has no commercial invoice. Ask the trader for it.",
            )
        )
    return out


# --- per-value rules ---------------------------------------------------------------------


def check_digits(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    for d in docs:
        if d.doc_type == "waybill":
            number_ = text(d.fields, "transport_document_number")
            kind = text(d.fields, "transport_document_type")
            looks_awb = kind == "AWB" or (
                kind is None and number_ is not None and number_.isdigit() and len(number_) == 11
            )
            if number_ and looks_awb and not rules.awb_valid(number_):
                out.append(
                    finding(
                        "awb_check_digit_invalid",
                        "error",
                        [d.file],
                        ["transport_document_number"],
                        f"Air waybill number {number_} fails the mod-7 check digit: it is "
                        "misread or mistyped. Check it against the document.",
                    )
                )
        for c in texts(d.fields, "container_numbers"):
            if not rules.container_valid(c):
                out.append(
                    finding(
                        "container_check_digit_invalid",
                        "error",
                        [d.file],
                        ["container_numbers"],
                        f"Container number {c} fails the ISO 6346 check digit: it is misread or "
                        "mistyped. Check it against the document.",
                    )
                )
    return out


_COUNTRY_FIELDS = (
    "seller_country",
    "buyer_country",
    "country_of_origin",
    "issuing_country",
    "country_of_destination",
)


def code_lists(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []

    def bad(d: Extraction, field: str, value: str, what: str) -> None:
        out.append(
            finding(
                "invalid_code",
                "error",
                [d.file],
                [field],
                f"{d.file}: {field} {value!r} is not a valid {what}. Correct it in review.",
            )
        )

    for d in docs:
        cur = text(d.fields, "currency")
        if cur and not rules.currency_valid(cur):
            bad(d, "currency", cur, "ISO 4217 currency code")
        inco = text(d.fields, "incoterms")
        if inco and not rules.incoterms_valid(inco):
            bad(d, "incoterms", inco, "Incoterms 2020 rule")
        for f in _COUNTRY_FIELDS:
            v = text(d.fields, f)
            if v and not rules.country_valid(v):
                bad(d, f, v, "ISO 3166-1 alpha-2 country code")
        for hs in texts(d.fields, "hs_codes"):
            if not rules.hs_code_valid(hs, min_digits=4):
                bad(d, "hs_codes", hs, "HS code (6 to 10 digits)")
        for i, item in enumerate(d.line_items, 1):
            hs = text(item, "hs_code")
            if hs and not rules.hs_code_valid(hs):
                bad(d, f"line_items[{i}].hs_code", hs, "HS code (6 to 10 digits)")
            oc = text(item, "origin_country")
            if oc and not rules.country_valid(oc):
                bad(d, f"line_items[{i}].origin_country", oc, "ISO 3166-1 alpha-2 country code")
    return out


def low_confidence(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    req = required_fields()
    for d in docs:
        low = [
            f
            for f in req.get(d.doc_type, ())
            if f in d.fields and d.fields[f].confidence < p.confidence_threshold
        ]
        for i, item in enumerate(d.line_items, 1):
            low += [
                f"line_items[{i}].{f}"
                for f in req["line_item"]
                if f in item and item[f].confidence < p.confidence_threshold
            ]
        if low:
            out.append(
                finding(
                    "low_confidence",
                    "warning",
                    [d.file],
                    low,
                    f"{d.file}: {', '.join(low)} read with confidence below "
                    f"{p.confidence_threshold}. Check them in review.",
                )
            )
    return out


# --- invoice arithmetic ------------------------------------------------------------------


def totals(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    for d in of_type(docs, *INVOICES):
        net, tax, total = (
            number(d.fields, f) for f in ("net_amount", "tax_amount", "total_amount")
        )
        if (
            net is not None
            and tax is not None
            and total is not None
            and not rules.net_tax_total_ok(net, tax, total)
        ):
            out.append(
                finding(
                    "total_mismatch",
                    "error",
                    [d.file],
                    ["net_amount", "tax_amount", "total_amount"],
                    f"{d.file}: net {net} + tax {tax} = {net + tax}, but the total says {total}.",
                )
            )
        line_totals: list[Decimal] = []
        for i, item in enumerate(d.line_items, 1):
            q, u, t = (number(item, f) for f in ("quantity", "unit_price", "line_total"))
            if t is not None:
                line_totals.append(t)
            if (
                q is not None
                and u is not None
                and t is not None
                and not rules.line_total_ok(q, u, t)
            ):
                out.append(
                    finding(
                        "total_mismatch",
                        "warning",
                        [d.file],
                        [f"line_items[{i}].line_total"],
                        f"{d.file}: line {i}: {q} × {u} = {q * u}, but the line total says {t}.",
                    )
                )
        # lines are compared with the net amount, or with the total when the invoice has no tax
        base = net if net is not None else (total if tax is None or tax == 0 else None)
        if (
            base is not None
            and line_totals
            and len(line_totals) == len(d.line_items)
            and not rules.sum_ok(line_totals, base)
        ):
            field = "net_amount" if net is not None else "total_amount"
            out.append(
                finding(
                    "total_mismatch",
                    "error",
                    [d.file],
                    ["line_items.line_total", field],
                    f"{d.file}: the line totals sum to {sum(line_totals)}, but {field} says "
                    f"{base}.",
                )
            )
    return out


# --- cross-document ----------------------------------------------------------------------


def parties(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    pairs = (
        ("buyer_name", "consignee_name", "importer/consignee"),
        ("seller_name", "shipper_name", "exporter/shipper"),
    )
    for inv in of_type(docs, *INVOICES):
        for wb in of_type(docs, "waybill"):
            for f_inv, f_wb, role in pairs:
                a, b = text(inv.fields, f_inv), text(wb.fields, f_wb)
                if a and b and not same_party(a, b):
                    out.append(
                        finding(
                            "party_mismatch",
                            "warning",
                            [inv.file, wb.file],
                            [f_inv, f_wb],
                            f"The {role} differs: the invoice {inv.file} names {a!r}, the "
                            f"transport document {wb.file} {b!r}. Confirm who the "
                            f"{role.split('/')[0]} is.",
                        )
                    )
    return out


def weights(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    stated = [
        (d, number(d.fields, "gross_weight_kg"))
        for d in docs
        if d.doc_type in ("invoice", "packing_list", "waybill")
    ]
    gross = [(d, g) for d, g in stated if g is not None]
    for (a, ga), (b, gb) in _pairs(gross):
        if not rules.weights_agree(ga, gb, p.weight_tolerance):
            out.append(
                finding(
                    "weight_mismatch",
                    "warning",
                    [a.file, b.file],
                    ["gross_weight_kg"],
                    f"Gross weight {ga} kg on {a.file} but {gb} kg on {b.file}. Confirm the "
                    "weighed figure.",
                )
            )
    nets = [(d, n) for d in docs if (n := number(d.fields, "net_weight_kg")) is not None]
    for d, n in nets:
        for g_doc, g in gross:
            # net above gross is impossible on one document and suspicious across documents
            if n > g and (g_doc is d or not rules.weights_agree(n, g, p.weight_tolerance)):
                out.append(
                    finding(
                        "weight_mismatch",
                        "warning",
                        [d.file, g_doc.file],
                        ["net_weight_kg", "gross_weight_kg"],
                        f"Net weight {n} kg ({d.file}) exceeds gross weight {g} kg ({g_doc.file}).",
                    )
                )
    return out


def package_counts(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    counts = [(d, c) for d in docs if (c := number(d.fields, "packages_count")) is not None]
    return [
        finding(
            "package_count_mismatch",
            "warning",
            [a.file, b.file],
            ["packages_count"],
            f"{ca} packages on {a.file} but {cb} on {b.file}. Confirm the count.",
        )
        for (a, ca), (b, cb) in _pairs(counts)
        if ca != cb
    ]


def currencies(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    stated = [(d, c) for d in of_type(docs, *INVOICES) if (c := text(d.fields, "currency"))]
    return [
        finding(
            "currency_mismatch",
            "warning",
            [a.file, b.file],
            ["currency"],
            f"{a.file} is in {ca} but {b.file} in {cb}: one invoice currency is declared. "
            "Confirm it.",
        )
        for (a, ca), (b, cb) in _pairs(stated)
        if ca != cb
    ]


def incoterms_mode(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    for inv in of_type(docs, *INVOICES):
        rule = text(inv.fields, "incoterms")
        if not rule or not rules.incoterms_sea_only(rule):
            continue
        for wb in of_type(docs, "waybill"):
            mode = text(wb.fields, "transport_document_type")
            if mode in ("AWB", "CMR"):
                out.append(
                    finding(
                        "incoterms_mode_mismatch",
                        "warning",
                        [inv.file, wb.file],
                        ["incoterms", "transport_document_type"],
                        f"{rule} is a sea-only Incoterms rule but the goods travel on a {mode}. "
                        "Confirm the delivery terms (e.g. FCA, CPT).",
                    )
                )
    return out


def shipment_date(docs: list[Extraction]) -> date | None:
    """The date a permit must be valid on: the transport document's (the goods moved then)."""
    dates = sorted(d_ for d in of_type(docs, "waybill") if (d_ := day(d.fields, "issue_date")))
    return dates[0] if dates else None


def invoice_date(docs: list[Extraction]) -> date | None:
    dates = sorted(d_ for d in of_type(docs, *INVOICES) if (d_ := day(d.fields, "issue_date")))
    return dates[0] if dates else None


def permits(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    out = []
    on = shipment_date(docs)
    # Without a transport date only the invoice's is known: goods ship after invoicing, so a
    # permit that expired before it is invalid; one issued after it (a licence applied for
    # with the contract, a certificate issued at loading) is normal and not flagged.
    invoiced = invoice_date(docs) if on is None else None
    lines = [(inv, item) for inv in of_type(docs, *INVOICES) for item in inv.line_items]
    for pm in of_type(docs, "permit"):
        issue, expiry = day(pm.fields, "issue_date"), day(pm.fields, "expiry_date")
        name = text(pm.fields, "permit_number") or pm.file
        if on is not None and not rules.valid_on(issue, expiry, on):
            out.append(
                finding(
                    "permit_expired",
                    "error",
                    [pm.file],
                    ["issue_date", "expiry_date"],
                    f"Permit {name} (issued {issue}, expires {expiry}) is not valid on the "
                    f"shipment date {on}. Ask the trader for a valid permit.",
                )
            )
        elif invoiced is not None and not rules.valid_on(None, expiry, invoiced):
            out.append(
                finding(
                    "permit_expired",
                    "error",
                    [pm.file],
                    ["expiry_date"],
                    f"Permit {name} expired on {expiry}, before the invoice date {invoiced}: "
                    "the goods cannot ship under it. Ask the trader for a valid permit.",
                )
            )
        covered = texts(pm.fields, "hs_codes")
        if covered:
            out += _hs_coverage(pm, covered, docs)
            out += _quantity_limit(pm, covered, lines)
    return out


def required_permits(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    """The decision table's permits for the invoice lines that no permit in the consignment
    provides. A permit of the type provides it; a permit whose type was not read provides it
    for the lines its HS codes cover (asking for a document that is there would be noise)."""
    table = p.permit_rules if p.permit_rules is not None else permit_table()
    present = of_type(docs, "permit")
    types = {t for pm in present if (t := text(pm.fields, "permit_type"))}
    untyped = [texts(pm.fields, "hs_codes") for pm in present if not text(pm.fields, "permit_type")]
    missing: dict[str, list[tuple[Extraction, Requirement]]] = {}
    for inv, hs, origin in _invoice_lines(docs):
        for req in requirements_for(hs, origin, table):
            if req.permit_type in types or any(_covers(c, hs) for c in untyped):
                continue
            missing.setdefault(req.permit_type, []).append((inv, req))
    out = []
    for permit_type, needs in sorted(missing.items()):
        codes_ = sorted({r.hs_code for _, r in needs})
        reasons = " ".join(dict.fromkeys(r.reason for _, r in needs if r.reason))
        out.append(
            finding(
                "missing_required_permit",
                "error",
                [inv.file for inv, _ in needs],
                ["hs_code"],
                f"HS {', '.join(codes_)} needs a {permit_type.replace('_', ' ')} and no document "
                f"in the consignment is one. {reasons} Ask the trader for it.".replace("  ", " "),
            )
        )
    return out


def _invoice_lines(docs: list[Extraction]) -> list[tuple[Extraction, str, str | None]]:
    """(document, HS code, origin) per invoice line: the codes the consignment declares.

    An invoice without line HS codes gives its document-level codes; when no invoice states
    any, the transport document's or packing list's goods codes stand in (the document
    named is then that one). The origin is the line's, else the invoice's.
    """
    out = []
    for inv in of_type(docs, *INVOICES):
        origin = text(inv.fields, "country_of_origin")
        lines = [(text(i, "hs_code"), text(i, "origin_country") or origin) for i in inv.line_items]
        lines = [(hs, o) for hs, o in lines if hs]
        if not lines:
            lines = [(hs, origin) for hs in texts(inv.fields, "hs_codes")]
        out += [(inv, hs, o) for hs, o in lines]
    if out:
        return out
    origin = next(
        (o for inv in of_type(docs, *INVOICES) if (o := text(inv.fields, "country_of_origin"))),
        None,
    )
    for d in of_type(docs, "waybill", "packing_list"):
        out += [(d, hs, origin) for hs in dict.fromkeys(texts(d.fields, "hs_codes"))]
        if out:
            return out
    return out


def _covers(permit_codes: Iterable[str], hs: str) -> bool:
    return any(hs.startswith(c) or c.startswith(hs) for c in permit_codes)


def _hs_coverage(pm: Extraction, covered: list[str], docs: list[Extraction]) -> list[Finding]:
    out = []
    cited_by = {r.value for r in pm.references}
    invoices = of_type(docs, *INVOICES)
    for doc, hs, _origin in _invoice_lines(docs):
        if not _covers(covered, hs) and _speaks_for(cited_by, doc, invoices):
            out.append(
                finding(
                    "hs_code_not_covered_by_permit",
                    "warning",
                    [doc.file, pm.file],
                    ["hs_code", "hs_codes"],
                    f"HS code {hs} on {doc.file} is not among the codes permit {pm.file} covers "
                    f"({', '.join(covered)}).",
                )
            )
    return out


def _speaks_for(cited_by: set[str], doc: Extraction, invoices: list[Extraction]) -> bool:
    """A permit that cites invoices only speaks for those (codes from the transport document
    count as the consignment's invoices'); one that cites none, for all."""
    if not cited_by:
        return True
    targets = [doc] if any(inv is doc for inv in invoices) else invoices
    return any(_cites(inv, cited_by) for inv in targets)


def _cites(inv: Extraction, values: set[str]) -> bool:
    return bool(values & {r.value for r in inv.references})


def _quantity_limit(pm: Extraction, covered: list[str], lines: list) -> list[Finding]:
    limit, unit = number(pm.fields, "quantity_limit"), text(pm.fields, "quantity_unit")
    if limit is None:
        return []
    counted = [
        q
        for _inv, item in lines
        if (hs := text(item, "hs_code"))
        and _covers(covered, hs)
        and (q := _quantity_in(item, unit)) is not None
    ]
    qty = sum(counted, Decimal(0))
    if qty <= limit:
        return []
    return [
        finding(
            "permit_quantity_exceeded",
            "error",
            [pm.file],
            ["quantity_limit"],
            f"The consignment declares {qty} {unit or ''} under permit {pm.file}, over its "
            f"limit of {limit}.",
        )
    ]


def _quantity_in(item: dict, unit: str | None) -> Decimal | None:
    """A line's quantity in the permit's unit (Rec 20 code); a kilogram limit counts net
    weight when the line is in other units. None when the line cannot be expressed in it
    (counting pieces against kilograms would be a guess)."""
    if unit is None or text(item, "unit_code") == unit:
        return number(item, "quantity")
    if unit == "KGM":
        return number(item, "net_weight_kg")
    return None


def _pairs(items: list) -> list[tuple]:
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def xml_text(docs: list[Extraction], p: CheckParams) -> list[Finding]:
    """An e-invoice whose embedded XML and printed text disagree (found at extraction)."""
    return [f for d in docs for f in mismatches_to_findings(d.file, d.xml_text_mismatches)]


CHECKS: tuple[Check, ...] = (
    missing_documents,
    check_digits,
    code_lists,
    totals,
    parties,
    weights,
    package_counts,
    currencies,
    incoterms_mode,
    permits,
    required_permits,
    xml_text,
    low_confidence,
)


def check_consignment(
    extractions: Iterable[Extraction], params: CheckParams | None = None
) -> list[Finding]:
    """All findings for one consignment, in a stable order (check order, then as raised)."""
    docs = sorted(usable(extractions), key=lambda e: e.file)
    params = params or CheckParams()
    return [f for check in CHECKS for f in check(docs, params)]
