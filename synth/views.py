"""Model -> what one document prints, in its language and number style.

Every printed value is a ``Cell`` that carries both the printed text and the normalised
ground-truth value of the canonical field it shows, so the renderer and the ground truth
are built from the same cell and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from synth import catalog
from synth.fmt import (
    Style,
    awb_printed,
    container_printed,
    hs_printed,
    plain_decimal,
    style_for,
    style_pick,
)
from synth.labels import has_label, label, label_pick
from synth.layouts import (
    COLUMN_WIDTHS,
    INVOICE_COLUMNS,
    LEGACY_WIDTHS,
    N_LEGACY,
    NUMERIC_COLUMNS,
    PACKING_COLUMNS,
    look_for,
)
from synth.model import Party, Permit, Place, Shipment

GtValue = str | list[str]

# catalogue English description -> localised descriptions (German invoices say German).
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    g["en"]: g for group in catalog.GOODS.values() for g in group
}


@dataclass
class Cell:
    key: str  # label key
    label: str
    lines: list[str]  # printed value, one entry per printed line
    gt: dict[str, GtValue] = field(default_factory=dict)  # canonical field -> normalised
    wide: bool = False  # gets the full page width (long free text)
    alt_label: str = ""  # the same label in a second language (bilingual forms)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-align these columns
    widths: list[float]  # relative widths
    gt_rows: list[dict[str, str]]
    # Per row, the amount a carry line sums (invoices); empty: no carry lines possible.
    carry: list[Decimal] = field(default_factory=list)


@dataclass
class DocView:
    doc_type: str
    kind: str  # invoice | packing_list | waybill | permit
    lang: str
    variant: int
    title: str
    header: list[Cell]
    parties: list[Cell]
    details: list[Cell]
    table: Table | None
    totals: list[Cell]
    footer: str
    fixed_gt: dict[str, GtValue]  # subtype fields the title implies
    style: Style  # how dates and numbers are printed on it
    look: dict[str, Any] = field(default_factory=dict)  # resolved layout parameters
    # Wordings the newer layouts print besides cells: page_of ("Page {n} of {m}"),
    # continued, carried_forward, brought_forward, of_date, letter_intro, form_copy.
    texts: dict[str, str] = field(default_factory=dict)

    def running_head(self) -> str:
        """What a continuation page repeats of the title: "INVOICE – continued"."""
        more = self.texts["continued"]
        return f"{self.title} {more}" if more.startswith("(") else f"{self.title} – {more}"

    def ground_truth(self) -> dict[str, GtValue]:
        out: dict[str, GtValue] = dict(self.fixed_gt)
        for c in self.header + self.parties + self.details + self.totals:
            out.update(c.gt)
        return out


def describe(description_en: str, lang: str) -> str:
    entry = _DESCRIPTIONS.get(description_en, {})
    return str(entry.get(lang, description_en))


def country(code: str, lang: str) -> str:
    return catalog.COUNTRY_NAMES[code][lang]


def address_lines(p: Party, lang: str) -> list[str]:
    # UK and US write the postcode after the town; everyone else before it.
    town = f"{p.city} {p.postcode}" if p.country in ("GB", "US") else f"{p.postcode} {p.city}"
    return [p.street, town, country(p.country, lang)]


def place_printed(pl: Place, variant: int) -> str:
    return f"{pl.name} ({pl.locode})" if variant % 2 == 0 else f"{pl.locode} {pl.name}"


_TEXTS = (
    "page_of",
    "continued",
    "carried_forward",
    "brought_forward",
    "of_date",
    "letter_intro",
    "form_copy",
)


class _Builder:
    def __init__(self, s: Shipment, kind: str, issuer_country: str | None = None) -> None:
        self.s = s
        self.kind = kind
        self.lang = s.languages.get(kind, "en")
        self.variant = s.layouts.get(kind, 0)
        self.legacy = self.variant < N_LEGACY
        self.pick = s.wording.get(kind, self.variant)
        self.look = look_for(self.variant, self.pick)
        if self.legacy:
            self.st: Style = style_for(self.lang, self.variant, issuer_country)
            self.ids = self.variant  # AWB, container and place print style
            self.dotted_hs = self.variant == 1
        else:
            self.st = style_pick(self.lang, self.pick, issuer_country)
            self.ids = self.look["id_style"]
            self.dotted_hs = self.look["hs_dotted"]
        # Bilingual forms: English beside the document's language, French beside English.
        self.alt_lang = ("fr" if self.pick % 2 else "de") if self.lang == "en" else "en"

    def lab(self, key: str) -> str:
        if self.legacy:
            return label(self.lang, key, self.variant)
        return label_pick(self.lang, key, self.pick)

    def cell(
        self, key: str, text: str | list[str], gt: dict[str, Any] | None = None, wide: bool = False
    ) -> Cell:
        lines = [text] if isinstance(text, str) else text
        alt = ""
        if self.look.get("bilingual"):
            alt = label_pick(self.alt_lang, key, self.pick)
            alt = "" if alt == self.lab(key) else alt
        return Cell(key, self.lab(key), lines, dict(gt or {}), wide, alt)

    def party(self, key: str, role: str, p: Party, ids: bool = True) -> Cell:
        lines = [p.name, *address_lines(p, self.lang)]
        gt: dict[str, GtValue] = {
            f"{role}_name": p.name,
            f"{role}_address": ", ".join(address_lines(p, self.lang)),
        }
        if ids and p.vat_id:
            lines.append(f"{self.lab('vat_id')}: {p.vat_id}")
            gt[f"{role}_vat_id"] = p.vat_id
        if ids and p.eori:
            lines.append(f"{self.lab('eori')}: {p.eori}")
            gt[f"{role}_eori"] = p.eori
        return self.cell(key, lines, gt)

    def money(self, v: Decimal) -> str:
        n = self.st.number(v, 2)
        before = self.lang == "en" if self.legacy else self.look["currency_pos"] == "before"
        return f"{self.s.currency} {n}" if before else f"{n} {self.s.currency}"

    def kg(self, v: Decimal) -> str:
        return self.st.number(v, 1)

    def qty(self, v: Decimal) -> str:
        return self.st.number(v, 0)

    def date(self, field_name: str, key: str, d: Any) -> Cell:
        return self.cell(key, self.st.date(d), {field_name: d.isoformat()})

    def transport_ref(self) -> str:
        t = self.s.transport
        return awb_printed(t.number, self.ids) if t.document_type == "AWB" else t.number

    def hs_list(self, codes: tuple[str, ...]) -> Cell:
        return self.cell(
            "hs_codes",
            ", ".join(hs_printed(c, self.dotted_hs) for c in codes),
            {"hs_codes": list(codes)},
        )

    def goods_description(self) -> str:
        """Transport documents and certificates name the goods once each, not per article."""
        return "; ".join(dict.fromkeys(describe(i.description, self.lang) for i in self.s.items))

    def containers(self) -> Cell:
        t = self.s.transport
        # Three or more do not fit a form cell: give them a full-width line.
        return self.cell(
            "container_numbers",
            ", ".join(container_printed(c, self.ids) for c in t.containers),
            {"container_numbers": list(t.containers)},
            wide=len(t.containers) > 2,
        )

    def weights(self) -> list[Cell]:
        s = self.s
        return [
            self.cell(
                "packages_count", str(s.packages_count), {"packages_count": str(s.packages_count)}
            ),
            self.cell(
                "gross_weight_kg",
                self.kg(s.gross_weight_kg),
                {"gross_weight_kg": plain_decimal(s.gross_weight_kg, 1)},
            ),
            self.cell(
                "net_weight_kg",
                self.kg(s.net_weight_kg),
                {"net_weight_kg": plain_decimal(s.net_weight_kg, 1)},
            ),
        ]

    def view(
        self,
        doc_type: str,
        title_key: str,
        header: list[Cell],
        parties: list[Cell],
        details: list[Cell],
        table: Table | None,
        totals: list[Cell],
        fixed: dict[str, GtValue],
    ) -> DocView:
        return DocView(
            doc_type,
            doc_type if doc_type != "permit" else "permit",
            self.lang,
            self.variant,
            self.lab(title_key),
            header,
            parties,
            details,
            table,
            totals,
            self.lab("page"),
            fixed,
            self.st,
            self.look,
            {k: self.lab(k) for k in _TEXTS},
        )

    def item_table(self, packing: bool) -> Table:
        """The line items. The newer layouts draw the columns and their order per document
        (the original two print the first order); each row's truth holds exactly the
        columns printed."""
        options = PACKING_COLUMNS if packing else INVOICE_COLUMNS
        if self.legacy:
            cols = list(options[0])
            widths = list(LEGACY_WIDTHS["packing" if packing else "invoice"])
        else:
            cols = list(options[self.look["packing_columns" if packing else "invoice_columns"]])
            widths = [COLUMN_WIDTHS[c] for c in cols]
        if "article" in cols and not any(i.article for i in self.s.items):
            del widths[cols.index("article")]
            cols.remove("article")
        rows, gts, carry = [], [], []
        for n, i in enumerate(self.s.items, 1):
            desc = describe(i.description, self.lang)
            if i.article and "article" not in cols:
                desc = f"{desc} ({i.article})"
            values: dict[str, tuple[str, dict[str, str]]] = {
                "pos": (str(n), {}),
                "article": (i.article, {}),
                "description": (desc, {"description": desc}),
                "hs": (hs_printed(i.hs_code, self.dotted_hs), {"hs_code": i.hs_code}),
                "qty": (self.qty(i.quantity), {"quantity": plain_decimal(i.quantity, 0)}),
                "unit": (self.unit(i.unit_code), {"unit_code": i.unit_code}),
                "unit_price": (
                    self.st.number(i.unit_price, 2),
                    {"unit_price": plain_decimal(i.unit_price, 2)},
                ),
                "amount": (
                    self.st.number(i.line_total, 2),
                    {"line_total": plain_decimal(i.line_total, 2)},
                ),
                "origin": (i.origin_country, {"origin_country": i.origin_country}),
                "packages": (f"{i.packages} {i.package_kind}", {}),
                "net": (
                    self.kg(i.net_weight_kg),
                    {"net_weight_kg": plain_decimal(i.net_weight_kg, 1)},
                ),
                "gross": (
                    self.kg(i.gross_weight_kg),
                    {"gross_weight_kg": plain_decimal(i.gross_weight_kg, 1)},
                ),
            }
            rows.append([values[c][0] for c in cols])
            gt: dict[str, str] = {}
            for c in cols:
                gt |= values[c][1]
            gts.append(gt)
            carry.append(i.line_total)
        return Table(
            [self.lab(f"col_{c}") for c in cols],
            rows,
            [c in NUMERIC_COLUMNS for c in cols],
            widths,
            gts,
            [] if packing or "amount" not in cols else carry,
        )

    def unit(self, code: str) -> str:
        key = f"unit_{code}"
        if self.look.get("unit_style") == "name" and has_label(self.lang, key):
            return self.lab(key)
        return code


def invoice_view(s: Shipment) -> DocView:
    b = _Builder(s, "invoice", s.seller.country)
    t = s.transport
    header = [
        b.cell("invoice_number", s.invoice_number, {"invoice_number": s.invoice_number}),
        b.date("issue_date", "invoice_date", s.invoice_date),
        b.date("due_date", "due_date", s.due_date),
        b.cell(
            "buyer_order_reference",
            s.buyer_order_reference,
            {"buyer_order_reference": s.buyer_order_reference},
        ),
        b.cell("currency", s.currency, {"currency": s.currency}),
    ]
    parties = [b.party("seller", "seller", s.seller), b.party("buyer", "buyer", s.buyer)]
    gt_c = {"seller_country": s.seller.country, "buyer_country": s.buyer.country}
    parties[0].gt["seller_country"] = gt_c["seller_country"]
    parties[1].gt["buyer_country"] = gt_c["buyer_country"]
    details = [
        b.cell(
            "incoterms",
            f"{s.incoterms} {s.incoterms_place.name}",
            {"incoterms": s.incoterms, "incoterms_place": s.incoterms_place.locode},
        ),
        b.cell(
            f"ref_{t.document_type}", b.transport_ref(), {"transport_document_refs": [t.number]}
        ),
    ]
    if s.country_of_origin:
        details.append(
            b.cell(
                "country_of_origin",
                country(s.country_of_origin, b.lang),
                {"country_of_origin": s.country_of_origin},
            )
        )
    if s.permits:
        nums = [p.number for p in s.permits]
        details.append(b.cell("permit_refs", ", ".join(nums), {"permit_refs": nums}))
    details += b.weights()
    if s.iban:
        details.append(b.cell("iban", _iban_printed(s.iban), {"iban": s.iban}))
    totals = [
        b.cell("net_amount", b.money(s.net_amount), {"net_amount": plain_decimal(s.net_amount, 2)}),
        b.cell("tax_amount", b.money(s.tax_amount), {"tax_amount": plain_decimal(s.tax_amount, 2)}),
        b.cell(
            "total_amount",
            b.money(s.total_amount),
            {"total_amount": plain_decimal(s.total_amount, 2)},
        ),
        b.cell(
            "amount_due", b.money(s.total_amount), {"amount_due": plain_decimal(s.total_amount, 2)}
        ),
    ]
    return b.view(
        "invoice",
        "title_invoice",
        header,
        parties,
        details,
        b.item_table(False),
        totals,
        {"invoice_type": "commercial"},
    )


def _iban_printed(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def packing_list_view(s: Shipment) -> DocView:
    b = _Builder(s, "packing_list", s.seller.country)
    header = [
        b.cell(
            "packing_list_number",
            s.packing_list_number,
            {"packing_list_number": s.packing_list_number},
        ),
        b.date("issue_date", "issue_date", s.invoice_date),
        b.cell("invoice_refs", s.invoice_number, {"invoice_refs": [s.invoice_number]}),
    ]
    seller = b.party("shipper", "seller", s.seller, ids=False)
    buyer = b.party("consignee", "buyer", s.buyer, ids=False)
    # The packing-list vocabulary has names only; addresses are printed but not fields.
    seller.gt = {"seller_name": s.seller.name}
    buyer.gt = {"buyer_name": s.buyer.name}
    details = [b.containers()] if s.transport.containers else []
    return b.view(
        "packing_list",
        "title_packing_list",
        header,
        [seller, buyer],
        details,
        b.item_table(True),
        b.weights(),
        {},
    )


def waybill_view(s: Shipment) -> DocView:
    b = _Builder(s, "waybill")
    t = s.transport
    header = [
        b.cell(
            f"transport_document_number_{t.document_type}",
            b.transport_ref(),
            {"transport_document_number": t.number},
        ),
        b.date("issue_date", "issue_date", t.issue_date),
        b.cell("carrier_name", t.carrier_name, {"carrier_name": t.carrier_name}),
    ]
    parties = [
        b.party("shipper", "shipper", s.seller, ids=False),
        b.party("consignee", "consignee", s.buyer, ids=False),
    ]
    if t.notify_party:
        parties.append(
            b.cell(
                "notify_party",
                [t.notify_party.name, *address_lines(t.notify_party, b.lang)],
                {"notify_party_name": t.notify_party.name},
            )
        )

    def place(key: str, fieldname: str, pl: Place | None) -> list[Cell]:
        return [] if pl is None else [b.cell(key, place_printed(pl, b.ids), {fieldname: pl.locode})]

    details: list[Cell] = []
    if t.document_type == "AWB":
        details += place("airport_of_departure", "port_of_loading", t.port_of_loading)
        details += place("airport_of_destination", "port_of_discharge", t.port_of_discharge)
        details.append(
            b.cell("flight_number", t.flight_number or "", {"flight_number": t.flight_number})
        )
    else:
        details += place("place_of_receipt", "place_of_receipt", t.place_of_receipt)
        details += place("port_of_loading", "port_of_loading", t.port_of_loading)
        details += place("port_of_discharge", "port_of_discharge", t.port_of_discharge)
        details += place("place_of_delivery", "place_of_delivery", t.place_of_delivery)
    if t.vessel_name:
        details.append(b.cell("vessel_name", t.vessel_name, {"vessel_name": t.vessel_name}))
        details.append(
            b.cell("voyage_number", t.voyage_number or "", {"voyage_number": t.voyage_number})
        )
    if t.vehicle_plate:
        details.append(b.cell("vehicle_plate", t.vehicle_plate))  # not a canonical field
    if t.containers:
        details.append(b.containers())
    details += b.weights()[:2]
    details += [
        b.cell("freight_terms", b.lab(t.freight_terms), {"freight_terms": t.freight_terms}),
        b.cell("invoice_refs", s.invoice_number, {"invoice_refs": [s.invoice_number]}),
        b.hs_list(s.hs_codes),
    ]
    desc = b.goods_description()
    details.append(b.cell("goods_description", desc, {"goods_description": desc}, wide=True))
    return b.view(
        "waybill",
        f"title_{t.document_type}",
        header,
        parties,
        details,
        None,
        [],
        {"transport_document_type": t.document_type},
    )


def permit_view(s: Shipment, p: Permit) -> DocView:
    b = _Builder(s, "permit", p.issuing_country)
    header = [
        b.cell(
            "permit_number" if p.permit_type == "import_licence" else "certificate_number",
            p.number,
            {"permit_number": p.number},
        ),
        b.date("issue_date", "issue_date", p.issue_date),
    ]
    if p.expiry_date:
        header.append(b.date("expiry_date", "expiry_date", p.expiry_date))
    holder = b.party("holder", "holder", p.holder, ids=False)
    holder.gt = {
        "holder_name": p.holder.name,
        "holder_address": ", ".join(address_lines(p.holder, b.lang)),
    }
    exporter = b.cell(
        "exporter",
        [s.seller.name, *address_lines(s.seller, b.lang)],
        {"exporter_name": s.seller.name},
    )
    importer = b.cell(
        "importer", [s.buyer.name, *address_lines(s.buyer, b.lang)], {"importer_name": s.buyer.name}
    )
    parties = [exporter, importer] if p.holder == s.seller else [holder, exporter, importer]
    if p.holder == s.seller:
        # The exporter applied for the certificate: the exporter box is the holder.
        exporter.gt |= holder.gt
    t = s.transport
    desc = b.goods_description()
    details = [
        b.cell(
            "issuing_authority",
            p.issuing_authority,
            {"issuing_authority": p.issuing_authority},
            wide=True,
        ),
        b.cell(
            "issuing_country",
            country(p.issuing_country, b.lang),
            {"issuing_country": p.issuing_country},
        ),
        b.cell(
            "country_of_origin",
            country(p.country_of_origin, b.lang),
            {"country_of_origin": p.country_of_origin},
        ),
        b.cell(
            "country_of_destination",
            country(p.country_of_destination, b.lang),
            {"country_of_destination": p.country_of_destination},
        ),
        b.cell("invoice_refs", s.invoice_number, {"invoice_refs": [s.invoice_number]}),
    ]
    if p.permit_type != "import_licence":
        # Licences are issued before the goods are booked; certificates name the transport.
        details.append(
            b.cell(
                "transport_document_refs",
                b.transport_ref(),
                {"transport_document_refs": [t.number]},
            )
        )
    details.append(b.hs_list(p.hs_codes))
    if p.quantity_limit is not None and p.quantity_unit:
        details.append(
            b.cell(
                "quantity_limit",
                f"{b.qty(p.quantity_limit)} {p.quantity_unit}",
                {
                    "quantity_limit": plain_decimal(p.quantity_limit, 0),
                    "quantity_unit": p.quantity_unit,
                },
            )
        )
    details.append(b.cell("goods_description", desc, {"goods_description": desc}, wide=True))
    return b.view(
        "permit",
        f"title_{p.permit_type}",
        header,
        parties,
        details,
        None,
        [],
        {"permit_type": p.permit_type},
    )
