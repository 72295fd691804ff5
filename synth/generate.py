"""Seeded generation of one consistent shipment (pure: no I/O, no rendering).

Every random choice goes through one ``random.Random`` seeded from the shipment seed,
so a seed always gives the same shipment, independent of how many others were made.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from synth import catalog
from synth.checkdigits import awb_number, container_number, iban
from synth.layouts import LAYOUTS
from synth.model import LineItem, Mode, Party, Permit, Place, Shipment, Transport

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
LANGUAGES = ("en", "de", "fr", "es")
N_LAYOUTS = 2  # what generate_shipment draws from when no layout is pinned (samples)
ALL_LAYOUTS = len(LAYOUTS)
LONG_INVOICE = 10  # from this many lines, goods repeat as articles
# Article-number shapes: @ a letter, # a digit.
_ARTICLE_SHAPES = ("@@-#####", "###.###", "######", "@####-##", "@@@ ####")


def _place(locode: str) -> Place:
    return Place(locode=locode, name=catalog.PLACES[locode])


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _fmt_id(template: str, rng: random.Random, year: int) -> str:
    return template.format(
        yy=f"{year % 100:02d}",
        yyyy=year,
        n=rng.randint(1, 99999) % 10**4 + 1,
        d9=_digits(rng, 9),
    )


def _buyer_ids(rng: random.Random, country: str) -> tuple[str, str]:
    """(VAT id, EORI) in each member state's shape; the EORI reuses the VAT digits as
    NL and FR do, which is why importers' EORIs often look like their VAT numbers."""
    if country == "DE":
        return f"DE{_digits(rng, 9)}", f"DE{_digits(rng, 7)}"
    if country == "NL":
        d = _digits(rng, 9)
        return f"NL{d}B01", f"NL{d}"
    if country == "FR":
        d = _digits(rng, 9)
        return f"FR{_digits(rng, 2)}{d}", f"FR{d}00017"
    if country == "AT":
        return f"ATU{_digits(rng, 8)}", f"ATEOS{_digits(rng, 10)}"
    if country == "BE":
        d = "0" + _digits(rng, 9)
        return f"BE{d}", f"BE{d}"
    d = _digits(rng, 8)
    return f"ES{rng.choice('ABCB')}{d}", f"ES{rng.choice('ABCB')}{d}"


def _party(entry: dict[str, Any], vat: str | None = None, eori: str | None = None) -> Party:
    return Party(
        entry["name"],
        entry["street"],
        entry["postcode"],
        entry["city"],
        entry["country"],
        vat,
        eori,
    )


def _article_numbers(rng: random.Random, n: int) -> list[str]:
    shape = rng.choice(_ARTICLE_SHAPES)
    out: dict[str, None] = {}
    while len(out) < n:
        out[_shape(rng, shape)] = None
    return list(out)


def _shape(rng: random.Random, shape: str) -> str:
    return "".join(
        rng.choice("0123456789")
        if ch == "#"
        else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        if ch == "@"
        else ch
        for ch in shape
    )


