"""Deliberate defects: at most one per shipment, with the findings it must raise.

A defect is either a change to the shipment (a permit that expired, a document left out,
a transport number with a wrong check digit: every document then prints the same wrong
thing, as a real mistake would) or a change to what one document prints (an invoice
total that does not add up, a waybill naming another consignee or another weight). The
ground truth records the defect and the finding codes the validators must raise; a
clean shipment expects none.

Which shipments carry one, and which, is drawn per shipment from the run seed, so
shipment i is the same whether 5 or 500 are generated; kinds are balanced by taking the
least used kind the shipment allows.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from synth import catalog
from synth.checkdigits import awb_check_digit, container_check_digit
from synth.fmt import plain_decimal
from synth.model import Party, Permit, Shipment
from synth.presets import Planned
from synth.views import Cell, DocView, _Builder  # _Builder: amounts in the document's style

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Kind:
    name: str
    findings: tuple[str, ...]  # the finding codes of shared/spec/consignments.md it raises
    what: str  # one line for the ground truth and the quality report


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("wrong_totals", ("total_mismatch",), "invoice total is not net + tax"),
        Kind(
            "bad_awb_check_digit",
            ("awb_check_digit_invalid",),
            "air waybill number with a wrong mod-7 check digit",
        ),
        Kind(
            "bad_container_check_digit",
            ("container_check_digit_invalid",),
            "container number with a wrong ISO 6346 check digit",
        ),
        Kind("expired_permit", ("permit_expired",), "permit not valid on the shipment date"),
        Kind(
            "hs_not_covered_by_permit",
            ("hs_code_not_covered_by_permit",),
            "an invoice line's HS code is missing from the permit",
        ),
        Kind("consignee_mismatch", ("party_mismatch",), "waybill names another consignee"),
        Kind("weight_mismatch", ("weight_mismatch",), "waybill states another gross weight"),
        Kind(
            "missing_permit",
            ("missing_required_permit",),
            "the permit the goods need is not sent",
        ),
        Kind(
            "missing_transport_document",
            ("missing_transport_document",),
            "the transport document is not sent",
        ),
    )
}
DEFAULT_SHARE = 0.5


# --- which defects a shipment allows ------------------------------------------------------


def applicable(s: Shipment) -> list[str]:
    """The kinds that make sense for this shipment (no AWB defect on a sea shipment)."""
    t = s.transport
    has_permit = bool(s.permits) and "permit" in s.documents
    ok = {
        "wrong_totals": "invoice" in s.documents,
        "bad_awb_check_digit": t.document_type == "AWB" and "waybill" in s.documents,
        "bad_container_check_digit": bool(t.containers) and "waybill" in s.documents,
        "expired_permit": has_permit,
        "hs_not_covered_by_permit": has_permit,
        "consignee_mismatch": "waybill" in s.documents,
        "weight_mismatch": "waybill" in s.documents,
        "missing_permit": has_permit,
        "missing_transport_document": "waybill" in s.documents,
    }
    return [k for k in KINDS if ok[k]]


def expected_findings(s: Shipment) -> list[str]:
    return list(KINDS[s.defect].findings) if s.defect else []


# --- the corpus ---------------------------------------------------------------------------


def inject(planned: list[Planned], seed: int | str, share: float = DEFAULT_SHARE) -> list[Planned]:
    """A defect in about ``share`` of the shipments, the least used kind each allows."""
    used: Counter[str] = Counter()
    out = []
    for i, p in enumerate(planned):
        rng = random.Random(f"clearway-synth-defects:{seed}:{i}")
        kinds = applicable(p.shipment)
        if not kinds or rng.random() >= share:
            out.append(p)
            continue
        least = min(used[k] for k in kinds)
        kind = rng.choice([k for k in kinds if used[k] == least])
        used[kind] += 1
        out.append(Planned(with_defect(p.shipment, kind), p.channel))
    return out


def with_defect(s: Shipment, kind: str) -> Shipment:
    """The shipment carrying ``kind``: model changes here, print changes in apply_to_view."""
    if kind not in KINDS:
        raise ValueError(f"unknown defect {kind!r}; one of {sorted(KINDS)}")
    if kind not in applicable(s):
        raise ValueError(f"defect {kind!r} does not apply to shipment {s.id}")
    rng = _rng(s)
    s = replace(s, defect=kind)
    if kind == "bad_awb_check_digit":
        return replace(s, transport=replace(s.transport, number=bad_awb(s.transport.number, rng)))
    if kind == "bad_container_check_digit":
        t = s.transport
        first = bad_container(t.containers[0], rng)
        return replace(s, transport=replace(t, containers=(first, *t.containers[1:])))
    if kind == "expired_permit":
        return replace(s, permits=tuple(_expired(p, s, rng) for p in s.permits))
    if kind == "hs_not_covered_by_permit":
        return replace(s, permits=tuple(_narrowed(p, s) for p in s.permits))
    if kind == "missing_permit":
        return replace(s, permits=(), documents=_without(s.documents, "permit"))
    if kind == "missing_transport_document":
        return replace(s, documents=_without(s.documents, "waybill"))
    return s  # printed defects: apply_to_view


def _rng(s: Shipment) -> random.Random:
    return random.Random(f"clearway-synth-defect:{s.seed}:{s.defect}")


def _without(documents: tuple[str, ...], kind: str) -> tuple[str, ...]:
    return tuple(d for d in documents if d != kind)


def bad_awb(number: str, rng: random.Random) -> str:
    """The same AWB with another check digit, still 0-6 (it looks like one)."""
    good = awb_check_digit(number[3:10])
    wrong = rng.choice([d for d in range(7) if d != good])
    return f"{number[:10]}{wrong}"


def bad_container(number: str, rng: random.Random) -> str:
    good = container_check_digit(number[:10])
    return f"{number[:10]}{rng.choice([d for d in range(10) if d != good])}"


def _expired(p: Permit, s: Shipment, rng: random.Random) -> Permit:
    """Expired some days before shipping (same validity length); a certificate without an
    expiry is dated weeks after the shipment instead."""
    ship = s.transport.issue_date
    if p.expiry_date is None:
        return replace(p, issue_date=ship + timedelta(days=rng.randint(20, 60)))
    length = p.expiry_date - p.issue_date
    expiry = ship - timedelta(days=rng.randint(5, 40))
    return replace(p, issue_date=expiry - length, expiry_date=expiry)


def _narrowed(p: Permit, s: Shipment) -> Permit:
    """The permit lists another code of the same goods group in place of the last invoice
    line's code (or drops it, when the group has no other code)."""
    lost = s.items[-1].hs_code
    kept = tuple(c for c in p.hs_codes if c != lost)
    group = next(g for g in catalog.GOODS.values() if any(x["hs"] == lost for x in g))
    others = [x["hs"] for x in group if x["hs"] not in s.hs_codes]
    codes = kept + tuple(others[:1])
    if not codes:
        raise ValueError(f"shipment {s.id}: no HS code left for the permit")
    return replace(p, hs_codes=codes)


# --- what a document prints ---------------------------------------------------------------


def apply_to_view(s: Shipment, doc_kind: str, view: DocView) -> DocView:
    """The view with the shipment's printed defect, if it concerns this document."""
    rng = _rng(s)
    if s.defect == "wrong_totals" and doc_kind == "invoice":
        b = _Builder(s, "invoice", s.seller.country)
        wrong = s.total_amount + _total_error(s, rng)
        for key in ("total_amount", "amount_due"):
            _restate(view.totals, key, b.money(wrong), {key: plain_decimal(wrong, 2)})
    elif s.defect == "weight_mismatch" and doc_kind == "waybill":
        b = _Builder(s, "waybill")
        factor = Decimal(rng.choice([115, 120, 125, 130, 80, 75])) / 100
        wrong = (s.gross_weight_kg * factor).quantize(TENTH, ROUND_HALF_UP)
        if wrong < s.net_weight_kg:
            wrong = (s.gross_weight_kg * Decimal("1.25")).quantize(TENTH, ROUND_HALF_UP)
        _restate(
            view.details,
            "gross_weight_kg",
            b.kg(wrong),
            {"gross_weight_kg": plain_decimal(wrong, 1)},
        )
    elif s.defect == "consignee_mismatch" and doc_kind == "waybill":
        b = _Builder(s, "waybill")
        cell = b.party("consignee", "consignee", other_buyer(s, rng), ids=False)
        view.parties[:] = [cell if c.key == "consignee" else c for c in view.parties]
    return view


def _total_error(s: Shipment, rng: random.Random) -> Decimal:
    """A typing slip: a round amount, or a transposed digit pair, never within rounding."""
    step = max(Decimal(10), (s.net_amount / 10).quantize(Decimal(10)))
    return step * rng.choice([1, 2, 3, -1]) if step < s.net_amount else step


def _restate(cells: list[Cell], key: str, printed: str, gt: dict[str, str]) -> None:
    for c in cells:
        if c.key == key:
            c.lines = [printed]
            c.gt = gt


def other_buyer(s: Shipment, rng: random.Random) -> Party:
    """Another importer of the catalogue: a name that no spelling rule makes equal."""
    names = sorted(b["name"] for b in catalog.BUYERS if b["name"] != s.buyer.name)
    name = rng.choice(names)
    entry = next(b for b in catalog.BUYERS if b["name"] == name)
    return Party(entry["name"], entry["street"], entry["postcode"], entry["city"], entry["country"])