def _items(
    rng: random.Random,
    group: str,
    origin: str,
    n_lines: int,
    articles: random.Random | None = None,
) -> tuple[LineItem, ...]:
    """Line items: distinct goods, as many as the group has; a long invoice (from
    LONG_INVOICE lines) lists the same goods in several articles (sizes, models)."""
    catalogue = catalog.GOODS[group]
    long = n_lines >= LONG_INVOICE
    if long:
        goods = [rng.choice(catalogue) for _ in range(n_lines)]
    else:
        goods = rng.sample(catalogue, k=min(n_lines, len(catalogue)))
    codes = _article_numbers(articles, len(goods)) if articles else [""] * len(goods)
    items = []
    for g, code in zip(goods, codes, strict=True):
        lo, hi = g["price"]
        if g["unit"] == "KGM":
            # Bulk goods: whole kilograms, price per kilogram with two decimals.
            packages = rng.randint(1, 3) if long else rng.randint(2, 12)
            qty = Decimal(packages * g["per_pkg"] - rng.randint(0, g["per_pkg"] // 10))
            price = Decimal(rng.randint(int(Decimal(lo) * 100), int(Decimal(hi) * 100))) / 100
        else:
            if long:
                packages = rng.randint(1, 4)
            else:
                packages = rng.randint(1, 12) if g["per_pkg"] == 1 else rng.randint(2, 25)
            qty = Decimal(packages * g["per_pkg"])
            price = Decimal(rng.randint(lo * 100, hi * 100)) / 100
            price = price.quantize(CENT)
        net = (qty * Decimal(g["kg"])).quantize(TENTH, ROUND_HALF_UP)
        # Packaging adds 3-12 % plus a tare per package: gross is always above net.
        tare = {"PX": 22, "CS": 180, "CO": 15, "BE": 8}.get(g["pkg"], 1)
        gross = (net * Decimal(rng.randint(103, 112)) / 100 + packages * tare).quantize(
            TENTH, ROUND_HALF_UP
        )
        items.append(
            LineItem(
                description=g["en"],
                hs_code=g["hs"],
                quantity=qty,
                unit_code=g["unit"],
                unit_price=price.quantize(CENT),
                line_total=(qty * price).quantize(CENT, ROUND_HALF_UP),
                origin_country=origin,
                net_weight_kg=net,
                gross_weight_kg=gross,
                packages=packages,
                package_kind=g["pkg"],
                article=code,
            )
        )
    return tuple(items)


def _incoterms_place(term: str, t: Transport) -> Place:
    if term in ("FOB", "FAS"):
        return t.port_of_loading or t.place_of_receipt
    if term in ("CIF", "CFR"):
        return t.port_of_discharge or t.place_of_delivery
    if term in ("EXW", "FCA"):
        return t.place_of_receipt
    return t.place_of_delivery


def _transport(
    rng: random.Random,
    mode: Mode,
    seller: dict[str, Any],
    buyer: dict[str, Any],
    issue: date,
    n_containers: int,
    freight: str,
) -> Transport:
    origin = _place(seller["origin"][mode])
    dest = _place(buyer["dest"][mode])
    if mode == "air":
        prefix, airline, code = rng.choice(catalog.AIRLINES)
        return Transport(
            mode,
            "AWB",
            awb_number(prefix, _digits(rng, 7)),
            issue,
            airline,
            place_of_receipt=origin,
            port_of_loading=origin,
            port_of_discharge=dest,
            place_of_delivery=dest,
            flight_number=f"{code}{rng.randint(100, 9899)}",
            freight_terms=freight,  # type: ignore[arg-type]
        )
    if mode == "sea":
        line, bl_prefix, owners = rng.choice(catalog.SHIPPING_LINES)
        containers = tuple(
            container_number(rng.choice(owners)[:3], _digits(rng, 6)) for _ in range(n_containers)
        )
        return Transport(
            mode,
            "BL",
            f"{bl_prefix}{_digits(rng, 9)}",
            issue,
            line,
            place_of_receipt=_place(seller["origin"].get("road", seller["origin"]["sea"])),
            port_of_loading=origin,
            port_of_discharge=dest,
            place_of_delivery=dest,
            vessel_name=rng.choice(catalog.VESSELS),
            voyage_number=f"{rng.randint(100, 699)}{rng.choice('EWNS')}",
            containers=containers,
            freight_terms=freight,  # type: ignore[arg-type]
            notify_party=_party(rng.choice(catalog.NOTIFY_PARTIES)),
        )
    country = seller["country"]
    haulier, plate = rng.choice(catalog.HAULIERS[country])
    plate = "".join(
        rng.choice("0123456789")
        if ch == "#"
        else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        if ch == "@"
        else ch
        for ch in plate
    )
    return Transport(
        mode,
        "CMR",
        f"CMR-{country}-{issue.year}-{_digits(rng, 5)}",
        issue,
        haulier,
        place_of_receipt=origin,
        port_of_loading=None,
        port_of_discharge=None,
        place_of_delivery=dest,
        vehicle_plate=plate,
        freight_terms=freight,  # type: ignore[arg-type]
    )


def _permit(
    rng: random.Random,
    kind: str,
    s_seller: Party,
    s_buyer: Party,
    items: tuple[LineItem, ...],
    invoice_date: date,
    ship_date: date,
) -> Permit:
    covered = [i for i in items]
    hs = tuple(dict.fromkeys(i.hs_code for i in covered))
    desc = "; ".join(dict.fromkeys(i.description for i in covered))
    qty = sum((i.quantity for i in covered), Decimal(0))
    origin, dest = s_seller.country, s_buyer.country
    year = ship_date.year
    if kind == "import_licence":
        # Applied for with the contract, issued shortly after the invoice, valid for months.
        issued = invoice_date + timedelta(days=rng.randint(1, 3))
        limit = (qty * Decimal("1.2") / 1000).quantize(Decimal(1)) * 1000
        return Permit(
            kind,
            f"{dest}-IL-{year}-{_digits(rng, 6)}",
            catalog.LICENCE_AUTHORITIES[dest],
            dest,
            issued,
            issued + timedelta(days=rng.choice([90, 120, 180])),
            s_buyer,
            hs,
            desc,
            limit,
            items[0].unit_code,
            origin,
            dest,
        )
    if kind == "phytosanitary_certificate":
        # Inspected just before loading; the EU expects export within 14 days.
        issued = ship_date - timedelta(days=rng.randint(0, 2))
        authority = catalog.PHYTO_AUTHORITIES.get(
            origin, f"National Plant Protection Organization ({origin})"
        )
        return Permit(
            kind,
            f"PC-{origin}-{_digits(rng, 7)}",
            authority,
            origin,
            issued,
            issued + timedelta(days=14),
            s_seller,
            hs,
            desc,
            qty,
            "KGM",
            origin,
            dest,
        )
    # Certificate of origin: issued with the transport document it cites; no expiry printed.
    return Permit(
        "certificate_of_origin",
        f"{origin}{year % 100}CO{_digits(rng, 6)}",
        catalog.COO_AUTHORITIES.get(origin, f"Chamber of Commerce ({origin})"),
        origin,
        ship_date,
        None,
        s_seller,
        hs,
        desc,
        None,
        None,
        origin,
        dest,
    )


def generate_shipment(
    seed: int | str,
    shipment_id: str,
    *,
    mode: Mode | None = None,
    seller: str | None = None,
    buyer: str | None = None,
    goods: str | None = None,
    n_lines: int | None = None,
    n_containers: int | None = None,
    documents: tuple[str, ...] | None = None,
    languages: dict[str, str] | None = None,
    layouts: dict[str, int] | None = None,
    scanned: frozenset[str] = frozenset(),
    scan_format: str = "png",
    wording: dict[str, int] | None = None,
    articles: bool = False,
) -> Shipment:
    """One shipment; keyword arguments pin choices (the demo preset), the rest is drawn.

    ``articles`` gives every line an article number, drawn from a stream of its own so
    that the rest of the shipment stays what the seed gives without it.
    """
    rng = random.Random(f"clearway-synth:{seed}")
    sellers = [s for s in catalog.SELLERS if seller is None or s["name"] == seller]
    if mode is not None:
        sellers = [s for s in sellers if mode in s["origin"]]
    if goods is not None:
        sellers = [s for s in sellers if goods in s["goods"]]
    s = rng.choice(sellers)
    mode = mode or rng.choice(sorted(s["origin"]))  # type: ignore[assignment]
    assert mode is not None
    group = goods or rng.choice(s["goods"])
    # A pinned buyer is taken as is; otherwise one that trades in these goods.
    buyers = (
        [x for x in catalog.BUYERS if x["name"] == buyer]
        if buyer
        else [x for x in catalog.BUYERS if group in x["goods"]]
    )
    b = rng.choice(buyers)

    invoice_date = date(2026, 1, 5) + timedelta(days=rng.randint(0, 170))
    year = invoice_date.year
    inv_no = _fmt_id(s["inv"], rng, year)
    vat, eori = _buyer_ids(rng, b["country"])
    seller_p = _party(
        s,
        _fmt_id(s["vat"], rng, year) if "vat" in s else None,
        _fmt_id(s["eori"], rng, year) if "eori" in s else None,
    )
    buyer_p = _party(b, vat, eori)
    art_rng = random.Random(f"clearway-synth-articles:{seed}") if articles else None
    items = _items(rng, group, s["country"], n_lines or rng.randint(1, 3), art_rng)

    term = rng.choice(catalog.INCOTERMS_BY_MODE[mode])
    freight = "collect" if term[0] in "EF" else "prepaid"  # buyer pays main carriage under E/F
    containers = n_containers if n_containers is not None else rng.randint(1, 3)
    # Shipped 5-10 days after invoicing: after any licence (issued invoice + 1-3 days),
    # so that a clean shipment never raises permit_expired.
    ship_date = invoice_date + timedelta(days=rng.randint(5, 10))
    transport = _transport(rng, mode, s, b, ship_date, containers, freight)

    permit_kinds = list(
        dict.fromkeys(
            g["permit"]
            for g in catalog.GOODS[group]
            if g.get("permit") and g["en"] in {i.description for i in items}
        )
    )
    permits = tuple(
        _permit(rng, k, seller_p, buyer_p, items, invoice_date, ship_date) for k in permit_kinds
    )
    docs = documents or ("invoice", "packing_list", "waybill") + (("permit",) if permits else ())
    langs = {
        d: rng.choice(("en", "en", "de", "fr", "es"))
        for d in ("invoice", "packing_list", "waybill", "permit")
    }
    langs.update(languages or {})
    lays = {d: rng.randrange(N_LAYOUTS) for d in ("invoice", "packing_list", "waybill", "permit")}
    lays.update(layouts or {})
    bban = s.get("iban_bban")
    return Shipment(
        id=shipment_id,
        seed=seed,
        seller=seller_p,
        buyer=buyer_p,
        invoice_number=inv_no,
        invoice_date=invoice_date,
        due_date=invoice_date + timedelta(days=rng.choice([30, 45, 60])),
        buyer_order_reference=f"PO-45{_digits(rng, 8)}",
        packing_list_number=f"PL-{inv_no}",
        currency=s["currency"],
        incoterms=term,
        incoterms_place=_incoterms_place(term, transport),
        iban=iban(s["country"], bban) if bban else None,
        items=items,
        tax_rate=Decimal("0.00"),  # exports are zero-rated at origin; import VAT is levied later
        transport=transport,
        permits=permits,
        documents=tuple(docs),
        languages=langs,
        layouts=lays,
        scanned=scanned,
        scan_format=scan_format,
        wording=dict(wording or {}),
    )
